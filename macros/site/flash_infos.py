"""Flash-infos: the latest posts of the blog on the home page, and an Atom feed for the intranet.

Posts are plain Markdown files of `docs/flash-infos/posts/`, published by Material's blog plugin;
this module only reads their front-matter and their first paragraph.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from macros.dates import format_date, parse_date
from macros.frontmatter import split_front_matter
from macros.markdown_text import first_heading
from macros.site.html import escape

POSTS_DIR = "flash-infos/posts/"
FEED_URI = "flash-infos/feed.xml"
_MARKUP = re.compile(r"[*_`#>\[\]]|\(\S*?\)")


@dataclass(frozen=True)
class Post:
    title: str
    date: dt.date
    categories: tuple[str, ...]
    url: str
    summary: str


def read_posts(files) -> list[Post]:
    """Posts of the blog, newest first; `files` are MkDocs files after the blog plugin placed them."""
    posts = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(POSTS_DIR):
            continue
        split = split_front_matter(file.content_string)
        date = parse_date(str(split.fields.get("date", "")).split(" ")[0].split("T")[0])
        if date is None:
            continue
        categories = split.fields.get("categories") or []
        posts.append(
            Post(
                title=first_heading(split.body) or str(split.fields.get("title", file.src_uri)),
                date=date,
                categories=tuple(str(c) for c in categories) if isinstance(categories, list) else (),
                url=file.url,
                summary=_summary(split.body),
            )
        )
    return sorted(posts, key=lambda post: post.date, reverse=True)


def _summary(body: str) -> str:
    before_more = body.split("<!-- more -->", 1)[0]
    paragraphs = [p.strip() for p in before_more.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return _MARKUP.sub("", " ".join(paragraphs[0].split())) if paragraphs else ""


def latest_html(posts: list[Post], page_url: str, count: int) -> str:
    """A short list for the home page, links relative to the page that shows it."""
    if not posts:
        return "<p>Aucun flash-info pour le moment.</p>"
    folder = posixpath.dirname(page_url) or "."
    items = "".join(
        f'<li><a href="{escape(posixpath.relpath(post.url, folder))}">{escape(post.title)}</a> '
        f"<small>({format_date(post.date)})</small><br>{escape(post.summary)}</li>"
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
        f'<updated>{updated.isoformat()}T00:00:00Z</updated><link href="{xml_escape(link("flash-infos/index.html"))}"/>'
        f"{entries}</feed>\n"
    )
