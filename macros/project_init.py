"""`python -m macros init DOSSIER`: an organisation's own project, ready to build, apart from the tool.

The project holds only what is the organisation's: `qualite.yml` (commented, from the settings
list), `mkdocs.yml`, `docs/` (home page written from the configuration), an empty `procedures/`
and the flash-infos folder with one author. The referentials, the templates of `nouveau`, the
theme, its styles and scripts and the standard pages come from the tool (`resources.py`), never
copied: a project's own `referentiels/` adds to them or overrides them, a file of its own `docs/`
takes the place of the tool's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from macros.markdown_text import escaped_for_markdown
from macros.referentials import load_referentials
from macros.resources import shipped
from macros.settings import ConfigurationError, commented_settings


class InitError(Exception):
    """Why the project cannot be made, in French."""


def parse_scope(text: str) -> list[dict]:
    """`QEP:M1,M2;QV` → the `perimetre` of qualite.yml."""
    scope = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        code, _, modules = part.partition(":")
        entry = {"referentiel": code.strip().upper()}
        if modules.strip():
            entry["modules"] = [m.strip() for m in modules.split(",") if m.strip()]
        scope.append(entry)
    return scope


def init_project(folder: Path, organisation: str, scope_text: str, sites_text: str) -> Path:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InitError(f"{folder} existe et n'est pas vide : choisissez un dossier neuf")
    organisation = " ".join(organisation.split())
    if not organisation:
        raise InitError("le nom de l'organisation est vide : indiquez-le avec `--organisation`")
    scope = parse_scope(scope_text)
    sites = [s.strip() for s in sites_text.split(";") if s.strip()]
    referentials = {r.code: r for r in load_referentials(shipped("referentiels"))}
    unknown = [entry["referentiel"] for entry in scope if entry["referentiel"] not in referentials]
    if unknown:
        raise InitError(f"référentiel inconnu : {', '.join(unknown)} (connus : {', '.join(referentials)})")
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    values = {"organisation": organisation, "perimetre": scope, "sites": sites}
    (folder / "qualite.yml").write_text(commented_settings(values), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_mkdocs_yml(organisation), encoding="utf-8")
    (folder / "docs" / "index.md").write_text(home_page(organisation, scope, sites, referentials), encoding="utf-8")
    _flash_infos(folder / "docs" / "flash-infos")
    for own in ("procedures", "referentiels"):  # the base; the referentials the project adds or overrides
        (folder / own).mkdir()
        (folder / own / ".gitkeep").write_text("", encoding="utf-8")
    (folder / ".gitignore").write_text("site/\nsite-public/\n.cache/\n.venv/\n", encoding="utf-8")
    try:  # the project must read back: a wrong scope is said now, not at the first build
        from macros.config import load_configuration
        from macros.referentials import in_scope

        in_scope(tuple(referentials.values()), load_configuration(folder / "qualite.yml").perimetre)
    except ConfigurationError as error:
        shutil.rmtree(folder)
        raise InitError(str(error)) from error
    return folder


def _mkdocs_yml(organisation: str) -> str:
    text = shipped("mkdocs.yml").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] = f"site_name: {json.dumps(f'Qualité — {organisation}', ensure_ascii=False)}"
    lines[1] = f"site_description: {json.dumps(f'Base documentaire qualité — {organisation}', ensure_ascii=False)}"
    return "\n".join(lines)


def _literal(text: str) -> str:
    """A name written into the home page, which mkdocs-macros renders: Markdown, HTML and Jinja stay text."""
    return escaped_for_markdown(text).replace("{", "&#123;").replace("}", "&#125;")


def home_page(organisation: str, scope: list[dict], sites: list[str], referentials: dict) -> str:
    """The home page's text, from the configuration only: nothing about another organisation."""
    organisation = _literal(organisation)
    sites = [_literal(site) for site in sites]
    engaged = []
    for entry in scope:
        referential = referentials[entry["referentiel"]]
        modules = [m for m in referential.modules if not entry.get("modules") or m.code in entry["modules"]]
        names = "".join(f"\n    - module {_literal(m.code)} « {_literal(m.titre)} »" for m in modules)  # 4 spaces
        engaged.append(f"- **{_literal(referential.nom)}**{' :' if names else ''}{names}")
    scope_text = "\n".join(engaged) or "- les référentiels de `referentiels/` (périmètre à préciser dans `qualite.yml`)"
    sites_text = "".join(f"\n- {site}" for site in sites)
    return (
        "---\ntitle: Accueil\nrender_macros: true\nhide:\n  - toc\n---\n\n"
        f"# Espace qualité — {organisation}\n\n"
        "{{ recherche() }}\n\n"
        "## Trouver un document\n\n{{ acces_rapides() }}\n\n"
        "## Nouveautés\n\n{{ nouveautes(8) }}\n\n"
        "## Derniers flash-infos\n\n{{ flash_infos(3) }}\n\n"
        "## Indicateurs\n\n{{ tuiles_indicateurs() }}\n\n"
        "## À échéance\n\n{{ echeances(60) }}\n\n"
        f"## Notre démarche qualité\n\nNotre démarche qualité porte sur :\n\n{scope_text}\n\n"
        + (f"### Les sites\n{sites_text}\n\n" if sites else "")
        + "## La base documentaire en chiffres\n\n{{ chiffres_cles() }}\n"
    )


def _flash_infos(blog: Path) -> None:
    (blog / "posts").mkdir(parents=True)
    (blog / "posts" / ".gitkeep").write_text("", encoding="utf-8")
    (blog / "index.md").write_text(
        "---\ntitle: Flash-infos qualité\n---\n\n# Flash-infos qualité\n\n"
        "L'actualité de la démarche qualité, les plus récents d'abord.\n",
        encoding="utf-8",
    )
    (blog / ".authors.yml").write_text(
        "authors:\n  responsable-qualite:\n    name: La responsable qualité\n"
        "    description: Mission qualité\n    avatar: assets/images/qualite.svg\n",
        encoding="utf-8",
    )
