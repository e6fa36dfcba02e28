"""Posters for the reception halls (`affiches/`): the engagements and each year's survey results.

Printed on A4 from the browser, one sheet per poster part, in type large enough to be read from
two metres (items at 22 pt, figures at 54 pt): the seed says the survey results are "affichés dans
les halls d'accueil". A long list is split over several sheets rather than shrunk.
"""

from __future__ import annotations

from macros.dates import format_date
from macros.french import percent
from macros.model import Referential
from macros.site.html import escape, front_matter
from macros.site.site_data import SiteData
from macros.site.urls import POSTERS_INDEX, page_href, poster_survey_src_uri
from macros.steering import Survey

ENGAGEMENTS_SRC_URI = "affiches/engagements.md"
# At 22 pt a line of an A4 portrait sheet holds about 38 characters, and a sheet about 18 lines of
# engagements under its title (measured in Chromium's print): a title takes its lines plus a gap.
LINE_CHARACTERS = 38
SHEET_LINES = 18
SHEET_ITEMS = 8
SURVEY_SHEET_THEMES = 8
# A survey theme beside its 54 pt figure: about 22 characters a line at 22 pt; a line is 9.3 mm, the
# figure 21 mm with its gap; about 170 mm of a sheet are left under the title (measured, 8 short themes).
THEME_LINE_CHARACTERS, THEME_LINE_MM, FIGURE_MM, SURVEY_SHEET_MM = 22, 9.3, 21, 170


def _theme_height(theme) -> float:
    lines = -(-len(theme.theme) // THEME_LINE_CHARACTERS)
    return max(FIGURE_MM, lines * THEME_LINE_MM + 2)


def latest_surveys(data: SiteData) -> dict[int, Survey]:
    """The last survey of each year that has results."""
    chosen: dict[int, Survey] = {}
    for survey in data.run.steering.surveys:
        if survey.themes and survey.date is not None:
            current = chosen.get(survey.date.year)
            if current is None or survey.date > current.date:
                chosen[survey.date.year] = survey
    return dict(sorted(chosen.items()))


def poster_pages(data: SiteData) -> dict[str, str]:
    pages = {POSTERS_INDEX: posters_index(data), ENGAGEMENTS_SRC_URI: engagements_poster(data)}
    for year, survey in latest_surveys(data).items():
        pages[poster_survey_src_uri(year)] = survey_poster(data, year, survey)
    return pages


def posters_index(data: SiteData) -> str:
    links = [(ENGAGEMENTS_SRC_URI, "Nos engagements de qualité de service")]
    links += [
        (poster_survey_src_uri(y), f"Résultats de l'enquête de satisfaction {y}")
        for y in reversed(latest_surveys(data))
    ]
    items = "".join(
        f'<li><a href="{escape(page_href(POSTERS_INDEX, uri))}">{escape(label)}</a></li>' for uri, label in links
    )
    return "\n".join(
        [
            *front_matter("Affiches", hide=("toc",)),
            "# Affiches pour les halls d'accueil",
            "",
            "<p>Chaque affiche s'imprime depuis le navigateur sur du papier A4 en portrait (« Imprimer », sans marges "
            "ajoutées) : une feuille par partie, en caractères lisibles à deux mètres.</p>",
            "",
            f'<ul class="qd-posters">{items}</ul>',
            "",
        ]
    )


def _lines(text: str) -> float:
    return -(-len(text) // LINE_CHARACTERS) + 0.7


def _sheets(items: list, size_of, per_sheet: int, capacity: float | None = None) -> list[list]:
    """Items in order, cut into sheets of at most `per_sheet` items (and `capacity` lines)."""
    sheets: list[list] = [[]]
    used = 0
    for item in items:
        size = size_of(item)
        if sheets[-1] and (len(sheets[-1]) >= per_sheet or (capacity and used + size > capacity)):
            sheets.append([])
            used = 0
        sheets[-1].append(item)
        used += size
    return [sheet for sheet in sheets if sheet]


def _sheet(data: SiteData, index: int, count: int, title: str, body: str, foot: str) -> str:
    part = f" — feuille {index} sur {count}" if count > 1 else ""
    return (
        f'<section class="qd-poster-sheet" aria-label="{escape(title + part)}">'
        f'<p class="qd-poster-org">{escape(data.run.config.organisation)}</p>'
        f'<h2 class="qd-poster-title">{escape(title)}</h2>{body}'
        f'<p class="qd-poster-foot">{escape(foot + part)}</p></section>'
    )


def _screen_note(what: str) -> str:
    return (
        f'<p class="qd-poster-screen">Aperçu de l\'affiche {escape(what)} : imprimez la page (A4 portrait) ; chaque '
        "cadre ci-dessous est une feuille.</p>"
    )


def _label_line(data: SiteData, referential: Referential) -> str:
    labelled = data.run.config.labellisation or {}
    return f"Démarche qualité {referential.nom}" + (" — services labellisés" if labelled else "")


def engagements_poster(data: SiteData) -> str:
    out = [*front_matter("Affiche : nos engagements", hide=("toc", "navigation")), ""]
    out.append('<h1 class="qd-poster-screen">Affiche : nos engagements</h1>')
    out.append(_screen_note("des engagements"))
    sheets_html = []
    for referential in data.run.scope:
        engagements = list(referential.engagements)
        sheets = _sheets(engagements, lambda e: _lines(e.titre), SHEET_ITEMS, SHEET_LINES)
        for index, sheet in enumerate(sheets, 1):
            items = "".join(
                f'<li><span class="qd-poster-number" aria-hidden="true">{escape(e.numero)}</span>'
                f'<span class="qd-sr">Engagement {escape(e.numero)} : </span>{escape(e.titre)}</li>'
                for e in sheet
            )
            body = f'<ol class="qd-poster-list">{items}</ol>'
            sheets_html.append(
                _sheet(
                    data,
                    index,
                    len(sheets),
                    "Nos engagements de qualité de service",
                    body,
                    _label_line(data, referential),
                )  # fmt: skip
            )
    if not sheets_html:
        sheets_html.append('<p class="qd-note">Aucun engagement dans le périmètre retenu (qualite.yml).</p>')
    out.append(f'<div class="qd-poster">{"".join(sheets_html)}</div>')
    return "\n".join(out) + "\n"


def survey_poster(data: SiteData, year: int, survey: Survey) -> str:
    out = [*front_matter(f"Affiche : enquête de satisfaction {year}", hide=("toc", "navigation")), ""]
    out.append(f'<h1 class="qd-poster-screen">Affiche : résultats de l\'enquête de satisfaction {year}</h1>')
    out.append(_screen_note(f"de l'enquête {year}"))
    sheets = _sheets(list(survey.themes), _theme_height, SURVEY_SHEET_THEMES, SURVEY_SHEET_MM)
    when = f"Enquête du {format_date(survey.date)}" if survey.date else f"Enquête {year}"
    html = []
    for index, sheet in enumerate(sheets, 1):
        items = "".join(
            f'<li><span class="qd-poster-figure">{percent(t.taux, 0)}</span>'
            f'<span class="qd-poster-theme">{escape(t.theme)}</span></li>'
            for t in sheet
        )
        body = (
            f'<p class="qd-poster-lead">Résultats de l\'enquête de satisfaction {year} : part des usagers '
            f'satisfaits</p><ul class="qd-poster-results">{items}</ul>'
        )
        html.append(_sheet(data, index, len(sheets), "Votre avis nous fait progresser", body,
                           f"{when} — merci de votre participation"))  # fmt: skip
    out.append(f'<div class="qd-poster">{"".join(html)}</div>')
    return "\n".join(out) + "\n"
