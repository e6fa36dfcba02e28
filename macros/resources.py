"""What the tool ships beside its code: referentials, templates of `nouveau`, theme overrides, site assets.

Installed from its clone (`pip install -e .`), the tool finds them in the clone's folders; a
project made by `init` refers to them instead of copying them, so updating the tool updates them.
"""

from __future__ import annotations

from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """`referentiels` or `modeles` as the tool ships them."""
    return TOOL_ROOT / name
