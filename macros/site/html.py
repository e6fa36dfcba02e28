"""Small helpers to write HTML from data: every value goes through `escape`."""

from __future__ import annotations

import re
from html import escape as _escape

_CODE_SPAN = re.compile(r"`([^`]+)`")


def escape(value) -> str:
    return "" if value is None else _escape(str(value), quote=True)


def link(href: str, text) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def severity_badge(severity) -> str:
    return f'<span class="qd-badge qd-{severity.value}">{escape(severity.libelle)}</span>'


def message_html(message: str) -> str:
    """A finding's message: escaped, its `code spans` shown as code."""
    return _CODE_SPAN.sub(r"<code>\1</code>", escape(message))
