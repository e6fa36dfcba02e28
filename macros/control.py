"""One control run: files → base (parsed once) → records → checks → findings at their configured severity.

load_base        the files as written (`Base`), every one accounted for
with_masks       the base as the site shows it, personal data masked
read_*           steering, complaints, indicators, flash-infos: pure parsers into frozen records
CHECKS           functions of a `CheckContext` that yield `Finding`s, made by `findings.finding`
with_settings    `severites` of qualite.yml and the errors kept for public documents
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from macros.approval import approval_checks
from macros.attachments import AttachmentLinks, link_graph
from macros.complaints import Complaints, complaint_checks, read_complaints
from macros.config import Configuration, load_configuration
from macros.context import CheckContext
from macros.documents import ParseCache, load_base
from macros.findings import with_settings
from macros.grids import grid_checks, read_grids
from macros.headers import canonical_base, header_checks, organisation_checks
from macros.indicators import Indicators, indicator_checks, read_indicators
from macros.mail_tracking import MailTracking, mail_checks, read_mail_tracking
from macros.model import Base, Finding, Referential
from macros.obligations import deadline_checks, obligations
from macros.personal_data import attachment_personal_data, personal_data_checks, with_masks
from macros.posts import FlashInfos, flash_info_checks, read_flash_infos
from macros.public_attachments import public_attachment_checks, read_attachment_texts
from macros.referentials import in_scope, load_referentials
from macros.reviews import review_schedule
from macros.rules import (
    active_attachments,
    document_checks,
    duplicate_references,
    orphan_attachments,
    refused_links,
    replacement_problems,
    review_checks,
    sort_findings,
)
from macros.steering import Steering, read_steering, steering_checks

Check = Callable[[CheckContext], Iterator[Finding]]
CHECKS: tuple[Check, ...] = (
    document_checks,
    review_checks,
    duplicate_references,
    replacement_problems,
    active_attachments,
    refused_links,
    orphan_attachments,
    approval_checks,
    header_checks,
    organisation_checks,
    personal_data_checks,
    steering_checks,
    complaint_checks,
    mail_checks,
    indicator_checks,
    flash_info_checks,
    public_attachment_checks,
    deadline_checks,
    grid_checks,
)


@dataclass(frozen=True)
class ControlRun:
    config: Configuration
    referentials: tuple[Referential, ...]
    scope: tuple[Referential, ...]
    base: Base  # as the site shows it: personal data masked
    today: dt.date
    findings: list[Finding] = field(hash=False, compare=False)
    steering: Steering = field(default_factory=Steering, hash=False, compare=False)
    complaints: Complaints = field(default_factory=Complaints, hash=False, compare=False)
    indicators: Indicators = field(default_factory=Indicators, hash=False, compare=False)
    attachments: AttachmentLinks = field(default_factory=lambda: AttachmentLinks({}), hash=False, compare=False)
    flash_infos: FlashInfos = field(default_factory=FlashInfos, hash=False, compare=False)
    reviews: dict = field(default_factory=dict, hash=False, compare=False)  # path → `reviews.Review`
    private_attachments: dict = field(default_factory=dict, hash=False, compare=False)  # not published
    obligations: list = field(default_factory=list, hash=False, compare=False)  # the calendar, soonest first
    grids: list = field(default_factory=list, hash=False, compare=False)  # filled-in verification grids
    mail_tracking: MailTracking = field(default_factory=MailTracking, hash=False, compare=False)


def run_control(
    base_dir: Path,
    referentials_dir: Path,
    config_path: Path | None,
    today: dt.date,
    cache: ParseCache | None = None,
    keep_bodies: bool = True,
    blog: tuple[Path, str] | None = None,
) -> ControlRun:
    """Read everything once and check it; raises `ConfigurationError` for unusable settings.

    The site keeps the documents' bodies; the command-line check does not need them. `blog` is
    (docs folder, blog folder inside it) when the flash-infos are part of the control.
    """
    config = load_configuration(config_path)
    referentials = load_referentials(referentials_dir)
    written = load_base(base_dir, cache, keep_bodies, config.exclure)
    base = with_masks(canonical_base(written, config), config.donnees_publiques)
    steering, complaints = read_steering(base, config), read_complaints(base, config)
    mail_tracking = read_mail_tracking(base, config, today)
    indicators = read_indicators(base, config, today, mail_tracking)
    skipped = complaints.sources | mail_tracking.sources | frozenset(i.csv_path for i in indicators.items)
    texts = read_attachment_texts(written, cache)
    context = CheckContext(
        config=config,
        referentials=referentials,
        written=written,
        base=base,
        today=today,
        steering=steering,
        complaints=complaints,
        mail_tracking=mail_tracking,
        indicators=indicators,
        attachments=link_graph(base),
        reviews=review_schedule(base, config),
        private_attachments=attachment_personal_data(written, config.donnees_publiques, skipped, texts),
        attachment_texts=texts,
        grids=tuple(read_grids(base)),
        flash_infos=read_flash_infos(blog[0], blog[1], config.donnees_publiques) if blog else FlashInfos(),
    )
    context = dataclasses.replace(context, obligations=tuple(obligations(context)))  # they read the records
    findings = sort_findings(with_settings((f for check in CHECKS for f in check(context)), config, base))
    return ControlRun(
        config,
        referentials,
        in_scope(referentials, config.perimetre),
        base,
        today,
        findings,
        context.steering,
        context.complaints,
        context.indicators,
        context.attachments,
        context.flash_infos,
        context.reviews,
        context.private_attachments,
        list(context.obligations),
        list(context.grids),
        context.mail_tracking,
    )
