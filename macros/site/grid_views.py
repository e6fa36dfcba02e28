"""Verification grids on the site: each grid's points and score on its page, and
`pilotage/grilles.html`, the grids by subject and site with their trend."""

from __future__ import annotations

from macros.dates import format_date
from macros.french import percent
from macros.grids import RESULTS, Grid
from macros.model import Document
from macros.site.html import escape, front_matter, table
from macros.site.site_data import SiteData
from macros.site.urls import page_href

SRC_URI = "pilotage/grilles.md"
SUBJECTS = {"accueil": "Accueil", "site-internet": "Site internet", "courriers": "Courriers et courriels"}


def _score(grid: Grid) -> str:
    good, judged = grid.score
    return f"{good} / {judged} ({percent(100 * good / judged, 0)})" if judged else "—"


def grid_block(data: SiteData, document: Document) -> str:
    """The points of the grid, its score, each gap with the action that treats it."""
    grid = next((g for g in data.run.grids if g.document.path == document.path), None)
    if grid is None or not grid.points:
        return ""
    src_uri = data.pages.src_uri(document)
    reference = document.reference or ""
    by_objet = {a.objet.casefold(): a for a in data.run.steering.actions if reference and a.source == reference}
    by_id = {a.id: a for a in data.run.steering.actions}
    rows = []
    for point in grid.points:
        action = by_id.get(point.action) or by_objet.get(point.point.casefold()) or by_objet.get("")
        treated = ""
        if point.resultat == "non-conforme":
            treated = (
                f"{escape(action.id)} ({data.document_link(src_uri, action.document)})"
                if action
                else '<span class="qd-badge qd-warning">sans action</span>'
            )
        gap = ' class="qd-gap"' if point.resultat == "non-conforme" else ""
        rows.append(
            f"<tr{gap}><td>{escape(point.point)}</td><td>{escape(RESULTS.get(point.resultat, point.resultat))}</td>"
            f"<td>{escape(point.observation)}</td><td>{treated}</td></tr>"
        )
    return (
        '<section class="qd-grid" aria-labelledby="grille-titre"><h2 id="grille-titre">Résultat de la vérification</h2>'
        f"<p>Vérification du {escape(format_date(grid.date))} : <strong>{_score(grid)}</strong> points conformes.</p>"
        + table(
            ("Point vérifié", "Résultat", "Observation", "Action"),
            rows,
            css_class="qd-grid-points",
            caption="Points de la grille",
        )  # fmt: skip
        + "</section>"
    )


def grids_page(data: SiteData) -> str:
    grids = data.run.grids
    groups: dict[tuple[str, str], list[Grid]] = {}
    for grid in grids:
        groups.setdefault((grid.objet, grid.site), []).append(grid)
    out = [*front_matter("Grilles de vérification"), "# Grilles de vérification", ""]
    out += [
        '<p class="qd-lead">Les grilles remplies (<code>date_verification</code>, <code>points</code>), par objet et '
        "par site, de la plus récente à la plus ancienne : le score est la part des points conformes parmi les "
        "points évalués ; chaque écart doit être repris dans un plan d'action.</p>",
        "",
    ]
    if not groups:
        out.append("<p>Aucune grille remplie dans la base.</p>")
    for (objet, site), items in sorted(groups.items()):
        title = SUBJECTS.get(objet, objet or "Autre objet") + (f" — {site}" if site else "")
        out += [f"## {escape(title)}", ""]
        rows = []
        done = [g for g in items if g.document.statut != "brouillon" and g.document.day("date_verification")]
        for grid in items:
            checked = grid.document.day("date_verification")
            if grid not in done:  # a draft (`tirage --sortie`) or a grid not yet dated: a check still to make
                state = "brouillon" if grid.document.statut == "brouillon" else "sans date de vérification"
                rows.append(
                    f"<tr><td>{data.document_link(SRC_URI, grid.document)}</td>"
                    f'<td data-sort="">{escape(format_date(checked)) if checked else "à faire"} '
                    f'<span class="qd-badge qd-info">{state}</span></td><td>—</td><td>—</td><td>—</td></tr>'
                )
                continue
            later = done[done.index(grid) + 1 :]
            trend = _trend(grid, later[0] if later else None)
            rows.append(
                f"<tr><td>{data.document_link(SRC_URI, grid.document)}</td>"
                f'<td data-sort="{checked.isoformat()}">{escape(format_date(checked))}</td>'
                f"<td>{_score(grid)}</td><td>{len(grid.gaps)}</td><td>{trend}</td></tr>"
            )
        out += [table(("Grille", "Vérifiée le", "Score", "Écarts", "Évolution"), rows, css_class="qd-grids",
                      caption=title), ""]  # fmt: skip
    return "\n".join(out)


def _trend(grid: Grid, previous: Grid | None) -> str:
    if previous is None or not grid.score[1] or not previous.score[1]:
        return "—"
    now, before = grid.score[0] / grid.score[1], previous.score[0] / previous.score[1]
    if abs(now - before) < 0.005:
        return "stable"
    return "en progrès" if now > before else "en recul"


def grids_href(from_src_uri: str) -> str:
    return page_href(from_src_uri, SRC_URI)
