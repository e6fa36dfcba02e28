"""One control run: configuration, referentials and base read once, then checked on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from macros.config import Configuration, load_configuration
from macros.documents import ParseCache, load_base
from macros.model import Base, Finding, Referential
from macros.referentials import in_scope, load_referentials
from macros.rules import check_base, sort_findings
from macros.steering import Steering, read_steering


@dataclass(frozen=True)
class ControlRun:
    config: Configuration
    referentials: tuple[Referential, ...]
    scope: tuple[Referential, ...]
    base: Base
    today: dt.date
    findings: list[Finding] = field(hash=False, compare=False)
    steering: Steering | None = field(default=None, hash=False, compare=False)


def run_control(
    base_dir: Path, referentials_dir: Path, config_path: Path | None, today: dt.date, cache: ParseCache | None = None
) -> ControlRun:
    """Read everything once and check it; raises `ConfigurationError` for unusable settings."""
    config = load_configuration(config_path)
    referentials = load_referentials(referentials_dir)
    scope = in_scope(referentials, config.perimetre)
    base = load_base(base_dir, cache)
    findings = check_base(base, referentials, config, today)
    steering = read_steering(base, config, today)
    findings = sort_findings(findings + steering.findings)
    return ControlRun(config, referentials, scope, base, today, findings, steering)
