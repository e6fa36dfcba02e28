"""The document control report page: the same findings as `python -m macros check`."""

from __future__ import annotations

from collections import Counter

from macros.model import Severity
from macros.report import severity_counts
from macros.rule_codes import RULES_BY_CODE
from macros.site.html import escape, message_html, severity_badge, table
from macros.site.site_data import SiteData
from macros.site.urls import page_href


def control_html(data: SiteData, page_src_uri: str) -> str:
    findings = data.findings
    counts = severity_counts(findings)
    flagged = len({f.path for f in findings})
    summary = (
        f'<p class="qd-summary">Contrôle du {data.run.today.strftime("%d/%m/%Y")} : '
        f"<strong>{len(data.documents)}</strong> documents, <strong>{flagged}</strong> avec constats — "
        f'<span class="qd-badge qd-error">{counts[Severity.ERROR]} erreur(s)</span> '
        f'<span class="qd-badge qd-warning">{counts[Severity.WARNING]} avertissement(s)</span> '
        f'<span class="qd-badge qd-info">{counts[Severity.INFO]} information(s)</span></p>'
    )
    code_rows = rows_per_code(findings)
    per_code = (
        '<h2 id="par-code">Constats par code</h2>'
        + table(("Code", "Gravité", "Nombre", "Quand"), [code_rows], css_class="qd-codes", caption="Constats par code")
        if findings
        else '<p class="qd-ok">Aucun constat : tous les documents sont conformes.</p>'
    )
    by_path = {d.path: d for d in data.documents}
    finding_rows = []
    for f in findings:
        document = by_path.get(f.path)
        label = escape(f.reference or data.shown_path(f.path))
        if document is not None:  # else a file joined to the base, not a document
            label = f'<a href="{escape(page_href(page_src_uri, data.pages.src_uri(document)))}">{label}</a>'
        finding_rows.append(
            f'<tr class="qd-{f.severity.value}"><td>{label}<br><small><code>'
            f"{escape(data.shown_path(f.path))}</code></small></td><td>{severity_badge(f.severity)}</td>"
            f'<td><code class="qd-code">{escape(f.code)}</code></td><td>{message_html(f.message)}</td>'
            f"<td>{f.line or ''}</td></tr>"
        )
    details = (
        '<h2 id="constats">Tous les constats</h2>'
        + table(
            ("Document", "Gravité", "Code", "Message", "Ligne"),
            finding_rows,
            css_class="qd-control",
            caption="Tous les constats",
            sortable=True,
        )
        if findings
        else ""
    )
    return summary + per_code + details


def rows_per_code(findings) -> str:
    """Table rows: each code found, its severity, how many, and when it applies; worst first."""
    by_code = Counter((f.code, f.severity) for f in findings)
    return "".join(
        f"<tr><td><code>{escape(code)}</code></td><td>{severity_badge(severity)}</td><td>{n}</td>"
        f"<td>{escape(RULES_BY_CODE[code].when)}</td></tr>"
        for (code, severity), n in sorted(by_code.items(), key=lambda item: (item[0][1].rank, item[0][0]))
    )
