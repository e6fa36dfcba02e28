"""Macros that the pages of `docs/` call (`{{ registre(type="procedure") }}`); they only read site data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from macros.french import plural
from macros.model import Severity
from macros.report import severity_counts
from macros.site.control_view import control_html
from macros.site.deferred import DeferredBlocks
from macros.site.home_view import access_html, due_html, home_news_html, indicator_tiles_html, search_box_html
from macros.site.html import escape
from macros.site.referential_view import referential_index_html
from macros.site.register import attachments_html, register_html, register_rows
from macros.site.site_data import SiteData
from macros.site.urls import CONTROL, page_href, slugify


def site_macros(
    current: Callable[[], SiteData], page_src_uri: Callable[[], str], deferred: DeferredBlocks
) -> dict[str, Callable[..., str]]:
    """The macros offered to `docs/` pages; `page_src_uri` tells which page is being rendered.

    Tables go through `deferred`, so that Markdown never parses them.
    """

    def registre(
        type: str | None = None, service: str | None = None, site: str | None = None, statut: str | None = None
    ) -> str:
        """The master list, optionally limited to one type, service, site or status."""
        data = current()
        wanted = {"type": type, "service": service, "site": site, "statut": statut}
        rows = [row for row in register_rows(data) if _matches(row, wanted)]
        table_id = "registre" + "".join(f"-{slugify(v)}" for v in wanted.values() if v)
        return deferred.placeholder(register_html(data, rows, page_src_uri(), table_id))

    def pieces_jointes() -> str:
        """Every joined file of the base with the documents that use it."""
        return deferred.placeholder(attachments_html(current(), page_src_uri()))

    def controle() -> str:
        return deferred.placeholder(control_html(current(), page_src_uri()))

    def liste_referentiels() -> str:
        return referential_index_html(current(), page_src_uri())

    def chiffres_cles() -> str:
        """Key figures for the home page: documents per type, findings, links to the details."""
        data = current()
        current_documents = [d for d in data.documents if not data.run.base.is_obsolete(d)]
        per_type = Counter(data.type_label(d.type) or "(sans type)" for d in current_documents)
        counts = severity_counts(data.run.findings)
        items = "".join(f"<li>{escape(label)} : <strong>{n}</strong></li>" for label, n in sorted(per_type.items()))
        src = page_src_uri()
        return (
            f'<div class="qd-key-figures"><p><strong>{len(current_documents)}</strong> documents en vigueur '
            f"({len(data.documents) - len(current_documents)} obsolètes conservés pour mémoire).</p>"
            f"<ul>{items}</ul><p>Contrôle documentaire : "
            f'<a href="{escape(page_href(src, CONTROL))}">{plural(counts[Severity.ERROR], "erreur")} et '
            f"{plural(counts[Severity.WARNING], 'avertissement')}</a>.</p></div>"
        )

    return home_macros(current, page_src_uri) | {
        "registre": registre,
        "pieces_jointes": pieces_jointes,
        "controle": controle,
        "liste_referentiels": liste_referentiels,
        "chiffres_cles": chiffres_cles,
    }


def _matches(row, wanted: dict) -> bool:
    for key, value in wanted.items():
        if not value:
            continue
        if key == "type":
            if value not in (row.document.type, row.type):
                return False
        elif key == "statut":
            if value.lower() not in ((row.document.statut or ""), row.statut.lower()):
                return False
        elif getattr(row, key) != value:
            return False
    return True


def home_macros(current: Callable[[], SiteData], page_src_uri: Callable[[], str]) -> dict[str, Callable[..., str]]:
    """The parts of the home page (see home_view), each a macro that `docs/index.md` places."""

    def recherche() -> str:
        """A search field in the page (the header search, opened with its words)."""
        return search_box_html()

    def acces_rapides() -> str:
        """Documents by type and by service, links to the register filtered."""
        return access_html(current(), page_src_uri())

    def nouveautes(nombre: int = 8) -> str:
        """Documents created or revised in the last three months."""
        return home_news_html(current(), page_src_uri(), nombre)

    def tuiles_indicateurs() -> str:
        """Latest value of each indicator per site against its target."""
        return indicator_tiles_html(current(), page_src_uri())

    def echeances(jours: int = 60) -> str:
        """Actions and reviews overdue or due within `jours` days."""
        return due_html(current(), page_src_uri(), jours)

    return {
        "recherche": recherche,
        "acces_rapides": acces_rapides,
        "nouveautes": nouveautes,
        "tuiles_indicateurs": tuiles_indicateurs,
        "echeances": echeances,
    }
