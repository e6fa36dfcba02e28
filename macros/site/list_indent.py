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


class _ListIndentPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any(_ITEM.match(line) for line in lines):
            return lines
        return normalised_lists(lines)


class ListIndentExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After fenced code (25) and raw HTML blocks (20) are stashed, before the block parser.
        md.preprocessors.register(_ListIndentPreprocessor(md), "qualite_list_indent", 15)


def makeExtension(**kwargs) -> ListIndentExtension:  # noqa: N802 (Python-Markdown's entry point)
    return ListIndentExtension(**kwargs)
