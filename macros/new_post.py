"""`python -m macros nouveau --type flash-info`: a flash-info post, dated, with its author, ready to write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.file_names import ascii_slug, name_clash
from macros.posts import AUTHORS_FILE, POSTS_FOLDER, read_flash_infos

FLASH_INFO = "flash-info"


class NewPostError(Exception):
    """Why the post cannot be created, in French."""


def create_post(blog_dir: Path, title: str, day: dt.date, author: str | None = None) -> Path:
    """Write `blog_dir/posts/AAAA-MM-JJ-titre.md`; the author is the only one of `.authors.yml` when not given."""
    title = " ".join(title.split())
    if not title:
        raise NewPostError("le titre est vide : indiquez-le avec `--titre`")
    blog_dir = Path(blog_dir)
    authors = [a.key for a in read_flash_infos(blog_dir.parent, blog_dir.name).authors]
    if author is None and len(authors) == 1:
        author = authors[0]
    if author is not None and author not in authors:
        known = ", ".join(authors) or "aucun"
        raise NewPostError(f"auteur « {author} » absent de {blog_dir / AUTHORS_FILE} (auteurs : {known})")
    path = blog_dir / POSTS_FOLDER / f"{day.isoformat()}-{ascii_slug(title)[:60]}.md"
    if path.exists() or name_clash(path) is not None:
        raise NewPostError(f"{path} existe déjà : il n'est pas remplacé")
    header = [f"date: {day.isoformat()}", f"slug: {ascii_slug(title)[:60]}"]  # a plain address, as the file name
    if author:
        header.append(f"authors: [{author}]")
    body = f"# {title}\n\nRésumé en une ou deux phrases.\n\n<!-- more -->\n\nLa suite.\n"
    text = "---\n" + "\n".join(header) + "\n---\n\n" + body
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    return path
