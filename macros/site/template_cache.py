"""The theme's templates compiled once, not at every build: Jinja's own bytecode cache on disk.

Compiling Material's templates (the header, the navigation, the translations) costs a third of a
second at every `build` and every rebuild of `serve`, whatever changed. Jinja keeps each compiled
template in `.cache/qualite/gabarits-<Jinja's version>/` under the digest of its source, so that an
edited template is compiled again; deleting the folder is always safe.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

FOLDER = Path(".cache") / "qualite"


def use_template_cache(env: jinja2.Environment, project_root: Path) -> bool:
    """Give `env` the project's cache of compiled templates; False (and no cache) when the folder
    cannot be made, or leads elsewhere through a symbolic link."""
    folder = Path(project_root) / FOLDER / f"gabarits-{jinja2.__version__}"
    on_the_way = (folder.parent.parent, folder.parent, folder)
    try:
        if any(p.is_symlink() for p in on_the_way):
            return False
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return True
