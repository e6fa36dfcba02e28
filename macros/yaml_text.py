"""Write front-matter values that read back exactly as given, whatever the user typed.

A title such as `Accueil : horaires #2` written bare would be cut at `#` or break the header;
free text is therefore always double-quoted, escaped by PyYAML itself.
"""

from __future__ import annotations

import re

import yaml

_BARE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")  # references, dates, type codes: safe unquoted


def scalar(value: str) -> str:
    """`value` as a YAML scalar: bare when it is a plain code or date, double-quoted otherwise."""
    if _BARE.fullmatch(value):
        return value
    dumped = yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=1 << 30)
    return dumped.rstrip("\n").removesuffix("\n...")


def field_line(key: str, value: str | None) -> str:
    """`key: value`, or `key:` alone for a value still to be filled in."""
    return f"{key}: {scalar(value)}" if value else f"{key}:"
