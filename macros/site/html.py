"""Small helpers to write HTML from data: every value goes through `escape`."""

from __future__ import annotations

import json
import re
from html import escape as _escape

from macros.markdown_text import escaped_for_markdown
from macros.site.markdown_safety import safe_id

_CODE_SPAN = re.compile(r"`([^`]+)`")


def escape(value) -> str:
    return "" if value is None else _escape(str(value), quote=True)


def json_script(element_id: str, value) -> str:
    """Data for a script of the page, as JSON in `<script type="application/json">`: `<`, `>` and `&`
    written as `\\u` escapes, so that no value can end the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{escape(element_id)}">{text}</script>'


def markdown_escape(value) -> str:
    """A value written into a generated page's Markdown (a heading): see `escaped_for_markdown`."""
    return "" if value is None else escaped_for_markdown(str(value))


def anchor(value) -> str:
    """An `{#anchor}` of a generated page from a code or a reference."""
    return safe_id(str(value).lower()) or "section"


def front_matter(title: str | None = None, hide: tuple[str, ...] = (), exclude_from_search: bool = False) -> list[str]:
    """The header of a generated page, as Markdown lines: its title as a YAML string (JSON is YAML,
    every value quoted), what the theme hides, whether the search leaves it out."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {json.dumps(title, ensure_ascii=False)}")
    if hide:
        lines += ["hide:", *(f"  - {part}" for part in hide)]
    if exclude_from_search:
        lines += ["search:", "  exclude: true"]
    return [*lines, "---", ""]


def link(href: str, text) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def severity_badge(severity) -> str:
    return f'<span class="qd-badge qd-{severity.value}">{escape(severity.libelle)}</span>'


# A reference, a file name or a date pattern in a message: kept on one line (`ENR-RECLA-2025.csv`).
_UNBROKEN = re.compile(r"(?<![\w.-])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?:\.[a-z]{2,4})?(?![\w-])")


def message_html(message: str) -> str:
    """A finding's message: escaped, its `code spans` shown as code, references never cut across lines."""
    escaped = _UNBROKEN.sub(r'<span class="qd-ref">\g<0></span>', escape(message))
    return _CODE_SPAN.sub(r"<code>\1</code>", escaped)


def table(
    columns,
    rows,
    *,
    css_class: str = "",
    caption: str = "",
    table_id: str = "",
    sortable: bool = False,
    wrap: bool = True,
    exclude_from_search: bool = False,
) -> str:
    """The one accessible table of the views: `columns` are plain text (escaped here, `scope="col"`),
    `rows` are `<tr>` strings already escaped. Wrapped, it sits in a scroll region a keyboard can
    reach, labelled by its caption."""
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
    attributes = "".join(
        f' {name}="{escape(value)}"' for name, value in (("class", css_class), ("id", table_id)) if value
    )
    attributes += " data-qd-sortable" if sortable else ""
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    html = f"<table{attributes}>{caption_html}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    if not wrap:
        return html
    label = escape(caption or ", ".join(columns))
    search = ' data-search-exclude="oui"' if exclude_from_search else ""
    return f'<div class="qd-table-wrap" role="region" tabindex="0" aria-label="{label}"{search}>{html}</div>'
