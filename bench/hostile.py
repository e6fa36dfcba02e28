"""`make bench-hostile`: time and memory of the check and the build on each resource bomb, one base each.

    python -m bench.hostile [--dossier DIR]

Each input once made the build run for minutes or grow to gigabytes (nested YAML aliases, a line of
100,000 `[`, 5,000 nested list levels...). The bounds chosen (README, "Limites") must keep every case
well under a minute and under 1 GB: the script prints the figures and exits 1 when a case is over.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from hostile_project import resource_bombs  # noqa: E402
from site_builder import build_env, copy_project  # noqa: E402

MAX_SECONDS, MAX_MEGABYTES = 60.0, 1024.0
BIN = Path(sys.executable).parent


# Runs the command as its child and prints the child's peak memory: a fresh process per measure, so
# that the peak is this command's own (a parent's RUSAGE_CHILDREN only ever grows).
_PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def measure(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak resident megabytes, exit code) of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], cwd=cwd, env=build_env(), capture_output=True, text=True, timeout=600
    )
    wall = time.perf_counter() - start
    peak_kb, code = done.stdout.split()
    return wall, int(peak_kb) / 1024, int(code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile")
    parser.add_argument("--dossier", type=Path, default=None, help="dossier de travail (temporaire par défaut)")
    args = parser.parse_args(argv)
    work = args.dossier or Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    rows, over = [], []
    for name, content in resource_bombs().items():
        project = copy_project(work / name.removesuffix(".md"))
        (project / "procedures").mkdir(exist_ok=True)
        (project / "procedures" / name).write_text(content, encoding="utf-8")
        check = measure([str(BIN / "python"), "-m", "macros", "check"], project)
        build = measure([str(BIN / "mkdocs"), "build"], project)
        rows.append((name, len(content.encode()), *check[:2], *build))
        for what, (seconds, megabytes, code) in (("check", check), ("build", build)):
            if seconds > MAX_SECONDS or megabytes > MAX_MEGABYTES or (what == "build" and code != 0):
                over.append(f"{name} ({what}) : {seconds:.1f} s, {megabytes:.0f} Mo, code {code}")
    print(f"{'cas':24} {'Ko':>8} {'check s':>8} {'Mo':>6} {'build s':>8} {'Mo':>6} code")
    for name, size, check_s, check_mb, build_s, build_mb, code in rows:
        print(f"{name:24} {size / 1000:8.0f} {check_s:8.2f} {check_mb:6.0f} {build_s:8.2f} {build_mb:6.0f} {code:4d}")
    print(f"bornes : {MAX_SECONDS:.0f} s et {MAX_MEGABYTES:.0f} Mo par commande")
    for line in over:
        print(f"AU-DELÀ DES BORNES : {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
