"""The benchmark runs end to end at a tiny size (its figures are printed by `make bench`, not asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def test_bench_prints_build_check_and_serve_figures(tmp_path):
    command = [
        sys.executable,
        "-m",
        "bench",
        "--tailles",
        "30",
        "--runs",
        "1",
        "--check",
        "40",
        "--serve",
        "30",
        "--dossier",
        str(tmp_path),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    row = re.search(r"^\s+30\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.stdout, re.M)
    assert row, result.stdout
    assert float(row.group(1)) > 0 and float(row.group(5)) > 0
    assert re.search(r"check of 40: [\d.]+ s, floor [\d.]+ s, ratio [\d.]+", result.stdout)
    assert re.search(r"serve --dirty at 30: first build [\d.]+ s, edit to reloaded page [\d.]+ s", result.stdout)
    assert len(list((tmp_path / "base-30" / "procedures").rglob("*.md"))) == 30
