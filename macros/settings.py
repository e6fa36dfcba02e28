"""The one list of settings of `qualite.yml`: key, type, default, description, and how each is checked.

`Configuration` takes its defaults from here, `load_configuration` its checks, the README its table
(`python -m macros reglages --readme README.md`) and `qualite.yml` its comments
(`python -m macros reglages --qualite qualite.yml`); a test keeps all of them in step.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.model import Severity
from macros.rule_codes import RULES_BY_CODE


class ConfigurationError(Exception):
    """A setting that cannot be used; the message names the file and says how to fix it."""


@dataclass(frozen=True)
class DocumentType:
    code: str
    libelle: str
    revue: int | None  # review period in months; None for records that are never revised


@dataclass(frozen=True)
class ScopeEntry:
    """One referential in the site's scope (périmètre), with the modules retained (all when empty)."""

    referentiel: str
    modules: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()  # the sites labelled for it; empty: every site


DEFAULT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("procedure", "Fiche de procédure", 24),
    DocumentType("fiche-de-poste", "Fiche de poste", 36),
    DocumentType("guide-accueil", "Guide d'accueil", 12),
    DocumentType("compte-rendu-copil", "Compte rendu de COPIL", None),
    DocumentType("compte-rendu-clu", "Compte rendu de CLU", None),
    DocumentType("rapport-audit", "Rapport d'audit", None),
    DocumentType("plan-action", "Plan d'action", 12),
    DocumentType("enregistrement", "Enregistrement", None),
    DocumentType("fiche-indicateur", "Fiche indicateur", 12),
    DocumentType("grille-verification", "Grille de vérification", 12),
    DocumentType("enquete-satisfaction", "Enquête de satisfaction", None),
    DocumentType("presentation", "Présentation", None),
)
DEFAULT_REFERENCE_PATTERN = r"[A-Z0-9]+(?:-[A-Z0-9]+)+"


def _text(path: Path, key: str, value) -> str:
    if isinstance(value, (list, dict)) or value is None:
        raise ConfigurationError(f"{path} : `{key}` doit être un texte (trouvé : {value!r})")
    return str(value)


def _boolean(path: Path, key: str, value) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{path} : `{key}` vaut `true` ou `false` (trouvé : {value!r})")
    return value


def _positive_int(path: Path, key: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigurationError(f"{path} : `{key}` doit être un nombre entier positif (trouvé : {value!r})")
    return value


def _threshold(path: Path, key: str, value) -> float:
    """A satisfaction rate: a whole percentage from 1 to 100."""
    rate = _positive_int(path, key, value)
    if rate > 100:
        raise ConfigurationError(f"{path} : `{key}` est un pourcentage, de 1 à 100 (trouvé : {value!r})")
    return float(rate)


def _days(path: Path, key: str, value) -> int:
    """A delay in working days: at most a year's."""
    days = _positive_int(path, key, value)
    if days > 365:
        raise ConfigurationError(f"{path} : `{key}` compte des jours ouvrés, au plus 365 (trouvé : {value!r})")
    return days


def _scope(path: Path, key: str, entries) -> tuple[ScopeEntry, ...]:
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path} : `perimetre` doit être une liste de `- referentiel: CODE`")
    scope = []
    for entry in entries:
        if not isinstance(entry, dict) or "referentiel" not in entry:
            raise ConfigurationError(f"{path} : chaque entrée de `perimetre` doit avoir `referentiel: CODE`")
        modules = entry.get("modules") or ()
        if not isinstance(modules, (list, tuple)):
            raise ConfigurationError(f"{path} : `perimetre` : `modules` doit être une liste, par exemple [M1, M4]")
        modules = tuple(str(m) for m in modules)
        sites = entry.get("sites") or ()
        if not isinstance(sites, (list, tuple)):
            raise ConfigurationError(f"{path} : `perimetre` : `sites` doit être une liste de sites")
        scope.append(ScopeEntry(str(entry["referentiel"]), modules, tuple(str(s).strip() for s in sites)))
    return tuple(scope)


def _types(path: Path, key: str, entries) -> tuple[DocumentType, ...]:
    if entries is None:
        return DEFAULT_TYPES
    if not isinstance(entries, dict):
        raise ConfigurationError(f"{path} : `types` doit associer chaque code de type à `libelle` et `revue`")
    types = []
    for code, spec in entries.items():
        spec = spec if isinstance(spec, dict) else {}
        revue = spec.get("revue")
        if revue is not None and (not isinstance(revue, int) or isinstance(revue, bool) or not 0 <= revue <= 1200):
            raise ConfigurationError(f"{path} : type `{code}` : `revue` doit être un nombre de mois")
        types.append(DocumentType(str(code), str(spec.get("libelle", code)), revue or None))
    return tuple(types)


def _pattern(path: Path, key: str, pattern) -> str:
    try:
        re.compile(str(pattern))
    except re.error as error:
        raise ConfigurationError(f"{path} : `motif_reference` n'est pas une expression régulière ({error})") from error
    return str(pattern)


def _severities(path: Path, key: str, entries) -> dict[str, Severity]:
    if not isinstance(entries, dict):
        raise ConfigurationError(f"{path} : `severites` doit associer un code à error, warning ou info")
    severities = {}
    for code, value in entries.items():
        if code not in RULES_BY_CODE:
            raise ConfigurationError(f"{path} : `severites` : code inconnu `{code}` (voir le README)")
        try:
            severities[code] = Severity(str(value))
        except ValueError as error:
            raise ConfigurationError(
                f"{path} : `severites` : `{code}: {value}` ; valeurs admises : error, warning, info"
            ) from error
    return severities


def _calendars(path: Path, key: str, entries) -> dict[str, str]:
    """Each site's public holidays: a French subdivision known to `holidays` (Alsace-Moselle, overseas)."""
    from macros.working_days import known_subdivision  # the holidays library is only needed here

    if not isinstance(entries, dict):
        raise ConfigurationError(f'{path} : `calendriers` doit associer un site à un code (ex. `Metz: "57"`)')
    calendars = {}
    for site, code in entries.items():
        subdivision = known_subdivision(str(code))
        if subdivision is None:
            raise ConfigurationError(
                f"{path} : `calendriers` : `{site}: {code}` ; codes admis : 57 (Moselle), 6AE (Alsace), "
                "971, 972, 973, 974, 976 et les collectivités d'outre-mer (BL, MF, NC, PF, PM, WF)"
            )
        calendars[str(site).strip().casefold()] = subdivision
    return calendars


def _keys(path: Path, key: str, entries) -> dict[str, str]:
    if not isinstance(entries, dict) or not all(isinstance(v, str) and v.strip() for v in entries.values()):
        raise ConfigurationError(
            f"{path} : `cles` associe une clé de vos en-têtes à l'une des nôtres (`id: reference`)"
        )
    return {str(written).strip(): ours.strip() for written, ours in entries.items()}


def _synonyms(path: Path, key: str, entries) -> dict[str, dict[str, str]]:
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise ConfigurationError(f"{path} : `valeurs` associe une clé à ses synonymes (`statut: {{publié: valide}}`)")
    return {str(k): {str(w): str(code) for w, code in synonyms.items()} for k, synonyms in entries.items()}


ACCESSIBILITY_STATES = ("non conforme", "partiellement conforme", "totalement conforme")
ACCESSIBILITY_KEYS = ("etat", "taux", "date", "contact", "non_accessibles", "derogations", "schema")


def _accessibility(path: Path, key: str, entries) -> dict:
    """The RGAA accessibility statement's facts: state, rate, date of the audit, contact, what is not accessible."""
    if not isinstance(entries, dict):
        raise ConfigurationError(f"{path} : `accessibilite` est un bloc (`etat: partiellement conforme`, `contact: …`)")
    unknown = [k for k in entries if k not in ACCESSIBILITY_KEYS]
    if unknown:
        raise ConfigurationError(
            f"{path} : `accessibilite` : clé inconnue `{unknown[0]}` (clés : {', '.join(ACCESSIBILITY_KEYS)})"
        )
    state = str(entries.get("etat") or "non conforme").strip().lower()
    if state not in ACCESSIBILITY_STATES:
        raise ConfigurationError(
            f"{path} : `accessibilite` : `etat: {state}` ; écrivez {', '.join(ACCESSIBILITY_STATES)}"
        )
    lists = {k: tuple(str(v) for v in entries.get(k) or ()) for k in ("non_accessibles", "derogations")}
    texts = {k: str(entries.get(k) or "").strip() for k in ("taux", "date", "contact", "schema")}
    return {"etat": state, **texts, **lists}


def _periods(path: Path, key: str, entries) -> dict[str, int]:
    if not isinstance(entries, dict) or not all(str(v).strip().isdigit() for v in entries.values()):
        raise ConfigurationError(f"{path} : `echeances` associe une obligation à sa période en mois (`copil: 6`)")
    return {str(k).strip().lower(): int(str(v).strip()) for k, v in entries.items()}


def _label_dates(path: Path, key: str, entries) -> dict[str, str]:
    from macros.dates import parse_date

    if not isinstance(entries, dict):
        raise ConfigurationError(
            f"{path} : `labellisation` associe un site à la date de son label (`Digne: 2025-03-14`)"
        )
    for site, day in entries.items():
        if parse_date(str(day)) is None:
            raise ConfigurationError(
                f"{path} : `labellisation` : `{site}: {day}` n'est pas une date (écrivez AAAA-MM-JJ ou JJ/MM/AAAA)"
            )
    return {str(site): str(day) for site, day in entries.items()}


def _public_data(path: Path, key: str, entries) -> tuple[str, ...]:
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path} : `{key}` doit être une liste (une valeur par ligne, après `- `)")
    return tuple(str(entry).strip() for entry in entries if str(entry).strip())


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # shown in the README's table
    default: object  # as it would be written in qualite.yml
    description: str  # French, the comment above the key in qualite.yml
    read: Callable[[Path, str, object], object]  # checks the written value and turns it into the setting

    def value(self, path: Path, data: dict):
        written = data.get(self.key)
        return self.read(path, self.key, self.default if written is None else written)


SETTINGS: tuple[Setting, ...] = (
    Setting("organisation", "texte", "Base documentaire qualité", "Nom de l'organisation, affiché par le site.", _text),
    Setting(
        "perimetre",
        "liste",
        [],
        "Périmètre : les référentiels (code), les modules retenus et, s'il y a lieu, les sites labellisés pour "
        "chacun (`sites:`, parmi les `sites` déclarés ; montrés sur la page du référentiel). Vide = tous.",
        _scope,
    ),
    Setting(
        "motif_reference",
        "expression régulière",
        DEFAULT_REFERENCE_PATTERN,
        "Motif des références (expression régulière, appliquée à la référence entière).",
        _pattern,
    ),
    Setting(
        "types",
        "table",
        None,
        "Types de documents : code -> libellé et période de revue en mois (absente = jamais revu). "
        "Absent : les onze types par défaut.",
        _types,
    ),
    Setting(
        "severites",
        "table",
        {},
        "Gravité par code de constat (error, warning, info). REF-MANQUANTE et DATE-MANQUANTE restent des erreurs "
        "pour les documents `public: usagers`, quoi qu'on écrive ici.",
        _severities,
    ),
    Setting(
        "seuil_enquete",
        "nombre entier",
        75,
        "Seuil de satisfaction d'un thème d'enquête sous lequel une action d'amélioration est due.",
        _threshold,
    ),
    Setting(
        "delai_reclamations",
        "nombre entier",
        10,
        "Réclamations : délai de réponse en jours ouvrés (10 pour Qual-e-Pref, 15 pour Qualiville).",
        _days,
    ),
    Setting(
        "delai_courriels",
        "nombre entier",
        5,
        "Courriels : délai de réponse en jours ouvrés, compté sur le tableau de suivi des courriers (`courriers:`).",
        _days,
    ),
    Setting(
        "delai_courriers",
        "nombre entier",
        10,
        "Courriers postaux : délai de réponse en jours ouvrés, compté sur le tableau de suivi (`courriers:`).",
        _days,
    ),
    Setting(
        "calendriers",
        "table",
        {},
        "Jours fériés par site quand il n'est pas en métropole hors Alsace-Moselle (57, 6AE, 971 à 976...).",
        _calendars,
    ),
    Setting(
        "donnees_publiques",
        "liste",
        [],
        "Adresses et numéros de service publiables (pas des données personnelles) ; `*` pour un motif.",
        _public_data,
    ),
    Setting(
        "sites",
        "liste",
        [],
        "Les sites de l'organisation (préfecture, sous-préfectures…), tels que les documents les nomment ; "
        "vide : tout site est admis. « Tous sites » vaut pour chacun.",
        _public_data,
    ),
    Setting(
        "services",
        "liste",
        [],
        "Les services (bureaux, directions), tels que les documents les nomment ; vide : tout service est admis.",
        _public_data,
    ),
    Setting(
        "exclure",
        "liste",
        [],
        "Fichiers et dossiers de la base à laisser de côté (contrôle, site, pièces jointes, import), écrits "
        "comme dans un .gitignore (`Archives/2019/`, `*.tmp`). Les dossiers et fichiers qui commencent par un "
        "point (.obsidian, .trash) et le dossier modeles/ le sont toujours.",
        _public_data,
    ),
    Setting(
        "cles",
        "table",
        {},
        "Clés des en-têtes écrites autrement dans votre base -> nos clés (`id: reference`, `created: date_creation`). "
        "Les majuscules et les accents ne comptent pas : `Référence` ou `date_création` sont lues sans réglage.",
        _keys,
    ),
    Setting(
        "valeurs",
        "table",
        {},
        "Synonymes de valeurs par clé (`statut: {publié: valide}`) ; les codes et les libellés (`Validé`, "
        "`Procédure`) sont reconnus sans réglage, sans tenir compte des majuscules ni des accents.",
        _synonyms,
    ),
    Setting(
        "accessibilite",
        "table",
        {},
        "Déclaration d'accessibilité du site (RGAA) : `etat` (non conforme, partiellement conforme, totalement "
        "conforme), `taux` (ex. 75 %), `date` de l'audit, `contact` (adresse ou service à joindre), "
        "`non_accessibles` et `derogations` (listes), `schema` (schéma pluriannuel).",
        _accessibility,
    ),
    Setting(
        "echeances",
        "table",
        {},
        "Périodes des obligations, en mois, si elles diffèrent du référentiel : copil, clu, enquete, audit (12), "
        "accueil (6, par site), site-internet et courriers (3). Le bilan annuel est dû avant le 31 mars.",
        _periods,
    ),
    Setting(
        "labellisation",
        "table",
        {},
        "Date du label de chaque site (`Préfecture: 2025-03-14`) : audit de renouvellement à 18 mois (Qual-e-Pref), "
        "audits de surveillance annuels (Qualiville, ASPL), échéance du label à 3 ans.",
        _label_dates,
    ),
    Setting(
        "historique_git",
        "booléen",
        True,
        "Montrer sous chaque document les modifications enregistrées dans git (date, auteur, message) ; "
        "false : seul l'historique des versions écrit dans l'en-tête est montré.",
        _boolean,
    ),
    Setting(
        "valideur_distinct",
        "booléen",
        True,
        "`valider` refuse que le rédacteur d'un document en soit aussi le valideur (false : l'accepte).",
        _boolean,
    ),
)
SETTINGS_BY_KEY = {setting.key: setting for setting in SETTINGS}


def default(key: str):
    """A setting's default as `Configuration` holds it (read through its own check)."""
    setting = SETTINGS_BY_KEY[key]
    return setting.read(Path("qualite.yml"), key, setting.default)


def markdown_table() -> str:
    rows = ["| clé | type | défaut | rôle |", "|---|---|---|---|"]
    for setting in SETTINGS:
        shown = (
            "les onze types"
            if setting.default is None
            else yaml.safe_dump(setting.default, default_flow_style=True, allow_unicode=True)
        )
        shown = shown.strip().removesuffix("...").strip()
        rows.append(f"| `{setting.key}` | {setting.kind} | `{shown}` | {setting.description} |")
    return "\n".join(rows)


def _yaml_entry(key: str, value) -> str:
    """`key: value` as a person writes it: scalars and short lists on the line, blocks indented below."""
    dumped = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    dumped = dumped.removesuffix("...\n").rstrip("\n")
    if isinstance(value, (list, dict)) and "\n" in dumped and dumped.lstrip().startswith(("[", "{")):
        # A list of sites too long for a line: one entry a line, as a person would write it.
        dumped = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
        dumped = dumped.rstrip("\n")
    one_line = "\n" not in dumped and not dumped.startswith("- ") and not isinstance(value, dict)
    if one_line or dumped == "{}":  # a block list of one entry (`- {referentiel: QV}`) still goes below
        return f"{key}: {dumped}"
    return f"{key}:\n" + "\n".join("  " + line for line in dumped.split("\n"))


def commented_settings(values: dict) -> str:
    """A `qualite.yml` with every setting, its description as a comment, `values` where given, else
    the default (a setting with no default is written as a comment to fill)."""
    out = ["# Réglages de la démarche qualité : lus par `python -m macros check` et par le site.", ""]
    for setting in SETTINGS:
        out += [f"# {line}" for line in textwrap.wrap(setting.description, 98)]
        value = values.get(setting.key, setting.default)
        if value is None:
            out.append(f"# {setting.key}:")
        else:
            out.append(_yaml_entry(setting.key, value))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
