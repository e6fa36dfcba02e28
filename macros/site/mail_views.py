"""The mail page (`pilotage/courriers.html`): reply delays per month, site and channel, late mail first.

Figures come from the tracking tables with personal data already masked (macros.mail_tracking); the
tables themselves are not published, the page names them instead.
"""

from __future__ import annotations

import datetime as dt

from macros.dates import format_date
from macros.french import number, percent, plural
from macros.indicators import month_label
from macros.mail_tracking import CHANNEL_NAMES, Mail, MailFigures, MailTracking, figures, monthly
from macros.site.html import escape, front_matter, table
from macros.site.site_data import SiteData
from macros.site.steering_views import LATE_ROW
from macros.site.urls import MAIL, page_href

MAX_LATE_ROWS = 500  # past that the page says how many more: the tracking table holds them all


def _rate(result: MailFigures) -> str:
    return percent(result.rate, 0) if result.rate is not None else "—"


def _delay(result: MailFigures) -> str:
    return number(result.average_delay, 1) + "\u00a0j" if result.average_delay is not None else "—"


def _figure_cells(result: MailFigures) -> str:
    return (
        f"<td>{result.received}</td><td>{result.on_time}</td><td>{_rate(result)}</td><td>{_delay(result)}</td>"
        f"<td>{result.overdue}</td>"
    )


FIGURE_COLUMNS = ("Reçus", "Répondus dans le délai", "Taux dans le délai", "Délai moyen (jours ouvrés)", "En retard")


def late_table(mails: list[Mail], today: dt.date) -> str:
    if not mails:
        return "<p>Aucun courrier ni courriel en attente au-delà de l'engagement.</p>"
    rows = []
    for mail in mails[:MAX_LATE_ROWS]:
        rows.append(
            f"<tr{LATE_ROW}><td>{escape(mail.numero)}</td>"
            f'<td data-sort="{mail.recu_le.isoformat()}">{format_date(mail.recu_le)}</td>'
            f"<td>{escape(mail.canal)}</td><td>{escape(mail.site)}</td><td>{escape(mail.service)}</td>"
            f"<td>{escape(mail.objet)}</td>"
            f'<td data-sort="{mail.echeance.isoformat()}">{format_date(mail.echeance)}</td>'
            f"<td>{(today - mail.echeance).days}</td></tr>"
        )
    more = len(mails) - MAX_LATE_ROWS
    note = f"<p>Et {plural(more, 'autre')}, dans le tableau de suivi.</p>" if more > 0 else ""
    columns = ("N°", "Reçu le", "Canal", "Site", "Service", "Objet", "Échéance", "Jours de retard")
    caption = "Courriers et courriels sans réponse au-delà de l'engagement"
    return table(columns, rows, css_class="qd-mail-late", caption=caption, sortable=True) + note


def site_table(tracking: MailTracking, today: dt.date) -> str:
    """The last twelve months per site and channel: the figures a COPIL quotes."""
    since = dt.date(today.year, 1, 1) if today.month == 12 else dt.date(today.year - 1, today.month + 1, 1)
    recent = [m for m in tracking.items if since <= m.recu_le <= today]
    rows = []
    for site in sorted({m.site for m in recent}):
        for canal, name in CHANNEL_NAMES.items():
            chosen = [m for m in recent if m.site == site and m.canal == canal]
            if chosen:
                rows.append(
                    f'<tr><th scope="row">{escape(site or "Site non précisé")}</th><td>{name} '
                    f"(engagement {tracking.delai(canal)} j)</td>{_figure_cells(figures(chosen, today))}</tr>"
                )
    if not rows:
        return "<p>Aucun courrier reçu ces douze derniers mois.</p>"
    caption = f"Douze derniers mois, du {format_date(since)} au {format_date(today)}, par site"
    return table(("Site", "Canal", *FIGURE_COLUMNS), rows, css_class="qd-mail-sites", caption=caption)


def month_table(tracking: MailTracking, today: dt.date) -> str:
    order = list(CHANNEL_NAMES)
    rows = [
        f'<tr><td data-sort="{month[0]:04d}-{month[1]:02d}">{escape(month_label(month))}</td>'
        f"<td>{escape(site or 'Site non précisé')}</td><td>{CHANNEL_NAMES[canal]}</td>{_figure_cells(result)}</tr>"
        for (month, site, canal), result in sorted(
            monthly(list(tracking.items), today).items(),
            key=lambda item: ((-item[0][0][0], -item[0][0][1]), item[0][1], order.index(item[0][2])),
        )
    ]
    if not rows:
        return "<p>Aucun courrier enregistré.</p>"
    columns = ("Mois", "Site", "Canal", *FIGURE_COLUMNS)
    return table(columns, rows, css_class="qd-mail-months", caption="Par mois, site et canal", sortable=True)


def mail_page(data: SiteData, tracking: MailTracking) -> str:
    today = data.run.today
    late = sorted((m for m in tracking.items if m.overdue(today)), key=lambda m: (m.echeance, m.numero))
    sources = "".join(
        f'<li><a href="{escape(page_href(MAIL, data.pages.src_uri(t.document)))}">'
        f"{escape(t.document.reference or data.shown_path(t.document.path))}</a> — fichier "
        f"<code>{escape(data.shown_path(t.csv_path))}</code></li>"
        for t in tracking.tables
    )
    if not tracking.tables:
        sources_html = (
            "<p>Aucun tableau de suivi déclaré : ajoutez <code>courriers: suivi-courriers.csv</code> dans l'en-tête "
            "d'un document et rangez le fichier CSV à côté (voir le README).</p>"
        )
    else:
        sources_html = (
            "<p>Les noms, adresses et numéros éventuels sont masqués. Les tableaux de suivi ne sont pas publiés : ils "
            f"restent dans la base documentaire.</p><ul>{sources}</ul>"
        )
    return "\n".join(
        [
            *front_matter("Courriers et courriels", hide=("toc",)),
            "# Courriers et courriels",
            "",
            f'<p class="qd-summary">Engagement : réponse sous {tracking.delai("courriel")} jours ouvrés aux '
            f"courriels et sous {tracking.delai('courrier')} jours ouvrés aux courriers (hors week-ends et "
            "jours fériés du site) ; "
            f"{plural(len(tracking.items), 'envoi reçu', 'envois reçus')}, <strong>{len(late)} en attente au-delà "
            f"du délai</strong> au {format_date(today)}.</p>",
            "",
            "## En attente au-delà du délai {#en-retard}",
            "",
            late_table(late, today),
            "",
            "## Par site, sur douze mois {#par-site}",
            "",
            site_table(tracking, today),
            "",
            '<p class="qd-note">Le taux rapporte les réponses données dans le délai aux envois dont le délai est '
            "échu ou qui ont reçu une réponse : un courrier arrivé hier n'est ni un succès ni un échec. Le délai moyen "
            "est compté en jours ouvrés sur les envois répondus.</p>",
            "",
            "## Par mois {#par-mois}",
            "",
            month_table(tracking, today),
            "",
            "## Sources {#sources}",
            "",
            sources_html,
            "",
        ]
    )
