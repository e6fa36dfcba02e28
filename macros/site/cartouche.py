"""The header block of a document page ("cartouche"), on screen and on paper, with its findings."""

from __future__ import annotations

from macros.dates import format_date
from macros.french import plural
from macros.headers import STATUT_LABELS
from macros.model import Document, Severity
from macros.site.html import escape, link, message_html, severity_badge
from macros.site.site_data import SiteData
from macros.site.urls import page_href

RECENT_DAYS = 90  # a revision this recent is announced at the top of the page


def document_head(data: SiteData, document: Document, public: bool = False) -> str:
    """What an agent reads first, like the top of a printed procedure: reference, title, version,
    dates, service, status and who validated, a recent revision announced; the full record comes
    after the text (`document_details`)."""
    src_uri = data.pages.src_uri(document)
    parts = [_status_banner(data, document, src_uri)]
    if document.reference:
        parts.append(f'<p class="qd-reference">{escape(document.reference)}</p>')
    parts.append(f'<h1 id="titre-document">{escape(document.title or data.shown_path(document.path))}</h1>')
    parts.append(_meta_line(data, document, public))
    parts.append(_recent_revision(data, document))
    parts.append(_findings_notice(data, document))
    return (
        _print_margins(data, document) + '<header class="qd-doc-head">' + "\n".join(p for p in parts if p) + "</header>"
    )


def _print_margins(data: SiteData, document: Document) -> str:
    """On paper, every page carries the reference, the version and "page N / M", like a procedure
    printed from Word (CSS page margin boxes; the values are CSS strings, escaped)."""
    label = " — ".join(
        filter(None, [document.reference, f"version {document.text('version')}" if document.text("version") else None])
    )
    title = (document.title or "")[:90]
    return (
        "<style>@media print { @page { "
        f"@top-left {{ content: {css_string(label or data.shown_path(document.path))}; }} "
        f"@top-right {{ content: {css_string(title)}; }} "
        '@bottom-right { content: "page " counter(page) " / " counter(pages); } } }</style>'
    )


_CSS_ESCAPES = {ord(c): f"\\{ord(c):x} " for c in '"\\<>&' + "".join(map(chr, [*range(32), 127]))}


def css_string(text: str) -> str:
    """`text` as a CSS string literal: quotes, backslashes, `<` and control characters escaped, so that
    nothing in it can end the string or the `<style>` element."""
    return f'"{text.translate(_CSS_ESCAPES)}"'


def document_details(data: SiteData, document: Document, public: bool = False) -> str:
    """After the text: the findings of the control, then the full record (cartouche). The public
    edition's record leaves out what only concerns the service: next review, source file, the register."""
    src_uri = data.pages.src_uri(document)
    return findings_box(data, document) + _field_table(data, document, src_uri, public)


def _status_banner(data: SiteData, document: Document, src_uri: str) -> str:
    replacement = data.run.base.replacements().get(document.path)
    if replacement is not None:
        new_page = link(page_href(src_uri, data.pages.src_uri(replacement)), data.display_name(replacement))
        return (
            f'<div class="qd-obsolete" role="note"><strong>Document remplacé par {new_page}</strong> : il est '
            "conservé pour mémoire et ne doit plus être appliqué.</div>"
        )
    if document.is_obsolete:
        return (
            '<div class="qd-obsolete" role="note"><strong>Document obsolète</strong> : il est conservé '
            "pour mémoire et ne doit plus être appliqué.</div>"
        )
    if document.in_preparation:
        return (
            f'<div class="qd-draft" role="note"><strong>{escape(STATUT_LABELS[document.statut])}</strong> : ce '
            "document n'est pas encore validé, il ne s'applique pas encore.</div>"
        )
    return ""


def _meta_line(data: SiteData, document: Document, public: bool = False) -> str:
    statut = "obsolete" if data.run.base.is_obsolete(document) else document.statut
    validated = document.shown("valideur")
    validation = _date_cell(data, document, "date_validation")
    status = escape(STATUT_LABELS.get(statut or "", document.text("statut") or ""))
    if status and statut == "valide":
        who = f" par {escape(validated)}" if validated and not public else ""  # the public edition names no one
        status += who + (f" le {validation}" if validation and (validated or public) else "")
    review = data.run.reviews.get(document.path)
    items = [
        ("Type", escape(data.type_label(document.type))),
        ("Version", escape(document.text("version"))),
        ("Créé le", _date_cell(data, document, "date_creation") or MISSING.format("date manquante")),
        ("Révisé le", _date_cell(data, document, "date_revision")),
        ("Service", escape(document.shown("service"))),
        ("Site", escape(document.shown("site"))),
        ("Statut", status),
        ("Prochaine revue", escape(format_date(review.due)) if review and not public else ""),
    ]
    cells = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in items if value)
    return f'<dl class="qd-doc-meta">{cells}</dl>'


def _recent_revision(data: SiteData, document: Document) -> str:
    revised = document.day("date_revision")
    if revised is None or not 0 <= (data.run.today - revised).days <= RECENT_DAYS:
        return ""
    if document.in_preparation:
        return ""  # not yet a version in force: the banner above says so
    latest = document.history[-1] if document.history else None
    what = f" : {escape(latest.modification)}" if latest is not None and latest.modification else ""
    version = f", version {escape(document.text('version'))}" if document.text("version") else ""
    return (
        f'<p class="qd-recent" role="note"><span class="qd-badge qd-info">nouvelle version</span> Révisé le '
        f"{escape(format_date(revised))}{version}{what}.</p>"
    )


def _findings_notice(data: SiteData, document: Document) -> str:
    findings = data.findings_of(document)
    if not findings:
        return ""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    kind = "qd-error" if errors else "qd-warning"
    return (
        f'<p class="qd-findings-notice"><span class="qd-badge {kind}">{plural(len(findings), "constat")}</span> '
        '<a href="#constats-titre">du contrôle documentaire, en fin de page</a></p>'
    )


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


# What the public edition leaves out of the record: the service's own planning, the file, and the
# names of the agents who wrote and validated (personal data the public has no need of).
INTERNAL_ROWS = ("Prochaine revue", "Public", "Fichier source", "Rédacteur", "Valideur")


def _field_table(data: SiteData, document: Document, src_uri: str, public: bool = False) -> str:
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
    if public:
        rows = [(label, value) for label, value in rows if label not in INTERNAL_ROWS]
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value or "—"}</td></tr>' for label, value in rows)
    return (  # the way back to the register ends the page, after the history (see the plugin)
        '<div class="qd-table-wrap" role="region" tabindex="0" aria-label="Cartouche du document">'
        '<table class="qd-cartouche" data-search-exclude="oui"><caption>Cartouche du document</caption>'
        f"<tbody>{body}</tbody></table></div>"
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
