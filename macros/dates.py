"""Dates as our users write them: ISO `AAAA-MM-JJ` or French `JJ/MM/AAAA`, nothing else."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# The only accepted forms, for the JSON Schema of the front-matter too.
DATE_PATTERNS = (_ISO, _FRENCH)


def parse_date(text: str) -> dt.date | None:
    """The date meant by `text`, or None when it is not a real date in an accepted form."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FRENCH.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def format_date(day: dt.date | None) -> str:
    """French display form used in the site and the reports."""
    return day.strftime("%d/%m/%Y") if day else ""
