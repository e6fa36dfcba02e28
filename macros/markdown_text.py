"""What the checks need from a Markdown body without rendering it: first heading, relative links."""

from __future__ import annotations

import re
from urllib.parse import unquote

from macros.model import Link

_HEADING = re.compile(r"#[ \t]+(.+?)[ \t]*#*[ \t]*")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^()\s]+)(?:\s+[\"'(][^\n]*?)?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _outside_code(body: str, first_line: int):
    """Yield (line number, line) for lines not inside fenced code blocks."""
    fence = None
    for offset, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif match.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield first_line + offset, line


def first_heading(body: str) -> str | None:
    """Text of the first level-1 ATX heading, used as title when the front-matter has none."""
    for _, line in _outside_code(body, 1):
        if match := _HEADING.fullmatch(line):
            return match.group(1)
    return None


def relative_links(body: str, first_line: int) -> tuple[Link, ...]:
    """Links to other files, written relative to the document (no scheme, no leading `/`, no bare `#`)."""
    links = []
    for number, line in _outside_code(body, first_line):
        if "](" not in line and "]:" not in line:
            continue
        targets = [m.group(1) for m in _INLINE_LINK.finditer(line)]
        if definition := _REFERENCE_DEFINITION.match(line):
            targets.append(definition.group(1))
        for target in targets:
            path = _file_part(target)
            if path:
                links.append(Link(path, number))
    return tuple(links)


def _file_part(target: str) -> str | None:
    target = target.strip("<>").strip()
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return None
    path = re.split(r"[#?]", target, maxsplit=1)[0]
    return unquote(path) or None


def rewrite_links(body: str, rewrite) -> str:
    """Replace each relative link target with `rewrite(path, anchor)`; fenced code is left alone."""
    lines = body.split("\n")
    inside = {number - 1 for number, _ in _outside_code(body, 1)}

    def replace(match: re.Match) -> str:
        target = match.group(1)
        path = _file_part(target)
        if not path:
            return match.group(0)
        anchor = target.strip("<>").partition("#")[2]
        start, end = match.span(1)
        offset = match.start(0)
        text = match.group(0)
        return text[: start - offset] + rewrite(path, anchor) + text[end - offset :]

    for index in inside:
        line = lines[index]
        if "](" in line:
            line = _INLINE_LINK.sub(replace, line)
        if "]:" in line:
            line = _REFERENCE_DEFINITION.sub(replace, line, count=1)
        lines[index] = line
    return "\n".join(lines)


def without_first_heading(body: str) -> str:
    """The body minus its first level-1 heading (shown elsewhere, e.g. in a page's header block)."""
    for number, line in _outside_code(body, 0):
        if _HEADING.fullmatch(line):
            lines = body.split("\n")
            del lines[number]
            return "\n".join(lines)
    return body
