"""Names, e-mail addresses and phone numbers: found, reported with their line, masked in the site."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    "written",
    [
        "MME DURAND",
        "MR Lefort",
        "Mme&nbsp;Martin",
        "Mme\u00a0Martin",
        "Mme\u202fMartin",
        "M. **Bernard**",
        "M.<!-- -->Petit",
        "Madame de Villeneuve",
        "M. d'Aubigné",
        "M. Le Gall",
        "Dr Moreau",
        "Me Dupond",
        "Mlle Sophie *Marceau*",
        "monsieur Jean-Marc Lévêque",
    ],
)
def test_a_name_behind_markup_or_in_any_case_is_found_and_masked_whole(written):
    assert kinds(f"Contact : {written}, bureau 3.") == ["nom"]
    assert mask(f"Contact : {written}, bureau 3.") == "Contact : [nom masqué], bureau 3."


@pytest.mark.parametrize(
    "written",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
    ]
    + ["+33612345678", "+44 20 7946 0958", "+32 2 123 45 67"],
)
def test_french_and_international_phone_forms_are_found(written):
    assert kinds(f"Tél. : {written}.") == ["téléphone"]


@pytest.mark.parametrize(
    "written", ["jean\\.dupont@interieur.gouv.fr", "marie.curie&#64;laposte.net", "a&#x40;b.fr", "jean_dupont@free.fr"]
)
def test_addresses_split_by_an_escape_or_an_entity_are_found(written):
    assert kinds(f"Écrire à {written}") == ["courriel"]
    assert "@" not in mask(f"Écrire à {written}") and "&#" not in mask(f"Écrire à {written}")


@pytest.mark.parametrize(
    "text",
    [
        "Monsieur le Préfet a signé ; Madame la Secrétaire générale aussi ; MONSIEUR LE MAIRE",
        "Madame la Sous-Préfète d'Arles et Monsieur le Directeur",
        "Mesdames et Messieurs les usagers ; Madame, Monsieur,",
        "date saisie 08-12-252025 ; le 01.02.2024 ; du 2024-01-15",
        "écrire à contact@example.com, test@site.test ou noreply@interieur.gouv.fr",
        "il me Semble que le programme Qualité avance",
    ],
)
def test_titles_of_office_dates_and_reserved_addresses_are_not_personal_data(text):
    assert kinds(text) == []


def test_a_name_never_swallows_the_next_line():
    assert mask("Voir M. Dupont\nLe service répond.") == "Voir [nom masqué]\nLe service répond."


def test_a_relative_link_to_a_file_named_after_a_person_still_leads_to_it(base, control):
    write(base, "a.md", valid_document() + "\n[annexe](<Mme Durand.pdf>) de Mme Durand.\n")
    write(base, "Mme Durand.pdf", b"%PDF-1.4\n")
    (document,) = control().base.documents
    assert "](<Mme Durand.pdf>)" in document.body and "de [nom masqué]." in document.body


def test_a_text_attachment_holding_personal_data_is_a_finding_and_not_published(base, control):
    write(base, "a.md", valid_document() + "\n[liste](pj.csv)\n")
    write(base, "pj.csv", "nom;courriel\nMme Kowalczyk;zoe.kowalczyk@free.fr\n")
    run = control()
    found = [(f.path, f.line) for f in run.findings if f.code == "DONNEE-PERSONNELLE"]
    assert found == [("pj.csv", 2), ("pj.csv", 2)]
    assert run.private_attachments.keys() == {"pj.csv"}


def test_names_and_addresses_the_audit_found_misread(base):
    assert mask("o'neill@free.fr") == "[courriel masqué]"
    assert mask("Monsieur le Lieutenant-Colonel") == "Monsieur le Lieutenant-Colonel"
