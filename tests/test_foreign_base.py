"""A base kept elsewhere (an Obsidian vault with its own keys, dates and Markdown), dropped into a
project made by `init`: every file accounted for, each habit read as its author meant."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from site_builder import build_env

VAULT = Path(__file__).parent / "bases" / "coffre-obsidian"
SETTINGS = {
    "services: []": "services: [Accueil, Courrier]",
    "exclure: []": 'exclure: ["Archives/"]',
    "cles: {}": "cles: {id: reference, name: titre, created: date_creation, propriétaire: redacteur}",
    "valeurs: {}": "valeurs: {statut: {publié: valide}}",
}


def macros(*arguments, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", *arguments], cwd=cwd, env=build_env(), capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def vault_project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("vault")
    project = folder / "manosque"
    made = macros("init", str(project), "--organisation", "Mairie de Manosque", "--referentiel", "QV", cwd=folder)
    assert made.returncode == 0, made.stderr
    shutil.rmtree(project / "procedures")
    shutil.copytree(VAULT, project / "procedures")
    settings = (project / "qualite.yml").read_text(encoding="utf-8")
    for written, wanted in SETTINGS.items():
        assert written in settings
        settings = settings.replace(written, wanted)
    (project / "qualite.yml").write_text(settings, encoding="utf-8")
    return project


def test_the_vault_is_checked_with_only_the_findings_its_author_must_act_on(vault_project):
    check = macros("check", cwd=vault_project)
    found = re.findall(r"ligne +(\d+) +\w+ +([A-Z-]+)", check.stdout)
    assert sorted(set(code for _, code in found)) == [
        "DATE-FORMAT",  # 2024/02/01, understood and shown how to write
        "DONNEE-PERSONNELLE",  # a name in a %%comment%%: never published, but in the file
        "ENTETE-MANQUANTE",  # the courrier procedure has no header
        "REVUE-DEPASSEE",
        "VALIDATION-INCOMPLETE",
    ], check.stdout
    assert "3 documents contrôlés" in check.stdout  # not .obsidian, .trash, modeles/ nor Archives/
    assert "`reference: PROC-COU-001`, `titre: Traitement du courrier`" in check.stdout  # from its file name


def test_the_vault_builds_with_its_links_lists_callouts_and_images(vault_project):
    built = macros("build", cwd=vault_project)
    assert built.returncode == 0, built.stderr[-3000:]
    site = vault_project / "site"
    accueil = (site / "documents" / "proc-acc-001.html").read_text(encoding="utf-8")
    orientation = (site / "documents" / "proc-acc-002.html").read_text(encoding="utf-8")
    assert accueil.count('href="proc-acc-002.html"') >= 2 and 'href="proc-acc-001.html"' in orientation
    assert 'class="admonition warning"' in accueil and "[!warning]" not in accueil
    assert 'src="../fichiers/Accueil/plan%20accueil.png"' in accueil or "plan accueil.png" in accueil
    assert "<li>allumer la borne de ticket</li>" in accueil and "\\#12" not in accueil and "#12" in accueil
    assert re.search(r"<li>Orienter vers le bon guichet<ul>\s*<li>titres\s: guichet 1</li>", orientation)
    assert "Responsable accueil" in accueil  # `propriétaire` read as the writer, through `cles:`
    published = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert not any(".obsidian" in p or ".trash" in p or "Archives" in p or "modeles" in p for p in published)
    assert not [p for p in site.rglob("*.html") if "relire avec" in p.read_text(encoding="utf-8")]


def _html(text: str) -> str:
    extensions = ["sane_lists", "mdx_breakless_lists", "pymdownx.superfences", "macros.site.list_indent"]
    return markdown.markdown(text, extensions=extensions)


@pytest.mark.parametrize("indent", ["  ", "   ", "    ", "\t"])
def test_sub_lists_nest_at_two_three_four_spaces_or_a_tab(indent):
    html = _html(f"1. Orienter\n{indent}- titres\n{indent}{indent}- cartes grises\n2. Accueillir\n")
    assert re.fullmatch(
        r"<ol>\s*<li>Orienter<ul>\s*<li>titres<ul>\s*<li>cartes grises</li>\s*</ul>\s*</li>\s*</ul>\s*</li>\s*"
        r"<li>Accueillir</li>\s*</ol>",
        html,
    ), html


def test_a_list_of_another_kind_starts_a_new_list_and_code_stays_code():
    html = _html("- a\n- b\n\n1. un\n2. deux\n\n```\n- pas\n  - une liste\n```\n\n- c\n\n      code dans c\n")
    assert re.match(r"<ul>\s*<li>a</li>\s*<li>b</li>\s*</ul>\s*<ol>", html), html
    assert "- pas\n  - une liste" in html and "<pre><code>code dans c" in html


def test_a_sentence_cut_after_a_year_stays_a_sentence_and_code_keeps_its_lines():
    html = _html("Réuni le 15 octobre\n2026. Il a examiné les indicateurs.\n\n```\ntexte\n2026. code\n- x\n```\n")
    assert "<ol" not in html and "octobre\n2026. Il a examiné" in html
    assert "<code>texte\n2026. code\n- x\n</code>" in html  # no blank line added inside code
