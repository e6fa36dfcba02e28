"""Referential pages: each engagement with the documents that prove it, and a coverage table."""

from __future__ import annotations

from collections import Counter

from macros.french import plural
from macros.model import Referential
from macros.site.dossier_view import dossier_src_uri
from macros.site.html import anchor, escape, front_matter, markdown_escape, table
from macros.site.site_data import SiteData
from macros.site.urls import page_href


def referential_page_markdown(data: SiteData, referential: Referential) -> str:
    """Markdown source of a referential's page: headings (for the table of contents) and raw HTML."""
    src_uri = data.referential_src_uri(referential.code)
    out = [
        *front_matter(hide=("navigation",)),
        f"# {markdown_escape(referential.nom)} ({markdown_escape(referential.code)})",
        "",
    ]
    if referential.description:
        out += [f'<p class="qd-lead">{escape(referential.description)}</p>', ""]
    sites = data.labelled_sites(referential)
    if sites:
        out += [f'<p class="qd-sites">Sites labellisés : {escape(" ; ".join(sites))}</p>', ""]
    dossier_href = page_href(src_uri, dossier_src_uri(referential.code))
    per_site = ", ".join(
        f'<a href="{escape(page_href(src_uri, dossier_src_uri(referential.code, site)))}">{escape(site)}</a>'
        for site in sites
    )
    out += [
        f'<p class="qd-dossier-link"><a href="{escape(dossier_href)}">Dossier d\'audit {escape(referential.code)}'
        "</a> : la version à imprimer pour l'auditeur, avec les indicateurs et les constats ouverts"
        + (f" ; par site : {per_site}" if per_site else "")
        + ".</p>",
        "",
    ]
    out += ["## Couverture documentaire {#couverture}", "", coverage_table(data, referential, src_uri), ""]
    if sites:
        out += ["## Couverture par site {#couverture-par-site}", "", site_coverage_table(data, referential, sites), ""]
    for module in referential.modules:
        out += [f"## {markdown_escape(module.code)} — {markdown_escape(module.titre)} {{#{anchor(module.code)}}}", ""]
        if module.note:
            out += [f'<p class="qd-note">{escape(module.note)}</p>', ""]
        if not module.engagements:
            out += [
                '<p class="qd-note">Les intitulés des engagements de ce module ne figurent pas dans nos '
                "sources : ils seront ajoutés au fichier du référentiel quand ils seront connus.</p>",
                "",
            ]
        for engagement in module.engagements:
            out += [
                f"### {markdown_escape(engagement.id)} — {markdown_escape(engagement.titre)} "
                f"{{#{anchor(engagement.id)}}}",
                "",
                _evidence_list(data, engagement.id, src_uri),
                "",
            ]
    return "\n".join(out)


def _evidence_list(data: SiteData, engagement_id: str, src_uri: str) -> str:
    documents = data.documents_by_engagement.get(engagement_id, [])
    preparing = data.in_preparation_note(engagement_id, src_uri)
    if not documents:
        return '<p class="qd-gap">Aucune preuve documentaire pour cet engagement.</p>' + preparing
    items = "".join(
        f'<li><a href="{escape(page_href(src_uri, data.pages.src_uri(d)))}">'
        f"{escape(d.reference or data.shown_path(d.path))}</a> "
        f"— {escape(d.title or '')} <small>({escape(data.type_label(d.type))})</small></li>"
        for d in documents
    )
    return f'<ul class="qd-evidence" data-search-exclude="oui">{items}</ul>' + preparing


def coverage_table(data: SiteData, referential: Referential, src_uri: str) -> str:
    """Engagement × document type: counts of current documents; empty rows stand out."""
    types = data.run.config.types
    rows = []
    for engagement in referential.engagements:
        counts = Counter(d.type for d in data.documents_by_engagement.get(engagement.id, []))
        total = sum(counts.values())
        cells = "".join(f"<td>{counts[t.code] or ''}</td>" for t in types)
        css = ' class="qd-gap"' if total == 0 else ""
        rows.append(
            f'<tr{css}><th scope="row"><a href="#{escape(engagement.id.lower())}" '
            f'title="{escape(engagement.titre)}">{escape(engagement.id)}</a></th>{cells}'
            f"<td><strong>{total or 'aucune preuve'}</strong></td></tr>"
        )
    if not rows:
        return '<p class="qd-note">Aucun engagement connu dans le périmètre retenu.</p>'
    uncovered = sum(1 for e in referential.engagements if not data.documents_by_engagement.get(e.id))
    return (
        f"<p>{plural(len(referential.engagements) - uncovered, 'engagement')} sur {len(referential.engagements)} "
        f"ont au moins une preuve documentaire ; {uncovered} n'en ont aucune.</p>"
    ) + table(
        ("Engagement", *(t.libelle for t in types), "Total"),
        rows,
        css_class="qd-coverage",
        caption="Couverture des engagements par type de document",
        exclude_from_search=True,
    )


def site_coverage_table(data: SiteData, referential: Referential, sites: tuple[str, ...]) -> str:
    """Engagement × labelled site: documents in force of that site or of all sites; a gap stands out."""
    rows, gaps = [], 0
    for engagement in referential.engagements:
        cells = []
        for site in sites:
            count = len(data.evidence(engagement.id, site))
            gaps += count == 0
            cells.append(f"<td>{count}</td>" if count else '<td class="qd-gap">aucune</td>')
        rows.append(
            f'<tr><th scope="row"><a href="#{escape(engagement.id.lower())}" title="{escape(engagement.titre)}">'
            f"{escape(engagement.id)}</a></th>{''.join(cells)}</tr>"
        )
    if not rows:
        return '<p class="qd-note">Aucun engagement connu dans le périmètre retenu.</p>'
    return (
        f"<p>Sont comptés pour un site les documents en vigueur de ce site ou de tous les sites (ou qui ne "
        f"nomment aucun site) ; {plural(gaps, 'case')} sans preuve.</p>"
    ) + table(
        ("Engagement", *sites),
        rows,
        css_class="qd-coverage qd-coverage-sites",
        caption="Couverture des engagements par site labellisé",
        exclude_from_search=True,
    )


def referential_index_html(data: SiteData, page_src_uri: str) -> str:
    items = []
    for referential in data.run.scope:
        covered = sum(1 for e in referential.engagements if data.documents_by_engagement.get(e.id))
        href = escape(page_href(page_src_uri, data.referential_src_uri(referential.code)))
        modules = ", ".join(f"{m.code} {m.titre}" for m in referential.modules)
        items.append(
            f'<li><a href="{href}">{escape(referential.nom)}</a> ({escape(referential.code)}) — modules : '
            f"{escape(modules)} — {covered}/{len(referential.engagements)} engagements couverts</li>"
        )
    return f'<ul class="qd-referentials">{"".join(items)}</ul>' if items else "<p>Aucun référentiel.</p>"
