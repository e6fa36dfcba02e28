"""`python -m macros entetes`: headers proposed as a diff, written with `--ecrire`, bodies kept byte for byte."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, codes, write


def entetes(base, *options) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "macros", "entetes", "--base", str(base), "--config", str(REPO / "qualite.yml")]
    return subprocess.run([*command, *options], capture_output=True, text=True, encoding="utf-8")


def test_headers_are_proposed_then_written_and_the_base_passes_the_essentials(base, control):
    write(base, "PROC-001 Gestion des documents.md", "# Gestion des documents\n\nTexte.\n")
    write(base, "BAAS/Procédure accueil.md", b"Accueil du public.\r\n")
    body = (base / "BAAS/Procédure accueil.md").read_bytes()
    proposed = entetes(base)
    assert proposed.returncode == 0, proposed.stderr
    assert "+reference: PROC-001" in proposed.stdout and "+titre: Gestion des documents" in proposed.stdout
    assert "+type: procedure" in proposed.stdout and "+reference: PROC-BAAS-001" in proposed.stdout
    assert "2 en-têtes proposés" in proposed.stderr
    assert "ENTETE-MANQUANTE" in codes(control())  # nothing written yet
    assert entetes(base, "--ecrire").returncode == 0
    assert (base / "BAAS/Procédure accueil.md").read_bytes().endswith(b"---\r\n\r\n" + body)
    left = {code for code in codes(control()) if code in {"ENTETE-MANQUANTE", "REF-MANQUANTE", "DATE-MANQUANTE"}}
    assert left == set() and "TITRE-MANQUANT" not in codes(control())


def test_a_header_lacking_only_its_date_gets_only_its_date(base):
    write(base, "a.md", "---\nreference: PROC-BAAS-009\ntitre: A\ntype: procedure\n---\n\nTexte.\n")
    proposed = entetes(base)
    assert [line for line in proposed.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")] == [
        f"+date_creation: {line.split(': ')[1]}" for line in proposed.stdout.splitlines() if "+date_creation" in line
    ]
    assert "+date_creation: 20" in proposed.stdout


def test_headers_written_in_french_or_mapped_by_cles_are_complete_and_left_alone(base, tmp_path):
    write(
        base,
        "guide.md",
        "---\nRéférence: GUIDE-ACC-001\nTitre: Guide de l'accueil\nType: Guide d'accueil\n"
        "Date de création: 15/01/2024\n---\n\n# Guide\n",
    )
    write(base, "note.md", "---\nid: PROC-ACC-002\nname: Orientation\ntype: procedure\ncreated: 2024-02-01\n---\n# O\n")
    settings = write(tmp_path, "qualite.yml", "cles: {id: reference, name: titre, created: date_creation}\n")
    command = [sys.executable, "-m", "macros", "entetes", "--base", str(base), "--config", str(settings)]
    proposed = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    assert proposed.returncode == 0 and proposed.stdout == "", proposed.stdout
    assert "aucun en-tête à compléter" in proposed.stderr
