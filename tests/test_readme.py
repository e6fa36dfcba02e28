from conftest import REPO

from macros.rule_codes import RULE_CODES, constants_module, markdown_table


def test_readme_table_of_codes_is_the_generated_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme
    assert all(f"`{rule.code}`" in readme for rule in RULE_CODES)


def test_code_constants_are_the_generated_ones():
    assert (REPO / "macros" / "codes.py").read_text(encoding="utf-8") == constants_module()


def test_an_unknown_code_cannot_make_a_finding():
    import pytest

    from macros.findings import finding

    with pytest.raises(KeyError):
        finding("REF-MANQANTE", "a.md", "faute de frappe")


def test_readme_gives_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme


def test_readme_table_of_settings_is_the_generated_one():
    from macros.settings import markdown_table as settings_table

    assert settings_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_a_configuration_field_with_the_listed_default():
    import dataclasses

    from macros.config import Configuration
    from macros.settings import SETTINGS, default

    fields = {f.name: f for f in dataclasses.fields(Configuration)}
    assert sorted(fields) == sorted(s.key for s in SETTINGS)
    blank = Configuration()
    assert all(getattr(blank, s.key) == default(s.key) for s in SETTINGS)


def test_the_example_qualite_yml_is_the_commented_list_with_its_values():
    import yaml

    from macros.settings import commented_settings

    text = (REPO / "qualite.yml").read_text(encoding="utf-8")
    assert commented_settings(yaml.safe_load(text)) == text


def test_a_wrong_setting_names_the_file_and_the_key(tmp_path):
    import pytest

    from macros.config import ConfigurationError, load_configuration

    path = tmp_path / "qualite.yml"
    path.write_text("valideur_distinct: peut-être\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="valideur_distinct"):
        load_configuration(path)
