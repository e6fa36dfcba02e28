"""MkDocs files and pages of the base's documents.

MkDocs builds a new Markdown converter for every page and runs extra passes over its text (raw
HTML parse, anchor and link tree walks); on a base of 2,000 documents that was a tenth of the
build. Document pages are written by us with final links, so one shared converter per process
renders them, in the worker processes of `body_pool`, and each page takes its body from there.
"""

from __future__ import annotations

import re

import markdown
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from macros.site.body_pool import BodyConversions

_ID = re.compile(r'\bid="([^"]+)"')


class CachedFile(File):
    """A page the plugin makes; under `--dirty` rebuilt only when its inputs changed: its document's
    (`serve`), its page's key (`build`, see `build_cache`)."""

    rebuild: bool = True

    def is_modified(self) -> bool:
        return self.rebuild


class DocumentFile(CachedFile):
    """A document's page source."""


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


class Anchors:
    """The ids of a written page, which MkDocs keeps for every page until the end of the build to
    check the links aimed at them: one text instead of a set (10,000 long documents: 20 MB less)."""

    __slots__ = ("_text",)

    def __init__(self, ids) -> None:
        self._text = "\0" + "\0".join(ids) + "\0"

    def __contains__(self, anchor: object) -> bool:
        return isinstance(anchor, str) and bool(anchor) and "\0" not in anchor and f"\0{anchor}\0" in self._text


class DocumentPage(Page):
    """A document's page, whose body was converted with the others (see `body_pool`): its content is
    the finished body, and its search entries are ready, once `take_body` has been called."""

    conversions: BodyConversions | None = None
    search_sections: list = []
    body_key = ""

    def render(self, config, files) -> None:
        """MkDocs renders every page before it writes the first: the body is only taken when the page
        is written (`take_body`), so that 10,000 bodies' HTML never waits in memory together."""
        self.content = ""

    def take_body(self) -> None:
        converted = self.conversions.get(self.file.src_uri)
        self.content = converted.html
        self.toc = get_toc(converted.toc_tokens)
        self.search_sections = converted.sections
        self.body_key = converted.key
        self.present_anchor_ids = Anchors(_ID.findall(converted.html))
        self.links_to_anchors = {}
