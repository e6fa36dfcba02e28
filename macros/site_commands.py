"""`python -m macros build | serve | dossier`: the site's commands without `make`, on Linux and Windows alike.

They run MkDocs in the project folder (the one holding `mkdocs.yml`) with the interpreter in use, so
a virtual environment made without administrator rights on a prefecture's workstation is enough.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"


def _mkdocs(arguments: list[str]) -> int:
    if not Path(CONFIG_FILE).exists():
        print(
            f"erreur : pas de {CONFIG_FILE} dans {Path.cwd()} : lancez la commande depuis le dossier du projet",
            file=sys.stderr,
        )
        return 2
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *arguments], env=environment, check=False).returncode


def build_command(strict: bool, site_dir: Path | None) -> int:
    """The site in `site/` (or `site_dir`); `strict`: fail when the base holds an error-level finding."""
    return _mkdocs(["build", *(["--strict"] if strict else []), *(["-d", str(site_dir)] if site_dir else [])])


def serve_command(port: int, address: str, whole: bool) -> int:
    """A preview on http://address:port; an edited document's page is rebuilt alone unless `whole`."""
    return _mkdocs(["serve", "-a", f"{address}:{port}", *([] if whole else ["--dirty"])])


def dossier_command(site_dir: Path) -> int:
    """The site, then each auditor's file as PDF with headless Chromium (site/dossier/<code>.pdf)."""
    code = build_command(False, site_dir)
    if code:
        return code
    return subprocess.run([sys.executable, "-m", "macros.pdf_export", str(site_dir)], check=False).returncode
