"""Read a Word document (.docx) into the importer's blocks, with python-docx.

Word says what a paragraph is through its style (`Heading 2`, `List Number`), an outline level
or a numbering definition; each is looked at, the paragraph's own settings first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as DocxParagraph

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

_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_HEADING_STYLE = re.compile(r"(?:heading|titre)\s*(\d)", re.IGNORECASE)
_TITLE_STYLES = {"title", "titre"}
_BOLD_STYLES = {"strong", "accentuation forte", "fort"}
_ITALIC_STYLES = {"emphasis", "accentuation", "emphase"}
_EXTERNAL = ("http://", "https://", "mailto:")
_NOT_ORDERED = {"bullet", "none", ""}


def read_docx(path: Path) -> SourceDocument:
    """Blocks and properties of the file; python-docx's own errors go up to the importer."""
    document = docx.Document(str(path))
    reader = _DocxReader(document)
    blocks = _below_the_title(group_list_items(list(reader.blocks(document.element.body, document._body))))
    properties = document.core_properties
    return SourceDocument(
        blocks=tuple(blocks),
        title=(properties.title or "").strip() or None,
        created=_day(properties.created),
        modified=_day(properties.modified),
        header_text=reader.header_text(),
    )


def _below_the_title(blocks: list) -> list:
    """A `Title` paragraph is the one top-level heading: `Heading 1` then comes second, and so on."""
    if not any(isinstance(b, Heading) and b.level == 0 for b in blocks):
        return blocks
    return [Heading(min(b.level + 1, 6), b.text) if isinstance(b, Heading) else b for b in blocks]


def _day(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else None


class _DocxReader:
    """One document's styles, numbering and pictures, looked up while its body is walked."""

    def __init__(self, document) -> None:
        self.document = document
        self.part = document.part

    def blocks(self, container, parent) -> Iterator[Block | ListItem]:
        """Paragraphs and tables in document order; content controls are opened, a table of contents skipped."""
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield from self._paragraph(DocxParagraph(child, parent))
            elif child.tag == qn("w:tbl"):
                yield from self._table(DocxTable(child, parent))
            elif child.tag == qn("w:sdt") and not self._is_table_of_contents(child):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks(content, parent)

    def header_text(self) -> str:
        """Every line of every page header (first page and even pages included), text boxes too."""
        lines = []
        for section in self.document.sections:
            for header in (section.header, section.first_page_header, section.even_page_header):
                if header.is_linked_to_previous:
                    continue
                for paragraph in header._element.iter(qn("w:p")):  # a tab parts the header's zones
                    parts = paragraph.iter(qn("w:t"), qn("w:tab"))
                    lines.append("".join("\t" if part.tag == qn("w:tab") else part.text or "" for part in parts))
        return "\n".join(line for line in lines if line.strip())

    def _paragraph(self, paragraph: DocxParagraph) -> Iterator[Block | ListItem]:
        runs = tuple(self._runs(paragraph))
        level = self._heading_level(paragraph)
        if level is not None:
            yield Heading(level, "".join(run.text for run in runs))
        elif (numbering := self._numbering(paragraph)) is not None:
            yield ListItem(runs, *numbering)
        elif any(run.text.strip() for run in runs):
            yield Paragraph(runs)
        yield from self._images(paragraph._p)

    def _runs(self, paragraph: DocxParagraph) -> Iterator[Run]:
        for item in paragraph.iter_inner_content():
            if isinstance(item, Hyperlink):
                address = item.url if item.url.startswith(_EXTERNAL) else None
                for run in item.runs:
                    yield Run(run.text, self._bold(run), self._italic(run), address)
            else:
                yield Run(item.text, self._bold(item), self._italic(item))

    @staticmethod
    def _bold(run) -> bool:
        return run.bold is True or (run.style is not None and (run.style.name or "").lower() in _BOLD_STYLES)

    @staticmethod
    def _italic(run) -> bool:
        return run.italic is True or (run.style is not None and (run.style.name or "").lower() in _ITALIC_STYLES)

    def _heading_level(self, paragraph: DocxParagraph) -> int | None:
        outline = _child_value(paragraph._p.pPr, "w:outlineLvl")
        for style in _style_chain(paragraph.style):
            name = (style.name or "").lower()
            if name in _TITLE_STYLES:
                return 0  # the document's title: `read_docx` puts the headings below it
            if match := _HEADING_STYLE.fullmatch(name):
                return int(match.group(1))
            outline = outline or _child_value(style.element.pPr, "w:outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:  # 9 is "body text"
            return int(outline) + 1
        return None

    def _numbering(self, paragraph: DocxParagraph) -> tuple[int, bool] | None:
        """(level, ordered) of a list paragraph, or None for an ordinary one."""
        num_id, level = _numbering_properties(paragraph._p.pPr)
        style_names = []
        for style in _style_chain(paragraph.style):
            style_names.append((style.name or "").lower())
            style_id, style_level = _numbering_properties(style.element.pPr)
            num_id, level = num_id or style_id, level if level is not None else style_level
        if num_id == "0":  # numbering explicitly removed from this paragraph
            return None
        name = style_names[0] if style_names else ""
        if level is None:
            digit = re.search(r"(\d)$", name)
            level = int(digit.group(1)) - 1 if digit else 0
        if num_id is not None:
            return level, self._is_ordered(num_id, level)
        if any(word in name for word in ("list", "liste", "bullet", "puce")):
            return level, "num" in name  # List Number, Liste numérotée
        return None

    def _is_ordered(self, num_id: str, level: int) -> bool:
        try:
            numbering = self.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return False
        abstract = numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        if not abstract:
            return False
        formats = numbering.xpath(
            f"./w:abstractNum[@w:abstractNumId='{abstract[0]}']/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val"
        )
        return bool(formats) and formats[0] not in _NOT_ORDERED

    def _table(self, table: DocxTable) -> Iterator[Block]:
        rows = tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
        yield Table(rows)
        yield from self._images(table._tbl)

    def _images(self, element) -> Iterator[Image]:
        for picture in element.iter(qn("a:blip"), _VML_IMAGE):
            relation = picture.get(qn("r:embed")) or picture.get(qn("r:id"))
            part = self.part.related_parts.get(relation) if relation else None
            if part is not None and hasattr(part, "blob"):
                yield Image(part.blob, part.partname.ext.lower())

    @staticmethod
    def _is_table_of_contents(sdt) -> bool:
        gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        return gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower()


def _style_chain(style) -> Iterator:
    """The style, then the styles it is based on."""
    seen = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        yield style
        style = style.base_style


def _child_value(properties, tag: str) -> str | None:
    if properties is None:
        return None
    child = properties.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _numbering_properties(properties) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a paragraph's or style's `w:numPr`, each None when not set."""
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    if numbering is None:
        return None, None
    level = _child_value(numbering, "w:ilvl")
    return _child_value(numbering, "w:numId"), int(level) if level and level.isdigit() else None
