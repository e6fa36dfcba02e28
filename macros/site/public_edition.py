"""The public edition (`build --edition publique`): the part of the base meant for the internet site.

The engagements in scope, the latest survey results, the yearly reviews, the posters and the
documents `public: usagers` in force — nothing else: no agent-only document, no control report, no
complaints, no findings, no register. A public document that still holds an error (no reference, no
date, an attachment without them) is held back and said so, as the AFNOR finding asks.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re

from macros.dates import format_date
from macros.french import percent, plural
from macros.indicators import meets_target, site_year, target_text, value_text
from macros.model import Document, Severity
from macros.site.body import BROKEN_LINK
from macros.site.html import escape, front_matter, markdown_escape, table
from macros.site.indicator_views import indicators_of
from macros.site.poster_views import ENGAGEMENTS_SRC_URI, latest_surveys
from macros.site.site_data import SiteData, build_site_data
from macros.site.urls import HOME, POSTERS_INDEX, page_href, poster_survey_src_uri

PUBLIC, AGENTS = "publique", "agents"
EDITIONS = (AGENTS, PUBLIC)
EDITION_VARIABLE = "QUALITE_EDITION"
ENGAGEMENTS = "engagements.md"
SURVEY = "enquete.md"
REVIEWS = "bilans.md"
DOCUMENTS = "documents-usagers.md"
ACCESSIBILITY = "accessibilite.md"
# The site's menu, as `nav:` of mkdocs.yml would write it.
NAV = [
    {"Accueil": HOME},
    {"Nos engagements": ENGAGEMENTS},
    {"Votre avis : enquête de satisfaction": SURVEY},
    {"Bilans annuels": REVIEWS},
    {"Documents à votre disposition": DOCUMENTS},
    {"Affiches": POSTERS_INDEX},
    {"Accessibilité": ACCESSIBILITY},
]
# Static files of docs/ kept in the public edition: styles, scripts, images, fonts; never a page,
# a post, a settings or data file.
STATIC_SUFFIXES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".woff", ".woff2", ".ttf")


def public_documents(data: SiteData) -> tuple[list[Document], list[tuple[Document, list[str]]]]:
    """(published, held back with the codes of their errors): documents `public: usagers` in force."""
    published, held = [], []
    for document in data.documents:
        if document.public != "usagers" or document.yaml_problem or document.in_preparation:
            continue
        if data.run.base.is_obsolete(document):
            continue
        errors = sorted({f.code for f in data.open_findings(document) if f.severity is Severity.ERROR})
        (held.append((document, errors)) if errors else published.append(document))
    return published, held


def public_site_data(data: SiteData) -> tuple[SiteData, list[tuple[Document, list[str]]]]:
    """The site's data with only the published public documents and the files they use, and no finding:
    every view then links only to what the edition publishes."""
    published, held = public_documents(data)
    links = data.run.attachments
    used = {path for d in published for path in (links.attachments_of(d) if links else ())}
    base = dataclasses.replace(
        data.run.base,
        documents=tuple(published),
        attachments=tuple(a for a in data.run.base.attachments if a in used and a in data.attachment_set),
    )
    run = dataclasses.replace(data.run, base=base, findings=[])
    return build_site_data(run), held


_LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"#?]*)((?:[#?][^"]*)?)"([^>]*)>(.*?)</a>', re.DOTALL)


def without_dead_links(html: str, page_url: str, published: frozenset[str]) -> str:
    """Links to a page or file this edition does not publish become their text: the public never meets
    an address of the intranet. External and in-page links are left alone."""

    def keep_or_unlink(match: re.Match) -> str:
        target = match[2]
        if not target and match[3] == BROKEN_LINK:
            return f"<span>{match[5]}</span>"  # a link the agents' edition shows as broken: here, text
        if not target or "://" in target or target.startswith(("mailto:", "tel:", "/")):
            return match[0]
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), target))
        if resolved in published or resolved.rstrip("/") + "/index.html" in published:
            return match[0]
        return f"<span>{match[5]}</span>"

    return _LINK.sub(keep_or_unlink, html)


def edition_of(written: str | None) -> str:
    """The edition asked for (plugin setting or QUALITE_EDITION), `agents` when none; else ValueError."""
    edition = (written or AGENTS).strip().lower()
    if edition not in EDITIONS:
        raise ValueError(f"édition « {written} » inconnue : écrivez agents (l'intranet) ou publique (le site internet)")
    return edition


def without_docs_pages(files, docs_dir: str) -> None:
    """Take out of `files` every page of docs/ (home, news, flash-infos...) and every file of docs/ that
    is not a style, a script, an image or a font: they are the agents' intranet."""
    root = posixpath.normpath(str(docs_dir))
    for file in list(files):
        source = posixpath.normpath(str(file.abs_src_path or ""))
        if not source.startswith(root + "/"):
            continue  # the theme's own files
        if file.is_documentation_page() or not file.src_uri.lower().endswith(STATIC_SUFFIXES):
            files.remove(file)


def public_pages(data: SiteData) -> dict[str, str]:
    """The generated pages of the public edition, by source URI (posters and accessibility come apart)."""
    return {
        HOME: home_page(data),
        ENGAGEMENTS: engagements_page(data),
        SURVEY: survey_page(data),
        REVIEWS: reviews_page(data),
        DOCUMENTS: documents_page(data),
    }


def home_page(data: SiteData) -> str:
    organisation = data.run.config.organisation
    scope = " et ".join(r.nom for r in data.run.scope) or "de qualité de service"
    links = [
        (ENGAGEMENTS, "Nos engagements", "ce que nous vous garantissons, engagement par engagement"),
        (SURVEY, "Votre avis", "les résultats de notre dernière enquête de satisfaction"),
        (REVIEWS, "Bilans annuels", "ce que la démarche qualité a produit chaque année"),
        (DOCUMENTS, "Documents à votre disposition", "dépliants, formulaires et guides à consulter ou imprimer"),
    ]
    items = "".join(
        f'<li><a href="{escape(page_href(HOME, uri))}">{escape(label)}</a> : {escape(text)}</li>'
        for uri, label, text in links
    )
    return "\n".join(
        [
            *front_matter("Accueil", hide=("toc",)),
            f"# {markdown_escape(organisation)} : notre démarche qualité",
            "",
            f"<p class=\"qd-lead\">Nos services d'accueil s'engagent dans la démarche {escape(scope)}. Cette page "
            "présente nos engagements envers vous, ce que vous nous avez dit de nos services et les documents que nous "
            "mettons à votre disposition.</p>",
            "",
            f'<ul class="qd-public-links">{items}</ul>',
            "",
        ]
    )


def _label_text(data: SiteData) -> str:
    labelled = data.run.config.labellisation or {}
    if not labelled:
        return ""
    rows = "".join(
        f"<li>{escape(site)} : labellisé le {escape(format_date(day) if hasattr(day, 'year') else str(day))}</li>"
        for site, day in labelled.items()
    )
    return f"<p>Sites labellisés :</p><ul>{rows}</ul>"


def engagements_page(data: SiteData) -> str:
    out = [*front_matter("Nos engagements", hide=("toc",)), "# Nos engagements", ""]
    out += [_label_text(data), ""]
    for referential in data.run.scope:
        out += [f"## {markdown_escape(referential.nom)}", ""]
        for module in referential.modules:
            if not module.engagements:
                continue
            items = "".join(
                f"<li><strong>{escape(e.numero)}.</strong> {escape(e.titre)}</li>" for e in module.engagements
            )
            out += [f"### {markdown_escape(module.titre)}", "", f'<ul class="qd-public-engagements">{items}</ul>', ""]
    out += [f'<p><a href="{escape(page_href(ENGAGEMENTS, ENGAGEMENTS_SRC_URI))}">Affiche des engagements</a> '
            "(à imprimer).</p>", ""]  # fmt: skip
    return "\n".join(out)


def _survey_table(survey) -> str:
    rows = [f"<tr><td>{escape(t.theme)}</td><td>{percent(t.taux)}</td></tr>" for t in survey.themes]
    caption = f"Enquête du {format_date(survey.date)}" if survey.date else "Enquête"
    return table(("Thème", "Usagers satisfaits"), rows, css_class="qd-survey", caption=caption)


def survey_page(data: SiteData) -> str:
    surveys = latest_surveys(data)
    out = [*front_matter("Votre avis", hide=("toc",)), "# Votre avis : enquête de satisfaction", ""]
    if not surveys:
        return "\n".join([*out, "<p>Aucune enquête publiée pour l'instant.</p>", ""])
    year = max(surveys)
    poster = page_href(SURVEY, poster_survey_src_uri(year))
    out += [
        f"<p>Chaque année nous interrogeons les usagers de nos accueils. Résultats de l'enquête {year} :</p>",
        _survey_table(surveys[year]),
        f'<p><a href="{escape(poster)}">Affiche des résultats {year}</a> (à imprimer).</p>',
        "",
    ]
    return "\n".join(out)


def _indicator_rows(data: SiteData, year: int) -> list[str]:
    """Per indicator, the year's average of every site against the target: figures, not findings."""
    rows = []
    for indicator in indicators_of(data).items:
        for site in indicator.series:
            average = site_year(indicator, site, year).average
            if average is None:
                continue
            result = "atteinte" if meets_target(indicator, average) else "non atteinte"
            rows.append(
                f"<tr><td>{escape(indicator.libelle)}</td><td>{escape(site)}</td><td>{escape(target_text(indicator))}</td>"
                f"<td>{escape(value_text(indicator, round(average, 1)))}</td><td>{result}</td></tr>"
            )
    return rows


def reviews_page(data: SiteData) -> str:
    out = [*front_matter("Bilans annuels", hide=("toc",)), "# Bilans annuels", ""]
    surveys = latest_surveys(data)
    reviews = {d.text("bilan_annuel").strip(): d for d in data.documents if (d.text("bilan_annuel") or "").strip()}
    indicator_years = {year for i in indicators_of(data).items for year, _ in i.months}
    years = sorted({*surveys, *(int(y) for y in reviews if y.isdigit()), *indicator_years}, reverse=True)
    if not years:
        return "\n".join([*out, "<p>Aucun bilan publié pour l'instant.</p>", ""])
    for year in years:
        out += [f"## {year}", ""]
        if str(year) in reviews:
            out += [f"<p>Bilan : {data.document_link(REVIEWS, reviews[str(year)], with_title=True)}</p>", ""]
        if year in surveys:
            out += [_survey_table(surveys[year]), ""]
        rows = _indicator_rows(data, year)
        if rows:
            columns = ("Indicateur", "Site", "Cible", "Moyenne de l'année", "Résultat")
            out += [table(columns, rows, css_class="qd-indicators", caption=f"Indicateurs {year}"), ""]
    return "\n".join(out)


def documents_page(data: SiteData) -> str:
    documents = data.documents
    out = [*front_matter("Documents à votre disposition", hide=("toc",)), "# Documents à votre disposition", ""]
    if not documents:
        return "\n".join([*out, "<p>Aucun document publié pour l'instant.</p>", ""])
    rows = [
        f"<tr><td>{data.document_link(DOCUMENTS, d)}</td><td>{escape(d.title)}</td>"
        f"<td>{escape(format_date(d.day('date_revision') or d.day('date_creation')))}</td></tr>"
        for d in documents
    ]
    out += [
        f"<p>{plural(len(documents), 'document')} remis ou destinés à la consultation des usagers, chacun avec sa "
        "référence et sa date.</p>",
        table(("Référence", "Titre", "Date"), rows, css_class="qd-public-documents", caption="Documents publiés"),
        "",
    ]
    return "\n".join(out)
