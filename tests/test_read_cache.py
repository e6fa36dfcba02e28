"""The parsed documents kept between commands (`macros.read_cache`): the same findings as a fresh
read, only changed files read again, and a damaged or planted cache file never used."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TODAY, valid_document, write

import macros.documents as documents
import macros.read_cache as read_cache
from macros.control import run_control
from macros.documents import ParseCache
from macros.read_cache import FORMAT, cache_path, read_entries
from macros.tool_version import tool_fingerprint

LONG_AGO = time.time() - 3600  # older than the few seconds a just-written file stays out of the cache


def _settle(base: Path) -> None:
    """Files as a base holds them: written long before the check (see `RECENT_NS`)."""
    for path in base.rglob("*"):
        os.utime(path, (LONG_AGO, LONG_AGO))


@pytest.fixture(autouse=True)
def no_settling_wait(monkeypatch):
    """The files of these tests were all written a moment ago: taken as settled, except where a
    test puts the real window back."""
    monkeypatch.setattr(read_cache, "RECENT_NS", 0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    base = tmp_path / "procedures"
    write(base, "accueil.md", valid_document())
    write(base, "courrier.md", valid_document("PROC-BAAS-002", titre="Courrier"))
    write(base, "sans-date.md", valid_document("PROC-BAAS-003", date_creation=None))
    write(base, "casse.md", "---\ntitre: [non fermé\n---\n# Cassé\n")
    write(base, "contact.md", valid_document("PROC-BAAS-004") + "\nAppeler M. Jean Dupont au 06 12 34 56 78.\n")
    _settle(base)
    return tmp_path


def _check(project: Path, keep_body: bool = False):
    cache = ParseCache(cache_path(project, keep_body), keep_body=keep_body)
    return run_control(project / "procedures", REPO / "referentiels", None, TODAY, cache)


def _findings(run) -> list:
    return [(f.code, f.path, f.line, f.message) for f in run.findings]


def _count_reads(monkeypatch) -> list[str]:
    read = []
    original = documents.read_document

    def counted(root, relative, keep_body=True):
        read.append(relative)
        return original(root, relative, keep_body)

    monkeypatch.setattr(documents, "read_document", counted)
    return read


def test_a_second_check_reads_no_file_and_finds_the_same(project, monkeypatch):
    fresh = run_control(project / "procedures", REPO / "referentiels", None, TODAY, keep_bodies=False)
    first = _check(project)
    assert cache_path(project, False).is_file()
    read = _count_reads(monkeypatch)
    second = _check(project)
    assert read == []
    assert _findings(second) == _findings(first) == _findings(fresh)
    assert {"YAML-INVALIDE", "DATE-MANQUANTE", "DONNEE-PERSONNELLE"} <= {f.code for f in second.findings}
    assert [d.path for d in second.base.documents] == [d.path for d in fresh.base.documents]


def test_an_edited_file_is_read_again_and_only_it(project, monkeypatch):
    _check(project)
    edited = project / "procedures" / "accueil.md"
    edited.write_text(valid_document(date_creation=None), encoding="utf-8")
    os.utime(edited, (LONG_AGO + 60, LONG_AGO + 60))
    read = _count_reads(monkeypatch)
    run = _check(project)
    assert read == ["accueil.md"]
    assert ("DATE-MANQUANTE", "accueil.md") in {(f.code, f.path) for f in run.findings}


def test_a_file_put_back_with_its_old_size_and_date_is_read_again(project, monkeypatch):
    """Its change time tells: an old copy restored over a newer one is not taken for it."""
    _check(project)
    path = project / "procedures" / "courrier.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Courrier", "Cxurrier"), encoding="utf-8")
    os.utime(path, (LONG_AGO, LONG_AGO))
    read = _count_reads(monkeypatch)
    run = _check(project)
    assert read == ["courrier.md"]
    assert next(d for d in run.base.documents if d.path == "courrier.md").title == "Cxurrier"


def test_added_and_removed_files_are_accounted_for(project):
    _check(project)
    (project / "procedures" / "casse.md").unlink()
    write(project / "procedures", "nouveau.md", valid_document("PROC-BAAS-009"))
    run = _check(project)
    assert sorted(d.path for d in run.base.documents) == [
        "accueil.md", "contact.md", "courrier.md", "nouveau.md", "sans-date.md"
    ]  # fmt: skip
    assert "casse.md" not in read_entries(cache_path(project, False), (project / "procedures").resolve())


def test_a_file_just_written_is_not_kept(project, monkeypatch):
    """Two writes within one tick of the clock (a second on some shares) may leave size and dates
    alike: a file changed less than three seconds before the command looked at it is read again by
    the next one rather than trusted."""
    monkeypatch.setattr(read_cache, "RECENT_NS", 3_000_000_000)
    _check(project)
    assert read_entries(cache_path(project, False), (project / "procedures").resolve()) == {}
    later = time.time_ns() + 10_000_000_000
    monkeypatch.setattr(documents.time, "time_ns", lambda: later)
    _check(project)
    assert len(read_entries(cache_path(project, False), (project / "procedures").resolve())) == 5


def test_a_file_that_could_not_be_read_is_read_again_next_time(project, monkeypatch):
    """A share's hiccup or a lock is not remembered as an unreadable file."""
    original = Path.read_bytes

    def failing(path):
        if path.name == "courrier.md":
            raise OSError(5, "Input/output error")
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", failing)
    first = _check(project)
    assert "FICHIER-ILLISIBLE" in {f.code for f in first.findings if f.path == "courrier.md"}
    monkeypatch.setattr(Path, "read_bytes", original)
    second = _check(project)
    assert next(d for d in second.base.documents if d.path == "courrier.md").title == "Courrier"


def test_a_value_too_deep_to_keep_never_fails_the_check(project):
    deep = "[" * 490 + "x" + "]" * 490
    write(project / "procedures", "profond.md", f"---\ntitre: {deep}\n---\n# Profond\n")
    first, second = _check(project), _check(project)
    assert _findings(first) == _findings(second)


def test_the_site_and_the_check_keep_their_reads_apart(project):
    write(project / "procedures", "long.md", valid_document("PROC-BAAS-011") + "Texte.\n" * 1000 + "FIN-DU-TEXTE\n")
    _settle(project / "procedures")
    _check(project, keep_body=False)
    run = _check(project, keep_body=True)
    body = next(d for d in run.base.documents if d.path == "long.md").body
    assert body.endswith("FIN-DU-TEXTE\n")  # the site's read keeps the whole body, not the check's opening
    again = _check(project, keep_body=False)
    assert not next(d for d in again.base.documents if d.path == "long.md").body.endswith("FIN-DU-TEXTE\n")
    assert cache_path(project, True).is_file() and cache_path(project, False).is_file()


def test_another_base_or_tool_version_is_not_taken_for_this_one(project, monkeypatch):
    _check(project)
    store = cache_path(project, False)
    assert read_entries(store, (project / "procedures").resolve())
    assert read_entries(store, (project / "autre").resolve()) == {}
    entries = read_entries(store, (project / "procedures").resolve())
    with open(store, "wb") as out:
        pickle.dump((FORMAT, "une autre version", str((project / "procedures").resolve()), entries), out)
    read = _count_reads(monkeypatch)
    _check(project)
    assert len(read) == 5


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch PLANTE",))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda root: pickle.dumps(_Planted()), id="une-fonction"),
        pytest.param(lambda root: pickle.dumps((FORMAT, tool_fingerprint(), root, {"a.md": _Planted()})), id="dedans"),
        pytest.param(lambda root: b"\x80\x05tronque", id="tronque"),
        pytest.param(lambda root: b"", id="vide"),
        pytest.param(lambda root: pickle.dumps((FORMAT, tool_fingerprint(), root, ["liste"])), id="mauvais-type"),
        pytest.param(lambda root: pickle.dumps((FORMAT, tool_fingerprint(), root, {"x.md": (1, 2)})), id="entree"),
    ],
)
def test_a_damaged_or_planted_cache_is_never_run_nor_used(project, monkeypatch, content):
    store = cache_path(project, False)
    store.parent.mkdir(parents=True)
    store.write_bytes(content(str((project / "procedures").resolve())))
    monkeypatch.chdir(project)
    read = _count_reads(monkeypatch)
    run = _check(project)
    assert not (project / "PLANTE").exists()
    assert len(read) == 5 and len(run.base.documents) == 5
    assert read_entries(store, (project / "procedures").resolve())  # written anew, and usable


def test_a_planted_document_of_the_wrong_shape_is_not_used(project, monkeypatch):
    """A file made with the tool's own fingerprint, whose documents hold what no parse makes."""
    _check(project)
    store, root = cache_path(project, False), (project / "procedures").resolve()
    entries = read_entries(store, root)
    signature_, document = entries["accueil.md"]
    document.__dict__["fields"] = ["une", "liste"]
    with open(store, "wb") as out:
        read_cache._Writer(out, protocol=pickle.HIGHEST_PROTOCOL).dump((FORMAT, tool_fingerprint(), str(root), entries))
    assert read_entries(store, root) == {}
    read = _count_reads(monkeypatch)
    run = _check(project)
    assert len(read) == 5 and len(run.base.documents) == 5


def test_a_named_pipe_in_place_of_the_cache_does_not_hang_the_check(project):
    store = cache_path(project, False)
    store.parent.mkdir(parents=True)
    os.mkfifo(store)
    command = [sys.executable, "-m", "macros", "check", "--date", TODAY.isoformat()]
    command += ["--referentiels", str(REPO / "referentiels")]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 1 and "accueil.md" not in result.stderr


def test_a_cache_file_others_may_write_is_not_read(project, monkeypatch):
    _check(project)
    store = cache_path(project, False)
    store.chmod(0o666)
    read = _count_reads(monkeypatch)
    _check(project)
    assert len(read) == 5


def test_a_cache_folder_that_leads_elsewhere_is_neither_read_nor_written(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("ailleurs")
    (project / ".cache").mkdir()
    (project / ".cache" / "qualite").symlink_to(elsewhere, target_is_directory=True)
    run = _check(project)
    assert len(run.base.documents) == 5
    assert list(elsewhere.iterdir()) == []
    (project / ".cache" / "qualite").unlink()
    (project / ".cache").rmdir()
    (project / ".cache").symlink_to(elsewhere, target_is_directory=True)  # one folder higher
    run = _check(project)
    assert len(run.base.documents) == 5
    assert list(elsewhere.iterdir()) == []


def test_a_project_that_cannot_hold_the_cache_still_checks(project):
    (project / ".cache").write_text("un fichier, pas un dossier", encoding="utf-8")
    first, second = _check(project), _check(project)
    assert len(first.base.documents) == len(second.base.documents) == 5
    assert _findings(first) == _findings(second)


def test_the_command_line_check_says_the_same_twice_and_keeps_its_cache_beside_qualite_yml(project):
    (project / "qualite.yml").write_text("organisation: Préfecture de test\n", encoding="utf-8")
    time.sleep(read_cache.RECENT_NS / 1e9 + 3.1)  # the real window, in another process: the files settle
    command = [sys.executable, "-m", "macros", "check", "--format", "json", "--date", TODAY.isoformat()]
    command += ["--referentiels", str(REPO / "referentiels")]
    first, second = (
        subprocess.run(command, cwd=project, capture_output=True, text=True, encoding="utf-8") for _ in range(2)
    )
    assert first.returncode == second.returncode == 1
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert (project / ".cache" / "qualite" / "lecture-controle.pickle").is_file()


def test_the_theme_templates_are_compiled_once_for_every_build(tmp_path):
    """`template_cache`: a second environment (the next build, the next rebuild of serve) loads
    the compiled template; an edited template is compiled again."""
    import jinja2

    from macros.site.template_cache import use_template_cache

    write(tmp_path / "gabarits", "page.html", "<h1>{{ titre }}</h1>")

    def render_counting() -> tuple[str, int]:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "gabarits")), autoescape=True)
        assert use_template_cache(env, tmp_path)
        compiled = []
        original = env.compile
        env.compile = lambda *a, **k: compiled.append(a) or original(*a, **k)
        return env.get_template("page.html").render(titre="<b>Accueil</b>"), len(compiled)

    assert render_counting() == ("<h1>&lt;b&gt;Accueil&lt;/b&gt;</h1>", 1)
    assert render_counting() == ("<h1>&lt;b&gt;Accueil&lt;/b&gt;</h1>", 0)
    write(tmp_path / "gabarits", "page.html", "<h2>{{ titre }}</h2>")
    assert render_counting() == ("<h2>&lt;b&gt;Accueil&lt;/b&gt;</h2>", 1)


def test_a_template_cache_that_leads_elsewhere_is_not_used(tmp_path, tmp_path_factory):
    import jinja2

    from macros.site.template_cache import use_template_cache

    elsewhere = tmp_path_factory.mktemp("ailleurs")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "qualite").symlink_to(elsewhere, target_is_directory=True)
    env = jinja2.Environment()
    assert not use_template_cache(env, tmp_path)
    assert env.bytecode_cache is None
    assert list(elsewhere.iterdir()) == []


def _environment(folder: Path):
    import jinja2

    from macros.site.template_cache import use_template_cache

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder / "gabarits")), autoescape=True)
    assert use_template_cache(env, folder)
    return env


def test_a_compiled_template_others_may_write_is_compiled_again_not_run(tmp_path):
    """A compiled template is code: one that someone else could have written is never loaded."""
    write(tmp_path / "gabarits", "page.html", "<p>{{ x }}</p>")
    assert _environment(tmp_path).get_template("page.html").render(x=1) == "<p>1</p>"
    [cached] = (tmp_path / ".cache" / "qualite").glob("gabarits-*/*.cache")
    payload = compile("import pathlib; pathlib.Path('PLANTE').touch()", "<planté>", "exec")
    env = _environment(tmp_path)  # Jinja's own writer, with the right header, holding the payload
    bucket = env.bytecode_cache.get_bucket(env, "page.html", None, "<p>{{ x }}</p>")
    bucket.code = payload
    with open(cached, "wb") as out:
        bucket.write_bytecode(out)
    cached.chmod(0o664)
    os.chdir(tmp_path)
    assert _environment(tmp_path).get_template("page.html").render(x=2) == "<p>2</p>"
    assert not (tmp_path / "PLANTE").exists()


def test_a_template_written_afresh_by_each_build_adds_no_file(tmp_path):
    """The corrected translations are written into a new scratch folder by every build: keyed by
    name and source, they are one compiled file, not one more per build."""
    import jinja2

    from macros.site.template_cache import use_template_cache

    for number in range(3):
        scratch = tmp_path / f"scratch-{number}"
        write(scratch, "fr.html", "{% macro t(k) %}{{ k }}{% endmacro %}")
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(scratch)))
        assert use_template_cache(env, tmp_path)
        env.get_template("fr.html")
    assert len(list((tmp_path / ".cache" / "qualite").glob("gabarits-*/*.cache"))) == 1


def test_a_named_pipe_in_place_of_the_build_manifest_or_the_last_index_hangs_nothing(tmp_path):
    """The build cache reads its manifest and the site's last index as the other caches are read."""
    from macros.site.build_cache import BuildCache, previous_search_entries
    from macros.site.search_index import SEARCH_INDEX

    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    os.mkfifo(site / SEARCH_INDEX)
    cache = BuildCache(tmp_path, site)
    cache.path.parent.mkdir(parents=True)
    os.mkfifo(cache.path)
    assert cache.read() is False
    assert previous_search_entries(site, {"documents/a.html"}) is None
