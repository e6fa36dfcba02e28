"""Steering records read from the base's front-matter: audits, action plans, surveys, COPIL minutes.

The quality manager records facts where the documents already are; this module turns them into
plain data and into the findings that keep the approach honest (a non-conformity without a
corrective action, a theme under the threshold without an improvement action, overdue actions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from macros.config import Configuration
from macros.dates import format_date, parse_date
from macros.model import Base, Document, Finding

AUDIT_COUNTS = {
    "points_forts": "points forts",
    "pistes_progres": "pistes de progrès",
    "points_sensibles": "points sensibles",
    "nc_mineures": "non-conformités mineures",
    "nc_majeures": "non-conformités majeures",
}
ACTION_STATUSES = {"a-faire": "À faire", "en-cours": "En cours", "realisee": "Réalisée", "abandonnee": "Abandonnée"}
ACTION_ORIGINS = ("audit", "enquete", "reclamation", "copil", "indicateur", "autre")
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
class Steering:
    audits: tuple[Audit, ...]
    actions: tuple[Action, ...]
    surveys: tuple[Survey, ...]
    copils: tuple[CopilMeeting, ...]
    findings: list

    def actions_for(self, source: str, objet: str | None = None) -> list[Action]:
        """Actions born of a document (its reference), optionally of one item of it (NC id, theme)."""
        wanted = source.casefold()
        return [
            a
            for a in self.actions
            if a.source.casefold() == wanted and (objet is None or a.objet.casefold() == objet.casefold())
        ]


def _number(value) -> float | None:
    try:
        return float(str(value).strip().replace(",", ".").rstrip("%").strip())
    except ValueError:
        return None


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


def read_steering(base: Base, config: Configuration, today: dt.date) -> Steering:
    """Every steering record of the base, and the findings they raise on `today`."""
    findings: list[Finding] = []
    audits, actions, surveys, copils = [], [], [], []
    for document in base.documents:
        if document.yaml_problem or document.is_obsolete:
            continue
        kind = document.type
        if kind == "rapport-audit":
            audits.append(_audit(document))
        elif kind == "plan-action":
            actions += _actions(document, config, findings)
        elif kind == "enquete-satisfaction":
            surveys.append(_survey(document, config.seuil_enquete))
        elif kind == "compte-rendu-copil":
            copils.append(_copil(document))
    steering = Steering(tuple(audits), tuple(actions), tuple(surveys), tuple(copils), findings)
    findings += [_finding(config, *item) for item in _check(steering, today)]
    return steering


def _finding(config: Configuration, document: Document, code: str, message: str, line: int | None) -> Finding:
    return Finding(document.path, document.reference, code, config.severity_of(code), message, line)


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


def _actions(document: Document, config: Configuration, findings: list) -> list[Action]:
    items = document.fields.get("actions") or []
    actions = []
    line = document.line_of("actions")
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, dict):
            findings.append(
                _finding(
                    config,
                    document,
                    "ACTION-INVALIDE",
                    f"L'action n° {index} n'est pas une liste de champs `clé: valeur`.",
                    line,
                )
            )
            continue
        text = {k: str(v).strip() for k, v in item.items() if not isinstance(v, (list, dict))}
        action = Action(
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
        missing = [
            label
            for label, ok in (
                ("libelle", action.libelle),
                ("pilote", action.pilote),
                ("echeance (date)", action.echeance),
                ("statut", action.statut in ACTION_STATUSES),
                ("origine", action.origine in ACTION_ORIGINS),
            )
            if not ok
        ]
        if missing:
            findings.append(
                _finding(
                    config,
                    document,
                    "ACTION-INVALIDE",
                    f"L'action {action.id} est incomplète ou mal renseignée : {', '.join(missing)} "
                    f"(statuts : {', '.join(ACTION_STATUSES)} ; origines : "
                    f"{', '.join(ACTION_ORIGINS)}).",
                    line,
                )
            )
        actions.append(action)
    return actions


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


def _check(steering: Steering, today: dt.date) -> Iterator[tuple]:
    for audit in steering.audits:
        reference = audit.document.reference or ""
        line = audit.document.line_of("non_conformites") or audit.document.line_of("constats")
        for nc in audit.non_conformities:
            if not nc.traitement and not steering.actions_for(reference, nc.id):
                yield (
                    audit.document,
                    "NC-SANS-ACTION",
                    f"La non-conformité {nc.id} ({nc.gravite}) n'a pas d'action corrective : ajoutez à un plan "
                    f"d'action une action `origine: audit`, `source: {reference}`, `objet: {nc.id}`.",
                    line,
                )
        counted = audit.counts.get("nc_mineures", 0) + audit.counts.get("nc_majeures", 0)
        if counted > len(audit.non_conformities):
            yield (
                audit.document,
                "NC-SANS-ACTION",
                f"{counted} non-conformité(s) comptée(s) mais {len(audit.non_conformities)} décrite(s) dans "
                "`non_conformites` : décrivez chacune (id, gravite, libelle) pour la relier à son action.",
                line,
            )
    for survey in steering.surveys:
        reference = survey.document.reference or ""
        for theme in survey.themes:
            if theme.taux < survey.seuil and not steering.actions_for(reference, theme.theme):
                yield (
                    survey.document,
                    "ENQUETE-SANS-ACTION",
                    f"Le thème « {theme.theme} » est à {theme.taux:g} %, sous le seuil de {survey.seuil:g} %, sans "
                    f"action d'amélioration : ajoutez une action `origine: enquete`, `source: {reference}`, "
                    f"`objet: {theme.theme}`.",
                    survey.document.line_of("themes"),
                )
    for action in steering.actions:
        if action.is_overdue(today):
            yield (
                action.document,
                "ACTION-EN-RETARD",
                f"L'action {action.id} « {action.libelle} » ({action.pilote}) devait être soldée le "
                f"{format_date(action.echeance)} : soldez-la ou replanifiez son échéance.",
                action.document.line_of("actions"),
            )
