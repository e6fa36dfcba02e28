"""File names that the prefecture's Windows share accepts, made from titles typed by anyone."""

from __future__ import annotations

import re
from pathlib import Path

from macros.references import plain

# `#` and `%` are legal on Windows but cut a Markdown link to the file.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>"?*#%]')
_SEPARATORS = re.compile(r"\s*[:/\\|]+\s*")
_RESERVED = re.compile(r"(?:CON|PRN|AUX|NUL|COM\d|LPT\d)(?:\..*)?", re.IGNORECASE)
# Windows paths were long limited to 260 characters; the share's folders already use some.
MAX_STEM = 120


def safe_stem(text: str) -> str:
    """`text` without the characters Windows refuses (`:*?"<>|`, `/`, `\\`), trimmed and shortened."""
    stem = _SEPARATORS.sub(" - ", text)
    stem = _FORBIDDEN.sub(" ", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-")
    if len(stem) > MAX_STEM:
        stem = stem[:MAX_STEM].rsplit(" ", 1)[0].rstrip(" .-")
    if _RESERVED.fullmatch(stem):
        stem = f"_{stem}"
    return stem or "document"


def ascii_slug(text: str) -> str:
    """`Procédure accueil (v2)` → `procedure-accueil-v2`: for attached files linked from Markdown."""
    return "-".join(re.findall(r"[a-z0-9]+", plain(text))) or "document"


def name_clash(path: Path) -> Path | None:
    """A file beside `path` whose name differs from it only by case or accents (`GUIDE Accueil.md` and
    `guide accueil.md` are one file on a Windows share), or None."""
    folder = path.parent
    if not folder.is_dir():
        return None
    wanted = plain(path.name)
    return next((other for other in folder.iterdir() if plain(other.name) == wanted), None)


def base_subfolder(base_dir: Path, folder: str | None) -> Path:
    """`base_dir/folder`, refusing a folder that would lead out of the base (`..`, absolute path)."""
    if not folder:
        return base_dir
    relative = Path(folder.replace("\\", "/"))
    if relative.is_absolute() or relative.drive or ".." in relative.parts:
        raise ValueError(f"--dossier « {folder} » : donnez un sous-dossier de la base, sans `..`")
    return base_dir / relative
