"""`make serve` (mkdocs serve --dirty): an edited document's page shows the edit, the other pages stay served."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

from site_builder import build_env, make_project
from test_site_build import document
from watchdog.events import FileModifiedEvent

from macros.site.serve_watch import _Changes, _RebuildOnChange


def _wait_for(url: str, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
                if text in page:
                    return page
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} n'a pas montré « {text} » en {timeout} s")


def test_serve_dirty_shows_an_edit_and_keeps_the_other_pages(tmp_path: Path):
    project = make_project(
        tmp_path,
        {
            "a.md": document("PROC-BAAS-001", body="# Accueil\n\nPremière version.\n"),
            "b.md": document("PROC-BAAS-002", body="# Orientation\n\nTexte stable.\n"),
        },
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "macros", "serve", "--port", str(port)],  # `make serve` without make: --dirty
        cwd=project,
        env=build_env(),
        stdout=log,
        stderr=log,
    )
    try:
        base_url = f"http://127.0.0.1:{port}/documents"
        _wait_for(f"{base_url}/proc-baas-001.html", "Première version.")
        _wait_for(f"{base_url}/proc-baas-002.html", "Texte stable.")
        edited = project / "procedures" / "a.md"
        edited.write_text(document("PROC-BAAS-001", body="# Accueil\n\nSeconde version.\n"), encoding="utf-8")
        page = _wait_for(f"{base_url}/proc-baas-001.html", "Seconde version.")
        assert "Première version." not in page
        # the browser's search index follows, written beside the reload
        assert '"seconde"' in _wait_for(f"http://127.0.0.1:{port}/search/qd/t/se.js", '"seconde"', timeout=30)
        assert "Texte stable." in _wait_for(f"{base_url}/proc-baas-002.html", "Texte stable.")
        # A page made from the records (the referential's, listing the proofs) follows a new title;
        # the made pages whose text did not change are not written again.
        referential = f"http://127.0.0.1:{port}/referentiels/qep.html"
        _wait_for(referential, "Accueil des usagers au BAAS")
        other = project / "procedures" / "b.md"
        other.write_text(
            document("PROC-BAAS-002", body="# Orientation\n\nTexte stable.\n", titre="Orientation"), "utf-8"
        )
        _wait_for(referential, "Orientation <small>")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_one_save_makes_one_rebuild_and_polling_catches_what_notifications_miss(tmp_path: Path):
    """The notifications and the fallback polling see the same save: only the first asks for a
    rebuild; a file only polling saw (a share edited from elsewhere) still asks for one."""
    server = SimpleNamespace(_rebuild_cond=threading.Condition(), _want_rebuild=False)
    changes = _Changes()
    notified = _RebuildOnChange(server, changes)
    polled = _RebuildOnChange(server, changes, polling=True)
    saved = str(tmp_path / "a.md")
    notified.on_any_event(FileModifiedEvent(saved))
    assert server._want_rebuild
    server._want_rebuild = False
    polled.on_any_event(FileModifiedEvent(saved))
    assert not server._want_rebuild  # the same save, already rebuilt
    polled.on_any_event(FileModifiedEvent(str(tmp_path / "b.md")))
    assert server._want_rebuild  # seen by polling only


def test_pages_made_from_the_records_are_made_again_only_when_the_records_change(tmp_path: Path):
    """`serve`: a text edit leaves the records as they were (no page made from them shows a body),
    a header edit or a new finding does not."""
    from conftest import REPO, TODAY, valid_document, write

    from macros.control import run_control
    from macros.site.plugin import QualityPlugin
    from macros.site.site_data import build_site_data

    base = tmp_path / "procedures"
    path = write(base, "a.md", valid_document() + "\nPremier texte.\n")
    write(base, "b.md", valid_document("PROC-BAAS-002"))
    audit = write(base, "audit.md", valid_document("AUDIT-QUAL-001", type="rapport-audit") + "\nConstats.\n")
    plugin, config = QualityPlugin(), SimpleNamespace(site_name="Qualité")

    def digest_now() -> str:
        plugin.data = build_site_data(run_control(base, REPO / "referentiels", None, TODAY))
        return plugin._records_digest(config)

    first = digest_now()
    assert digest_now() == first
    path.write_text(valid_document() + "\nSecond texte, plus long.\n", encoding="utf-8")
    assert digest_now() == first
    audit.write_text(valid_document("AUDIT-QUAL-001", type="rapport-audit") + "\nAutres constats.\n", "utf-8")
    assert digest_now() == first  # an audit report is in the steering records, its text is not
    path.write_text(valid_document(titre="Un autre titre") + "\nSecond texte, plus long.\n", encoding="utf-8")
    retitled = digest_now()
    assert retitled != first
    path.write_text(valid_document(titre="Un autre titre") + "\nVoir [la note](note.md).\n", encoding="utf-8")
    assert digest_now() != retitled  # a broken link is a finding, and a link the records show
