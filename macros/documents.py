"""Read the whole base once into `Document`s: every Markdown file, whatever is wrong with it.

Large bases are parsed on every core; a `ParseCache` keeps documents whose file did not change,
so that `mkdocs serve` re-reads only what was edited.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from macros.decoding import decode
from macros.frontmatter import split_front_matter
from macros.markdown_text import first_heading, relative_links
from macros.model import Base, Document
from macros.personal_data import personal_data_candidates

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


def read_document(root: Path, relative: str) -> Document:
    """Parse one file; an unreadable file is still a document, flagged as such by the checks."""
    path = root / relative
    try:
        text, encoding = decode(path.read_bytes())
    except OSError:
        return Document(relative, path, UNREADABLE, False, None, {}, {})
    split = split_front_matter(text)
    document = Document(
        path=relative,
        abs_path=path,
        encoding=encoding,
        has_front_matter=split.has_front_matter,
        yaml_problem=split.problem,
        fields=split.fields,
        lines=split.lines,
        body=split.body,
        body_line=split.body_line,
        heading=first_heading(split.body),
        links=relative_links(split.body, split.body_line),
    )
    document.text("reference")  # fills the field cache here, in the worker process when there is one
    personal_data_candidates(document)  # likewise: the scan then runs in parallel and is cached with the parse
    return document


def _read_chunk(root: Path, relatives: list[str]) -> list[Document]:
    return [read_document(root, relative) for relative in relatives]


def _read_all(root: Path, relatives: list[str]) -> list[Document]:
    workers = min(os.cpu_count() or 1, 8)
    if len(relatives) < PARALLEL_THRESHOLD or workers < 2:
        return _read_chunk(root, relatives)
    size = -(-len(relatives) // (workers * 4))
    chunks = [relatives[i : i + size] for i in range(0, len(relatives), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [d for chunk in pool.map(_read_chunk, [root] * len(chunks), chunks) for d in chunk]
    except (OSError, RuntimeError):  # no process pool on this system: one core it is
        return _read_chunk(root, relatives)


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


def load_base(root: Path, cache: ParseCache | None = None) -> Base:
    """The parsed base. Raises `FileNotFoundError` only when the base folder itself is missing."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"le dossier de la base documentaire n'existe pas : {root}")
    markdown, others = base_files(root)
    documents = cache.load(root, markdown) if cache is not None else _read_all(root, markdown)
    return Base(root, tuple(documents), tuple(others))
