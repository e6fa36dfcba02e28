"""Read the whole base once into `Document`s: every Markdown file, whatever is wrong with it."""

from __future__ import annotations

import os
from pathlib import Path

from macros.decoding import decode
from macros.frontmatter import split_front_matter
from macros.markdown_text import first_heading, relative_links
from macros.model import Base, Document

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIPPED_DIRECTORIES = {".git"}
UNREADABLE = "illisible"


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


def read_document(root: Path, relative: str) -> Document:
    """Parse one file; an unreadable file is still a document, flagged as such by the checks."""
    path = root / relative
    try:
        text, encoding = decode(path.read_bytes())
    except OSError:
        return Document(relative, path, UNREADABLE, False, None, {}, {})
    split = split_front_matter(text)
    return Document(
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


def load_base(root: Path) -> Base:
    """The parsed base. Raises `FileNotFoundError` only when the base folder itself is missing."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"le dossier de la base documentaire n'existe pas : {root}")
    markdown, others = base_files(root)
    return Base(root, tuple(read_document(root, relative) for relative in markdown), tuple(others))
