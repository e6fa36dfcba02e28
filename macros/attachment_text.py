"""The text of a PDF, Word or LibreOffice file joined to the base: what a member of the public reads.

Used to check that a flyer, a form or a poster handed to the public carries its reference and its
date (the AFNOR finding), and to keep personal data out of the site. Read with well-kept
libraries: pypdf for PDF, python-docx for .docx, odfpy for .odt. Bounded in size, pages and text;
an encrypted, damaged or oversized file gives the reason in French, never an exception.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

READABLE = (".pdf", ".docx", ".odt")
MAX_FILE_BYTES = 25_000_000
MAX_UNPACKED_BYTES = 100_000_000  # an office file that would unpack past this is not opened (zip bomb)
MAX_PDF_PAGES = 60
MAX_TEXT_CHARACTERS = 1_000_000


@dataclass(frozen=True)
class AttachmentText:
    text: str = ""
    problem: str | None = None  # why the text could not be read, in French


def is_readable(path: str) -> bool:
    return path.lower().endswith(READABLE)


def attachment_text(path: Path) -> AttachmentText:
    """The file's text (pages, paragraphs, tables, page headers and footers), or why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return AttachmentText(problem=f"fichier illisible ({error.strerror or error})")
    if size > MAX_FILE_BYTES:
        return AttachmentText(
            problem=f"fichier de {size / 1_000_000:.0f} Mo, au-delà de {MAX_FILE_BYTES // 1_000_000} Mo"
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_text(path)
        problem = _archive_problem(path)
        if problem:
            return AttachmentText(problem=problem)
        text = _docx_text(path) if suffix == ".docx" else _odt_text(path)
        return AttachmentText(text[:MAX_TEXT_CHARACTERS])
    except Exception as error:  # noqa: BLE001 (a damaged file may raise anything from its reader)
        name = type(error).__name__
        return AttachmentText(problem=f"fichier abîmé ou au mauvais format ({name}) : ouvrez-le et réenregistrez-le")


def _pdf_text(path: Path) -> AttachmentText:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not the user's business
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:  # noqa: BLE001 (an unknown encryption)
            opened = 0
        if not opened:
            return AttachmentText(problem="PDF protégé par un mot de passe : son texte ne peut pas être lu")
    parts, length = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length > MAX_TEXT_CHARACTERS:
            break
    text = "\n".join(parts)[:MAX_TEXT_CHARACTERS]
    if not text.strip():
        return AttachmentText(
            problem="PDF sans texte (une image scannée ?) : la référence et la date ne peuvent pas être lues"
        )
    return AttachmentText(text)


def _archive_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return "fichier abîmé ou au mauvais format : ouvrez-le et réenregistrez-le"
    if unpacked > MAX_UNPACKED_BYTES:
        return f"fichier qui se décompresse en plus de {MAX_UNPACKED_BYTES // 1_000_000} Mo : non lu"
    return None


def _docx_text(path: Path) -> str:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    roots = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header, section.footer,
                     section.first_page_footer, section.even_page_footer):  # fmt: skip
            if not part.is_linked_to_previous:
                roots.append(part._element)
    lines = []
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            pieces = paragraph.iter(qn("w:t"), qn("w:tab"))
            lines.append("".join("\t" if p.tag == qn("w:tab") else p.text or "" for p in pieces))
    return "\n".join(line for line in lines if line.strip())


def _odt_text(path: Path) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(str(path))
    lines = []
    for root in (document.text, document.masterstyles):
        for node in _walk(root):
            if node.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                lines.append(teletype.extractText(node))
    return "\n".join(line for line in lines if line.strip())


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed([c for c in current.childNodes if c.nodeType == c.ELEMENT_NODE]))
