"""Documents handed to the public are checked inside: a flyer, form or poster joined to a
`public: usagers` document must show its reference and its date, as the AFNOR auditor asked
("l'absence de référence ou de date de création de certains documents remis ou destinés à la
consultation des usagers"). PIECE-SANS-REFERENCE, PIECE-SANS-DATE, PIECE-ILLISIBLE."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from macros.attachment_text import AttachmentText, attachment_text, is_readable
from macros.codes import PIECE_ILLISIBLE, PIECE_SANS_DATE, PIECE_SANS_REFERENCE
from macros.documents import ParseCache
from macros.findings import finding
from macros.model import Base, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|(?:1er|\d{{1,2}})?\s*(?:{MONTHS})\s+\d{{4}}"
    r"|\d{1,2}/\d{4})\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9]")


def read_attachment_texts(base: Base, cache: ParseCache | None = None) -> dict[str, AttachmentText]:
    """Path → text of every PDF, Word and LibreOffice file of the base, read once per run; with a
    cache (`serve`), a file is read again only when its modification time or size changed."""
    kept = cache.attachment_texts if cache is not None else {}
    texts = {}
    for path in base.attachments:
        if not is_readable(path):
            continue
        file = Path(base.root) / path
        try:
            stat = os.stat(file)
            signature = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = (-1, -1)
        if path not in kept or kept[path][0] != signature:
            kept[path] = (signature, attachment_text(file))
        texts[path] = kept[path][1]
    for gone in set(kept) - set(texts):  # files removed since the last build
        del kept[gone]
    return texts


def public_attachments(context: CheckContext) -> list[tuple[str, str]]:
    """(attachment, reference of the public document that hands it out), each attachment once."""
    seen: dict[str, str] = {}
    for document in context.base.documents:
        if document.public != "usagers" or context.base.is_obsolete(document):
            continue
        for path in context.attachments.attachments_of(document):
            if is_readable(path):
                seen.setdefault(path, document.reference or document.path)
    return sorted(seen.items())


def has_reference(text: str, pattern: re.Pattern) -> bool:
    return any(pattern.fullmatch(token.group()) for token in _TOKEN.finditer(text))


def has_date(text: str) -> bool:
    return _DATE.search(text) is not None


def public_attachment_checks(context: CheckContext) -> Iterator[Finding]:
    for path, holder in public_attachments(context):
        read = context.attachment_texts.get(path) or AttachmentText(problem="fichier non lu")
        where = f"La pièce « {path} », remise au public avec {holder},"
        if read.problem:
            yield finding(
                PIECE_ILLISIBLE,
                path,
                f"{where} n'a pas pu être lue : {read.problem} ; sa référence et sa date ne peuvent pas être "
                "contrôlées : joignez une version PDF avec du texte.",
            )
            continue
        if not has_reference(read.text, context.config.reference_regex):
            yield finding(
                PIECE_SANS_REFERENCE,
                path,
                f"{where} ne porte aucune référence : ajoutez-la au document (en pied de page, par exemple "
                f"« Réf. {holder} »), puis réexportez-le.",
            )
        if not has_date(read.text):
            yield finding(
                PIECE_SANS_DATE,
                path,
                f"{where} ne porte aucune date : ajoutez sa date de création ou de mise à jour (par exemple "
                "« mise à jour : 03/2026 »), puis réexportez-le.",
            )
