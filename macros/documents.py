"""Read the whole base once into `Document`s: every Markdown file, whatever is wrong with it.

Large bases are parsed on every core; a `ParseCache` keeps documents whose file did not change,
so that `mkdocs serve` re-reads only what was edited.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from macros.decoding import decode
from macros.fingerprint import content_fingerprint
from macros.frontmatter import split_front_matter
from macros.markdown_text import first_heading, relative_links
from macros.model import Base, Document
from macros.personal_data import scan_file_text

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIPPED_DIRECTORIES = {".git"}
UNREADABLE = "illisible"
# Files a browser would run if opened from the site: never published, flagged instead.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".svg", ".js", ".mjs")
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 1500


def base_files(root: Path) -> tuple[list[str], list[str]]:
    """(Markdown files, other files) under `root`, as sorted relative paths with `/`."""
    markdown, others = [], []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in _SKIPPED_DIRECTORIES]
        prefix = Path(directory).relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            (markdown if name.lower().endswith(MARKDOWN_SUFFIXES) else others).append(prefix + name)
    return sorted(markdown), sorted(others)


def is_active_content(relative: str) -> bool:
    return relative.lower().endswith(ACTIVE_SUFFIXES)


def read_document(root: Path, relative: str, keep_body: bool = True) -> Document:
    """Parse one file; an unreadable file is still a document, flagged as such by the checks.

    `keep_body=False` (the command-line check) drops the body once everything the checks need
    from it is computed: heading, links, personal data, fingerprint. Bodies are most of what the
    worker processes would otherwise send back.
    """
    path = root / relative
    try:
        text, encoding = decode(path.read_bytes())
    except OSError:
        return Document(relative, UNREADABLE, False, None, {}, {})
    split = split_front_matter(text)
    document = Document(
        path=relative,
        encoding=encoding,
        has_front_matter=split.has_front_matter,
        yaml_problem=split.problem,
        fields=split.fields,
        lines=split.lines,
        body=split.body,
        body_line=split.body_line,
        heading=first_heading(split.body),
        links=relative_links(split.body, split.body_line),
        personal_data=scan_file_text(text),
    )
    document.text("reference")  # fills the field cache here, in the worker process when there is one
    if "empreinte" in document.fields:
        content_fingerprint(document)
    if not keep_body:
        object.__setattr__(document, "body", "")
    return document


def _read_chunk(root: Path, relatives: list[str], keep_body: bool = True) -> list[Document]:
    return [read_document(root, relative, keep_body) for relative in relatives]


def _read_all(root: Path, relatives: list[str], keep_body: bool = True) -> list[Document]:
    workers = min(os.cpu_count() or 1, 8)
    if len(relatives) < PARALLEL_THRESHOLD or workers < 2:
        return _read_chunk(root, relatives, keep_body)
    size = -(-len(relatives) // (workers * 4))
    chunks = [relatives[i : i + size] for i in range(0, len(relatives), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            flags = [keep_body] * len(chunks)
            return [d for chunk in pool.map(_read_chunk, [root] * len(chunks), chunks, flags) for d in chunk]
    except (OSError, RuntimeError):  # no process pool on this system: one core it is
        return _read_chunk(root, relatives, keep_body)


class ParseCache:
    """Documents by path with the (mtime, size) of the file they were read from."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], Document]] = {}
        self.changed: frozenset[str] = frozenset()

    def load(self, root: Path, relatives: list[str]) -> list[Document]:
        signatures = {}
        for relative in relatives:
            try:
                stat = os.stat(root / relative)
                signatures[relative] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                signatures[relative] = (-1, -1)
        stale = [r for r in relatives if r not in self._entries or self._entries[r][0] != signatures[r]]
        fresh = dict(zip(stale, _read_all(root, stale), strict=True))
        self._entries = {r: (signatures[r], fresh.get(r) or self._entries[r][1]) for r in relatives}
        self.changed = frozenset(stale)
        return [self._entries[r][1] for r in relatives]


def load_base(root: Path, cache: ParseCache | None = None, keep_bodies: bool = True) -> Base:
    """The parsed base. Raises `FileNotFoundError` only when the base folder itself is missing.

    `keep_bodies=False` is for the command-line check, which reports on documents but shows none.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"le dossier de la base documentaire n'existe pas : {root}")
    markdown, others = base_files(root)
    documents = cache.load(root, markdown) if cache is not None else _read_all(root, markdown, keep_bodies)
    return Base(root, tuple(documents), tuple(others))
