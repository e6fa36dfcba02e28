"""Working days as a French administration counts them: weekends and public holidays excluded.

Public holidays come from the `holidays` library, which knows the Alsace-Moselle days (Good Friday,
26 December) and each overseas department's own (abolition of slavery...): a site declares its
subdivision in `qualite.yml` (`calendriers`); metropolitan France is the default.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

METROPOLE = ""
_SCHOOL_ZONES = frozenset({"Zone A", "Zone B", "Zone C"})  # school holidays, not public holidays


def known_subdivision(code: str) -> str | None:
    """The library's subdivision for `code` (`57`, `Moselle`, `974`, `La Réunion`...), else None."""
    import holidays  # imported on first use: a base without complaints never needs it

    code = code.strip()
    aliases = {alias.casefold(): target for alias, target in holidays.France.subdivisions_aliases.items()}
    subdivisions = {s.casefold(): s for s in holidays.France.subdivisions if s not in _SCHOOL_ZONES}
    return subdivisions.get(code.casefold()) or aliases.get(code.casefold())


@lru_cache(maxsize=32)
def public_holidays(subdivision: str = METROPOLE):
    """One calendar per subdivision; the library fills in each year the first time it is asked."""
    import holidays

    return holidays.France(subdiv=subdivision or None, language="fr")


def is_working_day(day: dt.date, subdivision: str = METROPOLE) -> bool:
    return day.weekday() < 5 and day not in public_holidays(subdivision)


def working_days_between(start: dt.date, end: dt.date, subdivision: str = METROPOLE) -> int:
    """Working days after `start` up to and including `end`: a reply the next working day takes 1."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, subdivision)
    return count


def add_working_days(start: dt.date, days: int, subdivision: str = METROPOLE) -> dt.date:
    """The last day of a `days` working-day commitment that starts on `start`."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day, subdivision)
    return day
