"""The yearly review (bilan annuel) presented to the COPIL: one printable page per year.

It gathers what the other pilotage pages show, restricted to one calendar year: indicators,
surveys, complaints and their delays, audits and their findings, actions opened and closed.
"""

from __future__ import annotations

import datetime as dt

from macros.dates import format_date
from macros.french import percent, plural
from macros.site.html import escape, front_matter, table
from macros.site.site_data import SiteData
from macros.site.steering_views import GAP_ROW, actions_table
from macros.site.urls import BILAN_INDEX, bilan_src_uri, page_href
from macros.steering import AUDIT_COUNTS


def bilan_years(data: SiteData, other_years: set[int]) -> list[int]:
    """Years with at least one steering fact, up to the reference date's year."""
    steering = data.run.steering
    years = {
        d.year
        for d in (
            [a.date for a in steering.audits]
            + [s.date for s in steering.surveys]
            + [c.date for c in steering.copils]
            + [a.ouverte_le for a in steering.actions]
            + [a.realisee_le for a in steering.actions]
        )
        if d
    }
    years |= other_years
    return sorted(y for y in years if y <= data.run.today.year)


def bilan_index(data: SiteData, years: list[int]) -> str:
    src_uri = BILAN_INDEX
    items = "".join(
        f'<li><a href="{escape(page_href(src_uri, bilan_src_uri(y)))}">Bilan {y}</a></li>' for y in reversed(years)
    )
    return "\n".join(
        [
            "# Bilans annuels",
            "",
            "Le bilan annuel est réalisé par la responsable qualité en début d'année et présenté en "
            "comité de pilotage : indicateurs, enquêtes, réclamations, audits et actions de l'année.",
            "",
            f'<ul class="qd-bilans">{items}</ul>' if items else "<p>Aucune donnée.</p>",
            "",
        ]
    )


def _in(year: int, day: dt.date | None) -> bool:
    return day is not None and day.year == year


def bilan_page(data: SiteData, year: int, indicators_html: str, complaints_html: str) -> str:
    """Markdown of one year's review; the indicator and complaint sections come from their own views."""
    steering, today = data.run.steering, data.run.today
    src_uri = bilan_src_uri(year)
    end = min(dt.date(year, 12, 31), today)
    audits = [a for a in steering.audits if _in(year, a.date)]
    surveys = [s for s in steering.surveys if _in(year, s.date) and s.themes]
    opened = [a for a in steering.actions if _in(year, a.ouverte_le)]
    closed = [a for a in steering.actions if _in(year, a.realisee_le)]
    overdue = [a for a in steering.actions if a.is_overdue(end)]
    out = [
        *front_matter(hide=("navigation",)),
        f"# Bilan qualité {year}",
        "",
        f'<p class="qd-summary">Situation au {format_date(end)} : {plural(len(audits), "audit")}, '
        f"{plural(len(surveys), 'enquête')}, {plural(len(opened), 'action engagée', 'actions engagées')} et "
        f"{plural(len(closed), 'soldée')} dans l'année, {len(overdue)} en retard.</p>",
        "",
    ]
    out += ["## Indicateurs {#indicateurs}", "", indicators_html, ""]
    out += ["## Enquêtes de satisfaction {#enquetes}", ""]
    if not surveys:
        out += ["<p>Aucune enquête cette année.</p>", ""]
    for survey in surveys:
        rows = [
            f"<tr{GAP_ROW if t.taux < survey.seuil else ''}><td>{escape(t.theme)}</td><td>{percent(t.taux)}</td></tr>"
            for t in survey.themes
        ]
        out += [
            f"<p>{data.document_link(src_uri, survey.document, with_title=True)} (seuil {percent(survey.seuil)})</p>"
            + table(("Thème", "Satisfaction"), rows, css_class="qd-survey", caption=survey.document.title or ""),
            "",
        ]
    out += ["## Réclamations et suggestions {#reclamations}", "", complaints_html, ""]
    out += ["## Audits {#audits}", ""]
    if audits:
        rows = [
            f"<tr><td>{data.document_link(src_uri, a.document, with_title=True)}</td><td>{format_date(a.date)}</td>"
            + "".join(f"<td>{a.counts.get(k, '')}</td>" for k in AUDIT_COUNTS)
            + "</tr>"
            for a in audits
        ]
        columns = ("Rapport", "Date", *AUDIT_COUNTS.values())
        out += [table(columns, rows, css_class="qd-audits", caption=f"Audits de {year}"), ""]
    else:
        out += ["<p>Aucun audit cette année.</p>", ""]
    out += [
        "## Actions d'amélioration {#actions}",
        "",
        "### Ouvertes dans l'année",
        "",
        actions_table(data, steering, opened, src_uri, end),
        "",
        "### Soldées dans l'année",
        "",
        actions_table(data, steering, closed, src_uri, end),
        "",
        "### En retard en fin de période",
        "",
        actions_table(data, steering, overdue, src_uri, end),
        "",
    ]
    return "\n".join(out)
