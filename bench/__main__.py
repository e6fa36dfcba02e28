"""`make bench`: our build and check times at scale against their floors, medians of several runs.

    python -m bench [--tailles 500,2000] [--runs 3] [--check 10000] [--build-10000] [--serve]

Every figure is a whole process timed from start to end; floors run as their own process too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.generate import generate_base

REPO = Path(__file__).resolve().parent.parent
OUT = [REPO / "bench" / "out"]  # a list so that --dossier can change it
PROJECT_FILES = ("mkdocs.yml", "docs", "referentiels", "qualite.yml")
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QUALITE_DATE": "2026-11-22", "PYTHONPATH": str(REPO)}


def project(count: int) -> Path:
    """A project folder holding our site files and a generated base of `count` documents (reused)."""
    folder = OUT[0] / f"base-{count}"
    marker = folder / ".generated"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_base(folder / "procedures", count)
        marker.touch()
    for name in PROJECT_FILES:
        source, target = REPO / name, folder / name
        if target.is_dir():
            shutil.rmtree(target)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return folder


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_pair(ours: list[str], floor: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Interleaved runs so that both commands meet the same machine load."""
    ours_times, floor_times = [], []
    for _ in range(runs):
        ours_times.append(timed(ours, cwd))
        floor_times.append(timed(floor, cwd))
    return statistics.median(ours_times), statistics.median(floor_times)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_figures(count: int, runs: int) -> dict:
    folder = project(count)
    build = [str(BIN / "mkdocs"), "build", "-q", "-d", "site"]
    floor = [sys.executable, "-m", "bench.floor", "markdown", "procedures"]
    ours, floor_time = median_pair(build, floor, folder, runs)
    site = folder / "site"
    return {
        "n": count,
        "build": ours,
        "floor": floor_time,
        "ratio": ours / floor_time,
        "per_doc_ms": ours / count * 1000,
        "kb_per_page": folder_size(site) / count / 1024,
        "kb_per_document_file": folder_size(site / "documents") / count / 1024,
    }


def check_figures(count: int, runs: int) -> dict:
    folder = project(count)
    check = [sys.executable, "-m", "macros", "check", "--base", "procedures", "--date", "2026-11-22"]
    floor = [sys.executable, "-m", "bench.floor", "frontmatter", "procedures"]
    ours, floor_time = median_pair(check, floor, folder, runs)
    return {"n": count, "check": ours, "floor": floor_time, "ratio": ours / floor_time}


def serve_figures(count: int, runs: int) -> dict:
    """Time from saving one document to the served page showing the change, under `make serve`."""
    folder = project(count)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(folder / "serve.log", "w")
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=folder,
        env=ENV,
        stdout=log,
        stderr=log,
    )
    try:
        first = time.perf_counter()
        document = sorted((folder / "procedures").rglob("*.md"))[count // 2]
        reference = next(
            line.split(": ", 1)[1]
            for line in document.read_text(encoding="utf-8").splitlines()
            if line.startswith("reference: ")
        )
        url = f"http://127.0.0.1:{port}/documents/{reference.lower()}.html"
        _wait_for(url, "<html", timeout=600)
        initial = time.perf_counter() - first
        original = document.read_text(encoding="utf-8")
        delays = []
        for run in range(runs):
            marker = f"Modification de banc d'essai {run}"
            document.write_text(original + f"\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            _wait_for(url, marker, timeout=600)
            delays.append(time.perf_counter() - start)
        document.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {"n": count, "initial": initial, "reload": statistics.median(delays)}


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} n'a pas montré « {text} » en {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--tailles", default="500,2000", help="tailles de base pour la construction du site")
    parser.add_argument("--runs", type=int, default=3, help="exécutions par mesure (médiane)")
    parser.add_argument("--check", type=int, default=10000, help="taille de base pour le contrôle (0 : aucun)")
    parser.add_argument("--build-10000", action="store_true", help="mesure aussi la construction à 10 000")
    parser.add_argument("--serve", type=int, default=2000, help="taille de base pour `make serve` (0 : aucun)")
    parser.add_argument("--dossier", type=Path, default=OUT[0], help="où générer les bases (bench/out)")
    args = parser.parse_args()
    OUT[0] = args.dossier
    sizes = [int(n) for n in args.tailles.split(",") if n] + ([10000] if args.build_10000 else [])
    print(f"{'N':>6} {'build (s)':>10} {'floor (s)':>10} {'ratio':>6} {'ms/doc':>7} {'KB/page':>8}", flush=True)
    builds = []
    for count in sizes:
        runs = args.runs if count <= 2000 else max(1, args.runs - 1)
        figures = build_figures(count, runs)
        builds.append(figures)
        print(
            f"{count:>6} {figures['build']:>10.2f} {figures['floor']:>10.2f} {figures['ratio']:>6.2f} "
            f"{figures['per_doc_ms']:>7.2f} {figures['kb_per_page']:>8.1f}",
            flush=True,
        )
    by_n = {f["n"]: f for f in builds}
    if 2000 in by_n and 10000 in by_n:
        growth = by_n[10000]["per_doc_ms"] / by_n[2000]["per_doc_ms"]
        print(f"build time per document, 10,000 vs 2,000: {growth:.2f}x (target <= 1.15)")
    if args.check:
        figures = check_figures(args.check, max(args.runs, 3))
        print(
            f"check of {args.check}: {figures['check']:.2f} s, floor {figures['floor']:.2f} s, "
            f"ratio {figures['ratio']:.2f} (target <= 1.5)",
            flush=True,
        )
    if args.serve:
        figures = serve_figures(args.serve, args.runs)
        print(
            f"serve --dirty at {args.serve}: first build {figures['initial']:.1f} s, "
            f"edit to reloaded page {figures['reload']:.2f} s (median)",
            flush=True,
        )


if __name__ == "__main__":
    main()
