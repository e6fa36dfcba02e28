"""Numbers and counts written the French way, everywhere the tool speaks: real plurals, a decimal
comma, a no-break space before `%` and between thousands."""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before %, after ≥, between a number and its unit
NNBSP = "\u202f"  # between thousands


def number(value: float | int, decimals: int = 0) -> str:
    """`12345.6` → `12 345,6` (one decimal asked); an integral value has no decimals."""
    if decimals == 0 or float(value).is_integer():
        text = f"{round(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def percent(value: float | int, decimals: int = 1) -> str:
    """`94.5` → `94,5 %` with a no-break space, so that `%` never starts a line."""
    return f"{number(value, decimals)}{NBSP}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 document`, `0 document`, `3 documents` (French: 0 and 1 are singular)."""
    word = singular if abs(count) < 2 else plural_form or _plural_of(singular)
    return f"{number(count)} {word}"


def _plural_of(words: str) -> str:
    """The plural of each word of a short noun phrase (`erreur` → `erreurs`, `avertissement` → …)."""
    return " ".join(w if w.endswith(("s", "x", "z")) or not w[-1:].isalpha() else w + "s" for w in words.split(" "))


def severity_counts_text(errors: int, warnings: int, infos: int) -> str:
    """`1 erreur, 2 avertissements, 0 information`."""
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}, {plural(infos, 'information')}"


_LOOSE_SPACE = re.compile(r"(?<=\d)[ \t]+(?=%)|(?<=[≥≤])[ \t]+(?=\d)|(?<=\S)[ \t]+(?=[:;!?»])|(?<=«)[ \t]+")
_MARKS = ("%", "≥", "≤", ":", ";", "!", "?", "«", "»")


def no_break_spaces(text: str) -> str:
    """`88 %`, `≥ 85`, `en septembre :`, `« accueil »` with no-break spaces, as French is set: a
    sign or a closing mark never starts a line."""
    return _LOOSE_SPACE.sub(NBSP, text) if any(mark in text for mark in _MARKS) else text
