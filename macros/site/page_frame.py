"""Document pages spliced into one rendered frame per folder, instead of one theme render each.

Material's templates (header, navigation, search, footer, translations) cost as much as converting
a body, and they come out the same on every document page of one folder: none of them is in the
navigation, and their addresses are relative to the folder. The frame is rendered once with marker
values for what differs (title, table of contents, content, canonical address); each page is then
the frame with its own values put in place of the markers. A frame the markers do not account for
exactly (a theme change, a page in the navigation) is not used: the page is rendered in full.
"""

from __future__ import annotations

import posixpath
import re

from jinja2 import pass_context
from markupsafe import Markup, escape

TEMPLATE = "qd-document.html"  # the template of document pages: a call of `DocumentFrames.render`
_TITLE, _CONTENT, _CANONICAL, _TOC, _SKIP, _URL = (
    f"qdframe{name}mark" for name in ("title", "content", "canonical", "toc", "skip", "url")
)
_SKIP = "#" + _SKIP  # the skip link's address, the first entry's of the table of contents
_MARKER = re.compile(f"({_TITLE}|{_CONTENT}|{_CANONICAL}|{_TOC}|{_SKIP})")


class _MarkerTocItem:
    """A table of contents of one entry, whose rendering the frame's can be found by."""

    title = _TITLE
    url = _SKIP
    level = 2
    children: list = []
    typeset = None


class _MarkerPage:
    """The page as the frame is rendered: its own attributes, except the markers for what differs."""

    def __init__(self, page, has_h1: bool, has_toc: bool) -> None:
        self._page = page
        self.meta = {**page.meta, "title": _TITLE}
        self.title = _TITLE
        self.content = _CONTENT + ("<h1" if has_h1 else "")
        self.toc = [_MarkerTocItem()] if has_toc else []
        self.canonical_url = _CANONICAL if page.canonical_url else None
        self.url = posixpath.join(posixpath.dirname(page.url), _URL + ".html")
        self.abs_url = _URL if page.abs_url else None

    def __getattr__(self, name):
        return getattr(self._page, name)


class DocumentFrames:
    """The frames of one build, by folder and shape; `render` is the Jinja global of `TEMPLATE`."""

    def __init__(self) -> None:
        self._frames: dict[tuple, list | None] = {}
        self._toc_template = None

    @pass_context
    def render(self, context) -> Markup:
        page = context["page"]
        has_h1, has_toc = "<h1" in page.content, bool(page.toc)
        key = (posixpath.dirname(page.url), has_h1, has_toc, bool(page.canonical_url), page.edit_url)
        if key not in self._frames:
            self._frames[key] = self._frame(context, _MarkerPage(page, has_h1, has_toc))
        pieces = self._frames[key]
        if pieces is None:
            return Markup(context.environment.get_template("main.html").render(context.get_all()))
        values = {
            _CONTENT: page.content,
            _CANONICAL: page.canonical_url or "",
            "title-tag": str(escape(Markup(page.meta.get("title", "")).striptags())),
            _TITLE: page.meta.get("title", ""),
        }
        if has_toc:
            values[_TOC] = self._toc(context, page)
            values[_SKIP] = next(iter(page.toc)).url
        return Markup("".join(values[p] if i % 2 else p for i, p in enumerate(pieces)))

    def _toc(self, context, page) -> str:
        return self._toc_template.render({**context.get_all(), "page": page, "lang": self._lang})

    def _frame(self, context, marker_page: _MarkerPage) -> list | None:
        """The frame cut at its markers (text, marker, text…), or None when it cannot stand for the page."""
        environment = context.environment
        variables = {**context.get_all(), "page": marker_page}
        html = environment.get_template("main.html").render(variables)
        if _URL in html:
            return None  # the page's own address is written somewhere: no frame can hold it
        if marker_page.toc:
            if self._toc_template is None:
                self._toc_template = environment.get_template("partials/toc.html")
                self._lang = environment.get_template("partials/language.html").make_module(variables)
            toc_html = self._toc_template.render({**variables, "lang": self._lang})
            if html.count(toc_html) != 1:
                return None
            html = html.replace(toc_html, _TOC)
        pieces = _MARKER.split(html)
        if pieces[1::2].count(_CONTENT) != 1:
            return None
        for index in range(1, len(pieces), 2):
            if pieces[index] == _TITLE and pieces[index - 1].endswith("<title>"):
                pieces[index] = "title-tag"  # written there through `striptags | e`, see main.html
            elif pieces[index] == _CONTENT and marker_page.content.endswith("<h1"):
                pieces[index + 1] = pieces[index + 1].removeprefix("<h1")  # only there for the theme's test
        return pieces
