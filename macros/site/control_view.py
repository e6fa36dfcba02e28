"""The document control report page: the same findings as `python -m macros check`."""

from __future__ import annotations

from collections import Counter

from macros.dates import format_date
from macros.french import number, plural
from macros.model import Severity
from macros.report import severity_counts
from macros.rule_codes import RULES_BY_CODE
from macros.site.html import escape, message_html, severity_badge, table
from macros.site.site_data import SiteData
from macros.site.urls import page_href

SEVERITY_WORDS = {
    Severity.ERROR: ("erreur", "erreurs"),
    Severity.WARNING: ("avertissement", "avertissements"),
    Severity.INFO: ("information", "informations"),
}


def control_html(data: SiteData, page_src_uri: str) -> str:
    """Counts that lead to their rows, the codes with how to fix them, then every finding, worst first."""
    findings = sorted(data.findings, key=lambda f: (f.severity.rank, f.reference or f.path, f.path, f.line or 0))
    counts = severity_counts(findings)
    flagged = len({f.path for f in findings})
    badges = " ".join(
        f'<a class="qd-badge qd-{severity.value}" href="#constats-{severity.value}">'
        f"{plural(counts[severity], *SEVERITY_WORDS[severity])}</a>"
        if counts[severity]
        else f'<span class="qd-badge qd-{severity.value}">{plural(0, *SEVERITY_WORDS[severity])}</span>'
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    summary = (
        f'<p class="qd-summary">Contrôle du {escape(format_date(data.run.today))} : '
        f"<strong>{plural(len(data.documents), 'document')}</strong>, "
        f"<strong>{number(flagged)}</strong> avec constats — {badges}</p>"
    )
    if not findings:
        return summary + '<p class="qd-ok">Aucun constat : tous les documents sont conformes.</p>'
    per_code = '<h2 id="par-code">Constats par code</h2>' + table(
        ("Code", "Gravité", "Nombre", "Quand", "Comment corriger"),
        [rows_per_code(findings, link=True)],
        css_class="qd-codes",
        caption="Constats par code",
    )
    details = '<h2 id="constats">Tous les constats, les erreurs d\'abord</h2>' + table(
        ("Document", "Gravité", "Code", "Message", "Ligne"),
        _finding_rows(data, findings, page_src_uri),
        css_class="qd-control",
        caption="Tous les constats",
        sortable=True,
    )
    return summary + per_code + details


def _finding_rows(data: SiteData, findings, page_src_uri: str) -> list[str]:
    """One row per finding; the first of each severity and of each code carries the anchor the counts use."""
    by_path = {d.path: d for d in data.documents}
    anchored: set[str] = set()
    rows = []
    for f in findings:
        ids = [a for a in (f"constats-{f.severity.value}", f"code-{f.code}") if a not in anchored]
        anchored.update(ids)
        label = escape(f.reference or data.shown_path(f.path))
        document = by_path.get(f.path)
        if document is not None:  # else a file joined to the base, not a document
            label = f'<a href="{escape(page_href(page_src_uri, data.pages.src_uri(document)))}">{label}</a>'
        anchors = "".join(f'<span id="{escape(a)}" class="qd-anchor"></span>' for a in ids)
        rows.append(
            f'<tr class="qd-{f.severity.value}"><td>{anchors}{label}<br><small><code>'
            f"{escape(data.shown_path(f.path))}</code></small></td><td>{severity_badge(f.severity)}</td>"
            f'<td><code class="qd-code">{escape(f.code)}</code></td><td>{message_html(f.message)}</td>'
            f"<td>{f.line or ''}</td></tr>"
        )
    return rows


def rows_per_code(findings, *, link: bool = False) -> str:
    """Table rows: each code found, its severity, how many (a link to its first row), when it applies
    and how to fix it, worst first; codes and settings shown as code, never as Markdown source."""
    by_code = Counter((f.code, f.severity) for f in findings)
    rows = []
    for (code, severity), n in sorted(by_code.items(), key=lambda item: (item[0][1].rank, item[0][0])):
        count = f'<a href="#code-{escape(code)}">{number(n)}</a>' if link else number(n)
        rule = RULES_BY_CODE[code]
        rows.append(
            f'<tr><td><code class="qd-code">{escape(code)}</code></td><td>{severity_badge(severity)}</td>'
            f"<td>{count}</td><td>{message_html(rule.when)}</td><td>{message_html(_sentence(rule.fix))}</td></tr>"
        )
    return "".join(rows)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", ")")) else ".")
