"""The parsed document base: plain frozen data shared by the checks, the command line and the site."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How serious a finding is; ordered so that the worst sorts first."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def libelle(self) -> str:
        return {"error": "erreur", "warning": "avertissement", "info": "information"}[self.value]


@dataclass(frozen=True)
class DateField:
    """A date as the author wrote it, with its meaning when it is a real date."""

    raw: str
    value: dt.date | None
    line: int | None


@dataclass(frozen=True)
class YamlProblem:
    """Why the front-matter could not be used, and where."""

    message: str
    line: int


@dataclass(frozen=True)
class Link:
    """A relative link written in a document's body."""

    target: str
    line: int


@dataclass(frozen=True)
class Document:
    """One file of the base, whatever is wrong with it.

    Values are kept as the author wrote them (text, never numbers); `fields` holds the raw
    front-matter mapping and `lines` the line of each top-level key in the file.
    """

    path: str  # relative to the base root, with `/`: files are found as `base.root / path`
    encoding: str
    has_front_matter: bool
    yaml_problem: YamlProblem | None
    fields: dict = field(hash=False, compare=False)
    lines: dict = field(hash=False, compare=False)
    body: str = ""
    body_line: int = 1
    heading: str | None = None
    links: tuple[Link, ...] = ()
    # (line, kind, value) of what looks like personal data, found once at parse time.
    personal_data: tuple = field(default=(), compare=False)
    # Why the body is not given to Python-Markdown (too large, too deeply nested), or None.
    body_problem: str | None = None

    def text(self, key: str) -> str | None:
        """A scalar field as stripped text, or None when absent, empty or explicitly null."""
        texts = self.__dict__.get("_texts")
        if texts is None:  # computed once: the checks and the site ask for the same fields many times
            texts = {k: _scalar_text(v) for k, v in self.fields.items()}
            object.__setattr__(self, "_texts", texts)
        return texts.get(key)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def resolve(self, written: str) -> str:
        """A path written in this document (a link, a declared file), relative to its folder, as a path
        of the base with `/`; one that leaves the base starts with `../`."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.path), written))

    @property
    def reference(self) -> str | None:
        return self.text("reference")

    @property
    def front_matter_title(self) -> str | None:
        return self.text("titre") or self.text("title")

    @property
    def title(self) -> str | None:
        """The title shown everywhere: front-matter first, then the first `# heading`."""
        return self.front_matter_title or self.heading

    @property
    def type(self) -> str | None:
        return self.text("type")

    @property
    def statut(self) -> str | None:
        value = self.text("statut")
        return value.lower() if value else None

    @property
    def public(self) -> str:
        value = self.text("public")
        return value.lower() if value else "agents"

    @property
    def is_obsolete(self) -> bool:
        return self.statut == "obsolete"

    @property
    def replaces(self) -> tuple[str, ...]:
        """References this document makes obsolete (`remplace:`, one or a list)."""
        value = self.fields.get("remplace")
        items = value if isinstance(value, list) else [value]
        return tuple(text for text in map(_scalar_text, items) if text)

    @property
    def engagements(self) -> tuple[str, ...]:
        """Engagement ids, normalised to upper case; a comma-separated text is accepted too."""
        value = self.fields.get("engagements")
        if value is None:
            return ()
        items = value if isinstance(value, list) else str(value).split(",")
        ids = (str(item).strip().upper() for item in items if not isinstance(item, (list, dict)))
        return tuple(item for item in ids if item)

    @property
    def display_name(self) -> str:
        """Page title: "REFERENCE — Titre", so that a search for the reference finds the page."""
        if self.reference and self.title:
            return f"{self.reference} — {self.title}"
        return self.title or self.reference or self.path


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def _scalar_text(value) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    value = str(value).strip()
    return None if value in _NULLS else value


@dataclass(frozen=True)
class Finding:
    """Something wrong with one file: what, where, how serious; made by `macros.findings.finding`.

    `field` names what the finding is about when it is one field or record of the file (a header
    key, an action id, a CSV line), so that views can show it beside that field.
    """

    path: str
    reference: str | None
    code: str
    severity: Severity
    message: str
    line: int | None = None
    field: str | None = None


@dataclass(frozen=True)
class Engagement:
    id: str
    numero: int
    titre: str
    module_code: str
    referentiel_code: str


@dataclass(frozen=True)
class Module:
    code: str
    titre: str
    obligatoire: bool
    engagements: tuple[Engagement, ...]
    note: str | None = None


@dataclass(frozen=True)
class Referential:
    code: str
    nom: str
    description: str
    modules: tuple[Module, ...]
    source_path: str

    @property
    def engagements(self) -> tuple[Engagement, ...]:
        return tuple(e for m in self.modules for e in m.engagements)


@dataclass(frozen=True)
class Base:
    """Every document of the base, in path order, and the other files found beside them."""

    root: Path
    documents: tuple[Document, ...]
    attachments: tuple[str, ...] = ()
    # Symbolic links left unread (path, what they lead to): nothing outside the base is read.
    refused_links: tuple[tuple[str, str], ...] = ()

    def has_file(self, relative: str) -> bool:
        return relative in self._all_paths

    @property
    def _all_paths(self) -> frozenset[str]:
        cached = self.__dict__.get("_paths")
        if cached is None:
            cached = frozenset(d.path for d in self.documents) | frozenset(self.attachments)
            object.__setattr__(self, "_paths", cached)
        return cached

    def by_path(self) -> dict[str, Document]:
        return {d.path: d for d in self.documents}

    def replacements(self) -> dict[str, Document]:
        """Path of each document another one names in `remplace:` → the document that replaces it."""
        cached = self.__dict__.get("_replacements")
        if cached is None:
            by_reference: dict[str, list[Document]] = {}
            for document in self.documents:
                if document.reference:
                    by_reference.setdefault(document.reference.casefold(), []).append(document)
            cached = {}
            for new in self.documents:
                for reference in new.replaces:
                    for old in by_reference.get(reference.casefold(), ()):
                        if old is not new:
                            cached.setdefault(old.path, new)
            object.__setattr__(self, "_replacements", cached)
        return cached

    def obsolete_paths(self) -> frozenset[str]:
        """Documents out of use: `statut: obsolete`, or replaced by another document of the base."""
        cached = self.__dict__.get("_obsolete")
        if cached is None:
            cached = frozenset(d.path for d in self.documents if d.is_obsolete) | frozenset(self.replacements())
            object.__setattr__(self, "_obsolete", cached)
        return cached

    def is_obsolete(self, document: Document) -> bool:
        return document.path in self.obsolete_paths()
