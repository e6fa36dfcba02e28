"""Flash-infos (posts of the blog) read like documents: tolerant reader, findings, never an abort.

Material's blog plugin stops the whole build on a date it cannot read or an author it does not know,
and shows titles, categories and authors as raw HTML. So the posts and `.authors.yml` are read here
first: a post whose date cannot be understood is left out with a finding, an unknown author is
dropped with a finding, and what the blog is given is a safe copy (values escaped, personal data
masked, date written `AAAA-MM-JJ`). This module knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from macros.codes import DONNEE_PERSONNELLE, FLASH_INFO_AUTEUR, FLASH_INFO_INVALIDE, LIEN_SYMBOLIQUE, PIECE_ACTIVE
from macros.dates import parse_date
from macros.decoding import decode
from macros.documents import ACTIVE_SUFFIXES
from macros.findings import finding
from macros.french import no_break_spaces
from macros.frontmatter import load_yaml_text, split_front_matter
from macros.markdown_text import escaped_for_markdown, first_heading, without_first_heading
from macros.model import Finding
from macros.personal_data import find_personal_data, mask

if TYPE_CHECKING:
    from macros.context import CheckContext

POSTS_FOLDER = "posts"
AUTHORS_FILE = ".authors.yml"
_SLUG = re.compile(r"[^a-z0-9-]+")
# A category becomes the title of a page the blog writes in Markdown: no Markdown punctuation in it.
_TAG = re.compile(r"<[^>]*>")
_CATEGORY_MARKUP = re.compile(r"[\\`*_{}\[\]()!|#<>]")
_MARKUP = re.compile(r"[*_`#>\[\]]|\(\S*?\)|<[^>]*>")
_SAFE_AVATAR = re.compile(
    r"(?![a-z][a-z0-9+.-]*:)(?![/\\])(?!.*\.\.)[\w./-]+\.(?:png|jpe?g|gif|webp|svg)", re.IGNORECASE
)
# The most a post or `.authors.yml` may weigh; larger, it is left out (bounded memory).
MAX_POST_BYTES = 1_000_000


@dataclass(frozen=True)
class Author:
    key: str
    name: str  # plain text, personal data masked
    description: str
    avatar: str


@dataclass(frozen=True)
class FlashInfo:
    """One post as the site shows it: plain texts (masked), its date, and the safe Markdown copy."""

    src_uri: str  # relative to the docs folder, as MkDocs names the file
    title: str
    date: dt.date
    categories: tuple[str, ...]
    authors: tuple[str, ...]
    summary: str
    safe_markdown: str
    draft: bool = False


@dataclass(frozen=True)
class FlashInfos:
    posts: tuple[FlashInfo, ...] = ()  # published, newest first
    authors: tuple[Author, ...] = ()
    left_out: tuple[str, ...] = ()  # src_uris of posts not given to the blog
    findings: tuple[Finding, ...] = ()


def read_flash_infos(docs_dir: Path, blog_dir: str, allowed: tuple[str, ...] = ()) -> FlashInfos:
    """Every post of `docs_dir/blog_dir/posts`; findings name files as `docs/<blog_dir>/...`."""
    blog = Path(docs_dir) / blog_dir
    label = f"{Path(docs_dir).name}/{blog_dir}"
    findings: list[Finding] = []
    authors = _read_authors(blog / AUTHORS_FILE, f"{label}/{AUTHORS_FILE}", allowed, findings)
    known = {author.key for author in authors}
    posts, left_out = [], []
    folder = blog / POSTS_FOLDER
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        relative = path.relative_to(docs_dir).as_posix()
        post = _read_post(path, relative, f"{Path(docs_dir).name}/{relative}", known, allowed, findings)
        if post is None:
            left_out.append(relative)
        else:
            posts.append(post)
    left_out += _unpublishable_files(Path(docs_dir), blog, findings)
    posts.sort(key=lambda post: post.date, reverse=True)
    return FlashInfos(tuple(posts), tuple(authors), tuple(left_out), tuple(findings))


def _unpublishable_files(docs_dir: Path, blog: Path, findings: list[Finding]) -> list[str]:
    """Files beside the posts that MkDocs would copy as they are: links and content a browser would run."""
    found = []
    for path in sorted(blog.rglob("*")) if blog.is_dir() else []:
        relative = path.relative_to(docs_dir).as_posix()
        label = f"{docs_dir.name}/{relative}"
        if path.is_symlink() and not path.name.endswith(".md"):  # posts that are links are refused when read
            findings.append(finding(LIEN_SYMBOLIQUE, label, "Lien symbolique : il n'est ni lu ni publié."))
            found.append(relative + "/" if path.is_dir() else relative)  # a linked folder: all it holds
        elif path.is_file() and path.suffix.lower() in ACTIVE_SUFFIXES:
            findings.append(
                finding(PIECE_ACTIVE, label, "Fichier que le navigateur exécuterait : il n'est pas publié.")
            )
            found.append(relative)
    return found


def flash_info_checks(context: CheckContext) -> Iterator[Finding]:
    """What the reader found in the posts and the authors file."""
    yield from context.flash_infos.findings


def _read_text(path: Path, label: str, findings: list[Finding]) -> str | None:
    """The file's text, or None with a finding when it is a link, too large or unreadable."""
    if path.is_symlink():
        findings.append(finding(LIEN_SYMBOLIQUE, label, "Lien symbolique : il n'est ni lu ni publié."))
        return None
    try:
        if path.stat().st_size > MAX_POST_BYTES:
            findings.append(finding(FLASH_INFO_INVALIDE, label, "Fichier de plus de 1 Mo : il n'est pas publié."))
            return None
        return decode(path.read_bytes())[0]
    except OSError:
        findings.append(finding(FLASH_INFO_INVALIDE, label, "Fichier illisible : vérifiez ses droits d'accès."))
        return None


def _read_authors(path: Path, label: str, allowed: tuple[str, ...], findings: list[Finding]) -> list[Author]:
    if not path.exists() and not path.is_symlink():
        return []
    text = _read_text(path, label, findings)
    if text is None:
        return []
    data, problem = load_yaml_text(text)
    entries = data.get("authors") if isinstance(data, dict) else None
    if problem or not isinstance(entries, dict):
        why = problem.message if problem else "pas de rubrique `authors:` listant les auteurs"
        findings.append(
            finding(FLASH_INFO_INVALIDE, label, f"Fichier des auteurs illisible ({why}) : aucun auteur.", 1)
        )
        return []
    authors = []
    for key, entry in entries.items():
        entry = entry if isinstance(entry, dict) else {}
        name = _plain_value(entry.get("name"), allowed) or key
        avatar = str(entry.get("avatar") or "")
        if not _SAFE_AVATAR.fullmatch(avatar):
            avatar = "assets/images/qualite.svg"
        authors.append(Author(key, name, _plain_value(entry.get("description"), allowed), avatar))
    return authors


def _plain_value(value, allowed: tuple[str, ...]) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return mask(" ".join(str(value).split()), allowed)


def post_date(value) -> dt.date | None:
    """A post's date: `AAAA-MM-JJ`, `JJ/MM/AAAA`, a date-time, or Material's `{created: ...}`."""
    if isinstance(value, dict):
        value = value.get("created")
    if not isinstance(value, str):
        return None
    return parse_date(value)


def _read_post(
    path: Path, relative: str, label: str, known: set[str], allowed: tuple[str, ...], findings: list[Finding]
) -> FlashInfo | None:
    text = _read_text(path, label, findings)
    if text is None:
        return None
    split = split_front_matter(text)
    if split.problem:
        findings.append(
            finding(FLASH_INFO_INVALIDE, label, f"En-tête illisible ({split.problem.message}) : non publié.", 1)
        )
        return None
    fields = split.fields
    day = post_date(fields.get("date"))
    if day is None:
        written = fields.get("date")
        what = f"« {written} » n'est pas une date" if isinstance(written, str) else "la date est absente"
        findings.append(
            finding(
                FLASH_INFO_INVALIDE,
                label,
                f"Flash-info non publié : {what} ; écrivez `date: AAAA-MM-JJ` (ou JJ/MM/AAAA) dans l'en-tête.",
                split.lines.get("date", 1),
            )
        )
        return None
    authors = []
    for key in _texts(fields.get("authors")):
        if key in known:
            authors.append(key)
        else:
            findings.append(
                finding(
                    FLASH_INFO_AUTEUR,
                    label,
                    f"Auteur « {html.escape(mask(key, allowed))} » absent de `{AUTHORS_FILE}` : le flash-info est "
                    "publié sans lui ; ajoutez-le au fichier des auteurs ou corrigez son identifiant.",
                    split.lines.get("authors"),
                )
            )
    for item in find_personal_data(text, allowed):
        line = text.count("\n", 0, item.start) + 1
        findings.append(
            finding(
                DONNEE_PERSONNELLE,
                label,
                f"Donnée personnelle ({item.kind}) : masquée dans le site ; retirez-la du flash-info.",
                line,
            )
        )
    body = mask(split.body, allowed)
    title = _plain_value(fields.get("title"), allowed) or mask(first_heading(split.body) or path.stem, allowed)
    categories = tuple(
        _CATEGORY_MARKUP.sub("", _TAG.sub("", _plain_value(c, allowed))).strip()
        for c in _texts(fields.get("categories"))
    )
    categories = tuple(c for c in categories if c)
    safe = _safe_copy(fields, day, title, categories, authors, without_first_heading(body))
    draft = str(fields.get("draft", "")).strip().lower() in {"true", "yes", "oui"}
    summary = mask(_summary(split.body), allowed)  # markup taken out first, so that the masks' brackets stay
    plain_title = mask(_plain(first_heading(split.body) or ""), allowed) if not fields.get("title") else title
    return FlashInfo(relative, plain_title or title, day, categories, tuple(authors), summary, safe, draft)


def _texts(value) -> list[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split())


def _summary(body: str) -> str:
    before_more = without_first_heading(body).split("<!-- more -->", 1)[0]
    paragraphs = [p.strip() for p in before_more.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return _plain(paragraphs[0]) if paragraphs else ""


def _safe_copy(fields: dict, day: dt.date, title: str, categories, authors, body: str) -> str:
    """The post as the blog reads it: a header of known keys with escaped values, then the body.

    JSON is valid YAML and quotes every value, so nothing in a value can become YAML syntax; the date
    alone is written bare, for YAML to read it as a date.
    """
    header = {}
    if categories:
        header["categories"] = [html.escape(c) for c in categories]
    if authors:
        header["authors"] = list(authors)
    written = str(fields.get("slug") or "")
    slug = _SLUG.sub("-", written.lower()).strip("-")
    if slug and not find_personal_data(written.replace("-", " ").title()):  # the slug is the post's address
        header["slug"] = slug
    for flag in ("draft", "pin"):
        if str(fields.get(flag, "")).strip().lower() in {"true", "yes", "oui"}:
            header[flag] = True
    lines = "".join(f"\n{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in header.items())
    return f"---\ndate: {day.isoformat()}{lines}\n---\n\n# {escaped_for_markdown(no_break_spaces(title))}\n\n{body}"


def write_safe_copies(flash_infos: FlashInfos, folder: Path) -> dict[str, Path]:
    """Write each published post's safe copy under `folder`; src_uri → the copy's path."""
    copies = {}
    for post in flash_infos.posts:
        target = folder / post.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(post.safe_markdown, encoding="utf-8")
        os.replace(temporary, target)
        copies[post.src_uri] = target
    return copies


def authors_yaml(authors: tuple[Author, ...]) -> str:
    """`.authors.yml` for the blog: names and descriptions escaped (the theme shows them as HTML)."""
    entries = {
        author.key: {
            "name": html.escape(author.name),
            "description": html.escape(author.description),
            "avatar": author.avatar,
        }
        for author in authors
    }
    return json.dumps({"authors": entries}, ensure_ascii=False, indent=1) + "\n"
