"""Pages of the quality manager's steering: action plans, audits, surveys (read-only views)."""

from __future__ import annotations

import datetime as dt

from macros.codes import COPIL_ACTION_INCONNUE
from macros.dates import format_date
from macros.french import percent
from macros.site.html import anchor, escape, front_matter, markdown_escape, severity_badge, table
from macros.site.indicator_views import indicator_src_uri
from macros.site.site_data import SiteData
from macros.site.urls import ACTIONS, AUDITS, SURVEYS, page_href
from macros.steering import ACTION_STATUSES, AUDIT_COUNTS, ORIGIN_LABELS, Action, Steering

LATE_ROW = ' class="qd-late"'
GAP_ROW = ' class="qd-gap"'


def _gap_badges(data: SiteData, document, field_name: str) -> str:
    """The findings about one non-conformity or theme, as badges of their own severity."""
    return " ".join(
        f"{severity_badge(f.severity)} aucune action (<code>{escape(f.code)}</code>)"
        for f in data.findings_about(document, field_name)
    )


def actions_table(data: SiteData, steering: Steering, actions: list[Action], src_uri: str, today: dt.date) -> str:
    if not actions:
        return "<p>Aucune action.</p>"
    rows = []
    for action in sorted(actions, key=lambda a: (not a.is_overdue(today), a.echeance or dt.date.max)):
        late = action.is_overdue(today)
        status = ACTION_STATUSES.get(action.statut, action.statut)
        status_cell = f'<span class="qd-badge qd-error">en retard</span> {escape(status)}' if late else escape(status)
        source = f'<span class="qd-ref">{escape(action.source)}</span>' + (
            f" — {escape(action.objet)}" if action.objet else ""
        )
        origin = ORIGIN_LABELS.get(action.origine, action.origine)
        rows.append(
            f"<tr{LATE_ROW if late else ''}><td>{escape(action.id)}</td><td>{escape(action.libelle)}</td>"
            f'<td>{escape(action.pilote)}</td><td data-sort="{action.echeance or ""}">{format_date(action.echeance)}'
            f"</td><td>{status_cell}</td><td>{escape(origin)}</td><td>{source}</td>"
            f"<td>{data.document_link(src_uri, action.document)}</td></tr>"
        )
    columns = ("Action", "Intitulé", "Pilote", "Échéance", "Statut", "Origine", "Source", "Plan")
    return table(
        columns, rows, css_class="qd-actions", caption="Actions (cliquez un en-tête pour trier)", sortable=True
    )


def actions_page(data: SiteData, steering: Steering, today: dt.date) -> str:
    src_uri = ACTIONS
    overdue = [a for a in steering.actions if a.is_overdue(today)]
    open_actions = [a for a in steering.actions if a.is_open]
    return "\n".join(
        [
            *front_matter(hide=("toc",)),
            "# Plans d'action",
            "",
            f'<p class="qd-summary">{len(steering.actions)} actions, dont {len(open_actions)} ouvertes et '
            f"<strong>{len(overdue)} en retard</strong> au {format_date(today)}.</p>",
            "",
            "## Actions en retard {#en-retard}",
            "",
            actions_table(data, steering, overdue, src_uri, today),
            "",
            "## Toutes les actions {#toutes}",
            "",
            actions_table(data, steering, list(steering.actions), src_uri, today),
            "",
        ]
    )


def audits_page(data: SiteData, steering: Steering) -> str:
    src_uri = AUDITS
    audits = sorted(steering.audits, key=lambda a: a.date or dt.date.min)
    rows = []
    previous = None
    for audit in audits:
        cells = []
        for key in AUDIT_COUNTS:
            value = audit.counts.get(key)
            trend = ""
            if previous is not None and value is not None and previous.counts.get(key) is not None:
                delta = value - previous.counts[key]
                trend = f' <small aria-label="évolution">({delta:+d})</small>' if delta else ""
            cells.append(f"<td>{'' if value is None else value}{trend}</td>")
        rows.append(
            f"<tr><td>{data.document_link(src_uri, audit.document)}</td><td>{format_date(audit.date)}</td>"
            f"<td>{escape(audit.auditeur)}</td>{''.join(cells)}</tr>"
        )
        previous = audit
    nc_rows = []
    for audit in audits:
        for nc in audit.non_conformities:
            actions = steering.actions_for(audit.document.reference or "", nc.id)
            handled = (
                ", ".join(escape(a.id) for a in actions)
                or escape(nc.traitement)
                or _gap_badges(data, audit.document, nc.id)
            )
            nc_rows.append(
                f"<tr><td>{escape(nc.id)}</td><td>{escape(nc.gravite)}</td><td>{escape(nc.libelle)}</td>"
                f"<td>{data.document_link(src_uri, audit.document)}</td><td>{handled}</td></tr>"
            )
    return "\n".join(
        [
            "# Audits",
            "",
            "Constats de chaque audit, dans l'ordre chronologique ; entre parenthèses, l'évolution depuis "
            "l'audit précédent.",
            "",
            table(
                ("Rapport", "Date", "Auditeur", *AUDIT_COUNTS.values()),
                rows,
                css_class="qd-audits",
                caption="Constats des audits",
            ),
            "",
            "## Non-conformités et actions correctives {#non-conformites}",
            "",
            table(
                ("Non-conformité", "Gravité", "Constat", "Audit", "Action corrective"),
                nc_rows,
                css_class="qd-ncs",
                caption="Non-conformités et actions correctives",
            )
            if nc_rows
            else "<p>Aucune non-conformité.</p>",
            "",
        ]
    )


def surveys_page(data: SiteData, steering: Steering) -> str:
    src_uri = SURVEYS
    out = ["# Enquêtes de satisfaction", ""]
    for survey in sorted(steering.surveys, key=lambda s: s.date or dt.date.min, reverse=True):
        if not survey.themes:
            continue
        reference = survey.document.reference or ""
        rows = []
        for theme in survey.themes:
            under = theme.taux < survey.seuil
            actions = steering.actions_for(reference, theme.theme) if under else []
            follow = ", ".join(escape(a.id) for a in actions) or _gap_badges(data, survey.document, theme.theme)
            rows.append(
                f"<tr{GAP_ROW if under else ''}><td>{escape(theme.theme)}</td>"
                f"<td>{percent(theme.taux)}</td><td>{'sous le seuil' if under else ''}</td><td>{follow}</td></tr>"
            )
        title = markdown_escape(survey.document.title or reference)
        out += [
            f"## {title} {{#{anchor(reference or 'enquete')}}}",
            "",
            f"<p>{data.document_link(src_uri, survey.document)} — seuil : {percent(survey.seuil)}</p>",
            table(
                ("Thème", "Satisfaction", "Sous le seuil", "Action d'amélioration"),
                rows,
                css_class="qd-survey",
                caption=survey.document.title or reference,
            ),
            "",
        ]
    return "\n".join(out)


def copil_block(data: SiteData, steering: Steering, document, today: dt.date) -> str:
    """On a COPIL minutes page: the actions and indicators it discussed, and its decisions."""
    meeting = next((m for m in steering.copils if m.document is document), None)
    if meeting is None or not (meeting.actions or meeting.indicateurs or meeting.decisions):
        return ""
    src_uri = data.pages.src_uri(document)
    by_id = {a.id: a for a in steering.actions}
    parts = ['<section class="qd-copil" aria-labelledby="copil-suivi"><h2 id="copil-suivi">Suivi du COPIL</h2>']
    if meeting.decisions:
        parts.append("<h3>Décisions</h3><ul>" + "".join(f"<li>{escape(d)}</li>" for d in meeting.decisions) + "</ul>")
    if meeting.actions:
        known = [by_id[i] for i in meeting.actions if i in by_id]
        parts.append("<h3>Actions examinées</h3>" + actions_table(data, steering, known, src_uri, today))
        unknown = [f for f in data.findings_of(document) if f.code == COPIL_ACTION_INCONNUE]
        if unknown:
            names = ", ".join(escape(f.field) for f in unknown)
            parts.append(
                f'<p class="qd-invalid">{severity_badge(unknown[0].severity)} Actions introuvables dans les plans : '
                f"{names} (<code>{COPIL_ACTION_INCONNUE}</code>)</p>"
            )
    if meeting.indicateurs:
        indicators = data.run.indicators
        items = []
        for code in meeting.indicateurs:
            indicator = indicators.by_reference(code)
            if indicator is None:  # an indicator without monthly values in the base: named, not linked
                items.append(f"<li>{escape(code)}</li>")
                continue
            href = page_href(src_uri, indicator_src_uri(indicator))
            items.append(f'<li><a href="{escape(href)}">{escape(code)}</a> {escape(indicator.libelle)}</li>')
        parts.append("<h3>Indicateurs examinés</h3><ul>" + "".join(items) + "</ul>")
    parts.append("</section>")
    return "".join(parts)
