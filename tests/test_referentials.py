"""The shipped referentials and the scope (périmètre) declared in qualite.yml."""

from __future__ import annotations

import pytest
from conftest import REPO, write

from macros.config import ConfigurationError, ScopeEntry, load_configuration
from macros.referentials import in_scope, load_referentials


@pytest.fixture(scope="module")
def shipped():
    return {r.code: r for r in load_referentials(REPO / "referentiels")}


def test_qual_e_pref_has_engagements_1_to_24_and_module_4_without_invented_titles(shipped):
    qep = shipped["QEP"]
    assert [e.numero for e in qep.engagements] == list(range(1, 25))
    modules = {m.code: m for m in qep.modules}
    assert [e.numero for e in modules["M1"].engagements] == list(range(1, 21))
    assert [e.numero for e in modules["M2"].engagements] == [21, 22, 23, 24]
    assert modules["M4"].engagements == ()
    assert qep.engagements[16].titre.startswith("Nous vous répondons dans un délai annoncé")


def test_other_referentials_are_shipped(shipped):
    assert len(shipped["SPP"].engagements) == 8
    assert len(shipped["QV"].engagements) == 5
    assert len(shipped["ASPL"].engagements) == 4


def test_scope_keeps_only_the_declared_modules(shipped):
    (qep,) = in_scope(tuple(shipped.values()), (ScopeEntry("QEP", ("M1", "M4")),))
    assert [m.code for m in qep.modules] == ["M1", "M4"]


def test_scope_naming_an_unknown_module_is_a_configuration_error(shipped):
    with pytest.raises(ConfigurationError, match="M9"):
        in_scope(tuple(shipped.values()), (ScopeEntry("QEP", ("M9",)),))


def test_repo_configuration_declares_its_scope():
    config = load_configuration(REPO / "qualite.yml")
    assert config.perimetre == (ScopeEntry("QEP", ("M1", "M4")),)
    assert len(config.types) == 12


def test_referential_without_code_is_a_configuration_error_naming_the_file(tmp_path):
    write(tmp_path, "ref/x.yml", "nom: Sans code\n")
    with pytest.raises(ConfigurationError, match="x.yml"):
        load_referentials(tmp_path / "ref")


def test_the_sites_of_a_referential_are_declared_sites_and_follow_it_into_the_scope(shipped, tmp_path):
    settings = "sites: [Digne-les-Bains, Forcalquier]\nperimetre:\n  - referentiel: QEP\n    sites: [digne-les-bains]\n"
    config = load_configuration(write(tmp_path, "qualite.yml", settings))
    (qep,) = in_scope(tuple(shipped.values()), config.perimetre)
    assert qep.sites == ("digne-les-bains",)
    wrong = write(tmp_path, "faux.yml", settings.replace("[digne-les-bains]", "[Forcalquié]"))
    with pytest.raises(ConfigurationError, match="« Forcalquié ».*le plus proche : « Forcalquier »"):
        load_configuration(wrong)


def test_a_broken_settings_file_is_said_in_french_with_its_line(tmp_path):
    broken = write(tmp_path, "qualite.yml", "organisation: Mairie\ntitre: Accueil : horaires\n")
    with pytest.raises(ConfigurationError, match=r"ligne 2 .*mettez-la entre guillemets"):
        load_configuration(broken)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("organisaton: Mairie\n", r"ligne 1 : réglage `organisaton` inconnu \(vouliez-vous dire `organisation` \?\)"),
        ("cles: {created: date_creaton}\n", r"`date_creaton` n'est pas une clé .* vouliez-vous dire `date_creation`"),
        (
            "valeurs: {statut: {publié: valid}}\n",
            r"`valid` n'est pas une valeur .* `valide` \? \(possibles : brouillon",
        ),
    ],
)
def test_a_misspelt_setting_or_target_stops_the_check_and_is_named(tmp_path, written, said):
    with pytest.raises(ConfigurationError, match=said):
        load_configuration(write(tmp_path, "qualite.yml", written))


def test_settings_written_with_accents_or_capitals_are_read(tmp_path):
    config = load_configuration(write(tmp_path, "qualite.yml", "Organisation: Mairie\nclés: {id: reference}\n"))
    assert config.organisation == "Mairie" and config.cles == {"id": "reference"}
