"""`make bench`: the goals of issue 15 measured, medians of several runs, printed as a table.

    python -m bench [--tailles 2000] [--formes projet,long] [--build-10000] [--check 10000,50000]
                    [--seconde 2000] [--serve 2000] [--navigateur 2000,10000] [--code DIR]

Two base shapes: `projet` (bench/generate.py, bodies of 2 to 3 KB) and `long` (5 to 10 KB, tables,
long lists, deep folders). Every figure is a whole process timed from start to end, its peak memory
that of its largest process; floors run as their own process too, interleaved with ours. `--code`
measures another checkout of the tool (the figures before a change) on the same bases.
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
CODE = [REPO]  # and --code this one
PROJECT_FILES = ("mkdocs.yml", "docs", "referentiels", "qualite.yml")
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QUALITE_DATE": "2026-11-22", "PYTHONPATH": str(REPO)}


def project(count: int, shape: str = "projet") -> Path:
    """A project folder holding our site files and a generated base of `count` documents (reused)."""
    folder = OUT[0] / (f"base-{count}" if shape == "projet" else f"base-{shape}-{count}")
    marker = folder / ".generated"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_base(folder / "procedures", count, shape=shape)
        marker.touch()
    for name in PROJECT_FILES:  # the site files of the code measured: its mkdocs.yml and docs/ go with it
        source, target = CODE[0] / name, folder / name
        if target.is_dir():
            shutil.rmtree(target)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return folder


PEAK_MB: list[float] = []  # the largest resident size of the last `timed` command, its workers included


def timed(command: list[str], cwd: Path) -> float:
    """Wall time of a command; its peak memory (largest process, in MB) goes to PEAK_MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    PEAK_MB[:] = [usage.ru_maxrss / 1024]
    return elapsed


def median_pair(ours: list[str], floor: list[str], cwd: Path, runs: int, cold: bool = True) -> tuple[float, float]:
    """Interleaved runs so that both commands meet the same machine load. `cold`: each of ours
    starts without the caches kept in `.cache/` (the parsed documents, the compiled templates), as
    the very first command of a project; otherwise after a run that made them."""
    ours_times, floor_times = [], []
    peaks = []
    if not cold:
        timed(ours, cwd)
    for _ in range(runs):
        if cold:
            shutil.rmtree(cwd / ".cache", ignore_errors=True)
        ours_times.append(timed(ours, cwd))
        peaks.append(PEAK_MB[0])
        floor_times.append(timed(floor, cwd))
    PEAK_MB[:] = [max(peaks)]
    return statistics.median(ours_times), statistics.median(floor_times)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


BUILD = [str(BIN / "mkdocs"), "build", "-q", "-d", "site"]
USER_BUILD = [sys.executable, "-m", "macros", "build"]  # `make build`: with the build cache


def build_figures(count: int, runs: int, shape: str = "projet") -> dict:
    folder = project(count, shape)
    floor = [sys.executable, "-m", "bench.floor", "markdown", "procedures"]
    ours, floor_time = median_pair(BUILD, floor, folder, runs)
    site = folder / "site"
    documents = sorted((site / "documents").glob("*.html"))
    return {
        "n": count,
        "shape": shape,
        "build": ours,
        "floor": floor_time,
        "ratio": ours / floor_time,
        "per_doc_ms": ours / count * 1000,
        "peak_mb": PEAK_MB[0],
        "kb_per_page": folder_size(site) / count / 1024,
        "kb_document_page": max(p.stat().st_size for p in documents) / 1024,
    }


def check_figures(count: int, runs: int) -> dict:
    folder = project(count)
    check = [sys.executable, "-m", "macros", "check", "--base", "procedures", "--date", "2026-11-22"]
    floor = [sys.executable, "-m", "bench.floor", "frontmatter", "procedures"]
    ours, floor_time = median_pair(check, floor, folder, runs)
    again, again_floor = median_pair(check, floor, folder, runs, cold=False)
    return {
        "n": count,
        "check": ours,
        "floor": floor_time,
        "ratio": ours / floor_time,
        "again": again,
        "again_floor": again_floor,
        "again_ratio": again / again_floor,
    }


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


def second_build_figures(count: int, runs: int) -> dict:
    """`make build`, one document edited, `make build` again: the second's time against the first's
    (which starts without site/ nor the build cache)."""
    folder = project(count)
    document = sorted((folder / "procedures").rglob("*.md"))[count // 3]
    original = document.read_text(encoding="utf-8")
    firsts, seconds = [], []
    try:
        for run in range(runs):
            shutil.rmtree(folder / "site", ignore_errors=True)
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            firsts.append(timed(USER_BUILD, folder))
            document.write_text(original + f"\nModification de banc d'essai {run}\n", encoding="utf-8")
            seconds.append(timed(USER_BUILD, folder))
    finally:
        document.write_text(original, encoding="utf-8")
    first, second = statistics.median(firsts), statistics.median(seconds)
    return {"n": count, "first": first, "second": second, "ratio": second / first}


def _goal(rows: list, label: str, target: str, value: float | None, limit: float, shown: str) -> None:
    if value is not None:
        rows.append((label, target, shown, "oui" if value <= limit else "NON"))


def _build_goals(rows: list, figures: dict) -> None:
    for (shape, count), build in sorted(figures["builds"].items()):
        if count == 2000:
            _goal(
                rows,
                f"construction 2 000 ({shape})",
                "<= 2,0 x plancher",
                build["ratio"],
                2.0,
                f"{build['ratio']:.2f} x ({build['build']:.1f} s / {build['floor']:.1f} s)",
            )
        if count == 10000 and (shape, 2000) in figures["builds"]:
            small = figures["builds"][(shape, 2000)]
            growth = build["per_doc_ms"] / small["per_doc_ms"]
            against_floor = build["ratio"] / small["ratio"]  # the same, freed from the machine's load
            _goal(
                rows,
                f"linéarité 10 000 / 2 000 ({shape})",
                "<= 1,1",
                growth,
                1.1,
                f"{growth:.2f} ({against_floor:.2f} rapporté au plancher)",
            )
            _goal(
                rows,
                f"mémoire de pointe 10 000 ({shape})",
                "<= 400 Mo",
                build["peak_mb"],
                400,
                f"{build['peak_mb']:.0f} Mo",
            )
        if count == 2000:
            _goal(
                rows,
                f"page de document ({shape})",
                "<= 60 Ko",
                build["kb_document_page"],
                60,
                f"{build['kb_document_page']:.1f} Ko (la plus lourde)",
            )


def _check_goals(rows: list, figures: dict) -> None:
    for count, check in sorted(figures["checks"].items()):
        _goal(
            rows,
            f"contrôle {count}, premier (sans cache)",
            "<= 1,5 x plancher",
            check["ratio"],
            1.5,
            f"{check['ratio']:.2f} x ({check['check']:.2f} s / {check['floor']:.2f} s)",
        )
        _goal(
            rows,
            f"contrôle {count}, suivant (lectures gardées)",
            "<= 1,5 x plancher",
            check["again_ratio"],
            1.5,
            f"{check['again_ratio']:.2f} x ({check['again']:.2f} s / {check['again_floor']:.2f} s)",
        )
    checks = figures["checks"]
    if len(checks) > 1:
        small, large = min(checks), max(checks)
        growth = (checks[large]["check"] / large) / (checks[small]["check"] / small)
        _goal(rows, f"linéarité du contrôle {large} / {small}", "<= 1,1", growth, 1.1, f"{growth:.2f}")


def _other_goals(rows: list, figures: dict) -> None:
    if "serve" in figures:
        serve = figures["serve"]
        _goal(
            rows,
            "serve --dirty 2 000, modification visible",
            "<= 1 s",
            serve["reload"],
            1.0,
            f"{serve['reload']:.2f} s",
        )
    if "second" in figures:
        second = figures["second"]
        _goal(
            rows,
            "seconde construction après une modification",
            "<= 0,3 x la première",
            second["ratio"],
            0.3,
            f"{second['ratio']:.2f} x ({second['second']:.1f} s / {second['first']:.1f} s)",
        )
    for count, browser in sorted(figures.get("browser", {}).items()):
        _goal(
            rows,
            f"registre {count} : premières lignes",
            "<= 1 s",
            browser["register_s"],
            1.0,
            f"{browser['register_s']:.2f} s",
        )
        _goal(
            rows,
            f"registre {count} : une frappe du filtre",
            "<= 50 ms",
            browser["keystroke_ms"],
            50,
            f"{browser['keystroke_ms']:.0f} ms",
        )
        _goal(
            rows,
            f"recherche {count} : premier résultat",
            "<= 1 s",
            browser["search_s"],
            1.0,
            f"{browser['search_s']:.2f} s ({browser['search_kb']:.0f} Ko d'index chargés)",
        )
        _goal(
            rows,
            f"fichiers inutilisés livrés ({count})",
            "aucun",
            len(browser["unused"]),
            0,
            ", ".join(browser["unused"]) or "aucun",
        )


def print_goals(figures: dict) -> None:
    """The goals of issue 15, measured against their targets."""
    rows: list[tuple[str, str, str, str]] = []
    _build_goals(rows, figures)
    _check_goals(rows, figures)
    _other_goals(rows, figures)
    width = max(len(row[0]) for row in rows) if rows else 10
    print(f"\n{'objectif':<{width}}  {'cible':<22}  {'atteint':<7}  mesuré")
    for label, target, shown, met in rows:
        print(f"{label:<{width}}  {target:<22}  {met:<7}  {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--tailles", default="2000", help="tailles de base pour la construction du site")
    parser.add_argument("--formes", default="projet,long", help="formes de base : projet (textes de 2 à 3 Ko), long")
    parser.add_argument("--runs", type=int, default=3, help="exécutions par mesure (médiane)")
    parser.add_argument("--check", default="10000", help="tailles de base pour le contrôle (ex. 10000,50000)")
    parser.add_argument("--build-10000", action="store_true", help="mesure aussi la construction à 10 000")
    parser.add_argument("--serve", type=int, default=2000, help="taille de base pour `make serve` (0 : aucun)")
    parser.add_argument(
        "--seconde", type=int, default=2000, help="taille de base de la seconde construction (0 : aucune)"
    )
    parser.add_argument("--navigateur", default="2000", help="tailles de base mesurées dans Chromium (ex. 2000,10000)")
    parser.add_argument("--dossier", type=Path, default=OUT[0], help="où générer les bases (bench/out)")
    parser.add_argument("--code", type=Path, default=REPO, help="l'arbre dont le paquet macros est mesuré")
    args = parser.parse_args()
    OUT[0] = args.dossier
    CODE[0] = args.code.resolve()
    ENV["PYTHONPATH"] = str(CODE[0])
    sizes = [int(n) for n in args.tailles.split(",") if n] + ([10000] if args.build_10000 else [])
    figures: dict = {"builds": {}, "checks": {}}
    columns = ("forme", "N", "build (s)", "floor (s)", "ratio", "ms/doc", "MB peak", "KB/page")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, (7, 6, 10, 10, 6, 7, 8, 8), strict=True)), flush=True)
    for shape in [s for s in args.formes.split(",") if s]:
        for count in sizes:
            runs = args.runs if count <= 2000 else max(1, args.runs - 2)
            build = figures["builds"][(shape, count)] = build_figures(count, runs, shape)
            print(
                f"{shape:>7} {count:>6} {build['build']:>10.2f} {build['floor']:>10.2f} {build['ratio']:>6.2f} "
                f"{build['per_doc_ms']:>7.2f} {build['peak_mb']:>8.0f} {build['kb_per_page']:>8.1f}",
                flush=True,
            )
    for count in [int(n) for n in args.check.split(",") if n]:
        check = figures["checks"][count] = check_figures(count, max(args.runs, 3) if count <= 10000 else 1)
        print(
            f"check of {count}: {check['check']:.2f} s, floor {check['floor']:.2f} s, ratio {check['ratio']:.2f}; "
            f"again {check['again']:.2f} s, ratio {check['again_ratio']:.2f}"
        )
    if args.seconde:
        second = figures["second"] = second_build_figures(args.seconde, args.runs)
        print(f"second build at {args.seconde}: {second['second']:.2f} s after a first of {second['first']:.2f} s")
    if args.serve:
        serve = figures["serve"] = serve_figures(args.serve, args.runs)
        print(
            f"serve --dirty at {args.serve}: first build {serve['initial']:.1f} s, "
            f"edit to reloaded page {serve['reload']:.2f} s (median)",
            flush=True,
        )
    if args.navigateur:
        from bench.browser import browser_figures

        figures["browser"] = {}
        for count in [int(n) for n in args.navigateur.split(",") if n]:
            folder = project(count)
            timed(BUILD, folder)  # the site of the code measured
            figures["browser"][count] = browser_figures(folder / "site")
    print_goals(figures)


if __name__ == "__main__":
    main()
