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
