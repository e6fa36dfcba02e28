"""Which documents use each attached file of the base (PDF, DOCX, image, CSV...): the link graph.

A file is used by a document that links to it in its text, or that declares it in its header as the
values of an indicator (`indicateur: {valeurs: x.csv}`) or as its complaints register
(`reclamations: x.csv`) or its mail tracking table (`courriers: x.csv`). Read once per control
run; the orphan rule and the register only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from macros.complaints import declared_register
from macros.indicators import declared_values_path
from macros.mail_tracking import declared_tracking
from macros.model import Base, Document


@dataclass(frozen=True)
class AttachmentLinks:
    """Every attachment of the base (path order) → the documents that use it (base order)."""

    by_attachment: dict = field(hash=False, compare=False)

    def documents_of(self, attachment: str) -> tuple[Document, ...]:
        return self.by_attachment.get(attachment, ())

    def attachments_of(self, document: Document) -> tuple[str, ...]:
        """The attachments a document uses, in path order."""
        return tuple(self._by_document.get(document.path, ()))

    @cached_property
    def _by_document(self) -> dict[str, list[str]]:
        """Built on first use: the register asks once per document."""
        index: dict[str, list[str]] = {}
        for attachment, documents in self.by_attachment.items():
            for user in documents:
                index.setdefault(user.path, []).append(attachment)
        return index

    @property
    def orphans(self) -> tuple[str, ...]:
        return tuple(path for path, documents in self.by_attachment.items() if not documents)


def declared_files(document: Document) -> list[str]:
    """Files the header names: the complaints register, the mail tracking table, the indicator values."""
    declared = (declared_register(document), declared_tracking(document), declared_values_path(document))
    return [path for path in declared if path]


def link_graph(base: Base) -> AttachmentLinks:
    """For each attachment of the base, the documents that link to it or declare it."""
    users: dict[str, list[Document]] = {path: [] for path in base.attachments}
    for document in base.documents:
        targets = [document.resolve(link.target) for link in document.links] + declared_files(document)
        targets += [t for t in (base.find_by_name(w.target) for w in document.wikilinks) if isinstance(t, str)]
        for target in dict.fromkeys(targets):
            if target in users:
                users[target].append(document)
    return AttachmentLinks({path: tuple(documents) for path, documents in users.items()})
