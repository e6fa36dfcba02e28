"""Joined files: which documents use them, PIECE-ORPHELINE for the others, and the register that lists them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import codes, valid_document, write
from site_builder import build_site, make_project, register_items

from macros.attachments import link_graph
from macros.documents import load_base
from macros.model import Severity
from macros.report import as_text


def with_body(reference: str, body: str, **fields: str) -> str:
    return valid_document(reference, **fields) + "\n" + body + "\n"


def orphans(run) -> list[str]:
    return [f.path for f in run.findings if f.code == "PIECE-ORPHELINE"]


def test_a_file_no_document_links_to_is_an_orphan_for_information(base, control):
    write(base, "BAAS/accueil.md", valid_document())
    write(base, "BAAS/annexes/ancien formulaire.pdf", b"%PDF-1.4")
    run = control()
    (finding,) = [f for f in run.findings if f.code == "PIECE-ORPHELINE"]
    assert (finding.path, finding.severity, finding.reference) == (
        "BAAS/annexes/ancien formulaire.pdf",
        Severity.INFO,
        None,
    )
    assert "ajoutez un lien" in finding.message
    assert "PIECE-ORPHELINE" in as_text(run.base, run.findings).split("BAAS/annexes/ancien formulaire.pdf", 1)[1]


def test_links_resolve_from_the_document_folder_whatever_their_spelling(base):
    write(base, "BAAS/accueil.md", with_body("PROC-BAAS-001", "[formulaire](annexes/formulaire%20accueil.pdf#page=2)"))
    write(base, "Arles/accueil.md", with_body("PROC-SPARL-001", "![plan](<../BAAS/annexes/formulaire accueil.pdf>)"))
    write(base, "Arles/autre.md", with_body("PROC-SPARL-002", "[sans pièce](accueil.md)"))
    write(base, "BAAS/annexes/formulaire accueil.pdf", b"%PDF-1.4")
    links = link_graph(load_base(base))
    users = links.documents_of("BAAS/annexes/formulaire accueil.pdf")
    assert [d.reference for d in users] == ["PROC-SPARL-001", "PROC-BAAS-001"]  # base order: Arles/ before BAAS/
    assert links.attachments_of(users[1]) == ("BAAS/annexes/formulaire accueil.pdf",)
    assert links.orphans == ()


def test_a_link_to_the_wrong_folder_is_broken_and_leaves_the_file_orphan(base, control):
    write(base, "BAAS/accueil.md", with_body("PROC-BAAS-001", "[formulaire](formulaire.pdf)"))
    write(base, "BAAS/annexes/formulaire.pdf", b"%PDF-1.4")
    run = control()
    assert "LIEN-CASSE" in codes(run, "BAAS/accueil.md")
    assert orphans(run) == ["BAAS/annexes/formulaire.pdf"]


def test_indicator_values_and_complaints_registers_are_used_by_the_document_that_declares_them(base, control):
    block = (
        "engagements: [QEP-10]\nindicateur:\n  libelle: Appels décrochés\n  unite: '%'\n  cible: 85\n"
        "  sens: minimum\n  Valeurs: donnees\\appels.csv\n"  # written as in Windows, key capitalised
    )
    indicator = valid_document("IND-TEL-001", type="fiche-indicateur", engagements="[QEP-10]")
    write(base, "Qualite/IND-TEL-001.md", indicator.replace("engagements: [QEP-10]\n", block))
    write(base, "Qualite/donnees/appels.csv", "mois;valeur\n2026-01;88\n")
    write(base, "Qualite/ENR-RECLA-2026.md", valid_document("ENR-RECLA-2026", reclamations="registre 2026.csv"))
    write(base, "Qualite/registre 2026.csv", "Reçue le;Réponse le\n02/03/2026;04/03/2026\n")
    run = control()
    assert orphans(run) == []
    assert [d.reference for d in run.attachments.documents_of("Qualite/donnees/appels.csv")] == ["IND-TEL-001"]
    assert [d.reference for d in run.attachments.documents_of("Qualite/registre 2026.csv")] == ["ENR-RECLA-2026"]


def test_active_content_keeps_its_own_finding_and_is_not_also_an_orphan(base, control):
    write(base, "a.md", valid_document())
    write(base, "annexes/schema.svg", "<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    run = control()
    assert codes(run, "annexes/schema.svg") == ["PIECE-ACTIVE"]


def test_orphan_severity_is_configurable(base, control, tmp_path):
    write(base, "a.md", valid_document())
    write(base, "tarifs.xlsx", b"PK\x03\x04")
    config = write(tmp_path, "qualite.yml", "severites:\n  PIECE-ORPHELINE: warning\n")
    (finding,) = [f for f in control(config).findings if f.code == "PIECE-ORPHELINE"]
    assert finding.severity is Severity.WARNING


# One site build: the register lists each document's joined files, and every joined file with its users.

LINKED = "Annexes & formulaires/tarif d'accueil.pdf"
ORPHAN = "Annexes & formulaires/ancien tarif.docx"
USER = "DMIN/BAAS/Fiche accueil.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    body = "# Accueil\n\nVoir le [tarif](<../../Annexes & formulaires/tarif d'accueil.pdf>).\n"
    project = make_project(
        tmp_path_factory.mktemp("pieces"),
        {
            USER: with_body("PROC-BAAS-001", body),
            "DMIN/BAAS/Sans pièce.md": valid_document("PROC-BAAS-002"),
            LINKED: b"%PDF-1.4\n%%EOF\n",
            ORPHAN: b"PK\x03\x04",
        },
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def table_rows(page: str, table_id: str) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert table, table_id
    return re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)[1:]


def test_register_row_links_the_document_to_its_published_attachment(site: Path):
    items = register_items((site / "registre.html").read_text(encoding="utf-8"))
    (row,) = [item for item in items if item["reference"] == "PROC-BAAS-001"]
    (href,) = [piece["lien"] for piece in row["pieces"] if piece["nom"] == "tarif d'accueil.pdf"]
    assert href.startswith("fichiers/")
    assert (site / unquote(href)).read_bytes() == b"%PDF-1.4\n%%EOF\n"
    (other,) = [item for item in items if item["reference"] == "PROC-BAAS-002"]
    assert not any("lien" in piece for piece in other["pieces"])


def test_register_lists_every_attachment_with_its_documents_and_flags_the_orphan(site: Path):
    page = (site / "registre.html").read_text(encoding="utf-8")
    rows = table_rows(page, "liste-pieces-jointes")
    by_file = {re.search(r"<code>(.*?)</code>", r).group(1): r for r in rows}
    assert set(by_file) == {
        "Annexes &amp; formulaires/tarif d&#x27;accueil.pdf",
        "Annexes &amp; formulaires/ancien tarif.docx",
    }
    assert "PROC-BAAS-001" in by_file["Annexes &amp; formulaires/tarif d&#x27;accueil.pdf"]
    assert "PIECE-ORPHELINE" in by_file["Annexes &amp; formulaires/ancien tarif.docx"]
    assert "PROC-BAAS" not in by_file["Annexes &amp; formulaires/ancien tarif.docx"]


def test_register_csv_names_the_attachments_of_each_document(site: Path):
    text = (site / "registre.csv").read_bytes().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = header.index("Pièces jointes")
    by_reference = {row[0]: row[column] for row in rows}
    assert by_reference == {"PROC-BAAS-001": LINKED, "PROC-BAAS-002": ""}


def test_control_report_shows_the_orphan_with_its_path(site: Path):
    page = (site / "controle.html").read_text(encoding="utf-8")
    (row,) = [r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S) if "ancien tarif.docx" in r]
    assert "PIECE-ORPHELINE" in row and "Annexes &amp; formulaires/ancien tarif.docx" in row
