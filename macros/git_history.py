"""The git changes of each file of the base, from ONE `git log` for the whole base.

Bases hold 10,000 files: one call per file would take minutes. The base may also be a plain
folder on a share, git may be missing or the clone shallow: then there is less history or none,
never an error. No MkDocs here: the site only reads what this returns.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

PER_FILE = 10
TIMEOUT_SECONDS = 60
# Settings of the calling shell that would point git at another repository.
_GIT_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES")
# A repository's own configuration is written by whoever can write the share: none of its settings
# may run a program while we read the log (signature checks, fsmonitor, hooks, pagers, textconv).
_SAFE_OPTIONS = (
    "-c", "log.showSignature=false",
    "-c", "gpg.program=false",
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.pager=cat",
    "-c", "diff.external=",
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One commit that touched a file."""

    date: dt.date
    author: str
    message: str


History = dict[str, tuple[Change, ...]]


def read_history(folder: Path, per_file: int = PER_FILE, timeout: float = TIMEOUT_SECONDS) -> History:
    """Path relative to `folder` (with `/`) → its last `per_file` changes, newest first; {} on any failure.

    Commits and fields are separated by markers drawn at random for this call: a commit message that
    holds the separators cannot make up rows of history."""
    token = secrets.token_hex(8)
    commit, field = f"\x1e{token}", f"\x1f{token}"
    output = run_git(
        folder,
        [
            "-c",
            "core.quotepath=off",
            "log",
            "--relative",
            "--name-only",
            "--no-renames",
            "-z",
            "--no-show-signature",
            f"--format={commit}%aI{field}%an{field}%s",
            "--",
            ".",
        ],
        timeout,
    )
    return parse_log(output or "", per_file, commit, field)


def head_commit(folder: Path) -> str | None:
    """The commit checked out in the work tree holding `folder`, or None outside git."""
    return (run_git(folder, ["rev-parse", "--verify", "--quiet", "HEAD"], 10) or "").strip() or None


def parse_log(output: str, per_file: int = PER_FILE, commit: str = "\x1e", field: str = "\x1f") -> History:
    """Read `git log -z --name-only` in the format above; a malformed commit is skipped."""
    history: dict[str, list[Change]] = {}
    for chunk in output.split(commit)[1:]:
        header, _, names = chunk.partition("\0")
        parts = header.split(field, 2)
        if len(parts) != 3:
            continue
        try:
            day = dt.date.fromisoformat(parts[0][:10])
        except ValueError:
            continue
        change = Change(day, parts[1].strip(), parts[2].strip())
        for name in names.split("\0"):
            name = name.strip("\n")
            if name:
                changes = history.setdefault(name, [])
                if len(changes) < per_file:
                    changes.append(change)
    return {path: tuple(changes) for path, changes in history.items()}


def run_git(folder: Path, arguments: list[str], timeout: float) -> str | None:
    """Git's output in `folder`, read with settings that run nothing; None on any failure or refusal."""
    if (Path(folder) / ".git").exists():  # a repository kept inside the base (its own, or `gitdir:` /
        return None  # `commondir` pointing elsewhere) is written by whoever writes the share: not read
    environment = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARIABLES}
    environment["GIT_OPTIONAL_LOCKS"] = "0"  # reading only: never take the index lock of a work tree in use
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    try:
        result = subprocess.run(
            ["git", *_SAFE_OPTIONS, *arguments],
            cwd=folder,
            env=environment,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # git missing, folder gone, too slow
        return None
    if result.returncode != 0:  # not a repository, no commit yet, repository not trusted...
        return None
    return result.stdout.decode("utf-8", errors="replace")


class GitHistoryCache:
    """The base's history, read lazily at most once per build, and again only when HEAD has moved.

    `mkdocs serve` rebuilds after every save; committing is what changes the history, so an
    unchanged HEAD means the last reading still holds.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._head: str | None = None
        self._history: History = {}
        self._fresh = False

    def new_build(self, folder: Path) -> None:
        if folder != self._folder:
            self._folder, self._head, self._history = folder, None, {}
        self._fresh = False

    def changes(self, path: str) -> tuple[Change, ...]:
        if not self._fresh and self._folder is not None:
            head = head_commit(self._folder)
            if head is None:
                self._history = {}
            elif head != self._head:
                self._history = read_history(self._folder)
            self._head, self._fresh = head, True
        return self._history.get(path, ())
