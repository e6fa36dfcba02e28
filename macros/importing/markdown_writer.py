"""The few blocks a Word or LibreOffice document is made of, and their Markdown.

Both readers produce these blocks, so that the Markdown is written in one place: headings,
paragraphs of runs, lists, tables, images. Anything else a word processor knows is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # external address (http, https, mailto) only


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class ListItem:
    runs: tuple[Run, ...]
    level: int = 0
    ordered: bool = False


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]

    @property
    def ordered(self) -> bool:
        return self.items[0].ordered


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Image:
    """A picture of the document; `path` is set once the importer has chosen the file's name."""

    data: bytes = field(repr=False)
    extension: str
    path: str = ""


Block = Heading | Paragraph | ListBlock | Table | Image


@dataclass(frozen=True)
class SourceDocument:
    """What a reader found in a file: its blocks and the properties the front-matter can use."""

    blocks: tuple[Block, ...]
    title: str | None = None
    created: dt.date | None = None
    modified: dt.date | None = None
    header_text: str = ""  # the page headers, where services usually write the reference


# Characters that would turn text into Markdown syntax; a word processor's text is only text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)(#|[>+=-](?=\s|$)|\d+[.)](?=\s|$))")
_INDENT = "    "  # Python-Markdown nests a list item only under four spaces
# Without something between them, Python-Markdown reads a bullet list and a numbered one as one list.
_LIST_SEPARATOR = "<!-- -->"


def to_markdown(blocks: list[Block]) -> str:
    """The body of the Markdown document, blocks separated by a blank line."""
    parts, previous = [], None
    for block in blocks:
        text = _block(block)
        if not text:
            continue
        if isinstance(block, ListBlock) and isinstance(previous, ListBlock):
            parts.append(_LIST_SEPARATOR)
        parts.append(text)
        previous = block
    return "\n\n".join(parts) + "\n" if parts else ""


def group_list_items(blocks: list[Block | ListItem]) -> list[Block]:
    """Consecutive list paragraphs become one list; a change of kind at the top level starts another."""
    grouped: list[Block] = []
    for block in blocks:
        if not isinstance(block, ListItem):
            grouped.append(block)
            continue
        previous = grouped[-1] if grouped else None
        if isinstance(previous, ListBlock) and (block.level > 0 or previous.ordered == block.ordered):
            grouped[-1] = ListBlock(previous.items + (block,))
        else:
            grouped.append(ListBlock((block,)))
    return grouped


def plain_text(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs).strip()


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        text = " ".join(block.text.split())
        return f"{'#' * min(max(block.level, 1), 6)} {_escape(text)}" if text else ""
    if isinstance(block, Paragraph):
        return _escape_line_start(_runs(block.runs))
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        return f"![]({block.path})" if block.path else ""
    raise TypeError(block)


def _runs(runs: tuple[Run, ...]) -> str:
    """Runs with the same look merged, then marked; spaces kept outside `**` so that it still renders."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (run.bold, run.italic, run.link):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.link)
        else:
            merged.append(run)
    pieces = []
    for run in merged:
        text = _escape(run.text)
        core = text.strip()
        if not core:
            pieces.append(text)
            continue
        marker = ("**" if run.bold else "") + ("_" if run.italic else "")
        marked = f"{marker}{core}{marker[::-1]}"
        if run.link:
            marked = f"[{marked}]({_url(run.link)})"
        leading, trailing = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        pieces.append(leading + marked + trailing)
    text = re.sub(r"[ \t]+", " ", "".join(pieces)).strip()
    return re.sub(r" ?\n ?", "  \n", text)  # a line break inside a paragraph stays one


def _url(address: str) -> str:
    """An address that cannot end the Markdown link early: spaces and parentheses percent-encoded."""
    return address.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _escape(text: str) -> str:
    """Backslash-escape Markdown's inline marks; `<` has no backslash escape in Python-Markdown: `&lt;`."""
    return _INLINE_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _escape_line_start(text: str) -> str:
    """A paragraph that starts with `#`, `-` or `1.` would become a heading or a list."""
    return "\n".join(
        _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), line) for line in text.split("\n")
    )


def _list(block: ListBlock) -> str:
    """Items indented by level; a level never jumps by more than one, or the item would become code."""
    lines, numbers, previous = [], {}, -1
    for item in block.items:
        level = min(item.level, previous + 1)
        previous = level
        numbers = {depth: n for depth, n in numbers.items() if depth <= level}
        numbers[level] = numbers.get(level, 0) + 1
        marker = f"{numbers[level]}." if item.ordered else "-"
        text = _escape_line_start(_runs(item.runs)).replace("  \n", "  \n" + _INDENT * (level + 1))
        lines.append(f"{_INDENT * level}{marker} {text}".rstrip())
    return "\n".join(lines)


def _table(block: Table) -> str:
    rows = [row for row in block.rows if any(cell.strip() for cell in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    cells = [[_cell(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """One line per cell: paragraphs joined by `<br>`, pipes escaped."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "<br>".join(_escape(line).replace("|", "\\|") for line in lines if line)
