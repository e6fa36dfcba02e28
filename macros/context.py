"""What every check reads: the base parsed once, its records, the settings and the reference date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from macros.attachments import AttachmentLinks
from macros.complaints import Complaints
from macros.config import Configuration
from macros.indicators import Indicators
from macros.mail_tracking import MailTracking
from macros.model import Base, Referential
from macros.posts import FlashInfos
from macros.steering import Steering


@dataclass(frozen=True)
class CheckContext:
    config: Configuration
    referentials: tuple[Referential, ...]
    written: Base  # the files as written: fingerprints and personal data are computed on them
    base: Base  # as the site shows it: personal data masked
    today: dt.date
    steering: Steering
    complaints: Complaints
    indicators: Indicators
    attachments: AttachmentLinks
    reviews: dict = field(default_factory=dict)  # path → `reviews.Review` of each document in use
    private_attachments: dict = field(default_factory=dict)  # path → ((line, kind), …): not published
    flash_infos: FlashInfos = field(default_factory=FlashInfos)
    attachment_texts: dict = field(default_factory=dict)  # path → `AttachmentText` of PDF and office files
    grids: tuple = ()  # `grids.Grid` of each filled-in verification grid, newest first
    obligations: tuple = ()  # `obligations.Obligation`, soonest first: set once the context is made
    mail_tracking: MailTracking = field(default_factory=MailTracking)
