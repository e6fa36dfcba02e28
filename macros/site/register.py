"""The master list of documents (liste maîtresse): one row per document, as HTML and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from macros.dates import format_date, parse_date
from macros.model import Document, Severity
from macros.rules import next_review
from macros.site.cartouche import STATUT_LABELS
from macros.site.html import escape
from macros.site.site_data import SiteData
from macros.site.urls import page_href

CSV_NAME = "registre.csv"
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
)
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
            self.document.path,
        )


def _iso(document: Document, key: str) -> str:
    raw = document.text(key)
    day = parse_date(raw) if raw else None
    return day.isoformat() if day else (raw or "")


def register_rows(data: SiteData) -> list[RegisterRow]:
    rows = []
    for document in data.documents:
        findings = data.findings_of(document)
        due = next_review(document, data.run.config)
        rows.append(
            RegisterRow(
                document=document,
                reference=document.reference or "",
                titre=document.title or "",
                type=data.type_label(document.type),
                version=document.text("version") or "",
                service=document.text("service") or "",
                site=document.text("site") or "",
                statut=STATUT_LABELS.get(document.statut or "", document.text("statut") or ""),
                public="usagers" if document.public == "usagers" else "agents",
                date_creation=_iso(document, "date_creation"),
                date_revision=_iso(document, "date_revision"),
                prochaine_revue=due.isoformat() if due and not document.is_obsolete else "",
                engagements=", ".join(document.engagements),
                erreurs=sum(f.severity is Severity.ERROR for f in findings),
                avertissements=sum(f.severity is Severity.WARNING for f in findings),
            )
        )
    return rows


def register_csv(rows: list[RegisterRow]) -> str:
    """Same rows as the page, `;`-separated with a BOM so that French spreadsheets open it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row.values())
    return "\ufeff" + out.getvalue()


def register_html(data: SiteData, rows: list[RegisterRow], page_src_uri: str, table_id: str = "registre") -> str:
    """A sortable, filterable table; obsolete documents are hidden until asked for."""
    filters = "".join(_filter_select(table_id, key, label, rows) for key, label in FILTERS)
    controls = (
        f'<div class="qd-filters" data-qd-filters="{escape(table_id)}">'
        f'<label for="{table_id}-texte">Rechercher dans le registre</label>'
        f'<input type="search" id="{table_id}-texte" data-qd-filter="texte" placeholder="référence, titre…">'
        f"{filters}"
        f'<label class="qd-check"><input type="checkbox" data-qd-filter="obsoletes"> Afficher les documents '
        f"obsolètes</label>"
        f'<p class="qd-count" aria-live="polite" data-qd-count></p>'
        f'<p><a href="{escape(page_href(page_src_uri, CSV_NAME))}" download>Télécharger le registre (CSV)</a></p>'
        f"</div>"
    )
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS[:12]) + '<th scope="col">Constats</th>'
    body = "".join(_row_html(data, row, page_src_uri) for row in rows)
    return (
        f"{controls}"
        f'<div class="qd-table-wrap"><table class="qd-register" id="{escape(table_id)}" data-qd-sortable>'
        f"<caption>Liste maîtresse des documents ({len(rows)})</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _filter_select(table_id: str, key: str, label: str, rows: list[RegisterRow]) -> str:
    values = sorted({getattr(row, key) for row in rows if getattr(row, key)}, key=str.casefold)
    options = '<option value="">Tous</option>' + "".join(
        f'<option value="{escape(v)}">{escape(v)}</option>' for v in values
    )
    return (
        f'<label for="{table_id}-{key}">{escape(label)}</label>'
        f'<select id="{table_id}-{key}" data-qd-filter="{key}">{options}</select>'
    )


def _row_html(data: SiteData, row: RegisterRow, page_src_uri: str) -> str:
    href = escape(page_href(page_src_uri, data.pages.src_uri(row.document)))
    label = row.reference or "(sans référence)"
    obsolete = row.document.is_obsolete
    attributes = "".join(f' data-{key}="{escape(getattr(row, key))}"' for key, _ in FILTERS)
    attributes += ' data-obsolete="1" hidden' if obsolete else ""
    findings = ""
    if row.erreurs:
        findings += f'<span class="qd-badge qd-error">{row.erreurs} erreur(s)</span> '
    if row.avertissements:
        findings += f'<span class="qd-badge qd-warning">{row.avertissements} avert.</span>'
    cells = (
        f'<td><a href="{href}">{escape(label)}</a></td><td>{escape(row.titre)}</td><td>{escape(row.type)}</td>'
        f"<td>{escape(row.version)}</td><td>{escape(row.service)}</td><td>{escape(row.site)}</td>"
        f"<td>{escape(row.statut)}</td><td>{escape(row.public)}</td>"
        f'<td data-sort="{escape(row.date_creation)}">{escape(_french(row.date_creation))}</td>'
        f'<td data-sort="{escape(row.date_revision)}">{escape(_french(row.date_revision))}</td>'
        f'<td data-sort="{escape(row.prochaine_revue)}">{escape(_french(row.prochaine_revue))}</td>'
        f"<td>{escape(row.engagements)}</td>"
        f'<td data-sort="{row.erreurs * 10000 + row.avertissements}">{findings}</td>'
    )
    return f"<tr{attributes}>{cells}</tr>"


def _french(iso: str) -> str:
    day = parse_date(iso) if iso else None
    return format_date(day) if day else iso
