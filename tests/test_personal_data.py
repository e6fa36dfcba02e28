"""Names, e-mail addresses and phone numbers: found, reported with their line, masked in the site."""

from __future__ import annotations

from conftest import valid_document, write

from macros.personal_data import find_personal_data, mask

PUBLIC = ("pref-*@bouches-du-rhone.gouv.fr", "04 84 35 40 00")


def kinds(text: str, allowed=()) -> list[str]:
    return [item.kind for item in find_personal_data(text, allowed)]


def test_names_after_a_civility_addresses_and_numbers_are_found():
    text = "Appel de Mme DUPONT Jeanne (jeanne.dupont@gmail.com, 06 12 34 56 78) puis de M. Martin, +33 6 12 34 56 78"
    assert kinds(text) == ["nom", "courriel", "téléphone", "nom", "téléphone"]


def test_functions_dates_and_references_are_not_personal_data():
    text = "Monsieur le Préfet et Madame la Sous-Préfète ; réunion du 01/02/2025 ; PROC-BAAS-001 ; SIRET 13000123400012"
    assert kinds(text) == []


def test_declared_service_addresses_and_numbers_may_be_published():
    text = "Écrire à pref-accueil@bouches-du-rhone.gouv.fr ou appeler le 04.84.35.40.00 ; sinon jean.dupont@free.fr"
    assert kinds(text, PUBLIC) == ["courriel"]
    assert mask(text, PUBLIC) == (
        "Écrire à pref-accueil@bouches-du-rhone.gouv.fr ou appeler le 04.84.35.40.00 ; sinon [courriel masqué]"
    )


def test_each_occurrence_is_a_finding_on_its_line_without_the_data(base, control):
    document = valid_document() + "\nContact : Mme Durand.\n\nSon portable : 06 71 23 45 89.\n"
    write(base, "a.md", document.replace("service: BAAS", "service: BAAS (jean.dupont@gmail.com)"))
    found = sorted((f.line, f.message) for f in control().findings if f.code == "DONNEE-PERSONNELLE")
    assert [line for line, _ in found] == [7, 18, 20]
    assert all("Durand" not in m and "06 71" not in m and "dupont" not in m for _, m in found)
    assert "(courriel)" in found[0][1] and "(nom)" in found[1][1] and "(téléphone)" in found[2][1]


def test_the_site_sees_the_masked_document(base, control):
    write(base, "a.md", valid_document(redacteur="Mme Durand") + "\nAppeler le 06 71 23 45 89.\n")
    (document,) = control().base.documents
    assert document.text("redacteur") == "[nom masqué]"
    assert "[téléphone masqué]" in document.body and "06 71" not in document.body


def test_register_rows_with_personal_data_are_findings_and_masked(base, control):
    write(base, "ENR.md", valid_document("ENR-RECLA-2026", type="enregistrement", reclamations="r.csv"))
    write(base, "r.csv", "recue_le;objet;repondue_le\n05/01/2026;Plainte de M. Bernard Lemoine;07/01/2026\n")
    run = control()
    (finding,) = [f for f in run.findings if f.code == "DONNEE-PERSONNELLE"]
    assert (finding.path, finding.line) == ("r.csv", 2) and "Lemoine" not in finding.message
    assert run.complaints.items[0].objet == "Plainte de [nom masqué]"
