"""Reading never fails: every Markdown file is a document, whatever its encoding or front-matter."""

from __future__ import annotations

from conftest import valid_document, write

from macros.documents import load_base


def only(base):
    (document,) = load_base(base).documents
    return document


def test_values_are_read_as_written_never_as_numbers_or_booleans(base):
    write(base, "a.md", "---\nreference: 0012\nversion: 1.10\nservice: NO\ndate_revision: 2020-09\n---\n")
    document = only(base)
    assert document.reference == "0012"
    assert document.text("version") == "1.10"
    assert document.text("service") == "NO"
    assert document.text("date_revision") == "2020-09"


def test_utf8_with_bom_and_crlf_line_endings_are_read(base):
    text = valid_document().replace("\n", "\r\n")
    write(base, "bom.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    document = only(base)
    assert document.reference == "PROC-BAAS-001"
    assert document.encoding == "utf-8-sig"
    assert "\r" not in document.body


def test_windows_1252_file_is_decoded_correctly(base):
    write(base, "ancien.md", valid_document(titre="Accueil téléphonique — procédure élémentaire").encode("cp1252"))
    document = only(base)
    assert document.title == "Accueil téléphonique — procédure élémentaire"
    assert document.encoding == "cp1252"


def test_empty_file_is_a_document_without_front_matter(base):
    write(base, "vide.md", b"")
    document = only(base)
    assert (document.path, document.has_front_matter, document.reference) == ("vide.md", False, None)


def test_file_without_front_matter_keeps_its_heading_as_title(base):
    write(base, "note.md", "# Note de service\n\nDu texte.\n")
    document = only(base)
    assert not document.has_front_matter
    assert document.title == "Note de service"


def test_front_matter_that_is_a_list_is_a_problem_not_a_crash(base):
    write(base, "liste.md", "---\n- reference\n- titre\n---\nTexte\n")
    document = only(base)
    assert document.yaml_problem is not None
    assert "pas une suite de champs" in document.yaml_problem.message
    assert document.body == "Texte\n"


def test_self_referencing_alias_and_list_as_key_are_problems_not_crashes(base):
    write(base, "alias.md", "---\nreference: PROC-A-001\nboucle: &x [*x]\n---\nTexte\n")
    write(base, "cle.md", "---\n? [a, b]\n: valeur\n---\nTexte\n")
    documents = load_base(base).documents
    assert [d.path for d in documents if d.yaml_problem] == ["alias.md", "cle.md"]
    assert all(d.body == "Texte\n" for d in documents)


def test_broken_yaml_is_reported_with_the_line_of_the_fault(base):
    write(base, "casse.md", '---\nreference: PROC-A-001\ntitre: "Titre non fermé\ntype: procedure\n---\nTexte\n')
    document = only(base)
    assert document.yaml_problem.line == 3


def test_broken_indentation_points_at_its_line(base):
    write(base, "indent.md", "---\nreference: PROC-A-001\nengagements:\n  - QEP-1\n - QEP-2\n---\n")
    document = only(base)
    assert document.yaml_problem is not None
    assert document.yaml_problem.line == 5


def test_unclosed_front_matter_keeps_the_whole_text_as_body(base):
    write(base, "ouvert.md", "---\nreference: PROC-A-001\n\nTexte sans fin d'en-tête\n")
    document = only(base)
    assert document.yaml_problem.line == 1
    assert "Texte sans fin" in document.body


def test_every_markdown_file_in_any_folder_is_a_document_and_others_are_attachments(base):
    write(base, "DMIN/BAAS/Fiche procédure accueil.md", valid_document("PROC-BAAS-001"))
    write(base, "Qualite/COPIL/cr.MD", valid_document("CR-COPIL-2025-01"))
    write(base, "guide.markdown", valid_document("GUIDE-ACC-001"))
    write(base, "Qualite/annexe.pdf", b"%PDF-1.4")
    loaded = load_base(base)
    assert [d.path for d in loaded.documents] == [
        "DMIN/BAAS/Fiche procédure accueil.md",
        "Qualite/COPIL/cr.MD",
        "guide.markdown",
    ]
    assert loaded.attachments == ("Qualite/annexe.pdf",)


def test_key_lines_are_those_of_the_file(base):
    write(base, "a.md", valid_document())
    document = only(base)
    assert document.line_of("reference") == 2
    assert document.line_of("date_creation") == 5


def test_links_are_found_with_their_lines_outside_code_blocks(base):
    body = "---\ntitre: A\n---\nVoir [la grille](../grille.md#bas) et [site](https://example.org).\n"
    body += "```\n[pas un lien](absent.md)\n```\n[ref]: annexes/note.pdf\n"
    write(base, "dossier/a.md", body)
    document = only(base)
    assert [(link.target, link.line) for link in document.links] == [("../grille.md", 4), ("annexes/note.pdf", 8)]


def test_engagements_accept_a_list_or_a_comma_separated_text(base):
    write(base, "a.md", valid_document(engagements="qep-1, QEP-2"))
    assert only(base).engagements == ("QEP-1", "QEP-2")


def test_a_large_base_is_parsed_on_every_core_with_the_same_result(tmp_path):
    from macros import documents
    from macros.documents import PARALLEL_THRESHOLD, _read_chunk, load_base

    base = tmp_path / "procedures"
    for number in range(PARALLEL_THRESHOLD + 20):
        reference = f"PROC-BAAS-{number:04d}"
        folder = base / f"S{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"---\nreference: {reference}\ntitre: Fiche {number}\n---\n# Fiche {number}\n\nVoir [a](../a.pdf).\n"
        (folder / f"{reference}.md").write_text(text, encoding="utf-8")
    parallel = load_base(base)
    relatives = [d.path for d in parallel.documents]
    sequential = _read_chunk(base.resolve(), relatives)
    assert len(parallel.documents) == PARALLEL_THRESHOLD + 20 >= documents.PARALLEL_THRESHOLD
    assert [(d.path, d.reference, d.heading, d.links) for d in parallel.documents] == [
        (d.path, d.reference, d.heading, d.links) for d in sequential
    ]


def test_common_yaml_mistakes_get_a_french_hint_on_their_line(base):
    from macros.frontmatter import split_front_matter

    cases = {
        "titre: Affichage : horaires\n": ("mettez-la entre guillemets", 2),
        "titre: 'ouvert\nservice: BAAS\n": ("guillemet ouvert", 2),
        "titre: x\n  service: BAAS\n": ("indentation décalée", 3),
        "\ttitre: x\n": ("tabulation", 2),
        "engagements: [QEP-1, QEP-2\n": ("crochets", 3),
    }
    for header, (hint, line) in cases.items():
        problem = split_front_matter(f"---\n{header}---\n").problem
        assert hint in problem.message and problem.line == line, (header, problem)
        assert "while" not in problem.message and "mapping" not in problem.message


def test_a_key_written_twice_is_said_with_both_lines(base):
    from conftest import REPO

    from macros.control import run_control

    write(base, "a.md", valid_document().replace("version: 1.0", "version: 1.0\nversion: 2.0"))
    run = run_control(base, REPO / "referentiels", None, __import__("datetime").date(2026, 11, 22))
    (finding,) = [f for f in run.findings if f.code == "YAML-INVALIDE"]
    assert "lignes 6 et 7" in finding.message and run.base.documents[0].text("version") == "2.0"
