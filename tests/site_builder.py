"""Build the MkDocs site of a small project made on the fly, the way `make build` does."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
REFERENCE_DATE = "2026-11-22"
PROJECT_FOLDERS = ("docs", "referentiels")
PROJECT_FILES = ("mkdocs.yml", "qualite.yml")


def build_env() -> dict[str, str]:
    """The environment of every build: fixed reference date, no MkDocs 2 banner."""
    return {**os.environ, "QUALITE_DATE": REFERENCE_DATE, "NO_MKDOCS_2_WARNING": "1"}


def build_site(project_dir: Path, *, strict: bool = False) -> subprocess.CompletedProcess:
    """Run `mkdocs build` in `project_dir`; the site lands in `project_dir / "site"`."""
    command = [str(MKDOCS), "build"] + (["--strict"] if strict else [])
    return subprocess.run(
        command, cwd=project_dir, env=build_env(), capture_output=True, text=True, timeout=300, check=False
    )


def copy_project(target: Path, *, with_procedures: bool = False) -> Path:
    """Copy the repo's site configuration (and optionally its example base) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, target / name)
    folders = PROJECT_FOLDERS + (("procedures",) if with_procedures else ())
    for name in folders:
        shutil.copytree(REPO / name, target / name)
    return target


def make_project(tmp_path: Path, documents: dict[str, str | bytes]) -> Path:
    """A tiny project in `tmp_path`: the repo's configuration and `documents` as its base (path → content)."""
    project = copy_project(tmp_path)
    base = project / "procedures"
    base.mkdir()
    for relative, content in documents.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


def register_items(page_html: str, table_id: str = "registre") -> list[dict]:
    """The register's rows as the page holds them: the JSON data that registre.js writes as rows."""
    data = re.search(rf'<script type="application/json" id="{table_id}-lignes">(.*?)</script>', page_html, re.S)
    assert data, f"no data for #{table_id}"
    return json.loads(data.group(1))
