"""Views of a control run for people and machines: terminal text, JSON, JUnit XML. They only read."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from macros.french import number, plural, severity_counts_text
from macros.model import Base, Finding, Severity

_SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def severity_counts(findings: list[Finding]) -> dict[Severity, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in _SEVERITY_ORDER}


def summary_line(base: Base, findings: list[Finding]) -> str:
    counts = severity_counts(findings)
    flagged = len({f.path for f in findings})
    checked = plural(len(base.documents), "document contrôlé", "documents contrôlés")
    return f"{checked}, {number(flagged)} avec constats : " + severity_counts_text(
        counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    )


def as_text(base: Base, findings: list[Finding]) -> str:
    """Grouped by file, one line per finding, then the summary line."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    lines = []
    for path, items in by_path.items():
        reference = items[0].reference
        lines.append(f"{path}" + (f"  [{reference}]" if reference else ""))
        for f in items:
            where = f"ligne {f.line}" if f.line else "—"
            lines.append(f"  {where:>10}  {f.severity.libelle:<13} {f.code:<19} {f.message}")
        lines.append("")
    lines.append(summary_line(base, findings))
    return "\n".join(lines) + "\n"


def as_json(base: Base, findings: list[Finding]) -> str:
    data = {
        "documents": [
            {"path": d.path, "reference": d.reference, "title": d.title, "type": d.type} for d in base.documents
        ],
        "findings": [
            {
                "path": f.path,
                "reference": f.reference,
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                "line": f.line,
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_junit(base: Base, findings: list[Finding]) -> str:
    """One test case per document (and per flagged joined file), failed when it holds an error."""
    from xml.sax.saxutils import escape, quoteattr  # it brings urllib and http: only the JUnit report needs it

    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    cases = [(d.path, d.reference) for d in base.documents]
    cases += [(path, None) for path in by_path if path not in {d.path for d in base.documents}]
    failed = sum(1 for path, _ in cases if any(f.severity is Severity.ERROR for f in by_path[path]))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="base-documentaire" tests="{len(cases)}" failures="{failed}">',
        f'<testsuite name="controle-documentaire" tests="{len(cases)}" failures="{failed}">',
    ]
    for path, reference in cases:
        items = by_path[path]
        name = path + (f" [{reference}]" if reference else "")
        out.append(f'<testcase classname="procedures" name={quoteattr(name)}>')
        errors = [f for f in items if f.severity is Severity.ERROR]
        if errors:
            message = "; ".join(f.code for f in errors)
            out.append(f"<failure message={quoteattr(message)}>{escape(_finding_lines(errors))}</failure>")
        others = [f for f in items if f.severity is not Severity.ERROR]
        if others:
            out.append(f"<system-out>{escape(_finding_lines(others))}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _finding_lines(findings: list[Finding]) -> str:
    return "\n".join(f"{f.path}:{f.line or ''} {f.code} ({f.severity.libelle}) {f.message}" for f in findings)
