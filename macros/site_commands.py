"""`python -m macros build | serve | dossier`: the site's commands without `make`, on Linux and Windows alike.

They run MkDocs in the project folder (the one holding `mkdocs.yml`) with the interpreter in use, so
a virtual environment made without administrator rights on a prefecture's workstation is enough.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"
EDITION = "QUALITE_EDITION"  # read by the plugin (macros.site.public_edition)
PUBLIC_SITE_DIR = "site-public"
# MkDocs speaks English: its lines are said in French, or left out when they say nothing to the
# quality manager (mkdocs-macros announcing itself, the watcher starting).
_SAID = [
    (re.compile(r"^(?:INFO|DEBUG)\s+-\s+\[macros\]"), None),
    (
        re.compile(
            r"^INFO\s+-\s+(?:Cleaning site directory|Start watching changes|Start detecting changes|"
            r"Reloading browsers|Reloading page|\[\d\d:\d\d:\d\d\] Reloading)"
        ),
        None,
    ),
    (
        re.compile(r"^INFO\s+-\s+Building documentation to directory: (.*)$"),
        r"INFO     -  construction du site dans \1",
    ),
    (re.compile(r"^INFO\s+-\s+Building documentation\.\.\.$"), "INFO     -  construction du site…"),
    (re.compile(r"^INFO\s+-\s+Documentation built in ([\d.]+) seconds$"), r"INFO     -  site construit en \1 s"),
    (re.compile(r"^INFO\s+-\s+\[[\d:]+\] Serving on (\S+)$"), r"INFO     -  aperçu sur \1 (Ctrl+C pour arrêter)"),
    (re.compile(r"^INFO\s+-\s+\[[\d:]+\] Detected file changes$"), "INFO     -  modification détectée"),
    (re.compile(r"^INFO\s+-\s+(?:\[[\d:]+\] )?Watching paths for changes: (.*)$"), r"INFO     -  surveillance de : \1"),
    (
        re.compile(r"^WARNING\s+-\s+A 'dirty' build is being performed.*$"),
        "INFO     -  aperçu rapide : seules les pages modifiées sont reconstruites (COMPLET=1 ou --complet : tout)",
    ),
    (
        re.compile(r"^Aborted with (\d+) warnings? in strict mode!$"),
        r"construction refusée (--strict) : \1 avertissement(s) ci-dessus, dont les constats de gravité erreur",
    ),
    (re.compile(r"^WARNING\s+-"), "ATTENTION -"),
    (re.compile(r"^ERROR\s+-"), "ERREUR   -"),
]


def said(line: str) -> str | None:
    """A line of MkDocs' output as the tool says it, or None when it is left out."""
    for pattern, replacement in _SAID:
        if pattern.search(line):
            return None if replacement is None else pattern.sub(replacement, line, count=1)
    return line


def _mkdocs(arguments: list[str], edition: str = "agents") -> int:
    if not Path(CONFIG_FILE).exists():
        print(
            f"erreur : pas de {CONFIG_FILE} dans {Path.cwd()} : lancez la commande depuis le dossier du projet",
            file=sys.stderr,
        )
        return 2
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", EDITION: edition}
    child = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())  # never leave a server behind
    try:
        for line in child.stdout:
            shown = said(line.rstrip("\n"))
            if shown:
                print(shown, file=sys.stderr, flush=True)
        return child.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches MkDocs too: let it stop, say so, no traceback
        child.terminate()
        child.wait()
        print("arrêté.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_command(strict: bool, site_dir: Path | None, edition: str = "agents", whole: bool = False) -> int:
    """The site in `site/` (or `site_dir`); `strict`: fail when the base holds an error-level finding.
    The public edition goes to `site-public/` unless told: it must never overwrite the intranet.
    Unless `whole`, the pages the last build wrote and whose inputs did not change are kept (MkDocs'
    `--dirty`, decided page by page by the plugin: see `macros.site.build_cache`)."""
    if site_dir is None and edition == "publique":
        site_dir = Path(PUBLIC_SITE_DIR)
    arguments = [
        "build",
        *([] if whole else ["--dirty"]),
        *(["--strict"] if strict else []),
        *(["-d", str(site_dir)] if site_dir else []),
    ]
    return _mkdocs(arguments, edition)


def serve_command(port: int, address: str, whole: bool) -> int:
    """A preview on http://address:port; an edited document's page is rebuilt alone unless `whole`."""
    return _mkdocs(["serve", "-a", f"{address}:{port}", *([] if whole else ["--dirty"])])


def dossier_command(site_dir: Path) -> int:
    """The site, then each auditor's file as PDF with headless Chromium (site/dossier/<code>.pdf)."""
    code = build_command(False, site_dir)
    if code:
        return code
    return subprocess.run([sys.executable, "-m", "macros.pdf_export", str(site_dir)], check=False).returncode
