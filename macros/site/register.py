"""The master list of documents (liste maîtresse): one row per document, as HTML and as CSV."""

from __future__ import annotations

import csv
import io
import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from macros.attachments import AttachmentLinks
from macros.codes import PIECE_ORPHELINE
from macros.csv_data import spreadsheet_safe
from macros.dates import format_date
from macros.documents import is_active_content
from macros.headers import ALL_SITES, PUBLIC_LABELS, STATUT_LABELS, folded
from macros.model import Document, Severity
from macros.site.html import escape, json_script, severity_badge, table
from macros.site.site_data import SiteData
from macros.site.urls import REGISTER_CSV, attachment_uri, page_href
from macros.sites import document_sites

CSV_NAME = REGISTER_CSV
COLUMNS = (
    "Référence",
    "Titre",
    "Type",
    "Version",
    "Service",
    "Site",
    "Statut",
    "Public",
    "Date de création",
    "Date de révision",
    "Prochaine revue",
    "Engagements",
    "Erreurs",
    "Avertissements",
    "Fichier",
    "Pièces jointes",
)
ATTACHMENTS_COLUMN = COLUMNS[-1]
FILTERS = (("type", "Type"), ("service", "Service"), ("site", "Site"), ("statut", "Statut"))


@dataclass(frozen=True)
class RegisterRow:
    document: Document
    reference: str
    titre: str
    type: str
    version: str
    service: str
    site: str
    statut: str
    public: str
    date_creation: str
    date_revision: str
    prochaine_revue: str
    engagements: str
    erreurs: int
    avertissements: int
    pieces_jointes: tuple[str, ...] = ()  # paths in the base of the files the document uses
    fichier: str = ""  # the document's path as the site may show it (personal data masked)
    sites: tuple[str, ...] = ()  # each site the document names; empty with `all_sites`
    all_sites: bool = False  # « Tous sites »: it counts for every site
    shown_dates: tuple[str, str, str] = ("", "", "")  # creation, revision, next review, French form
    pieces_affichees: tuple[str, ...] = ()  # the same for `pieces_jointes`

    def values(self) -> tuple:
        return (
            self.reference,
            self.titre,
            self.type,
            self.version,
            self.service,
            self.site,
            self.statut,
            self.public,
            self.date_creation,
            self.date_revision,
            self.prochaine_revue,
            self.engagements,
            self.erreurs,
            self.avertissements,
            self.fichier,
            ", ".join(self.pieces_affichees),
        )


def _iso(document: Document, key: str) -> str:
    day = document.day(key)
    return day.isoformat() if day else (document.text(key) or "")


def _shown(document: Document, key: str) -> str:
    day = document.day(key)
    return format_date(day) if day else (document.text(key) or "")


def attachment_links(data: SiteData) -> AttachmentLinks:
    return data.run.attachments


def register_rows(data: SiteData) -> list[RegisterRow]:
    """One row per document, made once per build (the register page and its CSV file read the same)."""
    made = data.__dict__.get("_register_rows")
    if made is None:
        made = _rows(data)
        object.__setattr__(data, "_register_rows", made)  # SiteData is frozen: a cache, not a field
    return made


def _rows(data: SiteData) -> list[RegisterRow]:
    links = attachment_links(data)
    rows = []
    for document in data.documents:
        findings = data.findings_of(document)
        review = data.run.reviews.get(document.path)
        obsolete = data.run.base.is_obsolete(document)  # by its status, or replaced by another document
        statut = "obsolete" if obsolete else document.statut or ""
        rows.append(
            RegisterRow(
                document=document,
                reference=document.reference or "",
                titre=document.title or "",
                type=data.type_label(document.type),
                version=document.text("version") or "",
                service=document.shown("service") or "",
                site=document.shown("site") or "",
                statut=STATUT_LABELS.get(statut, document.text("statut") or ""),
                public=PUBLIC_LABELS["usagers" if document.public == "usagers" else "agents"],
                date_creation=_iso(document, "date_creation"),
                date_revision=_iso(document, "date_revision"),
                prochaine_revue=review.due.isoformat() if review else "",
                shown_dates=(
                    _shown(document, "date_creation"),
                    _shown(document, "date_revision"),
                    format_date(review.due) if review else "",
                ),
                engagements=", ".join(document.engagements),
                erreurs=sum(f.severity is Severity.ERROR for f in findings),
                avertissements=sum(f.severity is Severity.WARNING for f in findings),
                pieces_jointes=links.attachments_of(document),
                fichier=data.shown_path(document.path),
                sites=document_sites(document),
                all_sites=any(folded(s) in _ALL_SITES for s in document_sites(document)),
                pieces_affichees=tuple(data.shown_path(p) for p in links.attachments_of(document)),
            )
        )
    return rows


def register_csv(rows: list[RegisterRow]) -> str:
    """Same rows as the page, `;`-separated with a BOM so that French spreadsheets open it as is."""
    out = io.StringIO()
    # Every cell quoted: a spreadsheet that splits on `,` instead of `;` still sees one cell, never a formula.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row.values()])
    return "\ufeff" + out.getvalue()


def register_html(data: SiteData, rows: list[RegisterRow], page_src_uri: str, table_id: str = "registre") -> str:
    """The register's filters and its table, whose rows the browser writes from the data beside it
    (registre.js): a page of 10,000 rows as HTML weighed megabytes and every keystroke of a filter
    walked them all. Obsolete documents are hidden until asked for."""
    filters = "".join(_filter_select(table_id, key, label, rows, _declared(data, key)) for key, label in FILTERS)
    controls = (
        f'<div class="qd-filters" data-qd-filters="{escape(table_id)}" '
        f'data-qd-obsolete-label="{escape(STATUT_LABELS["obsolete"])}">'
        f'<span class="qd-filter qd-filter-text"><label for="{table_id}-texte">Rechercher dans le registre</label>'
        f'<input type="search" id="{table_id}-texte" data-qd-filter="texte" autocomplete="off" '
        'placeholder="référence, titre, service…"></span>'
        f"{filters}"
        f'<label class="qd-check"><input type="checkbox" data-qd-filter="obsoletes" autocomplete="off"> '
        "Afficher les documents "
        f"obsolètes</label>"
        f'<p class="qd-count" aria-live="polite" data-qd-count></p>'
        f'<p><a href="{escape(page_href(page_src_uri, CSV_NAME))}" download>Télécharger le registre (CSV)</a></p>'
        f"</div>"
    )
    shown = COLUMNS[:12] + (ATTACHMENTS_COLUMN, "Constats")
    head = "".join(
        f'<th scope="col"><button type="button" class="qd-sort">{escape(column)}</button></th>' for column in shown
    )
    caption = f"Liste maîtresse des documents ({len(rows)})"
    label = escape(caption)
    return (
        controls
        + f'<div class="qd-table-wrap" role="region" tabindex="0" aria-label="{label}">'
        + f'<table class="qd-register" id="{escape(table_id)}" data-qd-rows="{escape(table_id)}-lignes">'
        + f"<caption>{label}</caption><thead><tr>{head}</tr></thead><tbody></tbody></table>"
        + "<noscript><p>Le tableau s'affiche avec JavaScript ; le registre complet est aussi dans le fichier CSV.</p>"
        + "</noscript></div>"
        + json_script(f"{table_id}-lignes", [_row_data(data, row, page_src_uri) for row in rows])
    )


def _row_data(data: SiteData, row: RegisterRow, page_src_uri: str) -> dict:
    """One row as registre.js writes it: text only (set as text, never as HTML), links apart."""
    values = {
        "lien": page_href(page_src_uri, data.pages.src_uri(row.document)),
        "reference": row.reference or "(sans référence)",
        "cellules": [row.titre, row.type, row.version, row.service, row.site, row.statut, row.public],
        "dates": [
            [row.date_creation, row.shown_dates[0]],
            [row.date_revision, row.shown_dates[1]],
            [row.prochaine_revue, row.shown_dates[2]],
        ],
        "engagements": list(row.document.engagements),
        "pieces": [_attachment_data(data, path, page_src_uri) for path in row.pieces_jointes],
        "erreurs": row.erreurs,
        "avertissements": row.avertissements,
        "filtres": {key: getattr(row, key) for key, _ in FILTERS if key != "site"} | {"site": list(row.sites)},
    }
    if row.all_sites:
        values["tous_sites"] = 1
    if data.run.base.is_obsolete(row.document):
        values["obsolete"] = 1
    return values


def _attachment_data(data: SiteData, path: str, page_src_uri: str) -> dict:
    """A joined file as `attachment_label` shows it: its name, and its link or why it is not published."""
    shown = data.shown_path(path)
    name = posixpath.basename(shown)
    if path in data.attachment_set:
        return {"nom": name, "lien": quote(page_href(page_src_uri, attachment_uri(path))), "titre": shown}
    return {"nom": name, "motif": unpublished_reason(data, path)}


_ALL_SITES = frozenset(folded(label) for label in ALL_SITES)


def _filter_select(table_id: str, key: str, label: str, rows: list[RegisterRow], declared: tuple[str, ...] = ()) -> str:
    """A filter's choices: the values declared in qualite.yml when there are some, else those written."""
    if key == "site":
        written = {site for row in rows for site in row.sites if folded(site) not in _ALL_SITES}
    else:
        written = {getattr(row, key) for row in rows if getattr(row, key)}
    values = list(declared) or sorted(written, key=str.casefold)
    options = '<option value="">Tous</option>' + "".join(
        f'<option value="{escape(v)}">{escape(v)}</option>' for v in values
    )
    return (
        f'<span class="qd-filter"><label for="{table_id}-{key}">{escape(label)}</label>'
        f'<select id="{table_id}-{key}" data-qd-filter="{key}" autocomplete="off">{options}</select></span>'
    )


def _declared(data: SiteData, key: str) -> tuple[str, ...]:
    return {"site": data.run.config.sites, "service": data.run.config.services}.get(key, ())


def attachment_label(data: SiteData, path: str, page_src_uri: str) -> str:
    """A joined file's name, linked to its published copy; an unpublished file says why."""
    shown = data.shown_path(path)
    name = escape(posixpath.basename(shown))
    if path in data.attachment_set:
        href = quote(page_href(page_src_uri, attachment_uri(path)))
        return f'<a class="qd-ref" href="{escape(href)}" title="{escape(shown)}">{name}</a>'
    return f"{name} <small>({escape(unpublished_reason(data, path))})</small>"


def unpublished_reason(data: SiteData, path: str) -> str:
    if is_active_content(path):
        return "non publié : contenu actif, voir PIECE-ACTIVE"
    if path in data.run.complaints.sources:
        return "non publié : registre des réclamations, données personnelles"
    if path in data.run.mail_tracking.sources:
        return "non publié : tableau de suivi des courriers, données personnelles"
    if path in data.run.private_attachments or path in data.run.indicators.private_sources:
        return "non publié : données personnelles, voir DONNEE-PERSONNELLE"
    return "non publié"


def attachments_html(data: SiteData, page_src_uri: str) -> str:
    """Every joined file of the base with the documents that use it; nothing is left out, orphans stand out."""
    links = attachment_links(data)
    if not links.by_attachment:
        return "<p>Aucune pièce jointe dans la base.</p>"
    rows = []
    for path, documents in links.by_attachment.items():
        users = "<br>".join(
            f'<a href="{escape(page_href(page_src_uri, data.pages.src_uri(d)))}">'
            f"{escape(d.reference or data.shown_path(d.path))}</a>"
            f" — {escape(d.title or '')}"
            for d in documents
        )
        orphan = [f for f in data.findings_by_path.get(path, []) if f.code == PIECE_ORPHELINE]
        if orphan:  # the finding's own severity: `severites` may have raised it
            users = f"{severity_badge(orphan[0].severity)} aucun document ne l'utilise (<code>{PIECE_ORPHELINE}</code>)"
        extension = posixpath.splitext(path)[1].lstrip(".").upper()
        rows.append(
            f"<tr><td>{attachment_label(data, path, page_src_uri)}<br>"
            f"<small><code>{escape(data.shown_path(path))}</code></small></td>"
            f"<td>{escape(extension)}</td><td>{users}</td></tr>"
        )
    return table(
        ("Fichier", "Format", "Documents qui l'utilisent"),
        rows,
        css_class="qd-attachments",
        table_id="liste-pieces-jointes",
        caption=f"Pièces jointes de la base ({len(rows)})",
        sortable=True,
    )
