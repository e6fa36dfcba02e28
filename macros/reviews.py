"""When each document must be reviewed: computed once per control run, read by the checks and the views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.config import Configuration
from macros.dates import add_months
from macros.model import Base, Document


@dataclass(frozen=True)
class Review:
    period: int  # months between two reviews
    last: dt.date  # the last revision (or the creation)
    due: dt.date


def review_period(document: Document, config: Configuration) -> int | None:
    """Months between two reviews: the document's `revue`, else its type's default; None = never."""
    revue = document.text("revue")
    if revue is not None and revue.isdigit():
        return int(revue) or None
    kind = config.types_by_code.get(document.type or "")
    return kind.revue if kind else None


def review_schedule(base: Base, config: Configuration) -> dict[str, Review]:
    """Path → review of each document in use that has a review period and a readable date; a draft is
    not in use yet: it is reviewed once validated."""
    schedule = {}
    for document in base.documents:
        period = review_period(document, config)
        last = document.last_revision
        in_use = not base.is_obsolete(document) and document.statut != "brouillon"
        if period is not None and last is not None and in_use:
            try:
                schedule[document.path] = Review(period, last, add_months(last, period))
            except (ValueError, OverflowError):  # year 9999, or a period of centuries: no due date to show
                continue
    return schedule
