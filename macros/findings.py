"""The one way to make a finding, and the one place where `qualite.yml` sets how serious it is.

Checks yield findings at their code's default severity; `with_settings` then applies `severites`
and the rule that some codes stay errors for documents handed to the public. Collecting and
reporting never mix: no check knows the configuration's severities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from macros.model import Base, Document, Finding, Severity
from macros.rule_codes import RULES_BY_CODE


def finding(
    code: str,
    path: str,
    message: str,
    line: int | None = None,
    *,
    reference: str | None = None,
    field: str | None = None,
) -> Finding:
    """A finding on the file at `path` (relative to the base, or to the project for flash-infos)."""
    rule = RULES_BY_CODE[code]  # an unknown code is a programming error: fail loudly
    return Finding(path, reference, code, rule.default_severity, message, line, field)


def fix_of(code: str) -> str:
    """The code's own fix hint (the README's « comment corriger »): messages quote it, never rewrite it."""
    return RULES_BY_CODE[code].fix


def about(document: Document, code: str, message: str, line: int | None = None, field: str | None = None) -> Finding:
    """A finding on one document: its path and reference."""
    return finding(code, document.path, message, line, reference=document.reference, field=field)


def with_settings(findings: Iterable[Finding], config, base: Base) -> list[Finding]:
    """Each finding at the severity `qualite.yml` gives its code; public documents keep their errors."""
    public = {d.path for d in base.documents if d.public == "usagers"}
    out = []
    for item in findings:
        severity = config.severity_of(item.code)
        if RULES_BY_CODE[item.code].always_error_for_public and item.path in public:
            severity = Severity.ERROR
        out.append(item if severity is item.severity else dataclasses.replace(item, severity=severity))
    return out
