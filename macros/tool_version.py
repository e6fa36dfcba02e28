"""What a cache entry was made by: the tool's own files and its libraries' versions, as one digest.

Every cache of the tool (the build's pages, the parsed documents) is keyed by it, so that a new
version of the tool or of a library never reuses what an older one made.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown", "pymdown-extensions", "nh3", "pyyaml")
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """One hex digest of several texts, none of which can be mistaken for the end of another."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool's own files (code, theme, scripts, pages), Python's version and the versions of the
    libraries it drives."""
    from importlib import metadata  # only the caches need it: the check starts quicker without

    parts = [sys.version]
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)
