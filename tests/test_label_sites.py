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


def test_two_spellings_of_one_site_or_a_label_for_an_unknown_site_stop_the_check(tmp_path):
    from macros.config import ConfigurationError, load_configuration

    settings = tmp_path / "qualite.yml"
    settings.write_text("sites: [Sous-préfecture d'Arles, Sous-Préfecture d’arles]\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="ne diffèrent que par les majuscules"):
        load_configuration(settings)
    text = "sites: [Préfecture de Mende, Sous-préfecture de Florac]\nlabellisation: {Florac: 2025-09-15}\n"
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="« Sous-préfecture de Florac »") as refused:
        load_configuration(settings)
    assert "`labellisation`" in str(refused.value)


def test_a_validated_grid_without_its_date_of_verification_is_a_finding(tmp_path):
    import datetime as dt

    from macros.control import run_control

    base = tmp_path / "procedures"
    base.mkdir()
    (base / "grille.md").write_text(
        "---\nreference: GRILLE-ACC-009\ntype: grille-verification\ndate_creation: 2026-01-05\nstatut: valide\n"
        "objet: accueil\npoints:\n  - {point: Affichage des horaires, resultat: conforme}\n---\n",
        encoding="utf-8",
    )
    run = run_control(base, tmp_path / "referentiels", None, dt.date(2026, 11, 22))
    (finding,) = [f for f in run.findings if f.field == "date_verification"]
    assert finding.code == "VALEUR-INVALIDE" and "ne la compte pas comme un contrôle fait" in finding.message
