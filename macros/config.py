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
    delai_courriels: int = default("delai_courriels")
    delai_courriers: int = default("delai_courriers")
    calendriers: dict = field(default_factory=dict, hash=False, compare=False)
    donnees_publiques: tuple[str, ...] = default("donnees_publiques")
    valideur_distinct: bool = default("valideur_distinct")
    historique_git: bool = default("historique_git")
    echeances: dict = field(default_factory=dict, hash=False, compare=False)
    labellisation: dict = field(default_factory=dict, hash=False, compare=False)
    sites: tuple[str, ...] = default("sites")
    services: tuple[str, ...] = default("services")
    exclure: tuple[str, ...] = default("exclure")
    cles: dict = field(default_factory=dict, hash=False, compare=False)
    valeurs: dict = field(default_factory=dict, hash=False, compare=False)
    accessibilite: dict = field(default_factory=lambda: default("accessibilite"), hash=False, compare=False)

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
    data = _our_setting_keys(Path(path), text, data)
    configuration = Configuration(**{setting.key: setting.value(Path(path), data) for setting in SETTINGS})
    _check_scope_sites(Path(path), configuration)
    _check_targets(Path(path), configuration)
    return configuration


def _our_setting_keys(path: Path, text: str, data: dict) -> dict:
    """Settings written with accents or capitals (`clés`) are ours; a misspelt one stops the check, named."""
    from macros.headers import folded  # headers reads the configuration: imported when needed

    known = {folded(setting.key): setting.key for setting in SETTINGS}
    read = {}
    for written, value in data.items():
        ours = known.get(folded(written))
        if ours is None:
            close = difflib.get_close_matches(folded(written), list(known), n=1, cutoff=0.6)
            hint = f" (vouliez-vous dire `{known[close[0]]}` ?)" if close else ""
            line = next(
                (n for n, row in enumerate(text.split("\n"), 1) if row.split(":", 1)[0].strip() == str(written)), None
            )
            where = f", ligne {line}" if line else ""
            raise ConfigurationError(
                f"{path}{where} : réglage `{written}` inconnu{hint} : corrigez son nom, ou retirez-le "
                "(la liste des réglages est dans le README, « Configuration »)."
            )
        read[ours] = value
    return read


def _check_targets(path: Path, configuration: Configuration) -> None:
    """`cles:` must lead to our keys, `valeurs:` of a closed list to its codes: else nothing would match."""
    from macros.headers import known_keys

    ours = sorted(known_keys())
    for written, key in configuration.cles.items():
        if key not in ours:
            raise ConfigurationError(f"{path} : `cles` : `{written}: {key}` : {_unknown(key, ours, 'clé')}")
    codes = {"statut": STATUTS, "public": PUBLICS, "type": tuple(configuration.types_by_code)}
    for key, synonyms in configuration.valeurs.items():
        for written, code in synonyms.items():
            if key in codes and code not in codes[key]:
                raise ConfigurationError(
                    f"{path} : `valeurs` : `{key}: {{{written}: {code}}}` : {_unknown(code, codes[key], 'valeur')}"
                )


def _unknown(value: str, allowed, what: str) -> str:
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    hint = f"vouliez-vous dire `{close[0]}` ? " if close else ""
    listed = (
        f"(possibles : {', '.join(allowed)})" if len(allowed) <= 12 else "(voir le README, « En-tête des documents »)"
    )
    return f"`{value}` n'est pas une {what} que l'outil connaît ; {hint}{listed}"


def _check_scope_sites(path: Path, configuration: Configuration) -> None:
    """Sites are names of files (`dossier/qep-<site>.html`): two of them may not differ only by capitals,
    accents or punctuation; the sites labelled for a referential, or given a label date, must be
    sites the organisation declares."""
    from macros.headers import closest_hint, folded  # headers reads the configuration: imported when needed
    from macros.site.urls import slugify

    seen: dict[str, str] = {}
    for site in configuration.sites:
        twin = seen.setdefault(slugify(site), site)
        if twin != site:
            raise ConfigurationError(
                f"{path} : `sites` : « {twin} » et « {site} » ne diffèrent que par les majuscules, les accents ou la "
                "ponctuation : ce sont deux écritures du même site, gardez-en une."
            )
    if not configuration.sites:
        return
    declared = {folded(site): site for site in configuration.sites}
    named = [(f"`perimetre` : le site « {site} » du référentiel {entry.referentiel}", site)
             for entry in configuration.perimetre for site in entry.sites]  # fmt: skip
    named += [(f"`labellisation` : le site « {site} »", str(site)) for site in configuration.labellisation or {}]
    for what, site in named:
        if folded(site) not in declared:
            raise ConfigurationError(
                f"{path} : {what} ne figure pas dans `sites:`{closest_hint(site, configuration.sites)} : écrivez-le "
                "comme dans la liste, ou ajoutez-le."
            )
