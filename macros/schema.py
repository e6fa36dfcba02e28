"""JSON Schema of the front-matter, built from the definitions the checks use.

Editors (VS Code's YAML extension) and other tools can then complete and check an en-tête
without knowing this project; types, statuses, date forms and patterns cannot drift from the
checks since they are read from the same constants. Values are accepted both as the checks read
them (always text) and as a YAML 1.2 editor types them (numbers, null for an empty field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from macros.config import PUBLICS, STATUTS, Configuration, ConfigurationError, load_configuration
from macros.dates import DATE_PATTERNS
from macros.indicators import CALCULATIONS, DIRECTIONS
from macros.steering import ACTION_ORIGINS, ACTION_STATUSES, AUDIT_COUNTS

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"  # the one every editor extension knows
ENGAGEMENT_PATTERN = r"[A-Za-z][A-Za-z0-9]*-[0-9]+"  # CODE-numero, as the referentials build them
_EMPTY = r"^\s*(?:~|null|Null|NULL)?\s*$"  # what the checks read as "no value"


def schema_command(config_path: Path, output: Path | None) -> int:
    """`python -m macros schema`: the schema on stdout, or written to `--sortie`."""
    try:
        text = schema_text(load_configuration(config_path))
    except ConfigurationError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        print(f"erreur : {output} : écriture impossible ({error.strerror})", file=sys.stderr)
        return 2
    print(f"schéma écrit dans {output}", file=sys.stderr)
    return 0


def front_matter_schema(config: Configuration) -> dict:
    """The schema as a JSON-ready dict."""
    dates = "|".join(f"(?:{pattern.pattern})" for pattern in DATE_PATTERNS)
    reference = {"type": "string", "pattern": rf"^\s*(?:{config.motif_reference})\s*$"}
    types = ", ".join(f"{t.code} ({t.libelle})" for t in config.types)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "En-tête d'un document de la base documentaire qualité",
        "description": "Généré par `python -m macros schema` depuis les définitions du contrôle ; ne pas modifier.",
        "type": "object",
        "required": ["reference", "date_creation"],
        "properties": {
            "reference": _described(reference, "Identifiant unique du document, par exemple PROC-BAAS-001."),
            "titre": _described(_ref("texte"), "Titre du document ; à défaut, le premier titre `# …` du texte."),
            "title": _described(_ref("texte"), "Autre nom accepté pour `titre`."),
            "type": {"enum": [t.code for t in config.types], "description": f"Type de document : {types}."},
            "date_creation": _described(_ref("date"), "Date de création, AAAA-MM-JJ ou JJ/MM/AAAA (obligatoire)."),
            "date_revision": _optional("date", "Date de la dernière révision."),
            "version": _described(_ref("texte"), "Numéro de version, lu comme texte (1.10 reste 1.10)."),
            "service": _described(_ref("texte"), "Service (bureau, direction)."),
            "site": _described(_ref("texte"), "Site (préfecture, sous-préfecture)."),
            "redacteur": _described(_ref("texte"), "Qui a rédigé : une fonction plutôt qu'un nom."),
            "valideur": _described(_ref("texte"), "Qui a validé."),
            "date_validation": _optional("date", "Date de validation."),
            "statut": _optional_enum(STATUTS, "Statut ; les documents obsolètes sortent des listes."),
            "engagements": _described(
                {"anyOf": [_ref("engagements"), _ref("engagements_texte"), _ref("vide")]},
                "Engagements prouvés par le document, identifiants CODE-N des référentiels (QEP-5).",
            ),
            "public": _optional_enum(PUBLICS, "agents (défaut) ou usagers pour un document remis au public."),
            "revue": _optional("entier", "Période de revue en mois ; 0 = jamais ; vide = défaut du type."),
            "empreinte": _described(_ref("texte"), "Empreinte du contenu enregistrée par `python -m macros valider`."),
            "historique": _or_empty(
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "version": _ref("texte"),
                            "date": _ref("date"),
                            "auteur": _ref("texte"),
                            "modification": _ref("texte"),
                        },
                    },
                },
                "Versions successives du document : version, date, auteur, modification.",
            ),
            "remplace": _described(
                {"anyOf": [reference, {"type": "array", "items": reference}, _ref("vide")]},
                "Référence(s) du ou des documents que celui-ci remplace.",
            ),
            "reclamations": _described(_ref("fichier_csv"), "Registre des réclamations : fichier CSV voisin."),
            "courriers": _described(
                _ref("fichier_csv"), "Tableau de suivi des courriers et courriels reçus : fichier CSV voisin."
            ),
            "indicateur": _indicator(),
            **_steering_properties(),
        },
        "definitions": {
            "texte": {"type": ["string", "number", "boolean", "null"]},
            "vide": {"type": ["string", "null"], "pattern": _EMPTY},
            "date": {"type": "string", "pattern": rf"^\s*(?:{dates})\s*$"},
            "entier": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*\d+\s*$"}]},
            "nombre": {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*-?\d+(?:[.,]\d+)?\s*$"}]},
            "engagements": {"type": "array", "items": {"type": "string", "pattern": rf"^\s*{ENGAGEMENT_PATTERN}\s*$"}},
            "engagements_texte": {
                "type": "string",
                "pattern": rf"^\s*{ENGAGEMENT_PATTERN}(?:\s*,\s*{ENGAGEMENT_PATTERN})*\s*$",
            },
            "fichier_csv": {"type": "string", "pattern": r"\.[cC][sS][vV]\s*$"},
        },
    }


def schema_text(config: Configuration) -> str:
    """The committed file's exact text: stable order, UTF-8, a final newline."""
    return json.dumps(front_matter_schema(config), ensure_ascii=False, indent=2) + "\n"


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


def _described(schema: dict, description: str) -> dict:
    # draft-07 ignores keywords beside `$ref`: wrap it so that the description shows in editors.
    inner = {"allOf": [schema]} if "$ref" in schema else dict(schema)
    return {**inner, "description": description}


def _optional(definition: str, description: str) -> dict:
    return {"anyOf": [_ref(definition), _ref("vide")], "description": description}


def _optional_enum(values: tuple[str, ...], description: str) -> dict:
    return {"anyOf": [{"enum": list(values)}, _ref("vide")], "description": description}


def _or_empty(schema: dict, description: str) -> dict:
    """A list or block that may also be left empty (`actions:` alone reads as an empty text)."""
    return {"anyOf": [schema, _ref("vide")], "description": description}


def _indicator() -> dict:
    indicator = {
        "type": "object",
        "properties": {
            "libelle": _ref("texte"),
            "unite": _described(_ref("texte"), "%, jours, secondes…"),
            "cible": _ref("nombre"),
            "sens": _optional_enum(
                tuple(DIRECTIONS), "minimum : la valeur doit atteindre la cible ; maximum : ne pas la dépasser."
            ),
            "formule": _ref("texte"),
            "source": _ref("texte"),
            "valeurs": _described(_ref("fichier_csv"), "Fichier CSV des valeurs mensuelles, relatif à la fiche."),
            "calcul": _optional_enum(
                tuple(CALCULATIONS),
                "Valeurs calculées à partir du tableau de suivi des courriers, au lieu de `valeurs`.",
            ),
        },
    }
    return _or_empty(indicator, "Fiche indicateur : définition de l'indicateur (README, « Indicateurs mensuels »).")


def _steering_properties() -> dict:
    """Keys of audits, action plans, surveys and COPIL minutes (README, « Pilotage de la démarche »)."""
    action = {
        "type": "object",
        "properties": {
            "id": _ref("texte"),
            "libelle": _ref("texte"),
            "pilote": _ref("texte"),
            "echeance": _ref("date"),
            "statut": {"enum": list(ACTION_STATUSES)},
            "origine": {"enum": list(ACTION_ORIGINS)},
            "source": _ref("texte"),
            "objet": _ref("texte"),
            "ouverte_le": _ref("date"),
            "realisee_le": _optional("date", "Date à laquelle l'action a été soldée."),
        },
    }
    texts = {"type": "array", "items": _ref("texte")}
    return {
        "date_audit": _optional("date", "Rapport d'audit : date de l'audit."),
        "auditeur": _described(_ref("texte"), "Rapport d'audit : organisme ou fonction de l'auditeur."),
        "constats": _or_empty(
            {
                "type": "object",
                "properties": {key: _described(_ref("entier"), label) for key, label in AUDIT_COUNTS.items()},
            },
            "Rapport d'audit : nombre de constats par catégorie.",
        ),
        "non_conformites": _or_empty(
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {key: _ref("texte") for key in ("id", "gravite", "libelle", "traitement")},
                },
            },
            "Rapport d'audit : non-conformités relevées (id, gravite, libelle, traitement).",
        ),
        "actions": _or_empty(
            {"type": "array", "items": {"anyOf": [action, _ref("texte")]}},
            "Plan d'action : les actions ; compte rendu de COPIL : les identifiants des actions examinées.",
        ),
        "seuil": _optional("nombre", "Enquête : taux de satisfaction sous lequel un thème appelle une action."),
        "date_enquete": _optional("date", "Enquête : date (ou fin) de l'enquête."),
        "themes": _or_empty(
            {
                "type": "array",
                "items": {"type": "object", "properties": {"theme": _ref("texte"), "taux": _ref("nombre")}},
            },
            "Enquête : taux de satisfaction par thème.",
        ),
        "date_reunion": _optional("date", "Compte rendu de COPIL ou de CLU : date de la réunion."),
        "bilan_annuel": _optional("texte", "Bilan annuel : l'année qu'il dresse (AAAA), dû avant le 31 mars suivant."),
        "date_verification": _optional("date", "Grille de vérification remplie : date de la vérification."),
        "objet": _optional("texte", "Grille de vérification : son objet (accueil, site-internet, courriers)."),
        "points": _or_empty(
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {k: _ref("texte") for k in ("point", "resultat", "observation", "action")},
                },
            },
            "Grille de vérification remplie : chaque point, son résultat (conforme, non-conforme, sans-objet), "
            "l'observation et l'action qui traite l'écart.",
        ),
        "indicateurs": _or_empty(texts, "Compte rendu de COPIL : références des fiches indicateur examinées."),
        "decisions": _or_empty(texts, "Compte rendu de COPIL : décisions prises."),
    }
