"""The quality space's front door, made from the configuration and the base only: a search field,
access by type and by service (links to the register already filtered), what is new, the
indicators against their targets, what falls due soon. Each part is a macro of its own, so that
an organisation's `docs/index.md` arranges them as it likes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from macros.dates import format_date
from macros.french import plural
from macros.indicators import meets_target, month_label, target_text, value_text
from macros.model import Document
from macros.site.html import escape, front_matter
from macros.site.site_data import SiteData
from macros.site.urls import page_href

REGISTER = "registre.md"
NEWS_PAGE = "nouveautes.md"
NEWS_FEED = "nouveautes.xml"
NEWS_DAYS = 365  # the news page and feed: a year of creations and revisions
HOME_NEWS_DAYS = 90
DUE_DAYS = 60


@dataclass(frozen=True)
class News:
    day: dt.date
    document: Document
    revised: bool  # else created

    @property
    def what(self) -> str:
        return "révisé" if self.revised else "nouveau"


def search_box_html() -> str:
    """A search field in the page; it hands its words to the header search (assets/javascripts/accueil.js)."""
    return (
        '<form class="qd-home-search" role="search" data-qd-home-search>'
        '<label for="qd-home-query">Chercher une procédure, un formulaire, une référence</label>'
        '<div class="qd-home-search-row"><input type="search" id="qd-home-query" name="q" autocomplete="off" '
        'placeholder="ex. : accueil des étrangers, PROC-BAAS-001">'
        '<button type="submit">Chercher</button></div>'
        "<p>Les accents, les majuscules et le pluriel ne comptent pas.</p></form>"
    )


def access_html(data: SiteData, src_uri: str) -> str:
    """Documents in use by type and by service, each count a link to the register filtered on it."""
    current = [d for d in data.documents if not data.run.base.is_obsolete(d)]
    register = page_href(src_uri, REGISTER)
    parts = []
    for key, title, values in (
        ("type", "Par type de document", Counter(data.type_label(d.type) for d in current if d.type)),
        ("service", "Par service", Counter(d.shown("service") for d in current if d.shown("service"))),
    ):
        if not values:
            continue
        items = "".join(
            f'<li><a href="{escape(register)}#{key}={escape(quote(label))}">{escape(label)} '
            f'<span class="qd-count-pill">{plural(n, "document")}</span></a></li>'
            for label, n in sorted(values.items(), key=lambda item: item[0].casefold())
        )
        parts.append(f'<div class="qd-access-group"><h3>{escape(title)}</h3><ul class="qd-access">{items}</ul></div>')
    return f'<div class="qd-access-groups">{"".join(parts)}</div>' if parts else ""


def news(data: SiteData, days: int) -> list[News]:
    """Documents in use created or revised in the last `days` days, newest first."""
    since = data.run.today - dt.timedelta(days=days)
    found = []
    for document in data.documents:
        if data.run.base.is_obsolete(document) or document.in_preparation:
            continue  # news of documents in force only: a draft or a version under review does not apply yet
        revised, created = document.day("date_revision"), document.day("date_creation")
        day = revised or created
        if day is not None and since <= day <= data.run.today:
            found.append(News(day, document, revised is not None))
    return sorted(found, key=lambda n: (n.day, n.document.reference or ""), reverse=True)


def news_list_html(data: SiteData, src_uri: str, items: list[News]) -> str:
    if not items:
        return "<p>Aucun document créé ou révisé sur la période.</p>"
    rows = "".join(
        f'<li><span class="qd-news-date">{escape(format_date(n.day))}</span> '
        f'<span class="qd-badge qd-{"info" if n.revised else "ok"}">{n.what}</span> '
        f'<a href="{escape(page_href(src_uri, data.pages.src_uri(n.document)))}">'
        f'<span class="qd-ref">{escape(n.document.reference or "")}</span> {escape(n.document.title or "")}</a>'
        + (f" <small>version {escape(n.document.text('version'))}</small>" if n.document.text("version") else "")
        + "</li>"
        for n in items
    )
    return f'<ul class="qd-news">{rows}</ul>'


def home_news_html(data: SiteData, src_uri: str, limit: int = 8) -> str:
    items = news(data, HOME_NEWS_DAYS)
    more = (
        f'<p><a href="{escape(page_href(src_uri, NEWS_PAGE))}">Toutes les nouveautés de l\'année</a> — '
        f'<a href="{escape(page_href(src_uri, NEWS_FEED))}">flux Atom</a> pour suivre les procédures qui changent.</p>'
    )
    return news_list_html(data, src_uri, items[:limit]) + more


def indicator_tiles_html(data: SiteData, src_uri: str) -> str:
    """One tile per indicator: its latest value on each site against its target, in words and colour."""
    from macros.site.indicator_views import INDEX_SRC_URI, indicator_src_uri

    tiles = []
    for indicator in data.run.indicators.items:
        sites = [s for s in indicator.series if indicator.series[s]]
        if not sites:
            continue
        lines = []
        for site in sites:
            month, value = indicator.latest(site)
            met = meets_target(indicator, value)
            lines.append(
                f'<li class="{"qd-met" if met else "qd-missed"}"><span>{escape(site)}</span> '
                f"<strong>{escape(value_text(indicator, value))}</strong> "
                f'<span class="qd-badge qd-{"ok" if met else "warning"}">{"atteint" if met else "non atteint"}</span>'
                f" <small>{escape(month_label(month))}</small></li>"
            )
        href = page_href(src_uri, indicator_src_uri(indicator))
        tiles.append(
            f'<div class="qd-tile"><h3><a href="{escape(href)}">{escape(indicator.libelle)}</a></h3>'
            f"<p>Cible : {escape(target_text(indicator))}</p><ul>{''.join(lines)}</ul></div>"
        )
    if not tiles:
        return "<p>Aucun indicateur suivi pour l'instant.</p>"
    more = f'<p><a href="{escape(page_href(src_uri, INDEX_SRC_URI))}">Tous les indicateurs, mois par mois</a></p>'
    return f'<div class="qd-tiles">{"".join(tiles)}</div>{more}'


def due_html(data: SiteData, src_uri: str, days: int = DUE_DAYS) -> str:
    """Open actions and document reviews overdue or due within `days` days, soonest first."""
    today, until = data.run.today, data.run.today + dt.timedelta(days=days)
    items: list[tuple[dt.date, str]] = []
    for action in data.run.steering.actions:
        if action.is_open and action.echeance is not None and action.echeance <= until:
            href = page_href(src_uri, data.pages.src_uri(action.document))
            items.append(
                (
                    action.echeance,
                    f'action <a href="{escape(href)}">{escape(action.id)}</a> — {escape(action.libelle)}'
                    + (f" <small>({escape(action.pilote)})</small>" if action.pilote else ""),
                )
            )
    by_path = data.run.base.by_path()
    for path, review in data.run.reviews.items():
        if review.due <= until:
            document = by_path[path]
            href = page_href(src_uri, data.pages.src_uri(document))
            items.append(
                (
                    review.due,
                    f'revue de <a href="{escape(href)}"><span class="qd-ref">{escape(document.reference or "")}'
                    f"</span> {escape(document.title or '')}</a>",
                )
            )
    if not items:
        return f"<p>Rien n'arrive à échéance dans les {days} prochains jours.</p>"
    rows = "".join(
        f'<li class="{"qd-late" if day < today else ""}"><span class="qd-news-date">{escape(format_date(day))}</span> '
        + ('<span class="qd-badge qd-error">en retard</span> ' if day < today else "")
        + f"{text}</li>"
        for day, text in sorted(items, key=lambda item: item[0])
    )
    late = sum(day < today for day, _ in items)
    soon = plural(len(items) - late, "échéance à venir", "échéances à venir")
    summary = f"<p>{plural(late, 'échéance dépassée', 'échéances dépassées')}, {soon} dans les {days} jours.</p>"
    return summary + f'<ul class="qd-due">{rows}</ul>'


def news_page_markdown(data: SiteData) -> str:
    items = news(data, NEWS_DAYS)
    return "\n".join(
        [
            *front_matter("Nouveautés"),
            "# Nouveautés de la base documentaire",
            "",
            f'<p class="qd-lead">Les documents créés ou révisés depuis le '
            f"{escape(format_date(data.run.today - dt.timedelta(days=NEWS_DAYS)))}, les plus récents d'abord. "
            f'Abonnez-vous au <a href="{NEWS_FEED}">flux Atom</a> pour être prévenu quand une procédure change.</p>',
            "",
            news_list_html(data, NEWS_PAGE, items),
            "",
        ]
    )


def news_feed(data: SiteData, site_name: str, site_url: str | None) -> str:
    """Atom 1.0 of the documents created or revised this year; links relative to the site's root
    unless `site_url` is set, so that a feed reader on the intranet or the share finds the pages."""
    from macros.site.flash_infos import xml_escape
    from macros.site.urls import page_html

    def link(src_uri: str) -> str:
        url = page_html(src_uri)
        return site_url.rstrip("/") + "/" + url if site_url else url

    base_id = (site_url or "urn:base-documentaire-qualite:").rstrip("/")
    entries = []
    for item in news(data, NEWS_DAYS):
        src_uri = data.pages.src_uri(item.document)
        title = " ".join(filter(None, [item.document.reference, item.document.title, f"({item.what})"]))
        entries.append(
            f'<entry><title>{xml_escape(title)}</title><link href="{xml_escape(link(src_uri))}"/>'
            f"<id>{xml_escape(base_id + '/' + src_uri + '#' + item.day.isoformat())}</id>"
            f"<updated>{item.day.isoformat()}T00:00:00Z</updated>"
            f"<summary>{xml_escape(_news_summary(data, item))}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
        f"<title>{xml_escape(site_name)} — nouveautés</title><id>{xml_escape(base_id + '/' + NEWS_FEED)}</id>"
        f"<updated>{data.run.today.isoformat()}T00:00:00Z</updated>"
        f'<link href="{xml_escape(link(NEWS_PAGE))}"/>{"".join(entries)}</feed>\n'
    )


def _news_summary(data: SiteData, item: News) -> str:
    document = item.document
    parts = [f"{data.type_label(document.type)} {item.what} le {format_date(item.day)}"]
    if document.text("version"):
        parts.append(f"version {document.text('version')}")
    if document.shown("service"):
        parts.append(f"service {document.shown('service')}")
    return ", ".join(parts)
