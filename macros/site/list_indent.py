"""Nested lists as Obsidian, Typora and CommonMark write them: two spaces, three, or a tab per level.

Python-Markdown nests a list only under four spaces; a base written elsewhere would see its
sub-lists flattened. Each list line is re-indented to four spaces per level, the level found the
way their authors see it (an item is inside the previous one when it is indented more than that
item's marker, by however many spaces), before the block parser runs. Fenced code and HTML blocks
are already set aside by then.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)(?=\S)")
_TAB = 4


def _width(leading: str) -> int:
    column = 0
    for character in leading:
        column = column + _TAB - column % _TAB if character == "\t" else column + 1
    return column


def normalised_lists(lines: list[str]) -> list[str]:
    """`lines` with every list item and its continuation lines at four spaces per level."""
    out: list[str] = []
    markers: list[int] = []  # the column of each open item's marker, outermost first
    content_columns: list[int] = []  # where the text of each open item starts
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        item = _ITEM.match(line)
        indent = _width(line[: len(line) - len(line.lstrip(" \t"))])
        if item:
            while markers and indent <= markers[-1]:
                markers.pop()
                content_columns.pop()
            marker = item.group(2)
            gap = _width(item.group(1) + marker + item.group(3)) - indent - len(marker)
            out.append(" " * (_TAB * len(content_columns)) + marker + " " * max(1, gap) + line[item.end() :])
            markers.append(indent)
            content_columns.append(indent + len(marker) + max(1, gap))
        elif indent == 0:
            markers.clear()  # a paragraph at the margin ends the lists
            content_columns.clear()
            out.append(line)
        else:
            out.append(_continuation(line, indent, markers, content_columns))
    return out


def _continuation(line: str, indent: int, markers: list[int], content_columns: list[int]) -> str:
    """A line inside an item: at its item's new text column, keeping any extra indent (code blocks)."""
    owners = [level for level, column in enumerate(markers) if column < indent]
    if not owners:
        return line  # a lazy continuation: Markdown reads it as part of the paragraph above
    level = owners[-1]
    extra = max(0, indent - content_columns[level])
    return " " * (_TAB * (level + 1) + extra) + line.lstrip(" \t")


_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_ORDERED_START = re.compile(r"([ \t]*)(\d{1,9})([.)])(?=[ \t])")


def numbers_not_lists(lines: list[str]) -> list[str]:
    """A line of a paragraph that starts with a number and a dot (`2026. Il a…`) stays text: an
    ordered list interrupts a paragraph only when it starts at 1 (CommonMark), and a sentence cut
    after a year is not a list of 2026 items."""
    out: list[str] = []
    previous, fence = "", None
    for line in lines:
        marker = _FENCE.match(line)
        if marker and (fence is None or marker.group(1).startswith(fence)):
            fence = marker.group(1)[:3] if fence is None else None  # this runs before fenced code is set aside
        if fence is not None or marker:
            out.append(line)
            previous = ""
            continue
        start = _ORDERED_START.match(line)
        in_paragraph = previous.strip() and not _ITEM.match(previous)
        if start and in_paragraph and start.group(2) != "1":
            line = f"{start.group(1)}{start.group(2)}\\{start.group(3)}{line[start.end() :]}"
        out.append(line)
        previous = line
    return out


class _NumbersNotListsPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return numbers_not_lists(lines) if any(_ORDERED_START.match(line) for line in lines) else lines


class _ListIndentPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any(_ITEM.match(line) for line in lines):
            return lines
        return normalised_lists(lines)


class ListIndentExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After fenced code (25) and raw HTML blocks (20) are stashed, before the block parser.
        md.preprocessors.register(_ListIndentPreprocessor(md), "qualite_list_indent", 15)
        # mdx_breakless_lists (27) runs before fenced code is set aside (25) and adds blank lines inside
        # code: it is moved after it (24); numbered lines are kept as text just before it (24.5).
        if "breakless_lists" in md.preprocessors:
            breakless = md.preprocessors["breakless_lists"]
            md.preprocessors.deregister("breakless_lists")
            md.preprocessors.register(breakless, "breakless_lists", 24)
        md.preprocessors.register(_NumbersNotListsPreprocessor(md), "qualite_numbers_not_lists", 24.5)


def makeExtension(**kwargs) -> ListIndentExtension:  # noqa: N802 (Python-Markdown's entry point)
    return ListIndentExtension(**kwargs)
