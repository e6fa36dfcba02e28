"""Headers read as their authors wrote them: keys and closed values without case or accents, `cles:`, `valeurs:`."""

from __future__ import annotations

from conftest import codes, write

from macros.site.urls import allocate_pages

HEADER = """---
{reference_key}: PROC-BAAS-001
Titre: Accueil des usagers
type: {kind}
date_création: 2025-03-01
version: 1.0
service: BAAS
statut: {statut}
engagements: [QEP-2]
valideur: Chef du BAAS
date_validation: 2025-03-15
---

# Accueil

Texte.
"""


def test_keys_and_closed_values_are_read_without_case_or_accents(base, control):
    write(base, "a.md", HEADER.format(reference_key="Référence", kind="Fiche de procédure", statut="Validé"))
    run = control()
    (document,) = run.base.documents
    assert (document.reference, document.type, document.statut) == ("PROC-BAAS-001", "procedure", "valide")
    assert document.text("date_creation") == "2025-03-01" and document.title == "Accueil des usagers"
    assert codes(run) == []


def test_an_obsolete_status_written_in_french_makes_the_document_obsolete(base, control):
    write(base, "a.md", HEADER.format(reference_key="reference", kind="Procédure", statut="Obsolète"))
    run = control()
    assert run.base.is_obsolete(run.base.documents[0])


def test_keys_of_another_base_are_mapped_by_the_settings(base, control, tmp_path):
    settings = write(tmp_path, "qualite.yml", "cles: {id: reference, created: date_creation}\n")
    text = HEADER.format(reference_key="id", kind="procedure", statut="valide").replace("date_création", "created")
    write(base, "PROC-001 Gestion.md", text)
    (document,) = control(settings).base.documents
    assert document.reference == "PROC-BAAS-001" and document.day("date_creation") is not None
    assert document.line_of("reference") == 2  # findings still point at the line as written


def test_synonyms_of_values_come_from_the_settings(base, control, tmp_path):
    settings = write(tmp_path, "qualite.yml", "valeurs: {statut: {publié: valide, approuvé: valide}}\n")
    write(base, "a.md", HEADER.format(reference_key="reference", kind="procedure", statut="Publié"))
    (document,) = control(settings).base.documents
    assert document.statut == "valide"


def test_a_key_close_to_one_of_ours_is_an_unknown_key_with_a_suggestion(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "a.md", text.replace("version: 1.0", "version: 1.0\nredacter: Mme Durand"))
    (finding,) = [f for f in control().findings if f.code == "CLE-INCONNUE"]
    assert "« redacteur »" in finding.message and finding.line == 7 and finding.field == "redacter"


def test_a_key_of_our_own_beside_its_accented_twin_keeps_both_as_written(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "a.md", text.replace("version: 1.0", "version: 1.0\nRéférence: AUTRE-001"))
    (document,) = control().base.documents
    assert document.reference == "PROC-BAAS-001" and document.fields["Référence"] == "AUTRE-001"


def test_a_block_where_a_text_is_expected_is_said_and_a_list_of_people_is_shown(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    text = text.replace("version: 1.0", "version: 1.0\nredacteur: [[Durand]]\nrevue:\n  indicateur: x\n  cible: 3")
    write(base, "a.md", text)
    run = control()
    (finding,) = [f for f in run.findings if f.code == "VALEUR-INVALIDE"]
    assert finding.field == "revue" and "un bloc (`indicateur`, `cible`)" in finding.message
    assert run.base.documents[0].shown("redacteur") == "Durand"


def test_archived_versions_of_a_reference_are_not_duplicates(base, control):
    current = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "PROC-BAAS-001.md", current)
    write(base, "Archives/PROC-BAAS-001 v1.md", current.replace("statut: valide", "statut: obsolete"))
    run = control()
    assert "REF-DOUBLON" not in codes(run)
    pages = allocate_pages(run.base).src_uris
    assert pages["PROC-BAAS-001.md"] == "documents/proc-baas-001.md"  # the version in use keeps the address
    assert pages["Archives/PROC-BAAS-001 v1.md"] == "documents/proc-baas-001-2.md"
    write(base, "Copie/PROC-BAAS-001.md", current)  # a second one in use is a duplicate again
    assert codes(control()).count("REF-DOUBLON") == 3


def test_dot_folders_templates_and_excluded_patterns_are_not_part_of_the_base(base, control, tmp_path):
    document = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "a.md", document)
    write(base, ".obsidian/workspace.md", "# Espace de travail\n")
    write(base, ".trash/ancien.md", "# Ancien\n")
    write(base, "modeles/procedure.md", "---\nreference:\n---\n# Modèle\n")
    write(base, "Brouillons/essai.md", "# Essai\n")
    write(base, "Brouillons/essai.tmp", "x")
    settings = write(tmp_path, "qualite.yml", "exclure: [Brouillons/]\n")
    run = control(settings)
    assert [d.path for d in run.base.documents] == ["a.md"] and run.base.attachments == ()
    assert codes(run) == []


def test_sites_and_services_outside_the_declared_lists_are_said_with_the_nearest(base, control, tmp_path):
    settings = write(
        tmp_path,
        "qualite.yml",
        "sites: [Préfecture de Digne-les-Bains, Sous-préfecture de Forcalquier]\nservices: [BAAS, Mission qualité]\n",
    )
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "a.md", text.replace("service: BAAS", "service: baas\nsite: SOUS-PREFECTURE DE FORCALQUIER"))
    other = text.replace("PROC-BAAS-001", "PROC-BAAS-002")
    write(base, "b.md", other.replace("service: BAAS", "service: Accueil\nsite: Tous sites"))
    third = text.replace("PROC-BAAS-001", "PROC-BAAS-003")
    write(base, "c.md", third.replace("service: BAAS", "service: BAAS\nsite: Sous-prefecture Forcalquier"))
    found = sorted((f.path, f.code, f.message) for f in control(settings).findings)
    assert [(path, code) for path, code, _ in found] == [("b.md", "SERVICE-INCONNU"), ("c.md", "SITE-INCONNU")]
    assert "« Sous-préfecture de Forcalquier »" in found[1][2]  # case, accents and « Tous sites » do not count


def test_a_missing_reference_is_suggested_from_the_file_name(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "PROC-001 Gestion des documents.md", text.replace("reference: PROC-BAAS-001\n", ""))
    (finding,) = [f for f in control().findings if f.code == "REF-MANQUANTE"]
    assert "le nom du fichier suggère `reference: PROC-001`" in finding.message


def test_a_second_header_block_is_said(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(base, "a.md", text.replace("---\n\n# Accueil", "---\n---\nrevue: 12\nsite: Digne\n---\n\n# Accueil"))
    (finding,) = [f for f in control().findings if f.code == "ENTETE-DOUBLE"]
    assert finding.line == 13 and "ne sont pas lus" in finding.message


def test_a_value_cut_by_a_glued_hash_is_said_and_a_real_comment_is_not(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide   # à revoir en 2026")
    write(base, "a.md", text.replace("Titre: Accueil des usagers", "Titre: Accueil des usagers #PMR"))
    run = control()
    (finding,) = [f for f in run.findings if f.code == "VALEUR-COUPEE"]
    assert finding.line == 3 and "« Accueil des usagers »" in finding.message and "guillemets" in finding.message
    assert run.base.documents[0].statut == "valide"  # the comment after two spaces is a comment
    write(base, "a.md", text.replace("Titre: Accueil des usagers", 'Titre: "Accueil des usagers #PMR"'))
    assert "VALEUR-COUPEE" not in codes(control())


def test_french_keys_with_spaces_are_ours_and_two_keys_for_one_field_are_said(base, control):
    text = HEADER.format(reference_key="reference", kind="procedure", statut="valide")
    write(
        base, "a.md", text.replace("date_création", "Date de création").replace("Titre:", "Référence: PROC-X-1\nTitre:")
    )
    run = control()
    (document,) = run.base.documents
    assert document.text("date_creation") == "2025-03-01" and document.reference == "PROC-BAAS-001"
    (twin,) = [f for f in run.findings if f.code == "CLE-DOUBLE"]
    assert (
        "« reference » (ligne 2) et « Référence » (ligne 3)" in twin.message and "seule « reference »" in twin.message
    )
    assert "DATE-MANQUANTE" not in codes(run)
