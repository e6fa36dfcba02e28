"""MkDocs files and pages of the base's documents.

MkDocs builds a new Markdown converter for every page and runs extra passes over its text (raw
HTML parse, anchor and link tree walks); on a base of 2,000 documents that was a tenth of the
build. Document pages are written by us with final links, so one shared converter renders them.
"""

from __future__ import annotations

import re

import markdown
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from macros.site.html import escape

_ID = re.compile(r'\bid="([^"]+)"')


class DocumentFile(File):
    """A document's page source; under `mkdocs serve --dirty` rebuilt only when its document changed."""

    rebuild: bool = True

    def is_modified(self) -> bool:
        return self.rebuild


class SharedConverter:
    """One Markdown converter with the site's extensions, reset between documents."""

    def __init__(self, config) -> None:
        self._markdown = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )

    def convert(self, text: str) -> tuple[str, list]:
        converter = self._markdown.reset()
        html = converter.convert(text)
        return html, getattr(converter, "toc_tokens", [])


class DocumentPage(Page):
    """A document's page, rendered by the shared converter instead of a converter of its own."""

    converter: SharedConverter | None = None

    def render(self, config, files) -> None:
        try:
            html, toc_tokens = self.converter.convert(self.markdown)
        except RecursionError:  # nesting the bounds of `body_problem` did not foresee: plain text, no abort
            html, toc_tokens = f'<pre class="qd-plain">{escape(self.markdown)}</pre>', []
        self.content = html
        self.toc = get_toc(toc_tokens)
        self.present_anchor_ids = set(_ID.findall(html))
        self.links_to_anchors = {}
