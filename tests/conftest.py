"""Shared helpers: small real bases written to a temporary folder, the repo's own referentials."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from macros.config import Configuration
from macros.control import run_control

# The browser fixtures (site built per module, served and opened from disk, Chromium) for every module.
pytest_plugins = ["browser_fixtures"]

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)


def write(base: Path, relative: str, content: str | bytes) -> Path:
    path = base / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return path


def valid_document(reference: str = "PROC-BAAS-001", **overrides: str) -> str:
    """A document that passes every check on TODAY; `overrides` replace or (value None) drop keys."""
    fields = {
        "reference": reference,
        "titre": "Accueil des usagers au BAAS",
        "type": "procedure",
        "date_creation": "2025-03-01",
        "version": "1.0",
        "service": "BAAS",
        "statut": "valide",
        "engagements": "[QEP-2, QEP-5]",
    }
    fields.update(overrides)
    fields.setdefault("valideur", "Chef du BAAS")  # last, so that the lines of the other keys stay put
    fields.setdefault("date_validation", "2025-03-15")
    header = "\n".join(f"{k}: {v}" for k, v in fields.items() if v is not None)
    return f"---\n{header}\n---\n\n# Accueil\n\nTexte de la procédure.\n"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "procedures"
    folder.mkdir()
    return folder


@pytest.fixture
def control(base: Path):
    """Run the control on the temporary base with the repo's referentials and default settings."""

    def run(config: Path | None = None, today: dt.date = TODAY):
        return run_control(base, REPO / "referentiels", config, today)

    return run


def codes(run, path: str | None = None) -> list[str]:
    return [f.code for f in run.findings if path is None or f.path == path]


@pytest.fixture
def default_config() -> Configuration:
    return Configuration()
