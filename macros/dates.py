"""Dates as our users write them: ISO `AAAA-MM-JJ` (a date-time is its date) or French `JJ/MM/AAAA`.

Other common forms (`15-01-2024`, `2024/01/15`, `15.01.2024`, `15/01/24`) are understood by
`understood_date`, so that a check can say which date it read and how to write it (DATE-FORMAT).
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
# The accepted forms, for the JSON Schema of the front-matter too.
DATE_PATTERNS = (_ISO, _FRENCH, _DATE_TIME)
# Day first with `-` or `.`, year first with `/`, French with a two-digit year.
_DAY_FIRST = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_SHORT_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})")


def parse_date(text: str) -> dt.date | None:
    """The date meant by `text`, or None when it is not a real date in an accepted form."""
    text = text.strip()
    if match := _ISO.fullmatch(text) or _DATE_TIME.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FRENCH.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    return _real_date(year, month, day)


def _real_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 31/02, month 13: written like a date, not one
        return None


def understood_date(text: str) -> dt.date | None:
    """A real date written in another common form, or None; `parse_date` forms are not repeated here."""
    text = text.strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
    elif match := _SHORT_YEAR.fullmatch(text):
        day, month, short = match.groups()
        year = str(2000 + int(short))
    else:
        return None
    return _real_date(year, month, day)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"{day} + {months} mois sort du calendrier")
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def format_date(day: dt.date | None) -> str:
    """French display form used in the site and the reports."""
    return day.strftime("%d/%m/%Y") if day else ""


_TIME = re.compile(r"[\sT]+\d{1,2}[:h]\d{2}(?::\d{2})?\s*$")  # « 03/11/2026 14:32 », as a spreadsheet exports
_DATE_SHAPE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}")


def spreadsheet_date(text: str) -> dt.date | None:
    """A date cell as a spreadsheet exports it: a time after the date is left aside, other common forms read."""
    text = _TIME.sub("", text) if text else text
    return parse_date(text) or understood_date(text) if text else None


def spreadsheet_date_problem(written: str) -> str:
    """Why a date cell cannot be read, in the words that help correct it."""
    plain = _TIME.sub("", written).strip()
    if not plain:
        return "vide"
    if plain.isdigit() and 20000 <= int(plain) <= 80000:
        return "un nombre de série de tableur, pas une date : donnez à la colonne le format Date, puis réenregistrez"
    if _DATE_SHAPE.fullmatch(plain):
        return "n'est pas une date réelle (jour ou mois impossible) : vérifiez-la"
    return "illisible (attendu JJ/MM/AAAA)"
