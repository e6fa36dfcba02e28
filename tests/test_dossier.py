"""The auditor's file of the example base: its page (`dossier/qep.html`) and its PDF by the real renderer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from site_builder import REPO, build_site, copy_project

from macros.config import load_configuration
from macros.pdf_export import CHROMIUM, CHROMIUM_ARGS, export_dossiers, page_count
from macros.referentials import in_scope, load_referentials

HOSTILE = "Qualite/Piège dossier.md"
HOSTILE_TITLE = "<script>alert(1)</script> Fiche piégée"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("dossier"), with_procedures=True)
    (project / "procedures" / HOSTILE).write_text(
        f'---\nreference: PROC-QUAL-099\ntitre: "{HOSTILE_TITLE}"\ntype: procedure\ndate_creation: 2025-01-06\n'
        "engagements: [QEP-1]\n---\n\nTexte.\n",
        encoding="utf-8",
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def dossier(site: Path) -> str:
    return (site / "dossier" / "qep.html").read_text(encoding="utf-8")


def section(page: str, anchor: str, next_anchor: str) -> str:
    """The HTML between two headings of the page."""
    start = page.index(f'id="{anchor}"')
    return page[start : page.index(f'id="{next_anchor}"', start)]


def test_cover_names_the_organisation_the_modules_and_the_reference_date(dossier: str):
    cover = dossier[dossier.index('class="qd-dossier-cover"') : dossier.index('id="module-m1"')]
    for text in ("Préfecture des Bouches-du-Rhône", "Qual-e-Pref", "M1 — Relation générale", "M4 —", "22/11/2026"):
        assert text in cover


def test_every_engagement_of_the_modules_in_scope_has_its_section(dossier: str):
    config = load_configuration(REPO / "qualite.yml")
    (qep,) = [r for r in in_scope(load_referentials(REPO / "referentiels"), config.perimetre) if r.code == "QEP"]
    assert len(qep.engagements) == 20
    for engagement in qep.engagements:
        assert re.search(rf'<h3 id="{engagement.id.lower()}"[^>]*>{engagement.id} — ', dossier), engagement.id


def test_a_document_is_listed_under_the_engagement_it_proves_with_its_dates(dossier: str):
    qep2 = section(dossier, "qep-2", "qep-3")
    link = '<a class="qd-ref" href="../documents/guide-acc-001.html">GUIDE-ACC-001</a>'
    # Its row among the proofs (it also heads the rows of its findings: the poster it hands out, PIECE-*).
    (row,) = [r for r in re.findall(rf"<tr><td>{re.escape(link)}.*?</tr>", qep2) if "<td>4.0</td>" in r]
    for cell in ("4.0", "13/01/2020", "05/01/2026", "12/01/2026", "Validé"):
        assert f"<td>{cell}</td>" in row
    assert "guide-acc-001.html" not in section(dossier, "qep-19", "qep-20")


def test_open_findings_of_the_proofs_appear_under_the_engagement(dossier: str):
    qep5 = section(dossier, "qep-5", "qep-6")
    (row,) = [r for r in re.findall(r"<tr>(.*?)</tr>", qep5) if "DATE-MANQUANTE" in r]
    assert "FP-BCR-001" in row and "qd-error" in row


def test_findings_of_the_files_a_proof_uses_appear_with_it(dossier: str):
    """ENR-RECLA-2025 (QEP-3) keeps its complaints register in a CSV file: a late reply shows under the engagement."""
    qep3 = section(dossier, "qep-3", "qep-4")
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", qep3) if "RECLAMATION-HORS-DELAI" in r]
    note = 'ENR-RECLA-2025</a><br><small>fichier <code class="qd-ref">ENR-RECLA-2025.csv</code>'
    assert rows and all(note in r for r in rows)


def test_indicators_attached_to_an_engagement_link_their_fiche_and_values(dossier: str):
    qep3 = section(dossier, "qep-3", "qep-4")
    indicators = re.search(r'<p class="qd-dossier-indicators">.*?</p>', qep3).group(0)
    assert '<a class="qd-ref" href="../documents/ind-recla-001.html">IND-RECLA-001</a>' in indicators
    assert '<a href="../indicateurs/ind-recla-001.html">(valeurs mensuelles)</a>' in indicators


def test_master_list_and_control_report_close_the_file(dossier: str, site: Path):
    master = section(dossier, "liste-maitresse", "rapport-de-controle")
    documents = len(list((site / "documents").rglob("*.html")))
    assert len(re.findall(r'<tr><td><a class="qd-ref" href=', master)) == documents > 60
    report = dossier[dossier.index('id="rapport-de-controle"') :]
    assert "Constats par code" in report and "DATE-MANQUANTE" in report


def test_values_are_escaped_in_the_file(dossier: str):
    assert "<script>alert(1)" not in dossier
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Fiche piégée" in section(dossier, "qep-1", "qep-2")


def test_referential_page_and_navigation_lead_to_the_file(site: Path):
    referential = (site / "referentiels" / "qep.html").read_text(encoding="utf-8")
    assert 'href="../dossier/qep.html"' in referential
    index = (site / "dossier" / "index.html").read_text(encoding="utf-8")
    assert 'href="qep.html"' in index


def test_pdf_is_printed_offline_one_part_per_sheet(site: Path, dossier: str):
    every = {pdf.path.name: pdf for pdf in export_dossiers(site)}
    # One file for the referential, one per labelled site of the example (qualite.yml, `sites:`).
    sites = load_configuration(REPO / "qualite.yml").sites
    assert len(sites) == 5 and len(every) == 1 + len(sites)
    assert "qep-sous-prefecture-d-arles.pdf" in every
    assert all(pdf.pages >= 5 and pdf.blocked == () for pdf in every.values())
    exported = every["qep.pdf"]
    assert exported.path == site / "dossier" / "qep.pdf"
    pdf = exported.path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    # cover, M1, M4, master list, report: each part starts a sheet, M1 alone takes several
    assert exported.pages == page_count(pdf) >= 6
    assert exported.blocked == ()


def test_on_paper_each_part_starts_a_sheet_and_the_site_chrome_is_gone(site: Path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / "dossier" / "qep.html").as_uri())
        page.emulate_media(media="print")
        parts = page.eval_on_selector_all(
            "h2.qd-dossier-part", "nodes => nodes.map(n => [n.id, getComputedStyle(n).breakBefore])"
        )
        chrome = page.eval_on_selector_all(
            ".md-header, .md-sidebar--primary, .md-footer", "nodes => nodes.map(n => getComputedStyle(n).display)"
        )
        browser.close()
    assert parts == [
        [anchor, "page"] for anchor in ("module-m1", "liste-maitresse", "rapport-de-controle")
    ]  # module M4 lists no engagement: it follows M1 on the same sheet rather than take a near-empty one
    assert chrome and set(chrome) == {"none"}


def test_a_draft_is_never_evidence_and_is_listed_as_in_preparation(tmp_path):
    from site_builder import build_site, make_project
    from test_site_build import document

    project = make_project(
        tmp_path,
        {
            "valide.md": document("PROC-BAAS-001", engagements="[QEP-2]"),
            "projet.md": document("PROC-BAAS-002", titre="Projet d'accueil", engagements="[QEP-3]", statut="brouillon"),
        },
    )
    assert build_site(project).returncode == 0
    for page in ("referentiels/qep.html", "dossier/qep.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        qep3 = html.split('id="qep-3"', 1)[1].split('id="qep-4"', 1)[0]
        assert "Aucune preuve documentaire pour cet engagement." in qep3, page
        assert "pas encore une preuve" in qep3 and "proc-baas-002.html" in qep3, page
