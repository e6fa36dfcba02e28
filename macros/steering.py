"""Steering records read from the base's front-matter: audits, action plans, surveys, COPIL minutes.

The quality manager records facts where the documents already are: `read_steering` turns them
into plain frozen records, and `steering_checks` into the findings that keep the approach honest (a
non-conformity without a corrective action, a theme under the threshold without an improvement
action, overdue actions, a COPIL naming an action no plan holds).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.codes import ACTION_EN_RETARD, ACTION_INVALIDE, COPIL_ACTION_INCONNUE, ENQUETE_SANS_ACTION, NC_SANS_ACTION
from macros.config import Configuration
from macros.dates import format_date, parse_date
from macros.findings import about
from macros.french import percent, plural
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

AUDIT_COUNTS = {
    "points_forts": "points forts",
    "pistes_progres": "pistes de progrès",
    "points_sensibles": "points sensibles",
    "nc_mineures": "non-conformités mineures",
    "nc_majeures": "non-conformités majeures",
}
ACTION_STATUSES = {"a-faire": "À faire", "en-cours": "En cours", "realisee": "Réalisée", "abandonnee": "Abandonnée"}
ACTION_ORIGINS = ("audit", "enquete", "reclamation", "copil", "indicateur", "autre")
ORIGIN_LABELS = {
    "audit": "Audit",
    "enquete": "Enquête",
    "reclamation": "Réclamation",
    "copil": "COPIL",
    "indicateur": "Indicateur",
    "autre": "Autre",
}
CLOSED = ("realisee", "abandonnee")


@dataclass(frozen=True)
class NonConformity:
    id: str
    gravite: str
    libelle: str
    traitement: str  # corrective action written in the report itself, when no plan carries it


@dataclass(frozen=True)
class Audit:
    document: Document
    date: dt.date | None
    auditeur: str
    counts: dict
    non_conformities: tuple[NonConformity, ...]


@dataclass(frozen=True)
class Action:
    document: Document
    id: str
    libelle: str
    pilote: str
    echeance: dt.date | None
    statut: str
    origine: str
    source: str
    objet: str
    ouverte_le: dt.date | None
    realisee_le: dt.date | None

    @property
    def is_open(self) -> bool:
        return self.statut not in CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.echeance is not None and self.echeance < today


@dataclass(frozen=True)
class SurveyTheme:
    theme: str
    taux: float


@dataclass(frozen=True)
class Survey:
    document: Document
    date: dt.date | None
    seuil: float
    themes: tuple[SurveyTheme, ...]


@dataclass(frozen=True)
class CopilMeeting:
    document: Document
    date: dt.date | None
    indicateurs: tuple[str, ...]
    actions: tuple[str, ...]
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class InvalidAction:
    """An entry of `actions:` that cannot be used as written: why, in the user's words."""

    document: Document
    label: str  # the action's id, or "n° 3"
    problem: str


@dataclass(frozen=True)
class Steering:
    audits: tuple[Audit, ...] = ()
    actions: tuple[Action, ...] = ()
    surveys: tuple[Survey, ...] = ()
    copils: tuple[CopilMeeting, ...] = ()
    invalid_actions: tuple[InvalidAction, ...] = ()

    def actions_for(self, source: str, objet: str | None = None) -> list[Action]:
        """Actions born of a document (its reference), optionally of one item of it (NC id, theme)."""
        wanted = source.casefold()
        return [
            a
            for a in self.actions
            if a.source.casefold() == wanted and (objet is None or a.objet.casefold() == objet.casefold())
        ]


def _number(value) -> float | None:
    text = str(value).strip().replace(",", ".").rstrip("%").strip()
    try:
        number = float(text) if len(text) <= 40 else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _texts(value) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(item).strip() for item in items if not isinstance(item, (list, dict)) and str(item).strip())


def _date_of(document: Document, *keys: str) -> dt.date | None:
    for key in keys:
        day = parse_date(document.text(key) or "")
        if day:
            return day
    return None


def read_steering(base: Base, config: Configuration) -> Steering:
    """Every steering record of the base in use (obsolete and replaced documents are left out)."""
    audits, actions, surveys, copils, invalid = [], [], [], [], []
    for document in base.documents:
        if document.yaml_problem or base.is_obsolete(document):
            continue
        kind = document.type
        if kind == "rapport-audit":
            audits.append(_audit(document))
        elif kind == "plan-action":
            read, problems = _actions(document)
            actions += read
            invalid += problems
        elif kind == "enquete-satisfaction":
            surveys.append(_survey(document, config.seuil_enquete))
        elif kind == "compte-rendu-copil":
            copils.append(_copil(document))
    return Steering(tuple(audits), tuple(actions), tuple(surveys), tuple(copils), tuple(invalid))


def _audit(document: Document) -> Audit:
    raw = document.fields.get("constats") if isinstance(document.fields.get("constats"), dict) else {}
    counts = {key: int(n) for key in AUDIT_COUNTS if (n := _number(raw.get(key))) is not None}
    ncs = []
    for item in document.fields.get("non_conformites") or []:
        if isinstance(item, dict):
            fields = (str(item.get(key, "")).strip() for key in ("id", "gravite", "libelle", "traitement"))
            ncs.append(NonConformity(*fields))
    return Audit(
        document, _date_of(document, "date_audit", "date_creation"), document.text("auditeur") or "", counts, tuple(ncs)
    )


def _actions(document: Document) -> tuple[list[Action], list[InvalidAction]]:
    items = document.fields.get("actions") or []
    actions, invalid = [], []
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, dict):
            invalid.append(InvalidAction(document, f"n° {index}", "n'est pas une liste de champs `clé: valeur`"))
            continue
        action = _action(
            document, index, {k: str(v).strip() for k, v in item.items() if not isinstance(v, (list, dict))}
        )
        missing = _missing_fields(action)
        if missing:
            invalid.append(
                InvalidAction(
                    document,
                    action.id,
                    f"est incomplète ou mal renseignée : {', '.join(missing)} (statuts : "
                    f"{', '.join(ACTION_STATUSES)} ; origines : {', '.join(ACTION_ORIGINS)})",
                )
            )
        actions.append(action)
    return actions, invalid


def _action(document: Document, index: int, text: dict[str, str]) -> Action:
    return Action(
        document=document,
        id=text.get("id") or f"{document.reference or document.path}#{index}",
        libelle=text.get("libelle", ""),
        pilote=text.get("pilote", ""),
        echeance=parse_date(text.get("echeance", "")),
        statut=text.get("statut", "").lower(),
        origine=text.get("origine", "").lower(),
        source=text.get("source", ""),
        objet=text.get("objet", ""),
        ouverte_le=parse_date(text.get("ouverte_le", "")) or _date_of(document, "date_creation"),
        realisee_le=parse_date(text.get("realisee_le", "")),
    )


def _missing_fields(action: Action) -> list[str]:
    checks = (
        ("libelle", action.libelle),
        ("pilote", action.pilote),
        ("echeance (date)", action.echeance),
        ("statut", action.statut in ACTION_STATUSES),
        ("origine", action.origine in ACTION_ORIGINS),
    )
    return [label for label, ok in checks if not ok]


def _survey(document: Document, default_threshold: float) -> Survey:
    themes = []
    for item in document.fields.get("themes") or []:
        if isinstance(item, dict) and (taux := _number(item.get("taux"))) is not None:
            themes.append(SurveyTheme(str(item.get("theme", "")).strip(), taux))
    seuil = _number(document.text("seuil") or "") or default_threshold
    return Survey(document, _date_of(document, "date_enquete", "date_creation"), seuil, tuple(themes))


def _copil(document: Document) -> CopilMeeting:
    return CopilMeeting(
        document,
        _date_of(document, "date_reunion", "date_creation"),
        _texts(document.fields.get("indicateurs")),
        _texts(document.fields.get("actions")),
        _texts(document.fields.get("decisions")),
    )


def steering_checks(context: CheckContext) -> Iterator[Finding]:
    """The findings of the steering records on the reference date."""
    steering, today = context.steering, context.today
    for invalid in steering.invalid_actions:
        yield about(
            invalid.document,
            ACTION_INVALIDE,
            f"L'action {invalid.label} {invalid.problem}.",
            invalid.document.line_of("actions"),
            invalid.label,
        )
    yield from _audit_checks(steering)
    yield from _survey_checks(steering)
    for action in steering.actions:
        if action.is_overdue(today):
            yield about(
                action.document,
                ACTION_EN_RETARD,
                f"L'action {action.id} « {action.libelle} » ({action.pilote}) devait être soldée le "
                f"{format_date(action.echeance)} : soldez-la ou replanifiez son échéance.",
                action.document.line_of("actions"),
                action.id,
            )
    yield from _copil_checks(steering)


def _audit_checks(steering: Steering) -> Iterator[Finding]:
    for audit in steering.audits:
        reference = audit.document.reference or ""
        line = audit.document.line_of("non_conformites") or audit.document.line_of("constats")
        for nc in audit.non_conformities:
            if not nc.traitement and not steering.actions_for(reference, nc.id):
                yield about(
                    audit.document,
                    NC_SANS_ACTION,
                    f"La non-conformité {nc.id} ({nc.gravite}) n'a pas d'action corrective : ajoutez à un plan "
                    f"d'action une action `origine: audit`, `source: {reference}`, `objet: {nc.id}`.",
                    line,
                    nc.id,
                )
        counted = audit.counts.get("nc_mineures", 0) + audit.counts.get("nc_majeures", 0)
        if counted > len(audit.non_conformities):
            yield about(
                audit.document,
                NC_SANS_ACTION,
                f"{plural(counted, 'non-conformité comptée', 'non-conformités comptées')} mais "
                f"{plural(len(audit.non_conformities), 'décrite')} dans "
                "`non_conformites` : décrivez chacune (id, gravite, libelle) pour la relier à son action.",
                line,
                "constats",
            )


def _survey_checks(steering: Steering) -> Iterator[Finding]:
    for survey in steering.surveys:
        reference = survey.document.reference or ""
        for theme in survey.themes:
            if theme.taux < survey.seuil and not steering.actions_for(reference, theme.theme):
                yield about(
                    survey.document,
                    ENQUETE_SANS_ACTION,
                    f"Le thème « {theme.theme} » est à {percent(theme.taux)}, "
                    f"sous le seuil de {percent(survey.seuil)}, "
                    "sans "
                    f"action d'amélioration : ajoutez une action `origine: enquete`, `source: {reference}`, "
                    f"`objet: {theme.theme}`.",
                    survey.document.line_of("themes"),
                    theme.theme,
                )


def _copil_checks(steering: Steering) -> Iterator[Finding]:
    known = {action.id for action in steering.actions}
    for meeting in steering.copils:
        for action_id in meeting.actions:
            if action_id not in known:
                yield about(
                    meeting.document,
                    COPIL_ACTION_INCONNUE,
                    f"L'action « {action_id} » examinée en COPIL n'existe dans aucun plan d'action de la base : "
                    "corrigez son identifiant ou ajoutez-la à un plan.",
                    meeting.document.line_of("actions"),
                    action_id,
                )
