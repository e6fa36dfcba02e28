"""The header block of a document page ("cartouche"), on screen and on paper, with its findings."""

from __future__ import annotations

from macros.dates import format_date
from macros.headers import STATUT_LABELS
from macros.model import Document, Severity
from macros.site.html import escape, link, message_html, severity_badge
from macros.site.site_data import SiteData
from macros.site.urls import REGISTER, page_href


def document_header(data: SiteData, document: Document) -> str:
    src_uri = data.pages.src_uri(document)
    parts = []
    replacement = data.run.base.replacements().get(document.path)
    if replacement is not None:
        new_page = link(page_href(src_uri, data.pages.src_uri(replacement)), data.display_name(replacement))
        parts.append(
            f'<div class="qd-obsolete" role="note"><strong>Document remplacé par {new_page}</strong> : il est '
            "conservé pour mémoire et ne doit plus être appliqué.</div>"
        )
    elif document.is_obsolete:
        parts.append(
            '<div class="qd-obsolete" role="note"><strong>Document obsolète</strong> : il est conservé '
            "pour mémoire et ne doit plus être appliqué.</div>"
        )
    parts.append(findings_box(data, document))
    if document.reference:
        parts.append(f'<p class="qd-reference">{escape(document.reference)}</p>')
    parts.append(f'<h1 id="titre-document">{escape(document.title or data.shown_path(document.path))}</h1>')
    parts.append(_field_table(data, document, src_uri))
    return "\n".join(p for p in parts if p)


def findings_box(data: SiteData, document: Document) -> str:
    findings = data.findings_of(document)
    if not findings:
        return ""
    has_error = any(f.severity is Severity.ERROR for f in findings)
    items = "".join(
        f'<li class="qd-finding qd-{f.severity.value}">{severity_badge(f.severity)} '
        f'<code class="qd-code">{escape(f.code)}</code> '
        f"{message_html(f.message)}" + (f" <small>(ligne {f.line})</small>" if f.line else "") + "</li>"
        for f in findings
    )
    kind = "qd-findings-error" if has_error else "qd-findings-warning"
    return (
        f'<section class="qd-findings {kind}" data-search-exclude="oui" aria-labelledby="constats-titre">'
        f'<h2 id="constats-titre">Constats du contrôle documentaire ({len(findings)})</h2>'
        f"<ul>{items}</ul></section>"
    )


MISSING = '<span class="qd-invalid">{}</span>'


def _date_cell(data: SiteData, document: Document, key: str) -> str:
    """The date as parsed; as written, marked, when a finding is about that field."""
    written = document.date(key)
    if written is None:
        return ""
    if written.value is None or data.findings_about(document, key):
        return f'<span class="qd-invalid">{escape(written.raw)}</span>'
    return escape(format_date(written.value))


def _field_table(data: SiteData, document: Document, src_uri: str) -> str:
    statut = "obsolete" if data.run.base.is_obsolete(document) else document.statut  # replaced is obsolete too
    review = data.run.reviews.get(document.path)
    rows = [
        ("Référence", escape(document.reference) or '<span class="qd-invalid">manquante</span>'),
        ("Titre", escape(document.title) or '<span class="qd-invalid">manquant</span>'),
        ("Type", escape(data.type_label(document.type))),
        ("Version", escape(document.text("version"))),
        ("Date de création", _date_cell(data, document, "date_creation") or MISSING.format("manquante")),
        ("Date de révision", _date_cell(data, document, "date_revision")),
        ("Prochaine revue", escape(format_date(review.due)) if review else ""),
        ("Service", escape(document.shown("service"))),
        ("Site", escape(document.shown("site"))),
        ("Rédacteur", escape(document.shown("redacteur"))),
        ("Valideur", escape(document.shown("valideur"))),
        ("Date de validation", _date_cell(data, document, "date_validation")),
        ("Statut", escape(STATUT_LABELS.get(statut or "", document.text("statut")))),
        ("Public", "Usagers (document remis ou affiché au public)" if document.public == "usagers" else "Agents"),
        ("Engagements", _engagement_links(data, document, src_uri)),
        ("Fichier source", f"<code>{escape(data.shown_path(document.path))}</code>"),
    ]
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value or "—"}</td></tr>' for label, value in rows)
    return (
        '<table class="qd-cartouche" data-search-exclude="oui"><caption>Cartouche du document</caption>'
        f"<tbody>{body}</tbody></table>"
        f'<p class="qd-back">{link(page_href(src_uri, REGISTER), "← Registre des documents")}</p>'
    )


def _engagement_links(data: SiteData, document: Document, src_uri: str) -> str:
    links = []
    for engagement_id in document.engagements:
        engagement = data.engagements.get(engagement_id)
        if engagement is None:
            links.append(f'<span class="qd-invalid">{escape(engagement_id)} (inconnu)</span>')
            continue
        target = page_href(src_uri, data.referential_src_uri(engagement.referentiel_code))
        links.append(
            f'<a href="{escape(target)}#{escape(engagement.id.lower())}" title="{escape(engagement.titre)}">'
            f"{escape(engagement.id)}</a>"
        )
    return ", ".join(links)
