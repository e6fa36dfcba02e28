"""Headers read as their authors wrote them: keys and closed values matched without case or accents.

A base kept elsewhere writes `Référence:`, `date_création:`, `statut: Validé`, `type: Procédure`, or
keys of its own (`id:`, `created:`): `qualite.yml` maps them (`cles:`, `valeurs:`), and the base is
read once more into our keys and codes before any check runs. What was written stays available
(`CheckContext.written`) for the fingerprint and for CLE-INCONNUE.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from macros.codes import CLE_DOUBLE, CLE_INCONNUE, SERVICE_INCONNU, SITE_INCONNU
from macros.config import PUBLICS, STATUTS, Configuration
from macros.findings import about
from macros.frontmatter import CUT_PREFIX, DUPLICATE_PREFIX
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

STATUT_LABELS = {"brouillon": "Brouillon", "en-revue": "En revue", "valide": "Validé", "obsolete": "Obsolète"}
PUBLIC_LABELS = {"agents": "Agents", "usagers": "Usagers"}
_SEPARATORS = re.compile(r"[\s_-]+")


def folded(text: str) -> str:
    """`Date de Création` → `date_de_creation`: keys and values compared without case, accents or spacing."""
    return _folded(str(text))


@lru_cache(maxsize=65536)  # the same few values (sites, services, types) come back on every document
def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub("_", plain).strip("_")


@cache
def known_keys() -> frozenset[str]:
    """Every header key the checks and the site read (the JSON Schema's list of them)."""
    from macros.schema import front_matter_schema  # the schema imports the records' modules

    return frozenset(front_matter_schema(Configuration())["properties"]) | {"title"}


def canonical_base(base: Base, config: Configuration) -> Base:
    """The base with each document's keys and closed values in our words; untouched documents are kept."""
    keys = _key_map(config)
    values = _value_maps(config)
    ours = frozenset(keys.values())
    codes = {key: frozenset(mapping.values()) for key, mapping in values.items()}
    documents = tuple(
        document if _already_ours(document, ours, codes) else _canonical(document, keys, values)
        for document in base.documents
    )
    if all(new is old for new, old in zip(documents, base.documents, strict=True)):
        return base
    return dataclasses.replace(base, documents=documents)


_CONNECTORS = re.compile(r"_(?:de|du|des|d|de_la|la|le)_")


def _our_key(written: str, keys: dict[str, str]) -> str | None:
    """Our key for a key as written: `Référence`, `date_création`, `Date de création` → ours; else None."""
    key = folded(written)
    return keys.get(key) or keys.get(_CONNECTORS.sub("_", key))


def _key_map(config: Configuration) -> dict[str, str]:
    """Folded key as written → our key: `cles:` of qualite.yml first, then our own keys."""
    mapping = {folded(key): key for key in known_keys()}
    mapping |= {folded(written): ours for written, ours in config.cles.items()}
    return mapping


def _value_maps(config: Configuration) -> dict[str, dict[str, str]]:
    """Per closed key, folded value (code, label or synonym of `valeurs:`) → code."""
    maps = {
        "statut": {folded(code): code for code in STATUTS} | {folded(v): k for k, v in STATUT_LABELS.items()},
        "public": {folded(code): code for code in PUBLICS} | {folded(v): k for k, v in PUBLIC_LABELS.items()},
        "type": {folded(t.code): t.code for t in config.types} | {folded(t.libelle): t.code for t in config.types},
    }
    for key, declared in (("site", config.sites), ("service", config.services)):  # written as declared
        if declared:
            maps[key] = {folded(label): label for label in declared}
    for key, synonyms in config.valeurs.items():
        maps.setdefault(key, {}).update({folded(written): code for written, code in synonyms.items()})
    return maps


def _already_ours(document: Document, ours: frozenset, codes: dict) -> bool:
    """Most documents are written in our keys and codes: no folding of their fields needed."""
    fields = document.fields
    return all(key in ours for key in fields) and all(
        not isinstance(fields.get(key), str) or fields[key] in allowed for key, allowed in codes.items()
    )


def _canonical(document: Document, keys: dict[str, str], values: dict[str, dict[str, str]]) -> Document:
    if document.yaml_problem or not document.fields:
        return document
    fields, lines, changed = {}, dict(document.lines), False
    ours = set(keys.values())
    for written, value in document.fields.items():
        key = written if written in ours else _our_key(written, keys) or written
        if key in fields or (key != written and key in document.fields):
            key = written  # `Référence` beside `reference`: both kept as written, the check says so
        value = _canonical_value(key, value, values)
        changed |= key != written or value is not document.fields[written]
        fields[key] = value
        if key != written:
            for prefix in ("", DUPLICATE_PREFIX, CUT_PREFIX):  # what the check says of the key follows it
                if prefix + written in lines:
                    lines[prefix + key] = lines.pop(prefix + written)
    return dataclasses.replace(document, fields=fields, lines=lines) if changed else document


def _canonical_value(key: str, value, values: dict[str, dict[str, str]]):
    mapping = values.get(key)
    if mapping is None or not isinstance(value, str):
        return value
    code = mapping.get(folded(value))
    return code if code is not None and code != value else value


ALL_SITES = ("tous sites", "tous les sites", "tous", "toutes", "ensemble des sites")


def means_all_sites(site: str) -> bool:
    """« Tous sites » and its spellings: a document, a fiche or a grid that counts for every site."""
    return folded(site) in _ALL_SITES_FOLDED


_ALL_SITES_FOLDED = frozenset(folded(label) for label in ALL_SITES)


def organisation_checks(context: CheckContext) -> Iterator[Finding]:
    """SITE-INCONNU and SERVICE-INCONNU: values outside the lists `qualite.yml` declares."""
    for key, declared, code in (
        ("site", context.config.sites, SITE_INCONNU),
        ("service", context.config.services, SERVICE_INCONNU),
    ):
        if not declared:
            continue
        known = {folded(value): value for value in declared}
        allowed = set(known) | ({folded(value) for value in ALL_SITES} if key == "site" else set())
        for document in context.base.documents:
            for value in _values(document.fields.get(key)):
                if folded(value) in allowed:
                    continue
                yield about(
                    document,
                    code,
                    f"`{key}: {value}` ne figure pas dans `{key}s:` de qualite.yml{closest_hint(value, declared)} : "
                    "écrivez-le comme dans la "
                    "liste, ou ajoutez-le.",
                    document.line_of(key),
                    key,
                )


def closest_hint(value: str, names) -> str:
    """` (le plus proche : « Sous-préfecture de Florac »)`, or nothing when no name is close."""
    close = closest_name(value, names)
    return f" (le plus proche : « {close} »)" if close else ""


def closest_name(value: str, names) -> str | None:
    """`Florac` → `Sous-préfecture de Florac`: the one declared name that holds the value, else the
    nearest spelling; compared without capitals or accents."""
    known = {folded(name): name for name in names}
    holding = [name for key, name in known.items() if folded(value) and folded(value) in key]
    if len(holding) == 1:
        return holding[0]
    close = difflib.get_close_matches(folded(value), list(known), n=1, cutoff=0.5)
    return known[close[0]] if close else None


def _values(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if isinstance(item, str) and item.strip()]


def header_checks(context: CheckContext) -> Iterator[Finding]:
    """CLE-INCONNUE: a key we do not read that looks like one we do (`referense`, `date_creaton`);
    CLE-DOUBLE: two keys as written for one of ours (`Référence` and `reference`)."""
    keys = _key_map(context.config)
    ours, known = set(keys.values()), sorted(known_keys())
    for document in context.written.documents:
        yield from _twin_keys(document, keys, ours)
        for written in document.fields:
            if written in ours or _our_key(written, keys):
                continue
            close = difflib.get_close_matches(folded(written), known, n=1, cutoff=0.8)
            if close:
                yield about(
                    document,
                    CLE_INCONNUE,
                    f"Clé « {written} » inconnue (vouliez-vous dire « {close[0]} » ?) : elle n'est pas lue ; "
                    f"renommez-la, ou déclarez-la dans `cles:` de qualite.yml (`{written}: {close[0]}`).",
                    document.line_of(written),
                    written,
                )


def _twin_keys(document, keys: dict[str, str], ours: set[str]) -> Iterator[Finding]:
    by_key: dict[str, list[str]] = {}
    for written in document.fields:
        key = written if written in ours else _our_key(written, keys)
        if key:
            by_key.setdefault(key, []).append(written)
    for key, written in by_key.items():
        if len(written) < 2:
            continue
        kept = key if key in written else written[0]
        lines = " et ".join(f"« {w} » (ligne {document.line_of(w)})" for w in written)
        yield about(
            document,
            CLE_DOUBLE,
            f"{lines} désignent le même champ `{key}` : seule « {kept} » est lue ; gardez-en une seule.",
            document.line_of(written[-1]),
            key,
        )
