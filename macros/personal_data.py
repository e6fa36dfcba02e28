"""Personal data in the base: names after a civility, e-mail addresses, phone numbers.

The intranet is read by every agent and some pages are handed to the public: such data is a
finding (DONNEE-PERSONNELLE) and is masked in the site. Service addresses and switchboard
numbers that may be published are declared in `qualite.yml` (`donnees_publiques`, `*` allowed).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from fnmatch import fnmatchcase

from macros.model import Base, Document

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_NAME_WORD = rf"[{_UPPER}][{_UPPER}a-zàâäçéèêëîïôöùûüÿ'’-]+"
# Phone numbers and names begin with a small set or a literal so that the regex engine skips ahead
# quickly, and addresses are only looked for in texts holding an `@`: the whole base is scanned.
PATTERNS = {
    "courriel": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}"),
    "téléphone": re.compile(
        r"[0+](?<![\w+][0+])(?:(?<=\+)33[\s.-]?[1-9]|(?<=0)033[\s.-]?[1-9]|(?<=0)[1-9])(?:[\s.-]?\d{2}){4}(?!\d)"
    ),
    "nom": re.compile(
        rf"M(?<!\wM)(?:\.|M\.|mes?|lle|onsieur|adame|ademoiselle)\s+(?!(?:Le|La|Les|L['’])\b)"
        rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"
    ),
}
MASKS = {"courriel": "[courriel masqué]", "téléphone": "[téléphone masqué]", "nom": "[nom masqué]"}


@dataclass(frozen=True)
class PersonalData:
    kind: str  # "nom", "courriel" or "téléphone"
    start: int
    end: int


def find_personal_data(text: str, allowed: tuple[str, ...] = ()) -> list[PersonalData]:
    """Every piece of personal data in `text`, in order; declared public data is left out."""
    found = []
    for kind, pattern in PATTERNS.items():
        if not _may_hold(kind, text):
            continue
        for match in pattern.finditer(text):
            if not _is_public(kind, match.group(), allowed):
                found.append(PersonalData(kind, match.start(), match.end()))
    found.sort(key=lambda item: item.start)
    kept, end = [], -1
    for item in found:  # a phone number inside an address is counted once
        if item.start >= end:
            kept.append(item)
            end = item.end
    return kept


def _may_hold(kind: str, text: str) -> bool:
    """Cheap tests that let most documents skip a pattern: the whole base is scanned at every build."""
    if kind == "courriel":
        return "@" in text
    if kind == "nom":
        return "M" in text
    return "0" in text or "+" in text  # every number starts with 0, +33 or 0033: `in` is far quicker than a regex


def _is_public(kind: str, value: str, allowed: tuple[str, ...]) -> bool:
    if kind == "téléphone":
        digits = _digits(value)
        return any(_digits(entry) == digits for entry in allowed if _digits(entry))
    return any(fnmatchcase(value.casefold(), entry.casefold()) for entry in allowed)


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[4:] if digits.startswith("0033") else "0" + digits[2:] if digits.startswith("33") else digits


def mask(text: str, allowed: tuple[str, ...] = ()) -> str:
    """`text` with each piece of personal data replaced by a mask saying what it was."""
    found = find_personal_data(text, allowed)
    if not found:
        return text
    out, position = [], 0
    for item in found:
        out += [text[position : item.start], MASKS[item.kind]]
        position = item.end
    return "".join(out) + text[position:]


def scan_file_text(text: str) -> tuple[tuple[int, str, str], ...]:
    """(line, kind, value) of everything that looks personal in a file, before `donnees_publiques`.

    The parse calls it once per file on the whole text (front-matter and body), in the worker
    processes; the result is kept on the document, so `mkdocs serve` never rescans unchanged files.
    """
    items = find_personal_data(text)
    if not items:
        return ()
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return tuple((bisect_right(line_starts, i.start), i.kind, text[i.start : i.end]) for i in items)


def document_findings(document: Document, allowed: tuple[str, ...]) -> list[tuple[int | None, str]]:
    """(line, kind) of each piece of personal data in the front-matter values and the body."""
    return [(line, kind) for line, kind, value in document.personal_data if not _is_public(kind, value, allowed)]


def masked_document(document: Document, allowed: tuple[str, ...]) -> Document:
    """A copy of `document` whose front-matter values, heading and body show masks instead of the data."""
    return dataclasses.replace(
        document,
        fields={key: _masked_value(value, allowed) for key, value in document.fields.items()},
        body=mask(document.body, allowed),
        heading=mask(document.heading, allowed) if document.heading else document.heading,
    )


def _masked_value(value, allowed: tuple[str, ...]):
    if isinstance(value, str):
        return mask(value, allowed)
    if isinstance(value, list):
        return [_masked_value(item, allowed) for item in value]
    if isinstance(value, dict):
        return {key: _masked_value(item, allowed) for key, item in value.items()}
    return value


def with_masks(base: Base, paths: set[str], allowed: tuple[str, ...]) -> Base:
    """The base as the site shows it: the documents at `paths` masked, the others unchanged."""
    if not paths:
        return base
    documents = tuple(masked_document(d, allowed) if d.path in paths else d for d in base.documents)
    return dataclasses.replace(base, documents=documents)
