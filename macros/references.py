"""The reference scheme `PREFIX-SERVICE-NNN`: one prefix per type, one numbered sequence per service.

`nouveau` uses it to hand out the next free number; `importer` uses it to recognise a reference
written in a Word document and to guess the document's type from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

PREFIXES: dict[str, str] = {
    "procedure": "PROC",
    "fiche-de-poste": "FP",
    "guide-accueil": "GUIDE",
    "compte-rendu-copil": "CR",
    "rapport-audit": "RAP",
    "plan-action": "PA",
    "enregistrement": "ENR",
    "fiche-indicateur": "IND",
    "grille-verification": "GRILLE",
    "enquete-satisfaction": "ENQ",
    "presentation": "PRES",
}
TYPES_BY_PREFIX: dict[str, str] = {prefix: kind for kind, prefix in PREFIXES.items()}
NUMBER_WIDTH = 3


def plain(text: str) -> str:
    """Lower case without accents: « Procédure » and « PROCEDURE » compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def code_segment(text: str) -> str:
    """A service or type written for a reference: `DMIN - BAAS` → `DMIN-BAAS`, `Qualité` → `QUALITE`."""
    return "-".join(re.findall(r"[A-Z0-9]+", plain(text).upper()))


def prefix_for(kind: str) -> str:
    """The type's prefix; a type added in `qualite.yml` gets its own code in capitals."""
    return PREFIXES.get(kind) or code_segment(kind)


def next_reference(kind: str, service: str, taken: Iterable[str]) -> str:
    """`PREFIX-SERVICE-NNN` where NNN is one more than the highest number already taken."""
    stem = f"{prefix_for(kind)}-{code_segment(service)}-"
    numbers = [0]
    for reference in taken:
        head, _, number = reference.strip().upper().rpartition("-")
        if head + "-" == stem and number.isdigit():
            numbers.append(int(number))
    return f"{stem}{max(numbers) + 1:0{NUMBER_WIDTH}d}"


def type_of_reference(reference: str) -> str | None:
    """`PROC-BAAS-001` → `procedure`: the type its first segment names, if any."""
    return TYPES_BY_PREFIX.get(reference.split("-", 1)[0].upper())
