"""The calendar of obligations on the site: `pilotage/calendrier.html` (overdue first, then the next
twelve months) and `pilotage/calendrier.ics` (iCalendar, RFC 5545, for Outlook and the like)."""

from __future__ import annotations

import datetime as dt
import hashlib

from macros.dates import add_months, format_date
from macros.obligations import Obligation
from macros.site.html import escape, front_matter, table
from macros.site.site_data import SiteData
from macros.site.urls import page_href

SRC_URI = "pilotage/calendrier.md"
ICS_URI = "pilotage/calendrier.ics"


def shown_obligations(obligations: list[Obligation], today: dt.date) -> list[Obligation]:
    """Overdue ones first, then those due within twelve months."""
    until = add_months(today, 12)
    late = [o for o in obligations if o.overdue(today)]
    return late + [o for o in obligations if not o.overdue(today) and o.due <= until]


def calendar_page(data: SiteData, obligations: list[Obligation]) -> str:
    today = data.run.today
    rows = []
    for o in shown_obligations(obligations, today):
        if o.overdue(today):
            state = '<span class="qd-badge qd-error">en retard</span>'
        elif o.last is None and o.kind != "label":
            state = '<span class="qd-badge qd-warning">à faire</span>'
        else:
            state = "à venir"
        last = escape(format_date(o.last)) if o.last else "—"
        if o.document is not None:
            last += f" — {data.document_link(SRC_URI, o.document)}"
        late = ' class="qd-late"' if o.overdue(today) else ""
        rows.append(
            f'<tr{late}><td data-sort="{o.due.isoformat()}">'
            f"{escape(format_date(o.due))}</td><td>{escape(o.label)}</td><td>{escape(o.site) or 'tous'}</td>"
            f"<td>{last}</td><td>{state}</td></tr>"
        )
    ics = page_href(SRC_URI, ICS_URI)
    return "\n".join(
        [
            *front_matter("Calendrier des obligations", hide=("toc",)),
            "# Calendrier des obligations",
            "",
            f'<p class="qd-lead">Au {escape(format_date(today))} : les obligations de la démarche en retard, puis '
            "celles des douze prochains mois. L'échéance suit la dernière trace trouvée dans la base (compte rendu, "
            "enquête, rapport d'audit, grille remplie, bilan) ; les périodes se règlent dans <code>echeances:</code> "
            "de qualite.yml, les dates de label dans <code>labellisation:</code>.</p>",
            "",
            f'<p><a href="{escape(ics)}" download>Ajouter ce calendrier à Outlook (fichier .ics)</a></p>',
            "",
            table(
                ("Échéance", "Obligation", "Site", "Dernière fois", "État"),
                rows,
                css_class="qd-calendar",
                caption="Obligations en retard puis à venir",
                sortable=True,
            )
            if rows
            else "<p>Aucune obligation dans les douze prochains mois.</p>",
            "",
        ]
    )


def _text(value: str) -> str:
    """An iCalendar TEXT value: backslash, comma, semicolon and line breaks escaped (RFC 5545, 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _folded(line: str) -> str:
    """Lines of at most 75 octets, continued by CRLF and a space, never inside a UTF-8 character."""
    out, current = [], b""
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def calendar_ics(organisation: str, obligations: list[Obligation], today: dt.date) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Base documentaire qualite//Calendrier des obligations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(f'Démarche qualité — {organisation}')}",
    ]
    stamp = today.strftime("%Y%m%dT000000Z")
    for o in shown_obligations(obligations, today):
        key = f"{o.kind}|{o.label}|{o.site}|{o.due.isoformat()}"
        uid = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        summary = o.label + (f" — {o.site}" if o.site else "") + (" (en retard)" if o.overdue(today) else "")
        detail = f"Dernière trace : {format_date(o.last)}" if o.last else "Aucune trace dans la base"
        if o.document is not None and o.document.reference:
            detail += f" ({o.document.reference})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@base-documentaire-qualite",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{o.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(o.due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(summary)}",
            f"DESCRIPTION:{_text(detail)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) + "\r\n" for line in lines)
