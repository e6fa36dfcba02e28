"""Verification grids as data: a filled-in `grille-verification` lists its points and their result,
and every gap (`non-conforme`) must go to an action plan, as the seeds say ("les écarts … sont
ajoutés aux plans d'actions"): GRILLE-ECART-SANS-ACTION otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.codes import GRILLE_ECART_SANS_ACTION, VALEUR_INVALIDE
from macros.findings import about
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

RESULTS = {"conforme": "Conforme", "non-conforme": "Non conforme", "sans-objet": "Sans objet"}


@dataclass(frozen=True)
class GridPoint:
    point: str
    resultat: str  # a code of RESULTS, or what was written when it is none of them
    observation: str
    action: str


@dataclass(frozen=True)
class Grid:
    document: Document
    date: dt.date | None
    objet: str
    site: str
    points: tuple[GridPoint, ...]

    @property
    def score(self) -> tuple[int, int]:
        """(points conformes, points évalués): `sans-objet` is not counted."""
        judged = [p for p in self.points if p.resultat in ("conforme", "non-conforme")]
        return sum(p.resultat == "conforme" for p in judged), len(judged)

    @property
    def gaps(self) -> list[GridPoint]:
        return [p for p in self.points if p.resultat == "non-conforme"]


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_grids(base: Base) -> list[Grid]:
    """Every grid that lists its points, newest first."""
    grids = []
    for document in base.documents:
        entries = document.fields.get("points")
        if document.type != "grille-verification" or not isinstance(entries, list):
            continue
        points = tuple(
            GridPoint(
                _text(entry.get("point")),
                _text(entry.get("resultat")).lower().replace(" ", "-"),
                _text(entry.get("observation")),
                _text(entry.get("action")),
            )
            for entry in entries
            if isinstance(entry, dict)
        )
        day = document.day("date_verification") or document.day("date_creation")
        objet = (document.text("objet") or "").strip().lower()
        grids.append(Grid(document, day, objet, (document.shown("site") or "").strip(), points))
    return sorted(grids, key=lambda g: g.date or dt.date.min, reverse=True)


def grid_checks(context: CheckContext) -> Iterator[Finding]:
    action_ids = {a.id for a in context.steering.actions}
    for grid in context.grids:
        reference = grid.document.reference or ""
        if grid.document.statut == "valide" and not grid.document.day("date_verification"):
            yield about(
                grid.document,
                VALEUR_INVALIDE,
                "Grille validée sans `date_verification` : le calendrier des obligations ne la compte pas comme un "
                "contrôle fait ; écrivez la date de la vérification (AAAA-MM-JJ).",
                grid.document.line_of("date_verification") or grid.document.line_of("points"),
                "date_verification",
            )
        from_grid = {a.objet.casefold() for a in context.steering.actions if reference and a.source == reference}
        for number, point in enumerate(grid.points, 1):
            if not point.resultat and grid.document.statut == "brouillon":
                continue  # a draft's points are still to be filled in (`tirage --sortie` writes one)
            if point.resultat not in RESULTS:
                yield about(
                    grid.document,
                    VALEUR_INVALIDE,
                    f"Point {number} « {point.point} » : résultat « {point.resultat} » ; écrivez conforme, "
                    "non-conforme ou sans-objet.",
                    grid.document.line_of("points"),
                    "points",
                )
            elif point.resultat == "non-conforme" and not _treated(point, action_ids, from_grid):
                yield about(
                    grid.document,
                    GRILLE_ECART_SANS_ACTION,
                    f"Écart « {point.point} » de la grille du {_day(grid.date)} sans action : ajoutez à un plan "
                    f"d'action une action `source: {reference or 'RÉFÉRENCE-DE-LA-GRILLE'}`, `objet: {point.point}`, "
                    "ou indiquez son identifiant dans `action:` du point.",
                    grid.document.line_of("points"),
                    "points",
                )


def _treated(point: GridPoint, action_ids: set[str], from_grid: set[str]) -> bool:
    if point.action and point.action in action_ids:
        return True
    return point.point.casefold() in from_grid or "" in from_grid  # an action for the whole grid covers its gaps


def _day(day: dt.date | None) -> str:
    from macros.dates import format_date

    return format_date(day) if day else "(sans date)"
