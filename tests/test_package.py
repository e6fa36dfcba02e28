"""The tool as a wheel: installed without its clone, it makes and builds a project from its package alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from site_builder import REPO, build_env

ORGANISATION = "Mairie de Sisteron"
SOURCES = ("pyproject.toml", "macros", "referentiels", "modeles")


def _wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources, so that nothing is written into the clone."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, source / name)
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), "."],
        cwd=source, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("*.whl")
    return wheel


def _installed_env(installed: Path) -> dict[str, str]:
    """The unpacked wheel first, then the dependencies, but not the clone's editable install (its .pth
    files are read only from a site directory, and the base interpreter has none of ours)."""
    dependencies = sysconfig.get_paths()["purelib"]
    return {**build_env(), "PYTHONPATH": os.pathsep.join([str(installed), dependencies]), "PYTHONNOUSERSITE": "1"}


def _run(arguments, cwd, env) -> subprocess.CompletedProcess:
    interpreter = getattr(sys, "_base_executable", sys.executable)
    return subprocess.run([interpreter, *arguments], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_wheel_carries_its_theme_referentials_templates_and_pages(tmp_path):
    wheel = zipfile.ZipFile(_wheel(tmp_path))
    names = set(wheel.namelist())
    shipped = {
        "macros/site/plugin.py",
        "macros/ressources/mkdocs.yml",
        "macros/ressources/overrides/main.html",
        "macros/ressources/overrides/partials/search.html",
        "macros/ressources/overrides/assets/javascripts/registre.js",
        "macros/ressources/overrides/assets/stylesheets/qualite.css",
        "macros/ressources/pages/registre.md",
        "macros/ressources/pages/referentiels/index.md",
        "macros/ressources/referentiels/qual-e-pref.yml",
        "macros/ressources/modeles/procedure.md",
    }
    assert shipped <= names, sorted(shipped - names)
    assert not any(name.startswith(("procedures/", "docs/", "tests/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qualite = macros.site.plugin:QualityPlugin" in wheel.read(entry_points).decode("utf-8")


def test_an_installed_tool_makes_and_builds_a_project_without_its_clone(tmp_path):
    installed = tmp_path / "installed"
    zipfile.ZipFile(_wheel(tmp_path)).extractall(installed)
    env = _installed_env(installed)
    where = _run(["-c", "import macros.site.plugin as p; print(p.__file__)"], tmp_path, env)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    project = tmp_path / "sisteron"
    made = _run(["-m", "macros", "init", str(project), "--organisation", ORGANISATION, "--referentiel", "QV"],
                tmp_path, env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    # Only the organisation's files: theme, scripts, styles and standard pages stay in the tool.
    assert not (project / "overrides").exists() and not (project / "docs" / "assets").exists()
    assert not (project / "docs" / "registre.md").exists()
    built = _run(["-m", "macros", "build", "--strict"], project, env)
    assert built.returncode == 0, built.stderr[-3000:]
    site = project / "site"
    shipped_script = installed / "macros/ressources/overrides/assets/javascripts/registre.js"
    assert (site / "assets/javascripts/registre.js").read_bytes() == shipped_script.read_bytes()
    register = (site / "registre.html").read_text(encoding="utf-8")
    assert "Registre des documents" in register and "assets/stylesheets/qualite.css" in register
    assert (site / "referentiels" / "qv.html").exists()
    # A page of the project's own docs/ takes the place of the tool's.
    (project / "docs" / "registre.md").write_text("# Notre registre\n\nTenu à la main.\n", encoding="utf-8")
    rebuilt = _run(["-m", "macros", "build"], project, env)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert "Tenu à la main." in (site / "registre.html").read_text(encoding="utf-8")


def test_the_example_project_uses_the_mkdocs_yml_that_init_writes():
    """The clone's mkdocs.yml is a project like any other: the shipped template with its own name."""
    example = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    template = (REPO / "macros/ressources/mkdocs.yml").read_text(encoding="utf-8").split("\n")
    assert example[2:] == template[2:]
