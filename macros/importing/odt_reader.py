"""Read a LibreOffice document (.odt) into the importer's blocks, with odfpy.

LibreOffice writes bold and italic as automatic styles (`T1`, `P3`) and says whether a list is
numbered in its list style; both are looked up by name, following each style's parent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from odf.element import Element, Node
from odf.namespaces import DCNS, DRAWNS, FONS, METANS, OFFICENS, STYLENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import load

from macros.importing.markdown_writer import (
    Block,
    Heading,
    Image,
    ListItem,
    Paragraph,
    Run,
    SourceDocument,
    Table,
    group_list_items,
)

TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_EXTERNAL = ("http://", "https://", "mailto:")
_SKIPPED = {  # notes, comments, tables of contents and indexes: not part of the text itself
    (TEXTNS, "note"),
    (OFFICENS, "annotation"),
    (TEXTNS, "table-of-content"),
    (TEXTNS, "alphabetical-index"),
    (TEXTNS, "illustration-index"),
    (TEXTNS, "table-index"),
    (TEXTNS, "bibliography"),
    (TEXTNS, "tracked-changes"),
}
_TITLE_STYLES = {"title", "titre"}
MAX_REPEATED_CELLS = 50  # a row "repeated" 1 000 times is layout, not content


class NotATextDocument(ValueError):
    """An .odt that holds a spreadsheet or a drawing, or a renamed file."""


def read_odt(path: Path) -> SourceDocument:
    """Blocks and properties of the file; odfpy's own errors go up to the importer."""
    document = load(str(path))
    if not str(document.mimetype).startswith(TEXT_MIMETYPE):
        raise NotATextDocument(f"ce n'est pas un document texte OpenDocument ({document.mimetype})")
    reader = _OdtReader(document)
    blocks = group_list_items(list(reader.blocks(document.text)))
    meta = {node.qname: _plain_text(node) for node in document.meta.childNodes if node.nodeType == Node.ELEMENT_NODE}
    return SourceDocument(
        blocks=tuple(blocks),
        title=meta.get((DCNS, "title"), "").strip() or None,
        created=_day(meta.get((METANS, "creation-date"), "")),
        modified=_day(meta.get((DCNS, "date"), "")),
        header_text=reader.header_text(),
    )


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _plain_text(node) -> str:
    if node.nodeType == Node.TEXT_NODE:
        return node.data
    return "".join(_plain_text(child) for child in node.childNodes)


class _OdtReader:
    """One document's text styles, list styles and pictures, looked up while its body is walked."""

    def __init__(self, document) -> None:
        self.document = document
        self.styles = {s.getAttrNS(STYLENS, "name"): s for s in _elements(document.topnode, (STYLENS, "style"))}
        self.list_styles = {
            s.getAttrNS(STYLENS, "name"): s for s in _elements(document.topnode, (TEXTNS, "list-style"))
        }

    def blocks(self, container: Element) -> Iterator[Block | ListItem]:
        for node in _children(container):
            name = node.qname
            if name in _SKIPPED:
                continue
            if name in ((TEXTNS, "h"), (TEXTNS, "p")):
                yield from self._paragraph(node)
            elif name == (TEXTNS, "list"):
                yield from self._list(node, node.getAttrNS(TEXTNS, "style-name"), 0)
            elif name == (TABLENS, "table"):
                yield from self._table(node)
            else:  # sections, changes of page...: their content is the document's content
                yield from self.blocks(node)

    def header_text(self) -> str:
        lines = []
        for kind in ("header", "header-first", "header-left"):
            for header in _elements(self.document.masterstyles, (STYLENS, kind)):
                lines += [_plain_text(p) for p in _elements(header, (TEXTNS, "p"), (TEXTNS, "h"))]
        return "\n".join(line for line in lines if line.strip())

    def _paragraph(self, node: Element) -> Iterator[Block]:
        style = node.getAttrNS(TEXTNS, "style-name")
        bold, italic = self._looks(style)
        runs = tuple(self._runs(node, bold, italic, None))
        level = self._heading_level(node, style)
        text = "".join(run.text for run in runs)
        if level is not None:
            yield Heading(level, text)
        elif text.strip():
            yield Paragraph(runs)
        yield from self._frames(node)

    def _heading_level(self, node: Element, style: str | None) -> int | None:
        if node.qname == (TEXTNS, "h"):
            level = node.getAttrNS(TEXTNS, "outline-level")
            return int(level) if level and level.isdigit() else 1
        for element in self._style_chain(style):
            name = (element.getAttrNS(STYLENS, "display-name") or element.getAttrNS(STYLENS, "name") or "").lower()
            if name in _TITLE_STYLES:
                return 1
            level = element.getAttrNS(STYLENS, "default-outline-level")
            if level and level.isdigit():
                return int(level)
        return None

    def _runs(self, node: Element, bold: bool, italic: bool, link: str | None) -> Iterator[Run]:
        for child in node.childNodes:
            if child.nodeType == Node.TEXT_NODE:
                yield Run(child.data, bold, italic, link)
                continue
            if child.nodeType != Node.ELEMENT_NODE or child.qname in _SKIPPED:
                continue
            name = child.qname
            if name == (TEXTNS, "s"):
                count = child.getAttrNS(TEXTNS, "c")
                yield Run(" " * (int(count) if count and count.isdigit() else 1), bold, italic, link)
            elif name == (TEXTNS, "tab"):
                yield Run(" ", bold, italic, link)
            elif name == (TEXTNS, "line-break"):
                yield Run("\n", bold, italic, link)
            elif name == (TEXTNS, "span"):
                span_bold, span_italic = self._looks(child.getAttrNS(TEXTNS, "style-name"))
                yield from self._runs(child, bold or span_bold, italic or span_italic, link)
            elif name == (TEXTNS, "a"):
                address = child.getAttrNS(XLINKNS, "href") or ""
                yield from self._runs(child, bold, italic, address if address.startswith(_EXTERNAL) else link)
            elif name[0] != DRAWNS:  # fields, bookmarks...: their text, if any; frames come after the text
                yield from self._runs(child, bold, italic, link)

    def _frames(self, node: Element) -> Iterator[Block]:
        """Pictures of a paragraph, then the paragraphs of its text boxes."""
        for child in _children(node):
            if child.qname == (DRAWNS, "image"):
                image = self._image(child)
                if image is not None:
                    yield image
            elif child.qname == (DRAWNS, "text-box"):
                yield from self.blocks(child)
            elif child.qname not in _SKIPPED:
                yield from self._frames(child)

    def _image(self, node: Element) -> Image | None:
        href = node.getAttrNS(XLINKNS, "href") or ""
        picture = self.document.Pictures.get(href)
        if not picture or not isinstance(picture[1], bytes):
            return None
        return Image(picture[1], PurePosixPath(href).suffix.lstrip(".").lower() or "png")

    def _list(self, node: Element, style: str | None, level: int) -> Iterator[Block | ListItem]:
        """List items with their depth; a nested list keeps its parent's list style unless it names one."""
        ordered = self._is_ordered(style, level)
        for item in _children(node):
            if item.qname not in ((TEXTNS, "list-item"), (TEXTNS, "list-header")):
                continue
            for child in _children(item):
                if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                    bold, italic = self._looks(child.getAttrNS(TEXTNS, "style-name"))
                    runs = tuple(self._runs(child, bold, italic, None))
                    if "".join(run.text for run in runs).strip():
                        yield ListItem(runs, level, ordered)
                    yield from self._frames(child)
                elif child.qname == (TEXTNS, "list"):
                    yield from self._list(child, child.getAttrNS(TEXTNS, "style-name") or style, level + 1)
                else:
                    yield from self.blocks(child)

    def _is_ordered(self, style: str | None, level: int) -> bool:
        list_style = self.list_styles.get(style)
        if list_style is None:
            return False
        for child in _children(list_style):
            if child.getAttrNS(TEXTNS, "level") == str(level + 1):
                return child.qname == (TEXTNS, "list-level-style-number")
        return False

    def _table(self, node: Element) -> Iterator[Block]:
        rows, images = [], []
        for row in _elements(node, (TABLENS, "table-row")):
            cells = []
            for cell in _children(row):
                if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                    continue
                paragraphs = _elements(cell, (TEXTNS, "p"), (TEXTNS, "h"))
                text = "\n".join("".join(run.text for run in self._runs(p, False, False, None)) for p in paragraphs)
                repeated = cell.getAttrNS(TABLENS, "number-columns-repeated")
                count = min(int(repeated), MAX_REPEATED_CELLS) if repeated and repeated.isdigit() else 1
                cells += [text] * count
                images += [image for p in paragraphs for image in self._frames(p) if isinstance(image, Image)]
            rows.append(tuple(cells))
        yield Table(tuple(rows))
        yield from images

    def _looks(self, style: str | None) -> tuple[bool, bool]:
        """(bold, italic) given by a style or the styles it inherits from."""
        bold = italic = None
        for element in self._style_chain(style):
            for properties in _children(element):
                if properties.qname != (STYLENS, "text-properties"):
                    continue
                weight = properties.getAttrNS(FONS, "font-weight")
                if bold is None and weight:
                    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                posture = properties.getAttrNS(FONS, "font-style")
                if italic is None and posture:
                    italic = posture in ("italic", "oblique")
        return bool(bold), bool(italic)

    def _style_chain(self, name: str | None) -> Iterator[Element]:
        seen = set()
        while name and name in self.styles and name not in seen:
            seen.add(name)
            yield self.styles[name]
            name = self.styles[name].getAttrNS(STYLENS, "parent-style-name")


def _children(node: Element) -> Iterator[Element]:
    return (child for child in node.childNodes if child.nodeType == Node.ELEMENT_NODE)


def _elements(node: Element, *names: tuple[str, str]) -> list[Element]:
    """Descendants of `node` with one of `names`, in document order."""
    found = []
    for child in _children(node):
        if child.qname in names:
            found.append(child)
        else:
            found += _elements(child, *names)
    return found
