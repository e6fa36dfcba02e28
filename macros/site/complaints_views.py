"""The complaints page and the complaints section of the yearly review: counts, delays, late replies.

Values come from the register with personal data already masked (see macros.complaints); the
register files themselves are not published, the page names them instead.
"""

from __future__ import annotations

import datetime as dt

from macros.complaints import Complaint, Complaints, Synthesis, per_copil, synthesis, yearly
from macros.dates import format_date
from macros.french import percent
from macros.site.html import escape, front_matter, table
from macros.site.site_data import SiteData
from macros.site.steering_views import LATE_ROW
from macros.site.urls import COMPLAINTS, page_href

SRC_URI = COMPLAINTS
LATE = '<span class="qd-badge qd-error">hors délai</span>'


def _percent(part: int, whole: int) -> str:
    return percent(100 * part / whole, 0) if whole else "—"


def synthesis_table(rows: list[Synthesis], first_column: str) -> str:
    if not rows:
        return "<p>Aucune réclamation enregistrée.</p>"
    columns = (
        first_column,
        "Reçues",
        "Répondues",
        "Dans le délai",
        "Taux dans le délai",
        "Hors délai",
        "En attente",
        "Délai moyen (jours ouvrés)",
        "Canaux",
    )
    body = []
    for row in rows:
        channels = ", ".join(f"{escape(name)} : {count}" for name, count in row.by_channel.items())
        average = f"{row.average_delay:.1f}".replace(".", ",") if row.average_delay is not None else "—"
        body.append(
            f'<tr><th scope="row">{escape(row.label)}</th><td>{row.total}</td><td>{row.answered}</td>'
            f"<td>{row.on_time}</td><td>{_percent(row.on_time, row.answered)}</td><td>{row.late}</td>"
            f"<td>{row.pending}</td><td>{average}</td><td>{channels}</td></tr>"
        )
    return table(
        columns,
        body,
        css_class="qd-complaints-synthesis",
        caption=f"Synthèse des réclamations par {first_column.lower()}",
    )


def complaints_table(items: list[Complaint], today: dt.date) -> str:
    if not items:
        return "<p>Aucune réclamation.</p>"
    columns = ("N°", "Reçue le", "Réponse le", "Délai", "Canal", "Site", "Objet", "Nature", "Nominative")
    rows = []
    # Late replies first (the README promises it), then the newest.
    ordered = sorted(items, key=lambda c: (c.recue_le, c.numero), reverse=True)
    for c in sorted(ordered, key=lambda c: not c.is_late(today)):
        late = c.is_late(today)
        nominative = {True: "oui", False: "non", None: ""}[c.nominative]
        if c.delai is not None:
            delay = f"{c.delai} j ouvrés"
        elif c.expects_reply:
            delay = f"en attente (échéance {format_date(c.echeance)})"
        else:
            delay = "sans réponse attendue"
        rows.append(
            f"<tr{LATE_ROW if late else ''}><td>{escape(c.numero)}</td>"
            f'<td data-sort="{c.recue_le.isoformat()}">{format_date(c.recue_le)}</td>'
            f"<td>{format_date(c.repondue_le)}</td><td>{delay}{' ' + LATE if late else ''}</td>"
            f"<td>{escape(c.canal)}</td><td>{escape(c.site)}</td><td>{escape(c.objet)}</td>"
            f"<td>{escape(c.nature)}</td><td>{nominative}</td></tr>"
        )
    return table(columns, rows, css_class="qd-complaints", caption="Registre des réclamations", sortable=True)


def complaints_page(data: SiteData, complaints: Complaints) -> str:
    today = data.run.today
    copil_dates = [c.date for c in data.run.steering.copils if c.date]
    sources = "".join(
        f'<li><a href="{escape(page_href(SRC_URI, data.pages.src_uri(r.document)))}">'
        f"{escape(r.document.reference or data.shown_path(r.document.path))}</a> — fichier "
        f"<code>{escape(data.shown_path(r.csv_path))}</code></li>"
        for r in complaints.registers
    )
    late = [c for c in complaints.items if c.is_late(today)]
    return "\n".join(
        [
            *front_matter(hide=("toc",)),
            "# Réclamations et suggestions",
            "",
            f'<p class="qd-summary">Engagement : réponse sous {complaints.delai} jours ouvrés (hors week-ends et jours '
            f"fériés du site) à toute réclamation nominative ; {len(complaints.items)} entrées enregistrées, "
            f"<strong>{len(late)} hors délai</strong> au {format_date(today)}.</p>",
            "",
            "## Par année {#par-annee}",
            "",
            synthesis_table(yearly(complaints, today), "Année"),
            "",
            "## Par comité de pilotage {#par-copil}",
            "",
            synthesis_table(per_copil(complaints, copil_dates, today), "Période"),
            "",
            "## Registre {#registre}",
            "",
            "<p>Les noms, adresses et numéros de téléphone éventuels sont masqués. Les fichiers du registre ne "
            "sont pas publiés : ils restent dans la base documentaire.</p>",
            f"<ul>{sources}</ul>" if sources else "",
            "",
            complaints_table(list(complaints.items), today),
            "",
        ]
    )


def bilan_complaints_html(complaints: Complaints, year: int, today: dt.date) -> str:
    """The yearly review's complaints section: the year's synthesis and its late replies."""
    end = min(dt.date(year, 12, 31), today)
    items = [c for c in complaints.items if c.recue_le.year == year]
    if not items:
        return "<p>Aucune réclamation enregistrée cette année.</p>"
    late = [c for c in items if c.is_late(end)]
    return "\n".join(
        [
            synthesis_table([synthesis(str(year), items, end)], "Année"),
            f"<p>Réclamations hors délai ({len(late)}) :</p>" if late else "<p>Aucune réponse hors délai.</p>",
            complaints_table(late, end) if late else "",
        ]
    )


def complaint_years(complaints: Complaints) -> set[int]:
    return {c.recue_le.year for c in complaints.items}
