"""Read the whole base once into `Document`s: every Markdown file, whatever is wrong with it.

Large bases are parsed on every core; a `ParseCache` keeps documents whose file did not change,
so that `mkdocs serve` re-reads only what was edited.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pathspec

from macros.decoding import decode
from macros.fingerprint import fingerprint
from macros.frontmatter import split_front_matter
from macros.markdown_text import body_problem, first_heading, relative_links, wikilinks
from macros.model import UNREADABLE, Base, Document
from macros.personal_data import scan_file_text
from macros.read_cache import Signature, read_entries, signature, write_entries

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Never part of the base: what editors and version control keep beside it, and the templates.
DEFAULT_EXCLUSIONS = (".*", "modeles/", "Modèles/")
# Files a browser would run if opened from the site: never published, flagged instead.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".svg", ".svgz", ".js", ".mjs")
# A larger file is not read at all: bounded memory whatever lands in the base.
MAX_FILE_BYTES = 5_000_000
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 1500


@dataclass(frozen=True)
class BaseFiles:
    """What a walk of the base found: files to read, and links that are not followed, with why."""

    markdown: list[str]
    others: list[str]
    refused_links: list[tuple[str, str]]


def exclusion(patterns: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """Whether a path of the base (with `/`, folders ending in `/`) is left out: dot-folders and
    dot-files (`.obsidian/`, `.trash/`), the templates' folder `modeles/`, and the `exclure:` patterns
    of qualite.yml, written as in a `.gitignore` (the `pathspec` library reads them)."""
    spec = pathspec.PathSpec.from_lines("gitignore", [*DEFAULT_EXCLUSIONS, *patterns])
    return spec.match_file


def base_files(root: Path, excluded: Callable[[str], bool] | None = None) -> BaseFiles:
    """Files under `root` as sorted relative paths with `/`; symbolic links are followed only to a
    regular file inside the base, so that nothing outside it is ever read or published."""
    markdown, others, refused = [], [], []
    excluded = excluded or exclusion()
    real_root = os.path.realpath(root)
    for directory, subdirectories, files in os.walk(root):  # never descends into linked folders
        prefix = Path(directory).relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        kept = []
        for name in subdirectories:
            if excluded(f"{prefix}{name}/"):
                continue
            if os.path.islink(os.path.join(directory, name)):
                refused.append((prefix + name, "un dossier"))
            else:
                kept.append(name)
        subdirectories[:] = kept
        for name in files:
            if excluded(prefix + name):
                continue
            path = os.path.join(directory, name)
            problem = _link_problem(path, real_root) if os.path.islink(path) else None
            if problem:
                refused.append((prefix + name, problem))
            else:
                (markdown if name.lower().endswith(MARKDOWN_SUFFIXES) else others).append(prefix + name)
    return BaseFiles(sorted(markdown), sorted(others), sorted(refused))


def _link_problem(path: str, real_root: str) -> str | None:
    """Why a symbolic link is not followed, or None for a link to a regular file of the base."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError:  # dangling, or a loop of links
        return "une cible absente ou une boucle de liens"
    if os.path.commonpath([target, real_root]) != real_root:
        return "un fichier hors de la base"
    if not os.path.isfile(target):
        return "un élément qui n'est pas un fichier"
    return None


def is_active_content(relative: str) -> bool:
    return relative.lower().endswith(ACTIVE_SUFFIXES)


OPENING_LINES, OPENING_CHARACTERS = 40, 2_000


def _opening_lines(body: str, has_front_matter: bool) -> str:
    """The start of a body, enough for the checks that look at where it begins: a header that lost
    its opening `---` (no header), a header pasted twice (a body that starts with `---`); nothing
    for the others, most of a base."""
    if has_front_matter and not body.lstrip("\n").startswith("---"):
        return ""
    head = body[:OPENING_CHARACTERS]
    return "\n".join(head.split("\n", OPENING_LINES)[:OPENING_LINES])


def read_document(root: Path, relative: str, keep_body: bool = True) -> Document:
    """Parse one file; an unreadable file is still a document, flagged as such by the checks.

    `keep_body=False` (the command-line check) keeps only what the checks need of the body: its
    first lines (a header that lost its opening `---`, a second header block), heading, links,
    personal data, fingerprint. Bodies are most of what the worker processes would otherwise send back.
    """
    path = root / relative
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            why = f"fichier de {size / 1_000_000:.0f} Mo, au-delà de {MAX_FILE_BYTES // 1_000_000} Mo, ni lu ni affiché"
            return Document(relative, "utf-8", False, None, {}, {}, body_problem=why)
        text, encoding = decode(path.read_bytes())
    except OSError:
        return Document(relative, UNREADABLE, False, None, {}, {})
    split = split_front_matter(text)
    return Document(
        path=relative,
        encoding=encoding,
        has_front_matter=split.has_front_matter,
        yaml_problem=split.problem,
        fields=split.fields,
        lines=split.lines,
        body=split.body if keep_body else _opening_lines(split.body, split.has_front_matter),
        body_line=split.body_line,
        heading=first_heading(split.body),
        links=relative_links(split.body, split.body_line),
        wikilinks=wikilinks(split.body, split.body_line),
        personal_data=scan_file_text(text),
        body_problem=body_problem(split.body),
        fingerprint=fingerprint(split.fields, split.body) if "empreinte" in split.fields else None,
    )


def _read_chunk(root: Path, relatives: list[str], keep_body: bool = True) -> list[Document]:
    return [read_document(root, relative, keep_body) for relative in relatives]


def _read_all(root: Path, relatives: list[str], keep_body: bool = True) -> list[Document]:
    workers = min(os.cpu_count() or 1, 8)
    if len(relatives) < PARALLEL_THRESHOLD or workers < 2:
        return _read_chunk(root, relatives, keep_body)
    size = -(-len(relatives) // (workers * 4))
    chunks = [relatives[i : i + size] for i in range(0, len(relatives), size)]
    from concurrent.futures import ProcessPoolExecutor  # a check that reads nothing again never starts one

    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            flags = [keep_body] * len(chunks)
            return [d for chunk in pool.map(_read_chunk, [root] * len(chunks), chunks, flags) for d in chunk]
    except (OSError, RuntimeError):  # no process pool on this system: one core it is
        return _read_chunk(root, relatives, keep_body)


class ParseCache:
    """Documents by path with the signature (size, dates, inode) of the file they were read from.

    `store`: a file of `macros.read_cache` where the last read is kept between commands, read at
    the first `load` and written again when a file changed.
    """

    def __init__(self, store: Path | None = None, keep_body: bool = True) -> None:
        self._entries: dict[str, tuple[Signature, Document]] = {}
        self.changed: frozenset[str] = frozenset()
        self.store, self.keep_body = store, keep_body
        self.read_back = True  # False: a complete build reads every file, and only writes the store
        self._store_read = False
        # Other readers' results by path, with the same signature (the text of PDF and office files).
        self.attachment_texts: dict[str, tuple[tuple[int, int], object]] = {}

    def load(self, root: Path, relatives: list[str]) -> list[Document]:
        if self.store is not None and not self._store_read:
            self._entries = read_entries(self.store, root) if self.read_back else {}
            self._store_read = True
        looked_at = time.time_ns()  # before the signatures: a file changed after is never kept as read
        signatures = {relative: signature(root / relative) for relative in relatives}
        stale = [r for r in relatives if r not in self._entries or self._entries[r][0] != signatures[r]]
        fresh = dict(zip(stale, _read_all(root, stale, self.keep_body), strict=True))
        gone = len(self._entries) - (len(relatives) - len(stale))
        self._entries = {r: (signatures[r], fresh.get(r) or self._entries[r][1]) for r in relatives}
        self.changed = frozenset(stale)
        if self.store is not None and (stale or gone):
            write_entries(self.store, root, self._entries, looked_at)
        return [self._entries[r][1] for r in relatives]


def load_base(
    root: Path, cache: ParseCache | None = None, keep_bodies: bool = True, excluded: tuple[str, ...] = ()
) -> Base:
    """The parsed base. Raises `FileNotFoundError` only when the base folder itself is missing.

    `keep_bodies=False` is for the command-line check, which reports on documents but shows none.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(
            f"le dossier de la base documentaire n'existe pas : {root} ; lancez la commande depuis le dossier du "
            "projet (celui de qualite.yml et mkdocs.yml), ou indiquez la base avec --base"
        )
    found = base_files(root, exclusion(excluded))
    markdown = found.markdown
    documents = cache.load(root, markdown) if cache is not None else _read_all(root, markdown, keep_bodies)
    return Base(root, tuple(documents), tuple(found.others), tuple(found.refused_links))
