from conftest import REPO

from macros.rule_codes import RULE_CODES, markdown_table


def test_readme_table_of_codes_is_the_generated_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme
    assert all(f"`{rule.code}`" in readme for rule in RULE_CODES)


def test_readme_gives_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
