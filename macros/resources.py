"""What the tool ships beside its code: referentials, templates of `nouveau`, theme, site assets, pages.

The theme (`overrides/`), the site's scripts and styles (`assets/`), the standard pages of every
site (`pages/`) and the `mkdocs.yml` of a new project live in `macros/ressources/`. The referentials
and the templates stay at the clone's top level, where the owner wants them; the wheel maps them
into `macros/ressources/` too (pyproject.toml), so an installed tool finds everything in its
package and a project made by `init` refers to it instead of copying it: updating the tool updates
them and never touches the organisation's files.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_RESOURCES = Path(__file__).resolve().parent / "ressources"
TOOL_ROOT = Path(__file__).resolve().parent.parent  # the clone, when the tool runs from one


def shipped(name: str) -> Path:
    """`referentiels`, `modeles`, `overrides`, `assets`, `pages` or `mkdocs.yml` as the tool ships them."""
    packaged = PACKAGE_RESOURCES / name
    return packaged if packaged.exists() else TOOL_ROOT / name
