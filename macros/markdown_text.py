"""What the checks need from a Markdown body without rendering it: first heading, relative links.

Whole-body regular expressions rather than a loop over lines: this runs on every document of
bases of ten thousand files.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from urllib.parse import unquote

from macros.model import Link, WikiLink

_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)", re.MULTILINE)
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^()\s]+)(?:\s+[\"'(][^\n]*?)?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Bounds past which Python-Markdown is not given a body (measured: its inline patterns are quadratic
# in the `[`, `<` and `(` of one paragraph, 10,000 of them take 10 s; its block parser recurses once
# per level of nesting and fails past about 250). Such a body is shown as plain preformatted text.
MAX_BODY_CHARACTERS = 1_000_000
MAX_OPENERS_PER_BLOCK = 2_000
MAX_NESTING = 32
MAX_INDENT = 96
_DEEP_NESTING = re.compile(
    rf"^[ \t]*(?:(?:>[ \t]*|[-*+][ \t]+|\d{{1,9}}[.)][ \t]+)){{{MAX_NESTING + 1}}}", re.MULTILINE
)
_DEEP_INDENT = re.compile(rf"^[ ]{{{MAX_INDENT + 1}}}|^\t{{{MAX_INDENT // 4 + 1}}}", re.MULTILINE)


def _code_blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks; an unclosed fence runs to the end."""
    if "```" not in body and "~~~" not in body:
        return []
    blocks, opening = [], None
    for match in _FENCE.finditer(body):
        if opening is None:
            opening = match
        elif match.group(1) == opening.group(1):
            blocks.append((opening.start(), match.end()))
            opening = None
    if opening is not None:
        blocks.append((opening.start(), len(body)))
    return blocks


def _in_code(blocks: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in blocks)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()!|#])")


def escaped_for_markdown(text: str) -> str:
    """`text` to be written into Markdown as plain text: HTML escaped and its Markdown punctuation
    backslash-escaped, so that `[lien](javascript:…)` or `{: onclick=…}` stay text."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))  # quotes are text here


def body_problem(body: str) -> str | None:
    """Why the body is too large or too intricate for Python-Markdown, in French, or None."""
    if len(body) > MAX_BODY_CHARACTERS:
        return f"texte de plus de {MAX_BODY_CHARACTERS // 1_000_000} million de caractères, affiché en texte brut"
    if _DEEP_NESTING.search(body) or _DEEP_INDENT.search(body):
        return f"listes ou citations imbriquées sur plus de {MAX_NESTING} niveaux, affichées en texte brut"
    for block in body.split("\n\n") if len(body) > MAX_OPENERS_PER_BLOCK else ():
        if block.count("[") + block.count("<") + block.count("(") > MAX_OPENERS_PER_BLOCK:
            return (
                f"un paragraphe de plus de {MAX_OPENERS_PER_BLOCK} crochets, chevrons ou parenthèses, "
                "affiché en texte brut"
            )
    return None


def first_heading(body: str) -> str | None:
    """Text of the first level-1 ATX heading, used as title when the front-matter has none."""
    match = _first_heading_match(body)
    return match.group(1) if match else None


def _first_heading_match(body: str) -> re.Match | None:
    if "#" not in body:
        return None
    blocks = None
    for match in _HEADING.finditer(body):
        blocks = _code_blocks(body) if blocks is None else blocks
        if not _in_code(blocks, match.start()):
            return match
    return None


def without_first_heading(body: str) -> str:
    """The body minus its first level-1 heading (shown elsewhere, e.g. in a page's header block)."""
    match = _first_heading_match(body)
    if match is None:
        return body
    end = match.end() + 1 if body[match.end() : match.end() + 1] == "\n" else match.end()
    return body[: match.start()] + body[end:]


def _link_matches(body: str) -> list[tuple[re.Match, int]]:
    """Link matches outside code (match, group holding the target), in document order."""
    if "](" not in body and "]:" not in body:
        return []
    blocks = _code_blocks(body)
    found = [(m, 1) for m in _INLINE_LINK.finditer(body)] + [(m, 1) for m in _REFERENCE_DEFINITION.finditer(body)]
    found = [item for item in found if not _in_code(blocks, item[0].start())]
    return sorted(found, key=lambda item: item[0].start(1))


_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|#\n]+)(?:#([^\[\]|\n]*))?(?:\|([^\[\]\n]*))?\]\]")
_OBSIDIAN_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)


def wikilinks(body: str, first_line: int) -> tuple[WikiLink, ...]:
    """`[[REF]]`, `[[Titre|texte]]`, `[[nom de fichier#section]]`, `![[image.png]]` outside code."""
    if "[[" not in body:
        return ()
    blocks = _code_blocks(body)
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    found = []
    for match in _WIKILINK.finditer(body):
        if _in_code(blocks, match.start()):
            continue
        found.append(_wikilink(match, first_line + bisect.bisect_right(line_starts, match.start()) - 1))
    return tuple(found)


def _wikilink(match: re.Match, line: int) -> WikiLink:
    embed, target, anchor, text = match.groups()
    return WikiLink(target.strip(), (anchor or "").strip(), text.strip() if text else None, line, bool(embed))


def rewrite_wikilinks(body: str, address: Callable[[WikiLink], str]) -> str:
    """Each wikilink as a Markdown link (an image for `![[…]]`) to `address(link)`; code left alone."""
    if "[[" not in body:
        return body
    blocks = _code_blocks(body)

    def replace(match: re.Match) -> str:
        if _in_code(blocks, match.start()):
            return match.group()
        link = _wikilink(match, 0)
        label = escaped_for_markdown(link.text or link.target)
        return f"{'!' if link.embed else ''}[{label}](<{address(link)}>)"

    return _WIKILINK.sub(replace, body)


_CALLOUT = re.compile(
    r"^>[ \t]*\[!(?P<kind>[\w-]+)\](?P<fold>[+-]?)[ \t]*(?P<title>[^\n]*)\n(?P<rest>(?:>[^\n]*(?:\n|$))*)", re.M
)


def callouts_as_admonitions(body: str) -> str:
    """`> [!note] Titre` (Obsidian, GitHub) written as the site's admonitions (`!!! note "Titre"`);
    `[!note]-` folded and `[!note]+` foldable, open, as Obsidian shows them (`??? note`, `???+ note`)."""
    if "[!" not in body:
        return body
    blocks = _code_blocks(body)

    def replace(match: re.Match) -> str:
        if _in_code(blocks, match.start()):
            return match.group()
        lines = [re.sub(r"^>[ \t]?", "", line) for line in match.group("rest").split("\n") if line]
        title = match.group("title").strip().replace('"', "'")
        inner = "\n".join(f"    {line}" if line.strip() else "" for line in lines)
        marker = {"-": "???", "+": "???+"}.get(match.group("fold"), "!!!")
        kind = match.group("kind").lower()
        return f'{marker} {kind} "{title}"\n\n{inner}\n\n' if title else f"{marker} {kind}\n\n{inner}\n\n"

    return _CALLOUT.sub(replace, body)


_FENCE_LINE = re.compile(r"^([ \t]{0,3})(`{3,}|~{3,})([^\n]*)$", re.M)


def fences_closed_as_opened(body: str) -> str:
    """A fence closed by a longer one (CommonMark allows it, Python-Markdown does not) closed like it opened."""
    if "```" not in body and "~~~" not in body:
        return body
    out, opened, position = [], None, 0
    for match in _FENCE_LINE.finditer(body):
        indent, fence, rest = match.groups()
        if opened is None:
            opened = fence
        elif fence[0] == opened[0] and len(fence) >= len(opened) and not rest.strip():
            if len(fence) > len(opened):
                out += [body[position : match.start()], indent + opened]
                position = match.end()
            opened = None
    return "".join(out) + body[position:] if out else body


def without_obsidian_comments(body: str) -> str:
    """`%%…%%` are Obsidian's comments: never published."""
    if "%%" not in body:
        return body
    blocks = _code_blocks(body)
    return _OBSIDIAN_COMMENT.sub(lambda m: m.group() if _in_code(blocks, m.start()) else "", body)


def relative_links(body: str, first_line: int) -> tuple[Link, ...]:
    """Links to other files, written relative to the document (no scheme, no leading `/`, no bare `#`)."""
    matches = _link_matches(body)
    if not matches:
        return ()
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    links = []
    for match, group in matches:
        path = _file_part(match.group(group))
        if path:
            line = first_line + bisect.bisect_right(line_starts, match.start(group)) - 1
            links.append(Link(path, line))
    return tuple(links)


def rewrite_links(body: str, rewrite: Callable[[str, str], str]) -> str:
    """Replace each relative link target with `rewrite(path, anchor)`; fenced code is left alone."""
    pieces, position = [], 0
    for match, group in _link_matches(body):
        target = match.group(group)
        path = _file_part(target)
        if not path:
            continue
        anchor = target.strip("<>").partition("#")[2]
        pieces += [body[position : match.start(group)], rewrite(path, anchor)]
        position = match.end(group)
    return "".join(pieces) + body[position:] if pieces else body


def relative_link_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each relative link target: the site rewrites them to its own addresses."""
    return [m.span(g) for m, g in _link_matches(body) if _file_part(m.group(g))]


def _file_part(target: str) -> str | None:
    target = target.strip("<>").strip()
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return None
    path = re.split(r"[#?]", target, maxsplit=1)[0]
    return unquote(path) or None
