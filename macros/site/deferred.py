"""Large HTML blocks made by macros, kept out of Markdown's way.

A register of 10,000 rows inserted into a page's Markdown is parsed again by Python-Markdown and
MkDocs (two HTML parsers over megabytes). The macro leaves a placeholder instead, and the block
is put back into the page once Markdown has rendered it.
"""

from __future__ import annotations

import itertools
import re

_PLACEHOLDER = re.compile(r'<div class="qd-deferred" data-qd-block="(\d+)"></div>')


class DeferredBlocks:
    def __init__(self) -> None:
        self._blocks: dict[str, str] = {}
        self._numbers = itertools.count(1)

    def placeholder(self, html: str) -> str:
        number = str(next(self._numbers))
        self._blocks[number] = html
        return f'\n\n<div class="qd-deferred" data-qd-block="{number}"></div>\n\n'

    def restore(self, html: str) -> str:
        if "qd-deferred" not in html:
            return html
        return _PLACEHOLDER.sub(lambda match: self._blocks.pop(match.group(1), ""), html)

    def defer_long_lines(self, markdown_text: str, threshold: int = 2000) -> str:
        """Generated pages write each large table as one line of HTML: keep those lines out of Markdown."""
        if len(markdown_text) < threshold:
            return markdown_text
        lines = markdown_text.split("\n")
        for index, line in enumerate(lines):
            if len(line) > threshold and line.startswith("<") and line.endswith(">"):
                lines[index] = self.placeholder(line)
        return "\n".join(lines)
