"""Everything the site's views read, computed once per build from one control run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from macros.control import ControlRun
from macros.documents import is_active_content
from macros.model import Document, Finding, Severity
from macros.personal_data import mask
from macros.referentials import engagements_by_id
from macros.site.html import escape
from macros.site.urls import PageMap, allocate_pages, page_href, referential_src_uri
from macros.sites import counts_for_site


@dataclass(frozen=True)
class SiteData:
    run: ControlRun
    pages: PageMap
    findings_by_path: dict = field(hash=False, compare=False)
    documents_by_engagement: dict = field(hash=False, compare=False)  # evidence: documents in force only
    engagements: dict = field(hash=False, compare=False)
    attachment_set: frozenset = frozenset()
    shown_paths: dict = field(default_factory=dict, hash=False, compare=False)
    findings: tuple = ()  # every finding of the run, messages masked, in the run's order
    reference_pages: dict = field(default_factory=dict, hash=False, compare=False)  # reference → src_uri
    in_preparation: dict = field(default_factory=dict, hash=False, compare=False)  # engagement → drafts
    site_paths: dict = field(default_factory=dict, hash=False, compare=False)  # site → paths of its documents

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.run.base.documents

    def findings_of(self, document: Document) -> list[Finding]:
        return self.findings_by_path.get(document.path, [])

    def findings_about(self, document: Document, field_name: str) -> list[Finding]:
        """The findings about one field or record of a document (a header key, an action id, a theme)."""
        return [f for f in self.findings_of(document) if f.field == field_name]

    def open_findings(self, document: Document) -> list[Finding]:
        """The document's findings and those of the files it uses (indicator values, registers, attachments)."""
        used = self.run.attachments.attachments_of(document) if self.run.attachments else ()
        return self.findings_of(document) + [f for path in used for f in self.findings_by_path.get(path, [])]

    def worst_severity(self, document: Document) -> Severity | None:
        findings = self.findings_of(document)
        return min((f.severity for f in findings), key=lambda s: s.rank) if findings else None

    def shown_path(self, path: str) -> str:
        """A file's path as the site may show it: personal data in a file or folder name is masked."""
        shown = self.shown_paths.get(path)
        if shown is None:
            shown = self.shown_paths[path] = mask(path, self.run.config.donnees_publiques)
        return shown

    def display_name(self, document: Document) -> str:
        """The page title of a document, its file name masked when it stands for a missing title."""
        name = document.display_name
        return self.shown_path(name) if name == document.path else name

    def document_link(self, from_src_uri: str, document: Document, with_title: bool = False) -> str:
        """The one link to a document's page: its reference (or masked file name), optionally its title."""
        href = page_href(from_src_uri, self.pages.src_uri(document))
        label = document.reference or self.shown_path(document.path)
        title = f" {escape(document.title or '')}" if with_title else ""
        return f'<a class="qd-ref" href="{escape(href)}">{escape(label)}</a>{title}'

    def in_preparation_note(self, engagement_id: str, src_uri: str) -> str:
        """The drafts and documents under review that name the engagement: shown, never counted."""
        drafts = self.in_preparation.get(engagement_id, [])
        if not drafts:
            return ""
        links = ", ".join(self.document_link(src_uri, d, with_title=True) for d in drafts)
        return f'<p class="qd-note">En préparation, pas encore une preuve : {links}.</p>'

    def labelled_sites(self, referential) -> tuple[str, ...]:
        """The sites a referential's label is given to: its `sites:` in `perimetre`, else every declared site."""
        return referential.sites or self.run.config.sites

    def evidence(self, engagement_id: str, site: str = "") -> list[Document]:
        """The documents in force that prove an engagement, for one site when `site` is given."""
        documents = self.documents_by_engagement.get(engagement_id, [])
        return [d for d in documents if d.path in self.paths_of_site(site)] if site else documents

    def paths_of_site(self, site: str) -> frozenset[str]:
        """The documents that count for a site, found once per build (each auditor's file asks per engagement)."""
        paths = self.site_paths.get(site)
        if paths is None:
            paths = self.site_paths[site] = frozenset(d.path for d in self.documents if counts_for_site(d, site))
        return paths

    def type_label(self, code: str | None) -> str:
        kind = self.run.config.types_by_code.get(code or "")
        return kind.libelle if kind else (code or "")

    def referential_src_uri(self, referential_code: str) -> str:
        return referential_src_uri(referential_code)


def build_site_data(run: ControlRun) -> SiteData:
    findings_by_path: dict[str, list[Finding]] = defaultdict(list)
    allowed = run.config.donnees_publiques
    # A message may quote a value or another file's name: the site shows it masked.
    shown = tuple(replace(finding, message=mask(finding.message, allowed)) for finding in run.findings)
    for finding in shown:
        findings_by_path[finding.path].append(finding)
    by_engagement: dict[str, list[Document]] = defaultdict(list)
    preparing: dict[str, list[Document]] = defaultdict(list)  # drafts and documents under review: not evidence
    for document in run.base.documents:
        if not run.base.is_obsolete(document) and not document.yaml_problem:
            target = preparing if document.in_preparation else by_engagement
            for engagement in dict.fromkeys(document.engagements):
                target[engagement].append(document)
    # Complaint registers may hold names and addresses: the site shows their masked synthesis instead.
    unpublished = (
        run.complaints.sources
        | run.mail_tracking.sources
        | run.indicators.private_sources
        | frozenset(run.private_attachments)
    )
    pages = allocate_pages(run.base)
    references: dict[str, str] = {}
    for document in sorted(run.base.documents, key=run.base.is_obsolete, reverse=True):  # in use last: it wins
        if document.reference:
            references[document.reference] = pages.src_uri(document)
    return SiteData(
        run,
        pages,
        dict(findings_by_path),
        dict(by_engagement),
        engagements_by_id(run.referentials),
        frozenset(a for a in run.base.attachments if not is_active_content(a) and a not in unpublished),
        findings=shown,
        reference_pages=references,
        in_preparation=dict(preparing),
    )
