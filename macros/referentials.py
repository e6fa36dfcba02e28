"""Quality referentials (Qual-e-Pref, Services Publics +, ...) read from one YAML file each."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.config import ConfigurationError, ScopeEntry
from macros.model import Engagement, Module, Referential
from macros.resources import shipped


def load_referentials(folder: Path) -> tuple[Referential, ...]:
    """The tool's referentials, with those of the project's `folder` added or overriding them (same code),
    sorted by code; a malformed file is a `ConfigurationError`. A missing folder means the tool's only."""
    folder = Path(folder)
    own = _read_folder(folder) if folder.is_dir() else []
    tool = shipped("referentiels")
    if folder.is_dir() and folder.resolve() == tool.resolve():
        return tuple(sorted(own, key=lambda r: r.code))
    by_code = {r.code: r for r in (_read_folder(tool) if tool.is_dir() else [])}
    by_code |= {r.code: r for r in own}
    return tuple(sorted(by_code.values(), key=lambda r: r.code))


def _read_folder(folder: Path) -> list[Referential]:
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    referentials = [_read(path) for path in paths]
    codes = [r.code for r in referentials]
    if duplicated := sorted({c for c in codes if codes.count(c) > 1}):
        raise ConfigurationError(f"{folder} : plusieurs référentiels portent le code {', '.join(duplicated)}")
    return referentials


def _read(path: Path) -> Referential:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path} : référentiel illisible ({error})") from error
    if not isinstance(data, dict) or not data.get("code") or not data.get("nom"):
        raise ConfigurationError(f"{path} : un référentiel doit avoir au moins `code`, `nom` et `modules`")
    code = str(data["code"]).strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]*", code):
        raise ConfigurationError(f"{path} : `code: {data['code']}` : lettres, chiffres et `-` seulement (ex. QEP)")
    modules_data = data.get("modules") or []
    if not isinstance(modules_data, list):
        raise ConfigurationError(f"{path} : `modules` doit être une liste de modules (`- code: M1`)")
    modules = tuple(_module(path, code, m) for m in modules_data)
    return Referential(code, str(data["nom"]), str(data.get("description", "")).strip(), modules, path.name)


def _module(path: Path, code: str, data) -> Module:
    if not isinstance(data, dict) or "code" not in data or "titre" not in data:
        raise ConfigurationError(f"{path} : chaque module doit avoir `code` et `titre`")
    module_code = str(data["code"])
    items = data.get("engagements") or []
    if not isinstance(items, list):
        raise ConfigurationError(f"{path} : module {module_code} : `engagements` doit être une liste")
    engagements = []
    for item in items:
        try:
            numero = int(item["numero"])
            titre = str(item["titre"]).strip()
        except (TypeError, KeyError, ValueError) as error:
            raise ConfigurationError(
                f"{path} : module {module_code} : chaque engagement doit avoir `numero` (entier) et `titre`"
            ) from error
        engagements.append(Engagement(f"{code}-{numero}", numero, titre, module_code, code))
    return Module(
        module_code,
        str(data["titre"]),
        bool(data.get("obligatoire", False)),
        tuple(engagements),
        str(data["note"]).strip() if data.get("note") else None,
    )


def engagements_by_id(referentials: tuple[Referential, ...]) -> dict[str, Engagement]:
    return {e.id: e for r in referentials for e in r.engagements}


def in_scope(referentials: tuple[Referential, ...], scope: tuple[ScopeEntry, ...]) -> tuple[Referential, ...]:
    """The referentials and modules the site declares (all of them when the scope is empty)."""
    if not scope:
        return referentials
    by_code = {r.code: r for r in referentials}
    selected = []
    for entry in scope:
        referential = by_code.get(entry.referentiel.upper())
        if referential is None:
            known = ", ".join(by_code) or "aucun"
            raise ConfigurationError(
                f"périmètre : référentiel `{entry.referentiel}` inconnu (référentiels présents : {known})"
            )
        modules = referential.modules
        if entry.modules:
            unknown = set(entry.modules) - {m.code for m in modules}
            if unknown:
                raise ConfigurationError(
                    f"périmètre : {referential.code} n'a pas de module {', '.join(sorted(unknown))}"
                )
            modules = tuple(m for m in modules if m.code in entry.modules)
        selected.append(
            Referential(
                referential.code,
                referential.nom,
                referential.description,
                modules,
                referential.source_path,
                entry.sites,
            )
        )
    return tuple(selected)
