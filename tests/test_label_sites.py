"""Labels per site: the referential page's coverage per engagement and site, and one auditor's file per
labelled site where only the documents of that site or of all sites count; drafts never count."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_builder import build_site, make_project

SETTINGS = """organisation: Préfecture des Alpes-de-Haute-Provence
perimetre:
  - referentiel: QEP
    modules: [M1]
sites: [Préfecture de Digne-les-Bains, Sous-préfecture de Forcalquier]
"""


def document(reference: str, site: str | None, statut: str = "valide", engagements: str = "[QEP-1]") -> str:
    site_line = f"site: {site}\n" if site is not None else ""
    return (
        f"---\nreference: {reference}\ntitre: Document {reference}\ntype: procedure\ndate_creation: 2026-01-05\n"
        f"{site_line}statut: {statut}\nvalideur: Le chef\ndate_validation: 2026-01-06\nengagements: {engagements}\n"
        "---\n\nTexte.\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("sites"),
        {
            "digne.md": document("PROC-DIGNE-001", "Préfecture de Digne-les-Bains"),
            "forcalquier.md": document("PROC-FORC-001", "sous-préfecture de forcalquier"),
            "tous.md": document("PROC-TOUS-001", "Tous sites"),
            "aucun.md": document("PROC-SANS-001", None, engagements="[QEP-2]"),
            "brouillon.md": document("PROC-FORC-002", "Sous-préfecture de Forcalquier", "brouillon", "[QEP-3]"),
        },
    )
    (project / "qualite.yml").write_text(SETTINGS, encoding="utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def coverage_row(page: str, engagement: str) -> str:
    table = page.split('class="qd-coverage qd-coverage-sites"')[1].split("</table>")[0]
    return table.split(f">{engagement}</a></th>")[1].split("</tr>")[0]


def test_the_referential_page_counts_each_sites_evidence(site: Path):
    page = (site / "referentiels" / "qep.html").read_text(encoding="utf-8")
    assert "Préfecture de Digne-les-Bains" in page.split('id="couverture-par-site"')[1]
    assert coverage_row(page, "QEP-1") == "<td>2</td><td>2</td>"  # its own document and the « Tous sites » one
    assert coverage_row(page, "QEP-2") == "<td>1</td><td>1</td>"  # no site written: the whole organisation's
    # A draft is in preparation, never evidence: QEP-3 has none at Forcalquier.
    assert coverage_row(page, "QEP-3") == '<td class="qd-gap">aucune</td><td class="qd-gap">aucune</td>'
    assert 'href="../dossier/qep-sous-prefecture-de-forcalquier.html"' in page


def test_each_labelled_site_has_its_auditors_file_with_its_documents_only(site: Path):
    digne = (site / "dossier" / "qep-prefecture-de-digne-les-bains.html").read_text(encoding="utf-8")
    forcalquier = (site / "dossier" / "qep-sous-prefecture-de-forcalquier.html").read_text(encoding="utf-8")
    assert "Qual-e-Pref — Préfecture de Digne-les-Bains</h1>" in digne
    for shown, hidden, page in (
        ("PROC-DIGNE-001", "PROC-FORC-001", digne),
        ("PROC-FORC-001", "PROC-DIGNE-001", forcalquier),
    ):
        proofs = page.split('id="qep-1"')[1].split('id="qep-2"')[0]
        assert shown in proofs and "PROC-TOUS-001" in proofs and hidden not in proofs
        assert hidden not in page.split('id="liste-maitresse"')[1]
    draft = forcalquier.split('id="qep-3"')[1].split('id="qep-4"')[0]
    assert "Aucune preuve documentaire" in draft and "En préparation, pas encore une preuve" in draft
    index = (site / "dossier" / "index.html").read_text(encoding="utf-8")
    assert "qep-prefecture-de-digne-les-bains.html" in index and "qep.html" in index
