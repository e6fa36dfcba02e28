"""`python -m macros init`: an organisation's own project, apart from the tool, that builds at once."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from site_builder import build_env

from macros.settings import commented_settings

ORGANISATION = "Préfecture des Alpes-de-Haute-Provence"
SITES = "Préfecture de Digne-les-Bains;Sous-préfecture de Barcelonnette;Sous-préfecture de Forcalquier"


def macros(*arguments, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", *arguments], cwd=cwd, env=build_env(), capture_output=True, text=True
    )


def test_init_makes_a_project_that_builds_at_once_with_no_finding(tmp_path):
    project = tmp_path / "ahp"
    made = macros("init", str(project), "--organisation", ORGANISATION, "--referentiel", "QEP:M1,M2",
                  "--sites", SITES, cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    settings = yaml.safe_load((project / "qualite.yml").read_text(encoding="utf-8"))
    assert settings["organisation"] == ORGANISATION
    assert settings["perimetre"] == [{"referentiel": "QEP", "modules": ["M1", "M2"]}]
    assert settings["sites"] == SITES.split(";")
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert ORGANISATION in home and "Sous-préfecture de Forcalquier" in home and "Bouches-du-Rhône" not in home
    assert not list((project / "procedures").glob("*.md")) and not list((project / "referentiels").glob("*.yml"))
    check = macros("check", cwd=project)
    assert check.returncode == 0 and "0 avec constats" in check.stdout
    build = macros("build", "--strict", cwd=project)
    assert build.returncode == 0, build.stderr[-2000:]
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Qualité — Préfecture des Alpes-de-Haute-Provence" in page and "Bouches-du-Rhône" not in page
    assert (project / "site" / "referentiels" / "qep.html").exists()  # the tool's referentials, not copied


def test_a_new_document_in_an_initialised_project_uses_the_tools_templates(tmp_path):
    project = tmp_path / "p"
    assert macros("init", str(project), "--organisation", "Mairie de Digne", cwd=tmp_path).returncode == 0
    made = macros("nouveau", "--type", "Procédure", "--service", "ACC", "--titre", "Accueil", cwd=project)
    assert made.returncode == 0, made.stderr
    assert "créé à partir du modèle « procedure » de l'outil" in made.stderr
    post = macros("nouveau", "--type", "flash-info", "--titre", "Résultats de l'enquête 2026", cwd=project)
    assert post.returncode == 0, post.stderr
    assert "slug: resultats-de-l-enquete-2026" in (project / post.stdout.strip()).read_text(encoding="utf-8")
    assert macros("check", cwd=project).returncode == 0
    assert macros("build", cwd=project).returncode == 0
    assert (project / "site" / "flash-infos" / "resultats-de-l-enquete-2026.html").exists()


def test_init_refuses_a_folder_in_use_and_an_unknown_referential(tmp_path):
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "x.txt").write_text("x", encoding="utf-8")
    refused = macros("init", str(tmp_path / "plein"), "--organisation", "X", cwd=tmp_path)
    assert refused.returncode == 2 and "n'est pas vide" in refused.stderr
    unknown = macros("init", str(tmp_path / "neuf"), "--organisation", "X", "--referentiel", "ISO", cwd=tmp_path)
    assert unknown.returncode == 2 and "référentiel inconnu : ISO" in unknown.stderr


@pytest.mark.parametrize(
    "values",
    [
        {"perimetre": [{"referentiel": "QV"}]},  # one referential with no module: once written on the key's line
        {"perimetre": [{"referentiel": "QEP", "modules": ["M1"]}, {"referentiel": "ASPL"}]},
        {"sites": ["Mairie"]},
        {"sites": []},
        {"cles": {"id": "reference"}},
        {"organisation": "Préfecture : « Alpes » # 04"},
    ],
)
def test_the_commented_settings_read_back_as_written(values):
    written = yaml.safe_load(commented_settings({"organisation": "Org", **values}))
    for key, value in values.items():
        assert written[key] == value


def test_names_given_to_init_are_text_in_every_page_never_markup_nor_template(tmp_path):
    project = tmp_path / "piege"
    made = macros("init", str(project), "--organisation", "Préfecture de l'Ain {{ 7*7 }} <script>qdxss(1)</script>",
                  "--sites", "Bourg {% raw %};Sous-préfecture \"<b>Gex</b>\"", cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    build = macros("build", cwd=project)
    assert build.returncode == 0, build.stderr[-2000:]
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>qdxss" not in page and "<b>Gex</b>" not in page and ">49<" not in page and " 49 " not in page
    assert "{{ 7*7 }}" in page or "&#123;&#123; 7*7 &#125;&#125;" in page  # the name is shown as typed
    assert "<title>Accueil - Qualité — Préfecture de l'Ain" in page  # the apostrophe stays an apostrophe
