"""One control run: configuration, referentials and base read once, then checked on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from macros.approval import approval_findings
from macros.attachments import AttachmentLinks, link_graph
from macros.complaints import Complaints, read_complaints
from macros.config import Configuration, load_configuration
from macros.documents import ParseCache, load_base
from macros.indicators import Indicators, read_indicators
from macros.model import Base, Finding, Referential
from macros.personal_data import document_findings, find_personal_data, with_masks
from macros.posts import FlashInfos, read_flash_infos
from macros.referentials import in_scope, load_referentials
from macros.rules import check_base, orphan_attachments, sort_findings
from macros.steering import Steering, read_steering


@dataclass(frozen=True)
class ControlRun:
    config: Configuration
    referentials: tuple[Referential, ...]
    scope: tuple[Referential, ...]
    base: Base  # as the site shows it: personal data masked
    today: dt.date
    findings: list[Finding] = field(hash=False, compare=False)
    steering: Steering | None = field(default=None, hash=False, compare=False)
    complaints: Complaints | None = field(default=None, hash=False, compare=False)
    indicators: Indicators | None = field(default=None, hash=False, compare=False)
    attachments: AttachmentLinks | None = field(default=None, hash=False, compare=False)
    flash_infos: FlashInfos | None = field(default=None, hash=False, compare=False)


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
    scope = in_scope(referentials, config.perimetre)
    base = load_base(base_dir, cache, keep_bodies)
    privacy = personal_data_findings(base, config)
    approvals = approval_findings(base, config)  # of the files as written, before masking
    base = with_masks(base, {f.path for f in privacy}, config.donnees_publiques)
    findings = check_base(base, referentials, config, today)
    findings += approvals
    attachments = link_graph(base)
    findings += orphan_attachments(attachments, config)
    steering = read_steering(base, config, today)
    complaints = read_complaints(base, config, today)
    indicators = read_indicators(base, config, today)
    flash_infos = read_flash_infos(blog[0], blog[1], config.donnees_publiques) if blog else None
    findings += [replace(f, severity=config.severity_of(f.code)) for f in flash_infos.findings] if flash_infos else []
    findings = sort_findings(findings + privacy + steering.findings + complaints.findings + indicators.findings)
    return ControlRun(
        config, referentials, scope, base, today, findings, steering, complaints, indicators, attachments, flash_infos
    )


def personal_data_findings(base: Base, config: Configuration) -> list[Finding]:
    """DONNEE-PERSONNELLE for each name, address or number in a document or in a file or folder name;
    the message never repeats it."""
    findings = [
        Finding(
            path,
            None,
            "DONNEE-PERSONNELLE",
            config.severity_of("DONNEE-PERSONNELLE"),
            f"Donnée personnelle ({item.kind}) dans le nom du fichier ou d'un de ses dossiers : le site lui donne "
            "une adresse et un libellé neutres ; renommez le fichier ou le dossier.",
            None,
        )
        for path in [d.path for d in base.documents] + list(base.attachments)
        for item in find_personal_data(path, config.donnees_publiques)
    ]
    for document in base.documents:
        for line, kind in document_findings(document, config.donnees_publiques):
            findings.append(
                Finding(
                    document.path,
                    document.reference,
                    "DONNEE-PERSONNELLE",
                    config.severity_of("DONNEE-PERSONNELLE"),
                    f"Donnée personnelle ({kind}) : masquée dans le site ; retirez-la du document, ou déclarez-la "
                    "dans `donnees_publiques` de qualite.yml si c'est une adresse ou un numéro de service.",
                    line,
                )
            )
    return findings
