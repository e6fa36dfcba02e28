"""The built site and the complaints register: synthesis pages, no register file, no personal data."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_builder import build_site, make_project

REGISTER_DOC = """---
reference: ENR-RECLA-2026
titre: Registre des réclamations 2026
type: enregistrement
date_creation: 2026-01-02
statut: valide
reclamations: reclamations-2026.csv
---

# Registre 2026

Contact du référent : Mme Durand, 06 71 23 45 89, marie.durand@gmail.com.
"""
REGISTER = (
    "N°;Reçue le;Canal;Site;Objet;Nominative;Réponse le\r\n"
    "2026-01;05/01/2026;courrier;Arles;Plainte de M. Bernard Lemoine;oui;07/01/2026\r\n"
    "2026-02;02/03/2026;téléphone;Peytral;Attente au standard;oui;20/03/2026\r\n"
).encode("cp1252")
PERSONAL = ("Durand", "Lemoine", "06 71 23 45 89", "marie.durand")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("reclamations"),
        {"Qualite/ENR-RECLA-2026.md": REGISTER_DOC, "Qualite/reclamations-2026.csv": REGISTER},
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_complaints_page_shows_the_synthesis_and_the_late_reply(site: Path):
    page = (site / "pilotage" / "reclamations.html").read_text(encoding="utf-8")
    assert "Attente au standard" in page and "14 j ouvrés" in page
    assert page.count("hors délai</span>") == 1
    assert "Plainte de [nom masqué]" in page


def test_yearly_review_has_the_complaints_of_its_year(site: Path):
    page = (site / "bilan" / "2026.html").read_text(encoding="utf-8")
    section = page[page.index('id="reclamations"') :]
    assert "qd-complaints-synthesis" in section and "Attente au standard" in section


def test_no_built_file_holds_personal_data_and_the_register_is_not_published(site: Path):
    assert not list(site.rglob("reclamations-2026.csv"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert [p for p in PERSONAL if p in text] == [], path
    document = (site / "documents" / "enr-recla-2026.html").read_text(encoding="utf-8")
    assert "[nom masqué], [téléphone masqué], [courriel masqué]" in document
