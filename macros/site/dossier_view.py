"""The auditor's file of a referential (`dossier/qep.html`): one page made for paper.

A cover, then per engagement the documents that prove it with their indicators and the findings
still open on them, then the master list and the control report: what an auditor asks for, in the
order of the referential, printed from the browser or by `python -m macros.pdf_export`.
"""

from __future__ import annotations

from macros.dates import format_date
from macros.french import plural, severity_counts_text
from macros.headers import STATUT_LABELS
from macros.indicators import INDICATOR_TYPE
from macros.model import Document, Finding, Module, Referential, Severity
from macros.report import severity_counts
from macros.site.control_view import rows_per_code
from macros.site.html import anchor, escape, front_matter, markdown_escape, message_html, severity_badge, table
from macros.site.indicator_views import values_link
from macros.site.site_data import SiteData
from macros.site.urls import DOSSIER_INDEX, dossier_src_uri, page_href

INDEX_SRC_URI = DOSSIER_INDEX
PART = ".qd-dossier-part"  # a new sheet of paper before each part


def dossier_pages(data: SiteData) -> dict[str, str]:
    """The index and one auditor's file per referential in scope, by source URI."""
    pages = {INDEX_SRC_URI: dossier_index(data)}
    for referential in data.run.scope:
        pages[dossier_src_uri(referential.code)] = dossier_page(data, referential)
        for site in data.labelled_sites(referential):
            pages[dossier_src_uri(referential.code, site)] = dossier_page(data, referential, site)
    return pages


def dossier_index(data: SiteData) -> str:
    items = "".join(
        f'<li><a href="{escape(page_href(INDEX_SRC_URI, dossier_src_uri(r.code)))}">Dossier d\'audit '
        f"{escape(r.nom)} ({escape(r.code)})</a> — modules {escape(', '.join(m.code for m in r.modules))}"
        + _site_links(data, r)
        + "</li>"
        for r in data.run.scope
    )
    return "\n".join(
        [
            *front_matter("Dossier d'audit"),
            "# Dossier d'audit",
            "",
            "Pour chaque référentiel du périmètre, un dossier à remettre à l'auditeur : page de garde, "
            "documents de preuve engagement par engagement avec leurs indicateurs et les constats encore "
            "ouverts, liste maîtresse et rapport de contrôle. Il s'imprime depuis le navigateur "
            "(« Imprimer », puis « Enregistrer au format PDF ») ; `make dossier` en produit le PDF paginé.",
            "",
            f'<ul class="qd-dossiers">{items}</ul>' if items else "<p>Aucun référentiel dans le périmètre.</p>",
            "",
        ]
    )


def _site_links(data: SiteData, referential: Referential) -> str:
    links = ", ".join(
        f'<a href="{escape(page_href(INDEX_SRC_URI, dossier_src_uri(referential.code, site)))}">{escape(site)}</a>'
        for site in data.labelled_sites(referential)
    )
    return f"<br>Par site : {links}" if links else ""


def dossier_page(data: SiteData, referential: Referential, site: str = "") -> str:
    """Markdown source of the file: headings for the table of contents, raw HTML for the rest. For one
    site, only the documents of that site or of all sites count, and the report is theirs."""
    src_uri = dossier_src_uri(referential.code, site)
    title = f"Dossier d'audit {referential.code}" + (f" — {site}" if site else "")
    documents = _site_documents(data, site)
    findings = _site_findings(data, documents, site)
    out = front_matter(escape(title), exclude_from_search=True)
    out += [cover_html(data, referential, src_uri, site, documents, findings), ""]
    rows_made: dict[str, str] = {}
    for module in referential.modules:
        out += _module_part(data, module, src_uri, site, rows_made)
    master = master_list_html(data, src_uri, documents)
    out += [f"## Liste maîtresse des documents {{#liste-maitresse {PART}}}", "", master, ""]
    report = control_summary_html(data, src_uri, site, documents, findings)
    out += [f"## Rapport de contrôle {{#rapport-de-controle {PART}}}", "", report, ""]
    return "\n".join(out)


def _site_documents(data: SiteData, site: str) -> list[Document]:
    return [d for d in data.documents if d.path in data.paths_of_site(site)] if site else list(data.documents)


def _site_findings(data: SiteData, documents: list[Document], site: str) -> list[Finding]:
    """Every finding for the whole file; for one site those of its documents and of the files they use."""
    if not site:
        return list(data.findings)
    return list(dict.fromkeys(f for d in documents for f in data.open_findings(d)))


def cover_html(
    data: SiteData, referential: Referential, src_uri: str, site: str, documents: list[Document], findings: list
) -> str:
    run = data.run
    current = sum(1 for d in documents if not run.base.is_obsolete(d))
    covered = sum(1 for e in referential.engagements if data.evidence(e.id, site))
    counts = severity_counts(findings)
    modules = "".join(f"<li>{escape(m.code)} — {escape(m.titre)}</li>" for m in referential.modules)
    contents = "".join(
        f'<li><a href="#{escape(anchor)}">{escape(label)}</a></li>'
        for anchor, label in [(_module_anchor(m), f"{m.code} — {m.titre}") for m in referential.modules]
        + [("liste-maitresse", "Liste maîtresse des documents"), ("rapport-de-controle", "Rapport de contrôle")]
    )
    rows = [
        ("Organisation", escape(run.config.organisation)),
        ("Référentiel", f"{escape(referential.nom)} ({escape(referential.code)})"),
        *([("Site", escape(site) + " (documents de ce site et de tous les sites)")] if site else []),
        ("Modules retenus", f"<ul>{modules}</ul>"),
        ("Date de référence", escape(format_date(run.today))),
        ("Documents en vigueur", f"{current} ({len(documents) - current} obsolètes conservés pour mémoire)"),
        ("Engagements prouvés", f"{covered} sur {len(referential.engagements)} ont au moins un document de preuve"),
        (
            "Contrôle documentaire",
            severity_counts_text(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]),
        ),
    ]
    table = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in rows)
    referential_href = page_href(src_uri, data.referential_src_uri(referential.code))
    return (
        '<div class="qd-dossier-cover">'
        f'<p class="qd-dossier-kicker">Dossier d\'audit</p><h1 id="dossier">{escape(referential.nom)}'
        + (f" — {escape(site)}" if site else "")
        + "</h1>"
        '<div class="qd-table-wrap" role="region" tabindex="0" aria-label="Identification du dossier">'
        f'<table class="qd-dossier-identity"><caption>Identification du dossier</caption><tbody>{table}</tbody>'
        f'</table></div><nav aria-label="Sommaire du dossier"><p><strong>Sommaire</strong></p><ol>{contents}</ol></nav>'
        f'<p class="qd-dossier-screen">Version imprimable de la page <a href="{escape(referential_href)}">'
        f"{escape(referential.nom)}</a> : chaque partie commence sur une nouvelle page.</p></div>"
    )


def _module_anchor(module: Module) -> str:
    return f"module-{anchor(module.code)}"


def _module_part(data: SiteData, module: Module, src_uri: str, site: str, rows_made: dict) -> list[str]:
    part = f" {PART}" if module.engagements else ""  # a module with nothing to show needs no sheet of its own
    out = [
        f"## {markdown_escape(module.code)} — {markdown_escape(module.titre)} {{#{_module_anchor(module)}{part}}}",
        "",
    ]
    if module.note:
        out += [f'<p class="qd-note">{escape(module.note)}</p>', ""]
    if not module.engagements:
        out += ['<p class="qd-note">Aucun engagement n\'est listé pour ce module dans le référentiel.</p>', ""]
    for engagement in module.engagements:
        out += [
            f"### {markdown_escape(engagement.id)} — {markdown_escape(engagement.titre)} {{#{anchor(engagement.id)}}}",
            "",
            engagement_html(data, engagement.id, src_uri, site, rows_made),
            "",
        ]
    return out


def engagement_html(
    data: SiteData, engagement_id: str, src_uri: str, site: str = "", rows_made: dict | None = None
) -> str:
    """The proofs of one engagement (for one site when given), its indicators, and the findings still open on them."""
    documents = data.evidence(engagement_id, site)
    preparing = data.in_preparation_note(engagement_id, src_uri)
    if not documents:
        return '<p class="qd-gap">Aucune preuve documentaire pour cet engagement.</p>' + preparing
    proofs = [d for d in documents if d.type != INDICATOR_TYPE]
    indicators = [d for d in documents if d.type == INDICATOR_TYPE]
    parts = [_proofs_table(data, engagement_id, proofs, src_uri, rows_made)] if proofs else []
    if indicators:
        links = " ; ".join(
            f"{data.document_link(src_uri, d)} — {escape(d.title or '')} "
            f"{values_link(data, d, src_uri, '(valeurs mensuelles)')}".rstrip()
            for d in indicators
        )
        parts.append(f'<p class="qd-dossier-indicators"><strong>Indicateurs suivis :</strong> {links}</p>')
    findings = [(d, f) for d in documents for f in data.open_findings(d)]
    parts.append(_findings_table(data, findings, src_uri, f"Constats ouverts sur ces documents ({len(findings)})"))
    return "".join(parts) + preparing


def _date(document: Document, key: str) -> str:
    day = document.day(key)
    return escape(format_date(day)) if day else escape(document.text(key))


def _statut(data: SiteData, document: Document) -> str:
    """As the register says it: a document replaced by another (`remplace:`) is obsolete too."""
    statut = "obsolete" if data.run.base.is_obsolete(document) else document.statut or ""
    return escape(STATUT_LABELS.get(statut, document.text("statut") or ""))


def _proof_row(data: SiteData, document: Document, src_uri: str) -> str:
    return (
        f"<tr><td>{data.document_link(src_uri, document)}</td><td>{escape(document.title)}</td>"
        f"<td>{escape(data.type_label(document.type))}</td><td>{escape(document.text('version'))}</td>"
        f"<td>{_date(document, 'date_creation')}</td><td>{_date(document, 'date_revision')}</td>"
        f"<td>{_date(document, 'date_validation')}</td><td>{_statut(data, document)}</td></tr>"
    )


def _proofs_table(
    data: SiteData, engagement_id: str, documents: list[Document], src_uri: str, rows_made: dict | None = None
) -> str:
    """`rows_made`: the rows already written for this page (a document proves several engagements)."""
    made = {} if rows_made is None else rows_made
    for d in documents:
        if d.path not in made:
            made[d.path] = _proof_row(data, d, src_uri)
    rows = "".join(made[d.path] for d in documents)
    return table(
        ("Référence", "Titre", "Type", "Version", "Création", "Révision", "Validation", "Statut"),
        [rows],
        css_class="qd-dossier-table qd-dossier-proofs",
        caption=f"Documents de preuve de {engagement_id} ({len(documents)})",
    )


def _findings_table(data: SiteData, findings: list[tuple[Document | None, Finding]], src_uri: str, title: str) -> str:
    if not findings:
        return '<p class="qd-dossier-clear">Aucun constat ouvert sur ces documents.</p>'
    rows = "".join(
        f"<tr><td>{data.document_link(src_uri, d) if d else escape(data.shown_path(f.path))}"
        f"{_file_note(data, d, f)}</td>"
        f'<td>{severity_badge(f.severity)}</td><td><code class="qd-code">{escape(f.code)}</code></td>'
        f"<td>{message_html(f.message)}</td><td>{f.line or ''}</td></tr>"
        for d, f in findings
    )
    return table(
        ("Document", "Gravité", "Code", "Message", "Ligne"),
        [rows],
        css_class="qd-dossier-table qd-dossier-findings",
        caption=title,
    )


def _file_note(data: SiteData, document: Document | None, finding: Finding) -> str:
    if document is None or finding.path == document.path:
        return ""
    name = escape(data.shown_path(finding.path).rsplit("/", 1)[-1])
    return f'<br><small>fichier <code class="qd-ref">{name}</code></small>'


def master_list_html(data: SiteData, src_uri: str, documents: list[Document]) -> str:
    """Every document of the file (the base, or one site's), one compact line each, obsolete ones included."""
    rows = []
    for d in documents:
        findings = data.findings_of(d)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = sum(f.severity is Severity.WARNING for f in findings)
        rows.append(
            f"<tr><td>{data.document_link(src_uri, d)}</td><td>{escape(d.title)}</td>"
            f"<td>{escape(data.type_label(d.type))}</td><td>{escape(d.text('version'))}</td>"
            f"<td>{_date(d, 'date_revision') or _date(d, 'date_creation')}</td><td>{_statut(data, d)}</td>"
            f"<td>{errors or ''}</td><td>{warnings or ''}</td></tr>"
        )
    return table(
        ("Référence", "Titre", "Type", "Version", "Révision", "Statut", "Erreurs", "Avert."),
        rows,
        css_class="qd-dossier-table qd-dossier-master",
        caption=f"Liste maîtresse ({len(rows)} documents ; révision, à défaut création)",
    )


def control_summary_html(data: SiteData, src_uri: str, site: str, documents: list, findings: list[Finding]) -> str:
    """Counts by severity and by code, then every finding, documents and joined files alike."""
    counts = severity_counts(findings)
    summary = (
        f"<p>Contrôle du {escape(format_date(data.run.today))} : "
        f"{plural(len(documents), 'document')}"
        + (f" comptés pour {escape(site)}" if site else "")
        + f", {plural(len({f.path for f in findings}), 'fichier')} avec constats — "
        f"{severity_counts_text(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])}.</p>"
    )
    if not findings:
        return summary + '<p class="qd-dossier-clear">Aucun constat : tous les documents sont conformes.</p>'
    code_rows = rows_per_code(findings)
    per_code = table(
        ("Code", "Gravité", "Nombre", "Quand", "Comment corriger"),
        [code_rows],
        css_class="qd-dossier-table qd-dossier-codes",
        caption="Constats par code",
    )
    by_path = data.run.base.by_path()
    every = [(by_path.get(f.path), f) for f in findings]
    return summary + per_code + _findings_table(data, every, src_uri, f"Tous les constats ({len(findings)})")
