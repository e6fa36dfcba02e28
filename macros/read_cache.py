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

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from macros.frontmatter import MAX_VALUES
from macros.memory import released_memory
from macros.model import UNREADABLE, Document, Link, WikiLink, YamlProblem
from macros.own_files import CACHE_FOLDER, open_own_file, own_folder
from macros.tool_version import tool_fingerprint

FORMAT = 2
# Far above what a base makes (10,000 long documents: about 100 MB); past it the file is not read.
MAX_BYTES = 2 * 1024 * 1024 * 1024
_RECORDS = {("macros.model", cls.__name__): cls for cls in (YamlProblem, Link, WikiLink)}
_FIELDS = tuple(Document.__dataclass_fields__)
# Windows' st_ctime is the file's creation time, not its last change: there the signature also
# holds a digest of the bytes, or an edit that puts back the old date and size would go unseen.
CHANGE_TIME_KNOWN = os.name != "nt"

Signature = tuple
# A file changed this little before the command looked at it is not kept: a second write within
# the same tick of the clock (1 or 2 s on FAT, exFAT, some shares) keeps its size and dates.
RECENT_NS = 3_000_000_000


def signature(path: Path) -> Signature:
    """Size, modification and change times and inode: a file put back with its old date, or another
    file renamed in its place, has a new change time or inode."""
    try:
        status = os.stat(path)
        if not CHANGE_TIME_KNOWN:
            with open(path, "rb") as file:
                content = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
        else:
            content = ""
    except OSError:
        return (-1, -1, -1, -1, "")
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, content)


def _checked(value, kind, optional: bool = False):
    if (value is None and optional) or isinstance(value, kind):
        return value
    raise pickle.UnpicklingError("document mal formé")


def _yaml_like(value, budget: list[int]) -> None:
    """Text, lists and mappings of text, as the header parse makes them, within its bounds."""
    budget[0] -= 1
    if budget[0] < 0:
        raise pickle.UnpicklingError("en-tête trop grand")
    if isinstance(value, list):
        for item in value:
            _yaml_like(item, budget)
    elif isinstance(value, dict):
        for key, item in value.items():
            _yaml_like(key, budget)
            _yaml_like(item, budget)
    elif not isinstance(value, str) and value is not None:
        raise pickle.UnpicklingError("valeur d'en-tête inattendue")


def _document(state: dict) -> Document:
    """A document as `_Writer` wrote it, each field of the type the parse gives it."""
    if not isinstance(state, dict) or set(state) != set(_FIELDS):
        raise pickle.UnpicklingError("document mal formé")
    for name in ("path", "encoding", "body"):
        _checked(state[name], str)
    for name in ("heading", "body_problem", "fingerprint"):
        _checked(state[name], str, optional=True)
    _checked(state["has_front_matter"], bool)
    _checked(state["body_line"], int)
    _checked(state["yaml_problem"], YamlProblem, optional=True)
    _checked(state["fields"], dict)
    _yaml_like(state["fields"], [MAX_VALUES])
    if not all(isinstance(k, str) and type(v) is int for k, v in _checked(state["lines"], dict).items()):
        raise pickle.UnpicklingError("lignes mal formées")
    if not all(isinstance(link, Link) for link in _checked(state["links"], tuple)):
        raise pickle.UnpicklingError("liens mal formés")
    if not all(isinstance(link, WikiLink) for link in _checked(state["wikilinks"], tuple)):
        raise pickle.UnpicklingError("liens mal formés")
    for item in _checked(state["personal_data"], tuple):
        if not (isinstance(item, tuple) and len(item) == 3 and type(item[0]) is int and isinstance(item[1], str)):
            raise pickle.UnpicklingError("données personnelles mal formées")
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
    """Builds the tool's records and plain values, documents only through `_document`; any other
    class or function is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) == (__name__, "_document"):
            return _document
        try:
            return _RECORDS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} refusé") from None


def cache_path(project_root: Path, keep_body: bool) -> Path:
    """One file per kind of read (the site keeps bodies, the check does not), holding one base: a
    project that checks another base now and then reads it afresh, and the folder never grows."""
    return Path(project_root) / CACHE_FOLDER / f"lecture-{'complete' if keep_body else 'controle'}.pickle"


def read_entries(path: Path, root: Path) -> dict[str, tuple[Signature, Document]]:
    """The documents of the last read of the base at `root` by path, or nothing when the file is
    absent, damaged, planted, someone else's, of another base or made by another version of the tool."""
    if path.parent.is_symlink() or path.parent.parent.is_symlink():
        return {}
    file = open_own_file(path)
    if file is None:
        return {}
    try:
        with file:
            if os.fstat(file.fileno()).st_size > MAX_BYTES:
                return {}
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
        and isinstance(entry[0], tuple)
        and isinstance(entry[1], Document)
        and entry[1].path == relative
    }


def write_entries(path: Path, root: Path, entries: dict[str, tuple[Signature, Document]], looked_at_ns: int) -> bool:
    """Written beside the last one then renamed, so that a killed command leaves the old file or
    the new one, never half of one; False when the project folder cannot hold it (the command is
    not failed for that). Left out: a file modified or changed within `RECENT_NS` of
    `looked_at_ns` (when its signature was taken), and a file that could not be read (a share's
    hiccup, a lock): both are read again next time."""
    settled = looked_at_ns - RECENT_NS
    entries = {
        relative: entry
        for relative, entry in entries.items()
        if max(entry[0][1], entry[0][2]) < settled and entry[1].encoding != UNREADABLE
    }
    if not entries or not own_folder(path.parent):
        return False
    try:
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".lecture-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            _Writer(out, protocol=pickle.HIGHEST_PROTOCOL).dump((FORMAT, tool_fingerprint(), str(root), entries))
        os.replace(scratch, path)
    except Exception:  # noqa: BLE001 — a full disk, a value too deep to write: no cache, never a failed command
        Path(scratch).unlink(missing_ok=True)
        return False
    finally:
        released_memory(collect=False)  # the copies written: not left on top of the build's peak
    return True
