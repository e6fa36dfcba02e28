"""The documents of the last read, kept on disk: the next check or build parses only what changed.

A prefecture's quality manager checks the base many times a day; parsing 10,000 headers and
scanning 10,000 texts for personal data is most of that time, and the files rarely change. The
parsed documents are kept in `.cache/qualite/lecture-*.pickle` beside qualite.yml, each with the
size, dates and inode of the file it was read from, under the tool's fingerprint: a changed file,
a new version of the tool or of Python reads again. Deleting the folder is always safe.

The file is read back by an unpickler that builds only the tool's own record types and plain
values (never a function, never code): a damaged or planted file is merely not used.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from pathlib import Path

from macros.memory import released_memory
from macros.model import Document, Link, WikiLink, YamlProblem
from macros.tool_version import tool_fingerprint

FOLDER = Path(".cache") / "qualite"
FORMAT = 1
# Far above what a base makes (10,000 long documents: about 100 MB); past it the file is not read.
MAX_BYTES = 2 * 1024 * 1024 * 1024
_ALLOWED = {("macros.model", cls.__name__): cls for cls in (Document, YamlProblem, Link, WikiLink)}
_FIELDS = tuple(Document.__dataclass_fields__)

Signature = tuple[int, int, int, int]
RECENT_NS = 2_000_000_000


def signature(path: Path) -> Signature:
    """Size, modification and change times and inode: a file put back with its old date, or another
    file renamed in its place, has a new change time or inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1, -1, -1)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _document(state: dict) -> Document:
    """A document as `_Writer` wrote it."""
    if not isinstance(state, dict) or set(state) != set(_FIELDS) or not isinstance(state["body"], str):
        raise pickle.UnpicklingError("document mal formé")
    document = Document.__new__(Document)
    document.__dict__.update(state)
    return document


class _Writer(pickle.Pickler):
    """Each body written from a copy, and no memo: pickling a text keeps a UTF-8 copy inside it for
    as long as it lives, and the read's bodies would have stayed twice in memory through the rest
    of the build (75 MB at 10,000 long documents); the copy, and its UTF-8, go once written."""

    fast = True  # nothing shared nor circular in a read: no memo holding what was written

    def reducer_override(self, obj):
        if type(obj) is Document:
            state = obj.__getstate__()
            return (_document, ({**state, "body": "".join(("", state["body"], " "))[:-1]},))
        return NotImplemented


class _RecordsOnly(pickle.Unpickler):
    """Builds the tool's documents and plain values; any other class or function is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) == (__name__, "_document"):
            return _document
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} refusé") from None


def cache_path(project_root: Path, keep_body: bool) -> Path:
    """One file per kind of read (the site keeps bodies, the check does not), holding one base: a
    project that checks another base now and then reads it afresh, and the folder never grows."""
    return Path(project_root) / FOLDER / f"lecture-{'complete' if keep_body else 'controle'}.pickle"


def _usable(path: Path) -> bool:
    """No symbolic link on the way: the cache is never read from, nor written to, elsewhere."""
    return not any(p.is_symlink() for p in (path.parent.parent, path.parent, path))


def read_entries(path: Path, root: Path) -> dict[str, tuple[Signature, Document]]:
    """The documents of the last read of the base at `root` by path, or nothing when the file is
    absent, damaged, planted, of another base or made by another version of the tool."""
    try:
        if not _usable(path) or path.stat().st_size > MAX_BYTES:
            return {}
        with open(path, "rb") as file:
            stored = _RecordsOnly(file).load()
    except Exception:  # noqa: BLE001 — whatever is wrong with it, the base is read afresh
        return {}
    if not isinstance(stored, tuple) or len(stored) != 4 or stored[:3] != (FORMAT, tool_fingerprint(), str(root)):
        return {}
    entries = stored[3]
    if not isinstance(entries, dict):
        return {}
    return {
        relative: entry
        for relative, entry in entries.items()
        if isinstance(relative, str)
        and isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[1], Document)
        and entry[1].path == relative
    }


def write_entries(path: Path, root: Path, entries: dict[str, tuple[Signature, Document]]) -> bool:
    """Written beside the last one then renamed, so that a killed command leaves the old file or
    the new one, never half of one; False when the project folder cannot hold it (the command is
    not failed for that). A file modified in the last seconds is left out: a second change within
    the same tick of the clock would keep its size and dates, and it is read again next time."""
    settled = time.time_ns() - RECENT_NS
    entries = {relative: entry for relative, entry in entries.items() if entry[0][1] < settled}
    if not entries:
        return False
    try:
        if not _usable(path):  # asked before making the folder: never one made elsewhere
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".lecture-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                _Writer(out, protocol=pickle.HIGHEST_PROTOCOL).dump((FORMAT, tool_fingerprint(), str(root), entries))
            os.replace(scratch, path)
            released_memory(collect=False)  # the copies written: not left on top of the build's peak
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
