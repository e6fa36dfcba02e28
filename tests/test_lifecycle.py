"""A document's life: approval with a fingerprint, versions that only grow, replacement, history."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, codes, valid_document, write
from site_builder import build_site, make_project, register_items

from macros.approval import fingerprint
from macros.git_history import read_history
from macros.model import version_key

# A file as Windows editors save it: CRLF, Windows-1252, a comment, keys in the author's order.
WINDOWS_FILE = (
    "---\r\n"
    "# Fiche validée en comité de direction\r\n"
    "titre: Réception des dossiers à l'accueil\r\n"
    "reference: PROC-BAAS-007\r\n"
    "statut: brouillon   # à valider\r\n"
    "type: procedure\r\n"
    "date_creation: 12/03/2024\r\n"
    "version: 1.2\r\n"
    "engagements: [QEP-2]\r\n"
    "---\r\n"
    "\r\n"
    "# Réception des dossiers\r\n"
    "\r\n"
    "L'agent vérifie la complétude du dossier.\r\n"
).encode("cp1252")
WINDOWS_PATH = "DMIN/BAAS/Réception dossiers.md"


def valider(base: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "macros", "valider", *args, "--base", str(base)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8")


def findings(run, code: str) -> list:
    return [f for f in run.findings if f.code == code]


# -- approval ------------------------------------------------------------------------------------------------------


def test_valid_status_without_approver_nor_date_is_flagged_on_the_status_line(base, control):
    write(base, "a.md", valid_document(valideur=None, date_validation=None))
    (finding,) = findings(control(), "VALIDATION-INCOMPLETE")
    assert finding.line == 8
    assert "valideur ni date de validation" in finding.message
    assert "valider PROC-BAAS-001 --par" in finding.message


def test_a_draft_needs_no_approver(base, control):
    write(base, "a.md", valid_document(statut="brouillon", valideur=None, date_validation=None))
    assert "VALIDATION-INCOMPLETE" not in codes(control())


def test_valider_rewrites_only_its_lines_of_a_crlf_windows_1252_file(base):
    path = write(base, WINDOWS_PATH, WINDOWS_FILE)
    result = valider(base, "PROC-BAAS-007", "--par", "Chef du BAAS", "--date", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert WINDOWS_PATH in result.stdout and "20/11/2026" in result.stdout
    stamp = re.search(r"sha256:[0-9a-f]{16}", result.stdout).group()
    # The inline comment of the rewritten line stays (issue 10): only the value changes.
    expected = WINDOWS_FILE.replace(
        b"statut: brouillon   # \xe0 valider\r\n", b"statut: valide   # \xe0 valider\r\n"
    ).replace(
        b"engagements: [QEP-2]\r\n---\r\n",
        b"engagements: [QEP-2]\r\nvalideur: Chef du BAAS\r\ndate_validation: 2026-11-20\r\n"
        + f"empreinte: {stamp}\r\n---\r\n".encode(),
    )
    assert path.read_bytes() == expected


def test_valider_writes_through_a_temporary_file_and_leaves_none_behind(base):
    path = write(base, WINDOWS_PATH, WINDOWS_FILE)
    inode = path.stat().st_ino
    assert valider(base, "PROC-BAAS-007", "--par", "Chef du BAAS", "--date", "2026-11-20").returncode == 0
    assert path.stat().st_ino != inode  # a new file renamed over the old one, not the old one truncated
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_valider_refuses_a_document_holding_an_error_and_lists_it(base):
    path = write(base, "a.md", valid_document(statut="brouillon", date_creation=None, valideur=None))
    before = path.read_bytes()
    result = valider(base, "PROC-BAAS-001", "--par", "Chef du BAAS", "--date", "2026-11-20")
    assert result.returncode == 2
    assert "DATE-MANQUANTE" in result.stderr and "avant de valider" in result.stderr
    assert path.read_bytes() == before


def test_valider_refuses_the_writer_as_validator_unless_the_settings_allow_it(base, tmp_path):
    path = write(base, "a.md", valid_document(statut="brouillon", redacteur="Chef du BAAS", valideur=None))
    result = valider(base, "PROC-BAAS-001", "--par", "chef du baas", "--date", "2026-11-20")
    assert result.returncode == 2 and "rédacteur du document" in result.stderr
    settings = write(tmp_path, "qualite.yml", "valideur_distinct: false\n")
    result = valider(base, "PROC-BAAS-001", "--par", "Chef du BAAS", "--date", "2026-11-20", "--config", str(settings))
    assert result.returncode == 0, result.stderr
    assert "valideur: Chef du BAAS" in path.read_text(encoding="utf-8")


def test_editing_the_text_after_approval_is_flagged_until_approved_again(base, control):
    path = write(base, WINDOWS_PATH, WINDOWS_FILE)
    assert valider(base, "PROC-BAAS-007", "--par", "Chef du BAAS", "--date", "2026-11-20").returncode == 0
    assert "DOC-MODIFIE-APRES-VALIDATION" not in codes(control())

    path.write_bytes(path.read_bytes() + "Il remet un récépissé.\r\n".encode("cp1252"))
    (finding,) = findings(control(), "DOC-MODIFIE-APRES-VALIDATION")
    assert finding.line == 12  # the `empreinte` line
    assert "2026-11-20" in finding.message and "valider PROC-BAAS-007" in finding.message

    lines_before = path.read_bytes().count(b"\r\n")
    assert valider(base, "PROC-BAAS-007", "--par", "Cheffe du BAAS", "--date", "2026-11-21").returncode == 0
    assert path.read_bytes().count(b"\r\n") == lines_before  # existing lines replaced in place
    assert "DOC-MODIFIE-APRES-VALIDATION" not in codes(control())


def test_status_approver_and_trailing_spaces_are_not_part_of_the_fingerprint(base, control):
    path = write(base, WINDOWS_PATH, WINDOWS_FILE)
    assert valider(base, "PROC-BAAS-007", "--par", "Chef du BAAS", "--date", "2026-11-20").returncode == 0
    data = path.read_bytes().replace(b"statut: valide", b"statut: obsolete")
    path.write_bytes(data.replace(b"du dossier.\r\n", b"du dossier.   \n"))
    assert "DOC-MODIFIE-APRES-VALIDATION" not in codes(control())
    path.write_bytes(path.read_bytes().replace(b"version: 1.2", b"version: 1.3"))
    assert "DOC-MODIFIE-APRES-VALIDATION" in codes(control())


def test_the_fingerprint_reads_line_endings_and_trailing_spaces_alike():
    fields = {"reference": "PROC-A-001", "titre": "A", "statut": "valide"}
    assert fingerprint(fields, "a  \r\nb\r\n") == fingerprint(fields, "a\nb")
    assert fingerprint(fields, "a\nb") == fingerprint({**fields, "statut": "brouillon", "valideur": "X"}, "a\nb")
    assert fingerprint(fields, "a\nb") != fingerprint({**fields, "titre": "B"}, "a\nb")
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", fingerprint(fields, ""))


def test_valider_unknown_reference_exits_2_with_a_suggestion(base):
    write(base, "a.md", valid_document("PROC-BAAS-001"))
    result = valider(base, "PROC-BAAS-01", "--par", "Chef du BAAS")
    assert result.returncode == 2
    assert "aucun document" in result.stderr and "PROC-BAAS-001" in result.stderr


def test_valider_ambiguous_reference_exits_2_naming_both_files(base):
    write(base, "aix/a.md", valid_document("PROC-SP-002"))
    write(base, "arles/a.md", valid_document("PROC-SP-002"))
    result = valider(base, "PROC-SP-002", "--par", "Sous-préfet")
    assert result.returncode == 2
    assert "aix/a.md" in result.stderr and "arles/a.md" in result.stderr


def test_valider_refuses_a_document_whose_front_matter_is_broken(base):
    text = '---\nreference: PROC-QUAL-009\ntitre: "guillemet jamais fermé\n---\n\nCorps.\n'
    path = write(base, "Qualite/cassé.md", text)
    result = valider(base, "PROC-QUAL-009", "--par", "Responsable qualité")
    assert result.returncode == 2
    assert "Qualite/cassé.md" in result.stderr and "illisible" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_valider_leaves_the_file_alone_when_the_name_cannot_be_written_in_its_encoding(base):
    path = write(base, WINDOWS_PATH, WINDOWS_FILE)
    result = valider(base, "PROC-BAAS-007", "--par", "Chef du BAAS ✓")
    assert result.returncode == 2
    assert "✓" in result.stderr and WINDOWS_PATH in result.stderr
    assert path.read_bytes() == WINDOWS_FILE


def test_valider_without_base_folder_exits_2(tmp_path):
    result = valider(tmp_path / "absent", "PROC-A-001", "--par", "X")
    assert result.returncode == 2 and "absent" in result.stderr


# -- versions --------------------------------------------------------------------------------------------------------


def history(*versions: str) -> str:
    entries = "".join(
        f"\n  - {{version: '{v}', date: 2025-0{i + 1}-01, auteur: Qualité, modification: Révision}}"
        for i, v in enumerate(versions)
    )
    return entries


def test_versions_compare_number_by_number():
    assert version_key("1.10") > version_key("1.9")
    assert version_key("2") == version_key("2.0") == version_key("2.0.0")
    assert version_key("2,1") is None and version_key("v2") is None


def test_a_growing_history_up_to_the_version_is_fine(base, control):
    write(base, "a.md", valid_document(version="1.10", historique=history("1.0", "1.9", "1.10")))
    assert codes(control()) == []


def test_version_lower_than_the_history_is_invalid(base, control):
    write(base, "a.md", valid_document(version="1.9", historique=history("1.0", "1.10")))
    (finding,) = findings(control(), "VERSION-INVALIDE")
    assert finding.line == 6 and "1.10" in finding.message


def test_decreasing_history_is_invalid(base, control):
    write(base, "a.md", valid_document(version="2.0", historique=history("2.0", "1.0")))
    (finding,) = findings(control(), "VERSION-INVALIDE")
    assert finding.line == 10 and "de la version 2.0 à la version 1.0" in finding.message


def test_unreadable_version_is_invalid(base, control):
    write(base, "a.md", valid_document(version="v2"))
    (finding,) = findings(control(), "VERSION-INVALIDE")
    assert finding.line == 6 and "v2" in finding.message


# -- replacement -----------------------------------------------------------------------------------------------------


def test_a_replaced_document_is_obsolete_and_links_to_it_are_flagged(base, control):
    write(base, "BAAS/ancienne.md", valid_document("PROC-BAAS-004", date_creation="2015-01-01"))
    write(
        base,
        "BAAS/nouvelle.md",
        valid_document("PROC-BAAS-001", remplace="PROC-BAAS-004") + "\nRemplace l'[ancienne](ancienne.md).\n",
    )
    write(base, "BAAS/fiche.md", valid_document("FP-BAAS-001") + "\nAppliquer l'[ancienne](ancienne.md).\n")
    run = control()
    assert run.base.replacements()["BAAS/ancienne.md"].reference == "PROC-BAAS-001"
    (finding,) = findings(run, "LIEN-OBSOLETE")
    assert (finding.path, finding.line) == ("BAAS/fiche.md", 18)
    assert "PROC-BAAS-001" in finding.message
    assert "REVUE-DEPASSEE" not in codes(run, "BAAS/ancienne.md")


def test_a_link_to_a_document_obsolete_by_status_is_flagged(base, control):
    write(base, "old.md", valid_document("PROC-OLD-001", statut="obsolete"))
    write(base, "a.md", valid_document() + "\n[vieille procédure](old.md)\n")
    assert codes(control(), "a.md") == ["LIEN-OBSOLETE"]


def test_replacing_an_unknown_reference_is_an_invalid_value(base, control):
    write(base, "a.md", valid_document("PROC-BAAS-001", remplace="PROC-BAAS-044"))
    write(base, "b.md", valid_document("PROC-BAAS-004"))
    (finding,) = findings(control(), "VALEUR-INVALIDE")
    assert finding.line == 10
    assert "PROC-BAAS-044" in finding.message and "PROC-BAAS-004" in finding.message


# -- git history -----------------------------------------------------------------------------------------------------


def git(folder: Path, *args: str, author: str = "Responsable qualité", date: str = "2026-01-05T10:00:00") -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "qualite@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "qualite@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    environment.pop("GIT_DIR", None)
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=folder, env=environment, check=True, capture_output=True
    )


def two_commits(folder: Path, relative: str) -> None:
    """A repository where `relative` was written by one author, then revised by another."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    write(folder, relative, valid_document())
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Création de la procédure")
    write(folder, relative, valid_document(version="1.1"))
    git(folder, "commit", "-q", "-am", "Révision : horaires", author="Chef du BAAS", date="2026-03-02T09:00:00")


def test_git_history_of_each_file_newest_first(tmp_path):
    two_commits(tmp_path, "procedures/DMIN/Accueil BAAS.md")
    changes = read_history(tmp_path / "procedures")["DMIN/Accueil BAAS.md"]
    assert [(c.date.isoformat(), c.author, c.message) for c in changes] == [
        ("2026-03-02", "Chef du BAAS", "Révision : horaires"),
        ("2026-01-05", "Responsable qualité", "Création de la procédure"),
    ]
    assert len(read_history(tmp_path / "procedures", per_file=1)["DMIN/Accueil BAAS.md"]) == 1


def test_a_shallow_clone_has_less_history_and_no_error(tmp_path):
    two_commits(tmp_path / "depot", "procedures/a.md")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", (tmp_path / "depot").as_uri(), str(clone))
    (change,) = read_history(clone / "procedures")["a.md"]
    assert change.author == "Chef du BAAS"


def test_no_git_history_outside_a_repository_or_without_git(tmp_path, monkeypatch):
    write(tmp_path, "procedures/a.md", valid_document())
    assert read_history(tmp_path / "procedures") == {}
    two_commits(tmp_path / "depot", "procedures/a.md")
    monkeypatch.setenv("PATH", str(tmp_path / "sans-git"))
    assert read_history(tmp_path / "depot" / "procedures") == {}


# -- the built site --------------------------------------------------------------------------------------------------

OLD = "DMIN/BAAS/Ancienne procédure guichet.md"
NEW = "DMIN/BAAS/Accueil sur rendez-vous.md"
NEW_DOCUMENT = valid_document(
    "PROC-BAAS-001",
    titre="Accueil sur <rendez-vous>",
    version="2.0",
    remplace="PROC-BAAS-004",
    historique=history("1.0", "2.0").replace("Révision", "Passage au <b>rendez-vous</b>"),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("cycle-de-vie"),
        {OLD: valid_document("PROC-BAAS-004", titre="Accueil au guichet sans rendez-vous"), NEW: NEW_DOCUMENT},
    )
    settings = project / "qualite.yml"  # the example hides its own git history; this project shows its own
    settings.write_text(settings.read_text(encoding="utf-8").replace("historique_git: false", "historique_git: true"))
    git(project, "init", "-q")
    git(project, "add", "procedures")
    git(project, "commit", "-q", "-m", "Import de la base", author="Responsable qualité")
    write(project / "procedures", NEW, NEW_DOCUMENT + "\nHoraires revus.\n")
    git(project, "commit", "-q", "-am", "Horaires <revus>", author="Chef du BAAS", date="2026-03-02T09:00:00")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_replaced_page_shows_a_banner_linking_to_the_new_page(site: Path):
    page = (site / "documents/proc-baas-004.html").read_text(encoding="utf-8")
    banner = re.search(r'<div class="qd-obsolete" role="note">(.*?)</div>', page, re.S).group(1)
    assert "Document remplacé par" in banner
    assert '<a href="proc-baas-001.html">PROC-BAAS-001 — Accueil sur &lt;rendez-vous&gt;</a>' in banner
    items = register_items((site / "registre.html").read_text(encoding="utf-8"))
    (row,) = [item for item in items if item["lien"] == "documents/proc-baas-004.html"]
    assert row.get("obsolete") == 1 and "Obsolète" in row["cellules"]


def test_the_page_shows_the_version_history_and_the_git_changes(site: Path):
    page = (site / "documents/proc-baas-001.html").read_text(encoding="utf-8")
    versions = re.search(r'<table class="qd-versions">.*?</table>', page, re.S).group()
    assert "Historique des versions" in versions
    assert versions.count("<tr>") == 3  # header and two versions
    assert "Passage au &lt;b&gt;rendez-vous&lt;/b&gt;" in versions and "<b>" not in versions
    commits = re.search(r'<table class="qd-git-history">.*?</table>', page, re.S).group()
    assert commits.index("Chef du BAAS") < commits.index("Responsable qualité")
    assert "Horaires &lt;revus&gt;" in commits and "02/03/2026" in commits


def test_a_commit_message_cannot_forge_rows_of_history(tmp_path):
    repo = tmp_path / "depot"
    (repo / "procedures").mkdir(parents=True)
    (repo / "procedures" / "a.md").write_text("# A\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=Qualité", "-c", "user.email=q@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "procedures/a.md"], check=True)
    forged = "correction\x1e2019-03-01T10:00:00+01:00\x1fLa secrétaire générale\x1fValidation officielle"
    subprocess.run([*git, "commit", "-q", "-m", forged], check=True)
    (change,) = read_history(repo / "procedures")["a.md"]
    assert change.author == "Qualité" and change.message.startswith("correction")


def test_a_repository_kept_inside_the_base_is_not_read(tmp_path):
    base = tmp_path / "procedures"
    base.mkdir()
    subprocess.run(["git", "-C", str(base), "init", "-q"], check=True)  # its config is the share's to write
    (base / "a.md").write_text("# A\n", encoding="utf-8")
    git = ["git", "-C", str(base), "-c", "user.name=X", "-c", "user.email=x@example.com"]
    subprocess.run([*git, "add", "a.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], check=True)
    assert read_history(base) == {}


def test_a_git_file_pointing_elsewhere_is_not_followed(tmp_path):
    other = tmp_path / "autre"
    other.mkdir()
    subprocess.run(["git", "-C", str(other), "init", "-q"], check=True)
    base = tmp_path / "procedures"
    base.mkdir()
    (base / ".git").write_text(f"gitdir: {other / '.git'}\n", encoding="utf-8")
    assert read_history(base) == {}
