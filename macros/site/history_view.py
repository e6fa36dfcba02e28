"""A document's history on its page: the versions its front-matter declares, then the file's git changes.

The first is what the quality approach asks for (who changed what, in which version); the second
is what really happened to the file, when the base lives in git.
"""

from __future__ import annotations

from macros.dates import format_date
from macros.git_history import Change
from macros.model import DateField, Document
from macros.personal_data import mask
from macros.site.html import escape, table
from macros.site.site_data import SiteData

VERSION_COLUMNS = ("Version", "Date", "Auteur", "Modification")
GIT_COLUMNS = ("Date", "Auteur", "Message")


def history_section(data: SiteData, document: Document, changes: tuple[Change, ...]) -> str:
    """Both tables, or "" when the document has neither a `historique` nor git changes."""
    versions = _versions_table(document)
    commits = _git_table(data, changes)
    if not versions and not commits:
        return ""
    return (
        '<section class="qd-history" data-search-exclude="oui" aria-labelledby="historique-titre">'
        f'<h2 id="historique-titre">Historique</h2>{versions}{commits}</section>'
    )


def _versions_table(document: Document) -> str:
    rows = [
        (escape(entry.version), _date(entry.date), escape(entry.auteur), escape(entry.modification))
        for entry in document.history
    ]
    return _table("qd-versions", "Historique des versions", VERSION_COLUMNS, rows) if rows else ""


def _git_table(data: SiteData, changes: tuple[Change, ...]) -> str:
    if not changes:
        return ""
    allowed = data.run.config.donnees_publiques  # commit messages are free text: mask them like the documents
    rows = [
        (escape(format_date(c.date)), escape(mask(c.author, allowed)), escape(mask(c.message, allowed)))
        for c in changes
    ]
    caption = "Dernières modifications du fichier (git), de la plus récente à la plus ancienne"
    return (
        f'<details class="qd-git"><summary>Modifications enregistrées du fichier ({len(rows)})</summary>'
        + _table("qd-git-history", caption, GIT_COLUMNS, rows)
        + "</details>"
    )


def _table(css_class: str, caption: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    body = ["<tr>" + "".join(f"<td>{cell or '—'}</td>" for cell in row) + "</tr>" for row in rows]
    return table(columns, body, css_class=css_class, caption=caption)


def _date(written: DateField | None) -> str:
    if written is None:
        return ""
    if written.value is None:
        return f'<span class="qd-invalid">{escape(written.raw)}</span>'
    return escape(format_date(written.value))
