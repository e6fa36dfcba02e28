"""The parsed document base: plain frozen data shared by the checks, the command line and the site."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from enum import StrEnum
from pathlib import Path

from macros.dates import parse_date, understood_date

UNREADABLE = "illisible"  # the encoding of a document whose file could not be read


class computed_once:  # noqa: N801 — a decorator, named like `functools.cached_property`
    """`functools.cached_property` without its lock (Python 3.11 takes one at every first access:
    a tenth of the check of 10,000 documents): the value is computed once per instance and kept in
    its `__dict__`, where later reads find it without calling this descriptor."""

    def __init__(self, function) -> None:
        self.function, self.name, self.__doc__ = function, function.__name__, function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


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
    other_form: bool = False  # a real date, but not written AAAA-MM-JJ or JJ/MM/AAAA

    @classmethod
    def read(cls, raw: str, line: int | None) -> DateField:
        value = parse_date(raw)
        if value is not None:
            return cls(raw, value, line)
        value = understood_date(raw)
        return cls(raw, value, line, value is not None)


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of a document's `historique`, its date parsed once."""

    version: str
    date: DateField | None
    auteur: str
    modification: str


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
class WikiLink:
    """`[[REF]]`, `[[Titre|texte]]`, `![[image.png]]` as Obsidian writes them: a name, not a path."""

    target: str  # a reference, a title or a file name
    anchor: str
    text: str | None
    line: int
    embed: bool = False


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
    body: str = field(default="", repr=False)  # the records (see the serve digest) never show a body
    body_line: int = 1
    heading: str | None = None
    links: tuple[Link, ...] = ()
    # (line, kind, value) of what looks like personal data, found once at parse time.
    personal_data: tuple = field(default=(), compare=False)
    # Why the body is not given to Python-Markdown (too large, too deeply nested), or None.
    body_problem: str | None = None
    wikilinks: tuple[WikiLink, ...] = ()
    # The content's fingerprint as written, computed at parse time for documents that record one.
    fingerprint: str | None = field(default=None, compare=False)

    def __getstate__(self) -> dict:
        """What was read, without what was computed from it since (`computed_once` values): a
        document sent to another process or kept on disk is the one the parse made."""
        return {name: self.__dict__[name] for name in _DOCUMENT_FIELDS}

    @computed_once
    def _texts(self) -> dict[str, str | None]:
        """Computed once: the checks and the site ask for the same fields many times."""
        return {k: _scalar_text(v) for k, v in self.fields.items()}

    def text(self, key: str) -> str | None:
        """A scalar field as stripped text, or None when absent, empty or explicitly null."""
        return self._texts.get(key)

    def shown(self, key: str) -> str | None:
        """A field as the site shows it: its text, or the items of a list (`redacteur: [[Durand]]`, as an
        Obsidian link becomes in YAML, or several services) joined by commas."""
        value = self.fields.get(key)
        if isinstance(value, list):
            items = [text for text in map(_scalar_text, _flattened(value)) if text]
            return ", ".join(items) or None
        return self.text(key)

    def date(self, key: str) -> DateField | None:
        """A date field as written and as understood (`value` None when it is not a real date), or None
        when the key is absent or empty; the one place where header dates are parsed."""
        return self._dates.get(key)

    @computed_once
    def _dates(self) -> dict[str, DateField]:
        dates = {}
        for key in DATE_KEYS:
            raw = self.text(key)
            if raw is not None:
                dates[key] = DateField.read(raw, self.line_of(key))
            elif isinstance(self.fields.get(key), (list, dict)):
                dates[key] = DateField("une liste", None, self.line_of(key))
        return dates

    def day(self, key: str) -> dt.date | None:
        """The date of a date field, None when absent or not a real date."""
        field_ = self.date(key)
        return field_.value if field_ else None

    @computed_once
    def version_key(self) -> tuple[int, ...] | None:
        """`version` as numbers (`1.10` > `1.9`), None when absent or unreadable."""
        return version_key(self.text("version"))

    @computed_once
    def history(self) -> tuple[HistoryEntry, ...]:
        """The entries of `historique` that are mappings, in the order written."""
        entries = self.fields.get("historique")
        if not isinstance(entries, list):
            return ()
        line = self.line_of("historique")
        history = []
        for entry in entries:
            if isinstance(entry, dict):
                texts = {
                    key: _scalar_text(entry.get(key)) or "" for key in ("version", "date", "auteur", "modification")
                }
                written = texts["date"]
                day = DateField.read(written, line) if written else None
                history.append(HistoryEntry(texts["version"], day, texts["auteur"], texts["modification"]))
        return tuple(history)

    @property
    def last_revision(self) -> dt.date | None:
        """The day the text was last revised: `date_revision`, else `date_creation`."""
        return self.day("date_revision") or self.day("date_creation")

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def resolve(self, written: str) -> str:
        """A path written in this document (a link, a declared file), relative to its folder, as a path
        of the base with `/`; one that leaves the base starts with `../`."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.path), written))

    @computed_once
    def reference(self) -> str | None:
        return self.text("reference")

    @computed_once
    def front_matter_title(self) -> str | None:
        return self.text("titre") or self.text("title")

    @computed_once
    def title(self) -> str | None:
        """The title shown everywhere: front-matter first, then the first `# heading`."""
        return self.front_matter_title or self.heading

    @computed_once
    def type(self) -> str | None:
        return self.text("type")

    @computed_once
    def statut(self) -> str | None:
        value = self.text("statut")
        return value.lower() if value else None

    @computed_once
    def public(self) -> str:
        value = self.text("public")
        return value.lower() if value else "agents"

    @property
    def is_obsolete(self) -> bool:
        return self.statut == "obsolete"

    @property
    def in_preparation(self) -> bool:
        """A draft or a version under review: shown, never applied, never evidence."""
        return self.statut in ("brouillon", "en-revue")

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
HISTORY_KEYS = ("version", "date", "auteur", "modification")
# Header keys holding a date, parsed once by `Document.date`.
DATE_KEYS = (
    "date_creation",
    "date_revision",
    "date_validation",
    "date_audit",
    "date_enquete",
    "date_reunion",
    "date_verification",
)
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")


def version_key(text: str | None) -> tuple[int, ...] | None:
    """A dotted version as numbers (`1.10` > `1.9`, `2` = `2.0`), or None when it is not one."""
    if text is None or not _VERSION.fullmatch(text):
        return None
    numbers = [int(part) for part in text.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _folded_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _flattened(items: list) -> list:
    flat = []
    for item in items:
        flat += _flattened(item) if isinstance(item, list) else [item]
    return flat


def _scalar_text(value) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    value = str(value).strip()
    return None if value in _NULLS else value


_DOCUMENT_FIELDS = tuple(f.name for f in dataclass_fields(Document))


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
    sites: tuple[str, ...] = ()  # the sites labelled for it (`perimetre` of qualite.yml); empty: all

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

    @computed_once
    def _all_paths(self) -> frozenset[str]:
        return frozenset(d.path for d in self.documents) | frozenset(self.attachments)

    def find_by_name(self, name: str) -> Document | str | None:
        """What a wikilink names: a document by reference, title or file name, else an attachment by
        file name; None when nothing of the base has that name."""
        return self._names.get(_folded_name(name))

    @computed_once
    def _names(self) -> dict:
        names: dict = {}
        for attachment in self.attachments:  # weakest first: documents' names win
            names.setdefault(_folded_name(posixpath.basename(attachment)), attachment)
        for document in reversed(self.documents):
            stem = posixpath.basename(document.path).rsplit(".", 1)[0]
            for name in (stem, posixpath.basename(document.path), document.title, document.reference):
                if name:
                    names[_folded_name(name)] = document
        return names

    def by_path(self) -> dict[str, Document]:
        return {d.path: d for d in self.documents}

    def replacements(self) -> dict[str, Document]:
        """Path of each document another one names in `remplace:` → the document that replaces it."""
        return self._replacements

    @computed_once
    def _replacements(self) -> dict[str, Document]:
        by_reference: dict[str, list[Document]] = {}
        for document in self.documents:
            if document.reference:
                by_reference.setdefault(document.reference.casefold(), []).append(document)
        found: dict[str, Document] = {}
        for new in self.documents:
            for reference in new.replaces:
                for old in by_reference.get(reference.casefold(), ()):
                    if old is not new:
                        found.setdefault(old.path, new)
        return found

    def obsolete_paths(self) -> frozenset[str]:
        """Documents out of use: `statut: obsolete`, or replaced by another document of the base.

        The one answer to "is this document in use?": checks, records and views all ask it here."""
        return self._obsolete

    @computed_once
    def _obsolete(self) -> frozenset[str]:
        return frozenset(d.path for d in self.documents if d.is_obsolete) | frozenset(self._replacements)

    def is_obsolete(self, document: Document) -> bool:
        return document.path in self.obsolete_paths()
