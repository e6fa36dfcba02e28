"""A document's body on its page: links re-aimed at the site's addresses, raw HTML kept harmless."""

from __future__ import annotations

import re
from urllib.parse import quote

import nh3
from markdown.postprocessors import Postprocessor

from macros.french import no_break_spaces
from macros.markdown_text import (
    callouts_as_admonitions,
    fences_closed_as_opened,
    rewrite_links,
    rewrite_wikilinks,
    without_first_heading,
    without_obsidian_comments,
)
from macros.model import Document
from macros.site.html import escape
from macros.site.markdown_safety import NEUTRAL_URL, safe_id
from macros.site.site_data import SiteData
from macros.site.urls import COMPLAINTS, MAIL, attachment_uri, indicator_src_uri, page_href, relative_uri

BROKEN_LINK = "#lien-casse"
_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "details",
    "summary",
    "div",
    "span",
    "pre",
    "code",
    "sup",
    "sub",
    "mark",
    "del",
    "ins",
    "figure",
    "figcaption",
    "img",
    "input",
    "label",
    "dl",
    "dt",
    "dd",
    "abbr",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "align", "lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start"},
}


def page_markdown(data: SiteData, document: Document) -> str:
    """The body as Markdown for its page: links aimed at final addresses (`.html`), first `# heading`
    dropped when the cartouche already shows it."""
    if document.body_problem:
        return ""  # shown as preformatted text instead, see `plain_body_html`
    src_uri = data.pages.src_uri(document)
    registers = register_pages(data) if document.links else {}

    def rewrite(path: str, anchor: str) -> str:
        target = document.resolve(path)
        suffix = f"#{anchor}" if anchor else ""
        if target in data.pages.src_uris:
            return quote(page_href(src_uri, data.pages.src_uris[target])) + suffix
        if target in data.attachment_set:
            return quote(relative_uri(src_uri, attachment_uri(target))) + suffix
        shown_by = registers.get(target)
        if shown_by is not None:  # a register kept unpublished: its masked page stands for it
            return quote(page_href(src_uri, shown_by))
        return BROKEN_LINK

    def wikilink_address(link) -> str:
        target = data.run.base.find_by_name(link.target)
        suffix = f"#{link.anchor}" if link.anchor else ""
        if isinstance(target, str):
            return relative_uri(src_uri, attachment_uri(target)) if target in data.attachment_set else BROKEN_LINK
        return page_href(src_uri, data.pages.src_uri(target)) + suffix if target is not None else BROKEN_LINK

    body = rewrite_links(document.body, rewrite) if document.links else document.body
    body = rewrite_wikilinks(body, wikilink_address) if document.wikilinks else body
    body = callouts_as_admonitions(without_obsidian_comments(fences_closed_as_opened(body)))
    if document.heading and document.heading == document.title:
        body = without_first_heading(body)
    return body


def register_pages(data: SiteData) -> dict[str, str]:
    """Files the site never publishes (they hold names) → the page that shows them masked: the mail
    tracking tables, the complaints registers, an indicator's values holding personal data."""
    pages = dict.fromkeys(data.run.mail_tracking.sources, MAIL)
    pages |= dict.fromkeys(data.run.complaints.sources, COMPLAINTS)
    pages |= {i.csv_path: indicator_src_uri(i.reference) for i in data.run.indicators.items if i.has_personal_data}
    return pages


def _harmless_classes(tag: str, attribute: str, value: str) -> str | None:
    """Drop the classes the theme's scripts act on (`mermaid` makes Material fetch a script from a CDN)
    and identifiers the theme owns (`__config` holds its settings, search worker address included)."""
    if attribute == "id":
        return safe_id(value) or None
    if value == NEUTRAL_URL:
        return None
    if attribute != "class":
        return value
    kept = [name for name in value.split() if name != "mermaid" and not name.startswith("md-")]
    return " ".join(kept) or None


def sanitize(html: str) -> str:
    """Keep what Markdown produces, drop scripts, event handlers, `javascript:` URLs and theme hooks."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_harmless_classes,
    )


class SanitizingPostprocessor(Postprocessor):
    """The sanitizer as the last step of a Markdown converter we do not own (the blog's excerpts)."""

    def run(self, text: str) -> str:
        return french_spaces(sanitize(text))


def plain_body_html(document: Document) -> str:
    """A body too large or too intricate for Markdown, as escaped preformatted text: nothing is lost."""
    return f'<pre class="qd-plain">{escape(document.body)}</pre>'


REFERENCE_IN_TEXT = re.compile(r"(?<![\w/-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?![\w/-])")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_NOT_LINKED_IN = ("a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style")


def map_text(html: str, change, skipped: tuple[str, ...] = _NOT_LINKED_IN) -> str:
    """`change` applied to the text between tags, never inside the `skipped` elements (links, code…)."""
    out, inside = [], []
    for match in _TAG_OR_TEXT.finditer(html):
        tag, text = match.groups()
        if tag is None:
            out.append(text if inside else change(text))
            continue
        name = tag[1:].split(None, 1)[0].strip("/>").lower() if len(tag) > 2 else ""
        if name in skipped and not tag.endswith("/>"):
            if not tag.startswith("</"):
                inside.append(name)
            elif inside and inside[-1] == name:
                inside.pop()
        out.append(tag)
    return "".join(out)


def linked_references(html: str, pages: dict[str, str], own: str | None, href_of) -> str:
    """References of the base written in the text (`FP-BAAS-001`) become links to their pages;
    never inside a link, code or a heading, never the page's own reference."""
    if not pages or not REFERENCE_IN_TEXT.search(html):
        return html

    def link(match: re.Match) -> str:
        reference = match.group()
        if reference not in pages or reference == own:
            return reference
        return f'<a class="qd-ref" href="{escape(href_of(pages[reference]))}">{reference}</a>'

    return map_text(html, lambda text: REFERENCE_IN_TEXT.sub(link, text))


def french_spaces(html: str) -> str:
    """No-break spaces in the text as written, where French typography puts them (before `%`, `:`,
    `;`, `!`, `?`, `»`, after `≥` and `«`); code is left as written."""
    return map_text(html, no_break_spaces, ("code", "pre", "script", "style"))


_HEADING_TAG = re.compile(r"<(/?)h([1-5])([\s>])")


def demoted_headings(html: str) -> str:
    """The page has one `h1`, its title: headings of the text go one level down when it has an `h1`."""
    if "<h1" not in html:
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}{m.group(3)}", html)
