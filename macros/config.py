"""The quality approach's settings (`qualite.yml`): scope, document types, severities, patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
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


DEFAULT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("procedure", "Fiche de procédure", 24),
    DocumentType("fiche-de-poste", "Fiche de poste", 36),
    DocumentType("guide-accueil", "Guide d'accueil", 12),
    DocumentType("compte-rendu-copil", "Compte rendu de COPIL", None),
    DocumentType("rapport-audit", "Rapport d'audit", None),
    DocumentType("plan-action", "Plan d'action", 12),
    DocumentType("enregistrement", "Enregistrement", None),
    DocumentType("fiche-indicateur", "Fiche indicateur", 12),
    DocumentType("grille-verification", "Grille de vérification", 12),
    DocumentType("enquete-satisfaction", "Enquête de satisfaction", None),
    DocumentType("presentation", "Présentation", None),
)
DEFAULT_REFERENCE_PATTERN = r"[A-Z0-9]+(?:-[A-Z0-9]+)+"
STATUTS = ("brouillon", "en-revue", "valide", "obsolete")
PUBLICS = ("agents", "usagers")


@dataclass(frozen=True)
class ScopeEntry:
    """One referential in the site's scope (périmètre), with the modules retained (all when empty)."""

    referentiel: str
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Configuration:
    organisation: str = "Base documentaire qualité"
    perimetre: tuple[ScopeEntry, ...] = ()
    types: tuple[DocumentType, ...] = DEFAULT_TYPES
    motif_reference: str = DEFAULT_REFERENCE_PATTERN
    severites: dict = field(default_factory=dict, hash=False, compare=False)
    # Satisfaction rate under which a survey theme calls for an improvement action.
    seuil_enquete: float = 75.0
    # Reply commitment for complaints, in working days (10 for Qual-e-Pref, 15 for Qualiville...).
    delai_reclamations: int = 10
    # Site (as written in the complaints register) -> `holidays` subdivision of France ("57", "974"...).
    calendriers: dict = field(default_factory=dict, hash=False, compare=False)
    # Service e-mail addresses and phone numbers that may be published (not personal data).
    donnees_publiques: tuple[str, ...] = ()
    # `valider` refuses a validator who is the document's own writer (`redacteur`) unless this is false.
    valideur_distinct: bool = True

    @cached_property
    def types_by_code(self) -> dict[str, DocumentType]:
        return {t.code: t for t in self.types}

    @cached_property
    def reference_regex(self) -> re.Pattern:
        return re.compile(self.motif_reference)

    def severity_of(self, code: str) -> Severity:
        return self.severites.get(code, RULES_BY_CODE[code].default_severity)


def load_configuration(path: Path | None) -> Configuration:
    """Read `qualite.yml`; a missing file means the defaults, a wrong one a `ConfigurationError`."""
    if path is None or not Path(path).exists():
        return Configuration()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path} : fichier de configuration illisible ({error})") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} : la configuration doit être une suite de champs `clé: valeur`")
    return Configuration(
        organisation=str(data.get("organisation", Configuration.organisation)),
        perimetre=_scope(path, data.get("perimetre") or []),
        types=_types(path, data.get("types")),
        motif_reference=_pattern(path, data.get("motif_reference", DEFAULT_REFERENCE_PATTERN)),
        severites=_severities(path, data.get("severites") or {}),
        seuil_enquete=float(_positive_int(path, "seuil_enquete", data.get("seuil_enquete", 75))),
        delai_reclamations=_positive_int(path, "delai_reclamations", data.get("delai_reclamations", 10)),
        calendriers=_calendars(path, data.get("calendriers") or {}),
        donnees_publiques=_public_data(path, data.get("donnees_publiques") or []),
        valideur_distinct=_boolean(path, "valideur_distinct", data.get("valideur_distinct", True)),
    )


def _boolean(path: Path, key: str, value) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{path} : `{key}` vaut `true` ou `false` (trouvé : {value!r})")
    return value


def _positive_int(path: Path, key: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigurationError(f"{path} : `{key}` doit être un nombre entier positif (trouvé : {value!r})")
    return value


def _scope(path: Path, entries) -> tuple[ScopeEntry, ...]:
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path} : `perimetre` doit être une liste de `- referentiel: CODE`")
    scope = []
    for entry in entries:
        if not isinstance(entry, dict) or "referentiel" not in entry:
            raise ConfigurationError(f"{path} : chaque entrée de `perimetre` doit avoir `referentiel: CODE`")
        modules = tuple(str(m) for m in entry.get("modules") or ())
        scope.append(ScopeEntry(str(entry["referentiel"]), modules))
    return tuple(scope)


def _types(path: Path, entries) -> tuple[DocumentType, ...]:
    if entries is None:
        return DEFAULT_TYPES
    if not isinstance(entries, dict):
        raise ConfigurationError(f"{path} : `types` doit associer chaque code de type à `libelle` et `revue`")
    types = []
    for code, spec in entries.items():
        spec = spec or {}
        revue = spec.get("revue")
        if revue is not None and (not isinstance(revue, int) or revue < 0):
            raise ConfigurationError(f"{path} : type `{code}` : `revue` doit être un nombre de mois")
        types.append(DocumentType(str(code), str(spec.get("libelle", code)), revue or None))
    return tuple(types)


def _pattern(path: Path, pattern) -> str:
    try:
        re.compile(str(pattern))
    except re.error as error:
        raise ConfigurationError(f"{path} : `motif_reference` n'est pas une expression régulière ({error})") from error
    return str(pattern)


def _severities(path: Path, entries) -> dict[str, Severity]:
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


def _calendars(path: Path, entries) -> dict[str, str]:
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


def _public_data(path: Path, entries) -> tuple[str, ...]:
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path} : `donnees_publiques` doit être une liste d'adresses et de numéros")
    return tuple(str(entry).strip() for entry in entries if str(entry).strip())
