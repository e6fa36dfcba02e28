"""The build cache: a second `build` writes only what changed, and its site is byte for byte the
site a complete build makes of the same files, whatever was edited, added or removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_builder import build_env, copy_project

from macros.site.build_cache import BuildCache, digest, title_part

DOCUMENT = "procedures/Communication/PROC-COM-002-co-marquage.md"
CITING = "procedures/Qualite/GRILLE-SITE-INTERNET.md"  # names PROC-COM-002 in its text
OTHER_PAGE = "site/documents/fp-com-001.html"


def build(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", *arguments],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_complete_build(project: Path, tmp_path: Path, label: str, *edition: str) -> None:
    """The cached site against a complete build of the same project into another folder."""
    complete = tmp_path / f"complet-{label}"
    result = build(project, "--complet", "-d", str(complete), *edition)
    assert result.returncode == 0, result.stderr
    cached, whole = tree(project / ("site-public" if edition else "site")), tree(complete)
    assert sorted(cached) == sorted(whole), (
        f"{label}: files only in the cached site {sorted(set(cached) - set(whole))[:5]}, "
        f"only in the complete one {sorted(set(whole) - set(cached))[:5]}"
    )
    different = [name for name in cached if cached[name] != whole[name]]
    assert not different, f"{label}: pages differing from a complete build: {different[:5]}"


def kept_counts(output: str) -> tuple[int, int]:
    """(document pages kept, of how many) from the build's log line."""
    for line in output.splitlines():
        if "cache de construction :" in line and "page(s) de document sur" in line:
            words = line.split("cache de construction :")[1].split()
            return int(words[0]), int(words[5])
    raise AssertionError(f"no build cache line in:\n{output}")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = copy_project(tmp_path_factory.mktemp("cache") / "projet", with_procedures=True)
    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert "cache de construction" not in result.stderr  # the first build has nothing to reuse
    return folder


def test_an_edited_body_rewrites_its_page_only(project: Path, tmp_path: Path):
    other = project / OTHER_PAGE
    before = other.stat().st_mtime_ns
    path = project / DOCUMENT
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée par le test du cache.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    kept, total = kept_counts(result.stderr)
    assert (kept, total) == (total - 1, total) and total > 50
    page = (project / "site/documents/proc-com-002.html").read_text(encoding="utf-8")
    assert "Une phrase ajoutée par le test du cache." in page
    assert other.stat().st_mtime_ns == before  # not written again
    index = json.loads((project / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert any("Une phrase ajoutée par le test du cache." in entry["text"] for entry in index["docs"])
    assert_same_as_complete_build(project, tmp_path, "corps")


def test_a_new_title_reaches_the_pages_that_show_it(project: Path, tmp_path: Path):
    """PROC-BAAS-001 replaces PROC-BAAS-004, whose page names its successor by its title."""
    path = project / "procedures/DMIN/BAAS/Fiche procédure accueil BAAS.md"
    replace_in(path, "titre: Accueil physique des usagers", "titre: Accueil des usagers")
    result = build(project)
    assert result.returncode == 0, result.stderr
    kept, total = kept_counts(result.stderr)
    assert kept == total - 2
    old = (project / "site/documents/proc-baas-004.html").read_text(encoding="utf-8")
    assert "PROC-BAAS-001 — Accueil des usagers étrangers" in old
    assert_same_as_complete_build(project, tmp_path, "titre")


def test_removed_and_added_documents_and_attachments(project: Path, tmp_path: Path):
    removed = project / "procedures/Communication/Flyer démarches en ligne.md"
    removed.unlink()
    attachment = next(p for p in (project / "procedures").rglob("*.pdf"))
    attachment.unlink()
    new = project / "procedures/Communication/PROC-COM-009.md"
    new.write_text(
        (project / DOCUMENT).read_text(encoding="utf-8").replace("PROC-COM-002", "PROC-COM-009"), encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "retiré" in result.stderr
    assert not (project / "site/documents/guide-fly-001.html").exists()
    assert (project / "site/documents/proc-com-009.html").exists()
    assert_same_as_complete_build(project, tmp_path, "ajouts")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_settings_referential_and_post_changes(project: Path, tmp_path: Path):
    replace_in(
        project / "qualite.yml", "organisation: Préfecture des Bouches-du-Rhône", "organisation: Préfecture d'essai"
    )
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "reglages")
    replace_in(
        project / "referentiels/qual-e-pref.yml",
        "Nous vous informons sur les conditions",
        "Nous vous renseignons sur les conditions",
    )
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "referentiel")
    post = project / "docs/flash-infos/posts/2026-11-essai.md"
    post.write_text(
        "---\ndate: 2026-11-20\nslug: essai-cache\ncategories:\n  - COPIL\n---\n\n# Un flash-info du test\n\nTexte.\n",
        encoding="utf-8",
    )
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "flash-info")


def test_the_public_edition_has_its_own_cache(project: Path, tmp_path: Path):
    public = ("--edition", "publique")
    assert build(project, *public).returncode == 0
    path = project / "procedures/Sous-prefecture Arles/Guide accueil Arles.md"  # public, in force
    path.write_bytes(path.read_bytes() + "\nPhrase publique ajoutée.\n".encode("cp1252"))  # written in Windows-1252
    result = build(project, *public)
    assert result.returncode == 0, result.stderr
    kept, total = kept_counts(result.stderr)
    assert kept == total - 1
    assert_same_as_complete_build(project, tmp_path, "publique", *public)
    assert "Phrase publique ajoutée." not in (project / "site/search/search_index.json").read_text(encoding="utf-8")


def test_an_older_attachment_put_back_is_copied(project: Path, tmp_path: Path):
    """An archive unpacked or a backup restored gives a file an older date than its copy in the site."""
    attachment = next(p for p in (project / "procedures").rglob("*.pdf"))
    copy = next((project / "site").rglob(attachment.name))
    attachment.write_bytes(attachment.read_bytes() + b"\n% version restauree\n")
    older = copy.stat().st_mtime_ns - 10**12
    os.utime(attachment, ns=(older, older))
    assert build(project).returncode == 0
    assert copy.read_bytes() == attachment.read_bytes()


def test_a_broken_or_missing_manifest_means_a_clean_build(project: Path, tmp_path: Path):
    (project / "site/oublie.html").write_text("un reste d'autre chose", encoding="utf-8")
    BuildCache(project, project / "site").path.write_text("{pas du json", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site/oublie.html").exists()  # an unknown folder is emptied, as by MkDocs
    assert_same_as_complete_build(project, tmp_path, "manifeste")


def test_a_failed_build_leaves_no_manifest(project: Path, tmp_path: Path):
    broken = project / "procedures/Communication/sans-reference.md"
    broken.write_text("---\ntitre: Sans référence ni date\ntype: procedure\n---\n\nTexte.\n", encoding="utf-8")
    manifest = BuildCache(project, project / "site").path
    assert manifest.exists()
    result = build(project, "--strict")
    assert result.returncode != 0
    assert not manifest.exists()
    broken.unlink()
    assert build(project).returncode == 0
    assert manifest.exists()


def test_a_manifest_never_removes_a_file_outside_the_site(tmp_path: Path):
    site = tmp_path / "site"
    (site / "lien").mkdir(parents=True)
    outside = tmp_path / "precieux.txt"
    outside.write_text("à garder", encoding="utf-8")
    (site / "ancienne.html").write_text("x", encoding="utf-8")
    (site / "vers-dehors").symlink_to(tmp_path)
    cache = BuildCache(tmp_path, site)
    cache.path.parent.mkdir(parents=True)
    hostile = ["../precieux.txt", str(outside), "vers-dehors/precieux.txt", "lien/../../precieux.txt", "ancienne.html"]
    manifest = {"format": 1, "reglages": "x", "pages": {}, "fichiers": hostile, "sorties": {}, "sources": {}}
    cache.path.write_text(json.dumps(manifest), encoding="utf-8")
    assert cache.read()
    cache.tidy(made_now=set())
    assert outside.read_text(encoding="utf-8") == "à garder"
    assert not (site / "ancienne.html").exists()


def test_keys_and_titles():
    assert digest("ab", "c") != digest("a", "bc")  # parts cannot run into each other
    page = b"---\ntitle: x\n---\n\n# Registre des documents\n\n| 2 000 lignes |\n"
    assert title_part(page).endswith(b"# Registre des documents")
    assert title_part(page) == title_part(page.replace(b"2 000", b"2 001"))
    assert title_part(b"# Titre\nsuite") == b"# Titre"


def test_editions_built_in_turn_into_one_folder(project: Path, tmp_path: Path):
    """The public edition never keeps a page of the agents' edition, nor the other way round."""
    assert build(project, "--edition", "publique", "-d", "site").returncode == 0
    assert not (project / "site/registre.html").exists()
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "agents-apres-publique")


def test_plugins_templates_and_hooks_are_part_of_the_key(project: Path, tmp_path: Path):
    settings = project / "mkdocs.yml"
    original = settings.read_text(encoding="utf-8")
    try:
        replace_in(settings, "  - offline\n", "")
        assert build(project).returncode == 0
        assert not (project / "site/search/search_index.js").exists()
        assert_same_as_complete_build(project, tmp_path, "sans-offline")
        theme = project / "gabarits"
        theme.mkdir()
        (theme / "main.html").write_text(
            '{% extends "base.html" %}{% block announce %}Version A{% endblock %}', encoding="utf-8"
        )
        replace_in(settings, "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: gabarits\n")
        assert build(project).returncode == 0
        (theme / "main.html").write_text(
            '{% extends "base.html" %}{% block announce %}Version B{% endblock %}', encoding="utf-8"
        )
        assert build(project).returncode == 0
        assert "Version B" in (project / "site/documents/proc-com-002.html").read_text(encoding="utf-8")
        assert_same_as_complete_build(project, tmp_path, "gabarits")
    finally:
        settings.write_text(original, encoding="utf-8")
    assert build(project).returncode == 0


def test_a_missing_or_damaged_search_index_rewrites_every_page(project: Path, tmp_path: Path):
    (project / "site/search/search_index.json").unlink()
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "index-absent")
    (project / "site/search/search_index.json").write_text('{"docs": 5}', encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert_same_as_complete_build(project, tmp_path, "index-abime")


def test_what_a_complete_build_would_not_leave_is_removed(project: Path, tmp_path: Path):
    (project / "site/copie-a-la-main.pdf").write_bytes(b"%PDF-1.4")
    (project / "site/dossier-vide/sous-dossier").mkdir(parents=True)
    page = project / "site/documents/proc-com-001.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "modifié à la main</body>"), encoding="utf-8")
    assert build(project).returncode == 0
    assert not (project / "site/copie-a-la-main.pdf").exists()
    assert not (project / "site/dossier-vide").exists()
    assert "modifié à la main" not in page.read_text(encoding="utf-8")
    assert_same_as_complete_build(project, tmp_path, "restes")


def test_a_reference_in_italics_gets_its_link_when_its_document_arrives(project: Path, tmp_path: Path):
    path = project / "procedures/Qualite/Procédure maîtrise documentaire.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nVoir _PROC-NOUV-001_ et PROC\\-NOUV\\-002.\n", "utf-8")
    assert build(project).returncode == 0
    for number in ("001", "002"):
        new = project / f"procedures/Qualite/PROC-NOUV-{number}.md"
        new.write_text(
            (project / DOCUMENT).read_text(encoding="utf-8").replace("PROC-COM-002", f"PROC-NOUV-{number}"), "utf-8"
        )
    assert build(project).returncode == 0
    assert_same_as_complete_build(project, tmp_path, "reference-italique")


def test_an_unwritable_cache_folder_never_fails_the_build(project: Path, tmp_path: Path):
    cache = project / ".cache"
    saved = tmp_path / "cache-de-cote"
    cache.rename(saved)
    cache.write_text("pas un dossier", encoding="utf-8")
    try:
        result = build(project)
        assert result.returncode == 0, result.stderr
        assert "impossible d'écrire" in result.stderr
        assert_same_as_complete_build(project, tmp_path, "cache-fichier")
    finally:
        cache.unlink()
        saved.rename(cache)


def test_reading_the_manifest_takes_it_away_until_the_build_ends(tmp_path: Path):
    """An interrupted build (Ctrl+C, killed) leaves no manifest: the next one starts from an empty folder."""
    site = tmp_path / "site"
    site.mkdir()
    cache = BuildCache(tmp_path, site)
    assert cache.save("reglages", {}, [], {}, {})
    assert BuildCache(tmp_path, site).read()
    assert not cache.path.exists()
    cache.path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")  # nested past the parser's depth
    assert not BuildCache(tmp_path, site).read()
    (tmp_path / "ailleurs.txt").write_text("à garder", encoding="utf-8")
    cache.path.unlink(missing_ok=True)
    cache.path.symlink_to(tmp_path / "ailleurs.txt")
    assert not BuildCache(tmp_path, site).read()
    assert not cache.save("reglages", {}, [], {}, {})
    assert (tmp_path / "ailleurs.txt").read_text(encoding="utf-8") == "à garder"


def test_navigation_entries_without_a_title_keep_theirs(project: Path, tmp_path: Path):
    """MkDocs reads such a title from the page's text, which a kept page is not read for."""
    settings = project / "mkdocs.yml"
    original = settings.read_text(encoding="utf-8")
    try:
        replace_in(settings, "  - Nouveautés: nouveautes.md\n", "  - nouveautes.md\n  - documents/proc-com-003.md\n")
        for _ in range(2):
            assert build(project).returncode == 0
        assert ">None<" not in (project / "site/index.html").read_text(encoding="utf-8")
        assert_same_as_complete_build(project, tmp_path, "titres")
    finally:
        settings.write_text(original, encoding="utf-8")
    assert build(project).returncode == 0


def test_a_linked_folder_in_the_site_is_removed_not_written_through(project: Path, tmp_path: Path):
    outside = tmp_path / "ailleurs"
    (project / "site/fichiers").rename(outside)
    (project / "site/fichiers").symlink_to(outside)
    before = sorted(p.name for p in outside.rglob("*"))
    assert build(project).returncode == 0
    assert not (project / "site/fichiers").is_symlink()
    assert sorted(p.name for p in outside.rglob("*")) == before
    assert_same_as_complete_build(project, tmp_path, "lien")
