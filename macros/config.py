"""The quality approach's settings (`qualite.yml`): scope, document types, severities, patterns."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from macros.frontmatter import yaml_problem
from macros.model import Severity
from macros.rule_codes import RULES_BY_CODE
from macros.settings import (  # noqa: F401 (names the rest of the code imports from here)
    DEFAULT_REFERENCE_PATTERN,
    DEFAULT_TYPES,
    SETTINGS,
    ConfigurationError,
    DocumentType,
    ScopeEntry,
    default,
)

STATUTS = ("brouillon", "en-revue", "valide", "obsolete")
PUBLICS = ("agents", "usagers")


@dataclass(frozen=True)
class Configuration:
    """The settings of `qualite.yml`; each default comes from `macros.settings.SETTINGS`."""

    organisation: str = default("organisation")
    perimetre: tuple[ScopeEntry, ...] = default("perimetre")
    types: tuple[DocumentType, ...] = default("types")
    motif_reference: str = default("motif_reference")
    severites: dict = field(default_factory=dict, hash=False, compare=False)
    seuil_enquete: float = default("seuil_enquete")
    delai_reclamations: int = default("delai_reclamations")
    calendriers: dict = field(default_factory=dict, hash=False, compare=False)
    donnees_publiques: tuple[str, ...] = default("donnees_publiques")
    valideur_distinct: bool = default("valideur_distinct")
    sites: tuple[str, ...] = default("sites")
    services: tuple[str, ...] = default("services")
    exclure: tuple[str, ...] = default("exclure")
    cles: dict = field(default_factory=dict, hash=False, compare=False)
    valeurs: dict = field(default_factory=dict, hash=False, compare=False)

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
        text = Path(path).read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text) or {}
    except UnicodeDecodeError as error:
        raise ConfigurationError(f"{path} : fichier illisible, enregistrez-le en UTF-8 ({error.reason})") from error
    except yaml.YAMLError as error:
        problem = yaml_problem(error, 1, text)
        raise ConfigurationError(f"{path}, ligne {problem.line} : {problem.message}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} : la configuration doit être une suite de champs `clé: valeur`")
    configuration = Configuration(**{setting.key: setting.value(Path(path), data) for setting in SETTINGS})
    _check_scope_sites(Path(path), configuration)
    return configuration


def _check_scope_sites(path: Path, configuration: Configuration) -> None:
    """The sites labelled for a referential must be sites the organisation declares."""
    from macros.headers import folded  # headers reads the configuration: imported when needed

    if not configuration.sites:
        return
    declared = {folded(site): site for site in configuration.sites}
    for entry in configuration.perimetre:
        for site in entry.sites:
            if folded(site) not in declared:
                close = difflib.get_close_matches(folded(site), list(declared), n=1, cutoff=0.5)
                hint = f" (le plus proche : « {declared[close[0]]} »)" if close else ""
                raise ConfigurationError(
                    f"{path} : `perimetre` : le site « {site} » du référentiel {entry.referentiel} ne figure pas "
                    f"dans `sites:`{hint} : écrivez-le comme dans la liste, ou ajoutez-le."
                )
