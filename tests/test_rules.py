"""One behaviour per rule code, on small real files."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import REPO, codes, valid_document, write

from macros.model import Severity
from macros.rule_codes import RULE_CODES


def findings(run, code):
    return [f for f in run.findings if f.code == code]


def test_a_valid_document_has_no_finding(base, control):
    write(base, "a.md", valid_document())
    assert control().findings == []


@pytest.mark.parametrize("header", ["titre: Sans référence", "reference:\ntitre: Vide", "reference: ~\ntitre: Nulle"])
def test_missing_or_empty_reference_is_an_error(base, control, header):
    write(base, "a.md", f"---\n{header}\ntype: procedure\ndate_creation: 2025-01-01\n---\n")
    (finding,) = findings(control(), "REF-MANQUANTE")
    assert finding.severity is Severity.ERROR
    assert finding.path == "a.md"
    assert "reference:" in finding.message


def test_missing_creation_date_is_an_error(base, control):
    write(base, "a.md", valid_document(date_creation=None))
    (finding,) = findings(control(), "DATE-MANQUANTE")
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize("value", ["31/02/2021", "mars 2021", "2021-02-30"])
def test_a_date_that_is_not_real_is_an_error_with_its_line(base, control, value):
    write(base, "a.md", valid_document(date_revision=value))
    (finding,) = findings(control(), "DATE-INVALIDE")
    assert finding.severity is Severity.ERROR
    assert value in finding.message
    assert finding.line == 10


def test_duplicated_reference_flags_both_documents_each_naming_the_other(base, control):
    write(base, "aix/courriels.md", valid_document("PROC-SP-002"))
    write(base, "arles/courriels.md", valid_document("PROC-SP-002"))
    duplicates = findings(control(), "REF-DOUBLON")
    assert {f.path for f in duplicates} == {"aix/courriels.md", "arles/courriels.md"}
    by_path = {f.path: f.message for f in duplicates}
    assert "arles/courriels.md" in by_path["aix/courriels.md"]
    assert "aix/courriels.md" in by_path["arles/courriels.md"]


def test_broken_yaml_is_an_error_with_its_line_and_nothing_else_is_guessed(base, control):
    write(base, "a.md", '---\nreference: PROC-A-001\ntitre: "ouvert\n---\n# Titre\n')
    run = control()
    (finding,) = findings(run, "YAML-INVALIDE")
    assert (finding.severity, finding.line) == (Severity.ERROR, 3)
    assert codes(run) == ["YAML-INVALIDE"]


def test_front_matter_that_is_not_a_mapping_is_yaml_invalide(base, control):
    write(base, "a.md", "---\njuste un texte\n---\n# Titre\n")
    assert codes(control()) == ["YAML-INVALIDE"]


def test_reference_outside_the_pattern_is_a_warning(base, control):
    write(base, "a.md", valid_document("proc baas 1"))
    (finding,) = findings(control(), "REF-FORMAT")
    assert finding.severity is Severity.WARNING


def test_reference_pattern_is_configurable(base, control, tmp_path):
    write(base, "a.md", valid_document("0012"))
    config = write(tmp_path, "qualite.yml", "motif_reference: '[0-9]{4}'\n")
    assert "REF-FORMAT" in codes(control())
    assert "REF-FORMAT" not in codes(control(config))


def test_date_after_the_reference_date_is_a_warning(base, control):
    write(base, "a.md", valid_document(date_creation="01/12/2026"))
    run = control(today=dt.date(2026, 11, 22))
    (finding,) = findings(run, "DATE-FUTURE")
    assert finding.severity is Severity.WARNING
    assert "01/12/2026" in finding.message


def test_unknown_type_is_a_warning_that_suggests_the_closest(base, control):
    write(base, "a.md", valid_document(type="Procédur"))  # `Procédure` itself is read as procedure
    (finding,) = findings(control(), "TYPE-INCONNU")
    assert finding.severity is Severity.WARNING
    assert "« procedure »" in finding.message


def test_unknown_engagement_is_a_warning(base, control):
    write(base, "a.md", valid_document(engagements="[QEP-5, QEP-99]"))
    (finding,) = findings(control(), "ENGAGEMENT-INCONNU")
    assert "QEP-99" in finding.message and "QEP-5 " not in finding.message


def test_review_overdue_uses_the_type_default_period(base, control):
    write(base, "a.md", valid_document(date_creation="2024-11-01"))  # procedure: 24 months
    assert "REVUE-DEPASSEE" in codes(control(today=dt.date(2026, 11, 2)))
    assert "REVUE-DEPASSEE" not in codes(control(today=dt.date(2026, 10, 31)))


def test_review_period_of_the_document_wins_over_the_type_default(base, control):
    write(
        base,
        "a.md",
        valid_document(type="grille-verification", date_creation="2022-01-01", date_revision="2023-01-10", revue="12"),
    )
    (finding,) = findings(control(), "REVUE-DEPASSEE")
    assert "10/01/2024" in finding.message


def test_records_and_obsolete_documents_are_never_overdue(base, control):
    write(base, "cr.md", valid_document("CR-COPIL-2019-01", type="compte-rendu-copil", date_creation="2019-01-01"))
    write(base, "old.md", valid_document("PROC-OLD-001", statut="obsolete", date_creation="2015-01-01"))
    assert "REVUE-DEPASSEE" not in codes(control())


def test_relative_link_to_a_missing_file_is_a_warning_with_its_line(base, control):
    text = valid_document() + "\nVoir [la grille](../Qualite/grille.md) et [l'annexe](annexe.pdf).\n"
    write(base, "BAAS/a.md", text)
    write(base, "BAAS/annexe.pdf", b"%PDF")
    (finding,) = findings(control(), "LIEN-CASSE")
    assert finding.line == 18
    assert "../Qualite/grille.md" in finding.message


def test_link_leaving_the_base_is_broken(base, control):
    write(base, "a.md", valid_document() + "\n[hors base](../../docs/index.md)\n")
    assert "LIEN-CASSE" in codes(control())


def test_no_title_anywhere_is_a_warning(base, control):
    write(base, "a.md", "---\nreference: PROC-A-001\ntype: procedure\ndate_creation: 2025-01-01\n---\nTexte.\n")
    assert "TITRE-MANQUANT" in codes(control())


def test_a_heading_is_enough_as_title(base, control):
    write(base, "a.md", valid_document(titre=None))
    assert "TITRE-MANQUANT" not in codes(control())


def test_file_not_in_utf8_is_flagged_but_read(base, control):
    write(base, "a.md", valid_document(titre="Référence élémentaire").encode("cp1252"))
    run = control()
    assert codes(run) == ["ENCODAGE"]
    assert run.base.documents[0].title == "Référence élémentaire"


def test_file_without_front_matter_lacks_reference_and_date(base, control):
    write(base, "a.md", "# Une note\n")
    (finding,) = control().findings  # one finding for one cause, an error: the reference and the date lack
    assert (finding.code, finding.severity) == ("ENTETE-MANQUANTE", Severity.ERROR)
    assert "la référence, la date de création et le type" in finding.message


def test_a_file_named_reference_and_title_gets_them_suggested(base, control):
    write(base, "PROC-001 Gestion des documents.md", "Texte.\n")
    (finding,) = control().findings
    assert "`reference: PROC-001`" in finding.message and "`titre: Gestion des documents`" in finding.message


def test_a_header_missing_its_opening_line_is_said(base, control):
    write(base, "a.md", "reference: PROC-BAAS-001\ntitre: Accueil\n---\n\nTexte.\n")
    (finding,) = control().findings
    assert "ligne `---` d'ouverture" in finding.message


def test_empty_file_is_reported_not_lost(base, control):
    write(base, "vide.md", b"")
    run = control()
    assert [d.path for d in run.base.documents] == ["vide.md"]
    (finding,) = run.findings
    assert finding.code == "ENTETE-MANQUANTE" and "et le titre" in finding.message


@pytest.mark.parametrize(("key", "value"), [("statut", "approuvé"), ("public", "tout le monde"), ("revue", "deux ans")])
def test_values_outside_the_accepted_ones_are_flagged(base, control, key, value):
    write(base, "a.md", valid_document(**{key: value}))
    (finding,) = findings(control(), "VALEUR-INVALIDE")
    assert key in finding.message


def test_severity_is_configurable_per_code(base, control, tmp_path):
    write(base, "a.md", valid_document(date_creation=None))
    config = write(tmp_path, "qualite.yml", "severites:\n  DATE-MANQUANTE: info\n")
    (finding,) = findings(control(config), "DATE-MANQUANTE")
    assert finding.severity is Severity.INFO


def test_documents_for_the_public_without_reference_or_date_stay_errors_whatever_the_configuration(
    base, control, tmp_path
):
    write(base, "guide.md", valid_document(reference="", date_creation=None, public="usagers"))
    config = write(tmp_path, "qualite.yml", "severites:\n  DATE-MANQUANTE: info\n  REF-MANQUANTE: warning\n")
    run = control(config)
    assert {(f.code, f.severity) for f in run.findings} == {
        ("REF-MANQUANTE", Severity.ERROR),
        ("DATE-MANQUANTE", Severity.ERROR),
    }
    assert "public" in findings(run, "REF-MANQUANTE")[0].message


def test_every_rule_code_has_a_test():
    source = "".join(path.read_text(encoding="utf-8") for path in (REPO / "tests").glob("test_*.py"))
    missing = [r.code for r in RULE_CODES if f'"{r.code}"' not in source]
    assert missing == []


def test_a_file_that_cannot_be_opened_is_still_a_document_with_a_finding(base, control):
    import socket

    write(base, "a.md", valid_document())
    with socket.socket(socket.AF_UNIX) as lock:  # a socket cannot be opened as a file, even by root
        lock.bind(str(base / "verrou.md"))
        run = control()
    assert [d.path for d in run.base.documents] == ["a.md", "verrou.md"]
    assert [f.code for f in run.findings if f.path == "verrou.md"] == ["FICHIER-ILLISIBLE"]


def test_joined_files_a_browser_would_run_are_flagged(base, control):
    write(base, "a.md", valid_document())
    write(base, "annexes/schema.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    write(base, "annexes/formulaire.pdf", b"%PDF")
    (finding,) = findings(control(), "PIECE-ACTIVE")
    assert (finding.path, finding.severity) == ("annexes/schema.svg", Severity.WARNING)


def test_a_symbolic_link_out_of_the_base_is_a_finding_and_is_never_read(base, control, tmp_path):
    secret = write(tmp_path, "secret.md", "---\nreference: PROC-SECRET-001\n---\n# Secret\n")
    os.symlink(secret, base / "lien.md")
    os.symlink(base / "absent.pdf", base / "pendant.pdf")
    (base / "boucle.pdf").symlink_to(base / "boucle.pdf")
    run = control()
    assert {(f.path, f.code) for f in run.findings} >= {
        ("lien.md", "LIEN-SYMBOLIQUE"),
        ("pendant.pdf", "LIEN-SYMBOLIQUE"),
        ("boucle.pdf", "LIEN-SYMBOLIQUE"),
    }
    assert run.base.documents == () and run.base.attachments == ()


def test_a_symbolic_link_to_a_file_of_the_base_is_read_as_that_file(base, control):
    write(base, "a.md", valid_document())
    (base / "annexe.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(base / "annexe.pdf", base / "copie.pdf")
    run = control()
    assert "LIEN-SYMBOLIQUE" not in codes(run) and "copie.pdf" in run.base.attachments


def test_a_billion_laughs_header_is_invalid_yaml_in_bounded_time(base, control):
    laughs = "\n".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10))
    write(base, "a.md", f"---\nl0: &l0 ha\n{laughs}\nreference: PROC-BAAS-001\n---\n# Bombe\n")
    (finding,) = [f for f in control().findings if f.code == "YAML-INVALIDE"]
    assert "alias" in finding.message


@pytest.mark.parametrize(
    "body",
    ["[" * 5000, "- " * 200 + "fin", "".join("  " * d + "- x\n" for d in range(100)), "texte\n" * 200_000],
)
def test_a_body_too_large_or_too_nested_for_markdown_is_a_finding(base, control, body):
    write(base, "a.md", valid_document().replace("Texte de la procédure.", body))
    (finding,) = [f for f in control().findings if f.code == "CORPS-TROP-COMPLEXE"]
    assert "texte brut" in finding.message


def test_an_ordinary_long_procedure_is_not_too_complex(base, control):
    steps = "".join(f"{n}. Étape [{n}](#etape-{n}) (voir note)\n   - détail\n" for n in range(1, 400))
    write(base, "a.md", valid_document().replace("Texte de la procédure.", steps))
    assert "CORPS-TROP-COMPLEXE" not in codes(control())


def test_a_custom_types_block_replaces_the_default_types_and_their_review_periods(base, control, tmp_path):
    settings = write(tmp_path, "qualite.yml", "types:\n  note-de-service: {libelle: Note de service, revue: 6}\n")
    write(base, "note.md", valid_document("NOTE-BAAS-001", type="note-de-service", date_creation="2026-01-10"))
    write(base, "proc.md", valid_document("PROC-BAAS-002"))
    run = control(settings, today=dt.date(2026, 11, 22))
    assert codes(run, "note.md") == ["REVUE-DEPASSEE"]  # six months after January
    (unknown,) = [f for f in run.findings if f.path == "proc.md"]
    assert unknown.code == "TYPE-INCONNU" and "note-de-service" in unknown.message
    assert run.config.types_by_code["note-de-service"].libelle == "Note de service"
