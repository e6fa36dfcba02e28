"""The tool's cache folder and files as only their owner could have made them.

`.cache/qualite/` beside qualite.yml may sit on a share others write to. What the tool reads back
from it must be a regular file (a named pipe would hang the command), reached through no symbolic
link, and, where the system says who owns what, owned by the user running the tool and writable by
nobody else: a file planted there by someone else is never used.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

CACHE_FOLDER = Path(".cache") / "qualite"  # beside mkdocs.yml and qualite.yml: every cache of the tool
# Where the system has no owners and modes to ask (Windows), what runs code is not cached at all.
OWNERS_KNOWN = hasattr(os, "getuid")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _own(status: os.stat_result) -> bool:
    return not OWNERS_KNOWN or (status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def own_folder(folder: Path) -> bool:
    """`folder` (made if missing, readable by its owner only) and the two above it, `.cache/qualite`,
    without a symbolic link, and the folder ours alone."""
    on_the_way = (folder.parent.parent, folder.parent, folder)
    try:
        if any(p.is_symlink() for p in on_the_way):  # asked before making anything: never a folder made elsewhere
            return False
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and _own(status)


def open_own_file(path: Path) -> BinaryIO | None:
    """`path` opened for reading if it is a regular file of ours, not through a link; else None."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or not _own(status):
            os.close(descriptor)
            return None
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except OSError:
        os.close(descriptor)
        return None
