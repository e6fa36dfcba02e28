"""Flash-infos: the latest posts of the blog on the home page, and an Atom feed for the intranet.

Posts are plain Markdown files of `docs/flash-infos/posts/`, read by `macros.posts` and published
by Material's blog plugin; this module only shows what was read.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

from macros.dates import format_date
from macros.french import no_break_spaces
from macros.posts import FlashInfos
from macros.site.html import escape
from macros.site.urls import FEED, FLASH_INFOS_INDEX, page_html

FEED_URI = FEED


def xml_escape(text: str) -> str:
    """Text for an XML element or a double-quoted attribute."""
    return _xml_escape(text, {'"': "&quot;"})


@dataclass(frozen=True)
class Post:
    title: str
    date: dt.date
    categories: tuple[str, ...]
    url: str
    summary: str


def read_posts(flash_infos: FlashInfos, files) -> list[Post]:
    """Published posts, newest first, with the address the blog gave each (`files` after its `on_files`)."""
    urls = {file.src_uri: file.url for file in files.documentation_pages()}
    return [
        Post(post.title, post.date, post.categories, urls[post.src_uri], post.summary)
        for post in flash_infos.posts
        if post.src_uri in urls and not post.draft
    ]


def latest_html(posts: list[Post], page_url: str, count: int) -> str:
    """A short list for the home page, links relative to the page that shows it."""
    if not posts:
        return "<p>Aucun flash-info pour le moment.</p>"
    folder = posixpath.dirname(page_url) or "."
    items = "".join(
        f'<li><a href="{escape(posixpath.relpath(post.url, folder))}">{escape(no_break_spaces(post.title))}</a> '
        f"<small>({format_date(post.date)})</small><br>{escape(no_break_spaces(post.summary))}</li>"
        for post in posts[:count]
    )
    feed = escape(posixpath.relpath(FEED_URI, folder))
    return f'<ul class="qd-posts">{items}</ul><p><a href="{feed}">Flux Atom des flash-infos</a></p>'


def atom_feed(posts: list[Post], site_name: str, site_url: str | None, updated: dt.date) -> str:
    """Atom 1.0; links are absolute when `site_url` is set, else relative to the feed's folder."""

    def link(url: str) -> str:
        return (site_url.rstrip("/") + "/" + url) if site_url else posixpath.relpath(url, posixpath.dirname(FEED_URI))

    base_id = (site_url or "urn:base-documentaire-qualite:").rstrip("/")
    entries = "".join(
        f'<entry><title>{xml_escape(post.title)}</title><link href="{xml_escape(link(post.url))}"/>'
        f"<id>{xml_escape(base_id + '/' + post.url)}</id><updated>{post.date.isoformat()}T00:00:00Z</updated>"
        + "".join(f'<category term="{xml_escape(c)}"/>' for c in post.categories)
        + f"<summary>{xml_escape(post.summary)}</summary></entry>"
        for post in posts
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
        f"<title>{xml_escape(site_name)} — flash-infos</title><id>{xml_escape(base_id + '/' + FEED_URI)}</id>"
        f"<updated>{updated.isoformat()}T00:00:00Z</updated>"
        f'<link href="{xml_escape(link(page_html(FLASH_INFOS_INDEX)))}"/>'
        f"{entries}</feed>\n"
    )
