"""The header search's own index and worker: words cut and folded as the query is, values kept as
data, and in Chromium a query that loads only the pieces of the index it needs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser_fixtures import TIMEOUT_MS, search
from playwright.sync_api import Page, expect
from site_builder import build_site, make_project
from test_site_build import document

from macros.site.search_index import SEARCH_INDEX, DocumentAwareSearchIndex, _forked
from macros.site.search_setup import SEPARATOR
from macros.site.search_shards import BLOCK, TEASER_CHARS, SearchShards, shard_file, teaser

HOSTILE_TITLE = 'Piège <img src=x onerror="window.__pwned=1"> & « guillemets »'


def script_data(path: Path) -> list:
    """The arguments a shard script hands to `__qd`, read back as JSON."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("__qd(") and text.rstrip().endswith(");")
    return json.loads("[" + text.strip()[len("__qd(") : -2] + "]")


def written(tmp_path: Path, entries: list[dict]) -> Path:
    tmp_path.mkdir(exist_ok=True)
    shards = SearchShards(SEPARATOR, tmp_path)
    for entry in entries:
        shards.add(entry)
    shards.write({"separator": SEPARATOR})
    return tmp_path / "qd"


def test_words_are_folded_trimmed_and_french_stop_words_left_out(tmp_path: Path):
    words = SearchShards(SEPARATOR, tmp_path).words(
        "Les Réclamations, l’accueil et PROC-BAAS-001. Sous-préfecture Œuvre"
    )
    assert set(words) == {"reclamations", "accueil", "proc-baas-001", "sous", "prefecture", "oeuvre"}


def test_the_index_gives_each_word_its_entries_and_a_title_outweighs_the_text(tmp_path: Path):
    folder = written(
        tmp_path,
        [
            {"location": "documents/a.html", "title": "Accueil des usagers", "text": "Guichet."},
            {"location": "documents/a.html#horaires", "title": "Horaires", "text": "Accueil le matin."},
            {"location": "documents/b.html", "title": "Courrier", "text": "Rien."},
        ],
    )
    _, _, index = script_data(folder / "index.js")
    assert index["pages"] == ["documents/a.html", "documents/b.html"]
    assert index["page"] == [0, 0, 1] and index["anchor"] == ["", "horaires", ""]
    assert set(index["shards"]) == {p.stem for p in (folder / "t").glob("*.js")}
    _, key, words, lists = script_data(folder / "t" / "ac.js")
    assert key == "ac" and words == ["accueil"]
    entries, weights = lists[0][0::2], lists[0][1::2]
    assert entries == [0, 1] and weights[0] > 100 * weights[1]  # in the title, then in the text only


def test_values_stay_data_and_the_theme_s_tags_are_left_out(tmp_path: Path):
    folder = written(
        tmp_path,
        [
            {
                "location": "x.html",
                "title": "</script><b>gras</b>\u2028fin",
                "text": "<p>Bonjour &lt;i&gt; <code>x</code></p>",
            }
        ],
    )
    index_text = (folder / "index.js").read_text(encoding="utf-8")
    assert "\u2028" not in index_text and "<b>" not in index_text
    assert script_data(folder / "index.js")[2]["title"] == ["  gras \u2028fin"]
    assert script_data(folder / "b" / "0.js")[2] == ["Bonjour <i> x"]  # shown escaped by the worker


def test_a_second_write_replaces_the_last_build_s_files(tmp_path: Path):
    written(tmp_path, [{"location": "a.html", "title": "Zèbre", "text": "quagga"}])
    assert (tmp_path / "qd" / "t" / "ze.js").exists()
    written(tmp_path, [{"location": "a.html", "title": "Ânes", "text": ""}])
    assert {p.name for p in (tmp_path / "qd" / "t").iterdir()} == {"an.js"}
    assert [p.name for p in tmp_path.iterdir()] == ["qd"]  # no scratch folder left


def test_long_texts_give_a_short_teaser_and_blocks_hold_their_entries(tmp_path: Path):
    long = "mot " * 200
    assert len(teaser(long)) <= TEASER_CHARS + 2 and teaser(long).endswith("…")
    folder = written(tmp_path, [{"location": f"p{i}.html", "title": f"T{i}", "text": long} for i in range(BLOCK + 1)])
    assert sorted(p.name for p in (folder / "b").iterdir()) == ["0.js", "1.js"]
    assert len(script_data(folder / "b" / "1.js")[2]) == 1


def test_shard_files_have_names_every_system_accepts():
    assert shard_file("ac") == "ac" and shard_file("7") == "7"
    assert re.fullmatch(r"x[0-9a-f-]+", shard_file("ßé")) and re.fullmatch(r"x[0-9a-f-]+", shard_file("Co"))


# -- in the browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    documents = {
        "BAAS/accueil.md": document(
            "PROC-BAAS-001", titre="Accueil des étrangers", body="# Accueil\n\nGuichet unique.\n"
        ),
        "BAAS/horaires.md": document(
            "PROC-BAAS-002", titre="Horaires du guichet", body="# Horaires\n\nL’accueil ouvre à 9 h.\n"
        ),
        "BAAS/courrier.md": document("PROC-BAAS-003", titre="Courrier entrant", body="# Courrier\n\nTri du matin.\n"),
        "BAAS/piege.md": document(
            "PROC-BAAS-004", titre=json.dumps(HOSTILE_TITLE), body="# Piège\n\nTexte zygomatique.\n"
        ),
    }
    project = make_project(tmp_path_factory.mktemp("recherche"), documents)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def results(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".md-search-result__item").all_inner_texts()]


@pytest.mark.parametrize("origin", ["http", "file"])
def test_a_query_loads_only_the_words_it_begins_never_the_whole_index(
    page: Page, site_url, outside_requests: list[str], origin: str
):
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(site_url(origin, "index.html"))
    search(page, "accueil")
    assert "PROC-BAAS-001" in results(page)[0]  # the word in the title first
    assert any("PROC-BAAS-002" in text for text in results(page))  # after a typographic apostrophe
    shards = {url.rsplit("/", 1)[-1] for url in loaded if "/search/qd/t/" in url}
    assert shards <= {"a.js", "ac.js"} and "ac.js" in shards
    assert not [url for url in loaded if "search_index" in url]
    assert outside_requests == []


def test_excluded_and_required_words(page: Page, site_url, outside_requests: list[str]):
    page.goto(site_url("http", "index.html"))
    search(page, "accueil -etrangers")
    assert results(page) and not [text for text in results(page) if "PROC-BAAS-001" in text]
    page.locator("input.md-search__input").fill("")
    page.keyboard.type('"zygomatique courrier"')  # both words in one entry: none
    expect(page.locator(".md-search-result__meta")).to_contain_text("Aucun", timeout=TIMEOUT_MS)
    page.locator("input.md-search__input").fill("")
    page.keyboard.type("zygomatique courrier")  # either word
    expect(page.locator(".md-search-result__meta")).to_contain_text("documents", timeout=TIMEOUT_MS)
    assert outside_requests == []


def test_a_hostile_title_is_shown_as_text_in_the_results(page: Page, site_url, outside_requests: list[str]):
    page.goto(site_url("file", "index.html"))
    search(page, "zygomatique")
    first = page.locator(".md-search-result__item").first
    expect(first).to_contain_text('<img src=x onerror="window.__pwned=1">')
    assert first.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert outside_requests == []


def test_the_forked_writer_reports_whether_it_finished(tmp_path: Path):
    done = tmp_path / "fait"
    assert _forked(lambda: done.write_text("oui")).wait() and done.read_text() == "oui"
    assert not _forked(lambda: 1 / 0).wait()  # the build then writes the index itself


def test_two_halves_joined_give_the_same_index_as_one_pass(tmp_path: Path):
    entries = [
        {
            "location": f"p{i // 3}.html" + (f"#s{i % 3}" if i % 3 else ""),
            "title": f"Titre {i}",
            "text": f"mot{i % 7} commun",
        }
        for i in range(5 * BLOCK)
    ]
    whole = written(tmp_path / "un", entries)
    (tmp_path / "deux").mkdir()
    joined = SearchShards(SEPARATOR, tmp_path / "deux")
    middle = 2 * BLOCK
    for number, (start, stop) in enumerate([(0, middle), (middle, len(entries))]):
        part = SearchShards(SEPARATOR, tmp_path / "deux", joined.scratch, start)
        for entry in entries[start:stop]:
            part.add(entry)
        part.part(tmp_path / f"{number}.pickle")
    for number in range(2):
        joined.absorb(tmp_path / f"{number}.pickle")
    joined.write({"separator": SEPARATOR})
    files = sorted(p.relative_to(whole) for p in whole.rglob("*.js"))
    assert files == sorted(p.relative_to(tmp_path / "deux" / "qd") for p in (tmp_path / "deux" / "qd").rglob("*.js"))
    for name in files:
        assert (whole / name).read_bytes() == (tmp_path / "deux" / "qd" / name).read_bytes(), name


@pytest.mark.parametrize("forking", [True, False])
def test_a_build_writes_both_indexes_with_or_without_fork(tmp_path: Path, monkeypatch, forking: bool):
    """Windows has neither fork nor pread: the build then writes the browser's index itself."""
    if not forking:
        monkeypatch.delattr(os, "fork")
        monkeypatch.delattr(os, "pread")
    index = DocumentAwareSearchIndex(lang=["fr"], separator=SEPARATOR, pipeline=[], fields={})
    index.kept_for_next_build = False
    index.target = tmp_path / SEARCH_INDEX
    for number in range(3 * BLOCK):
        page = SimpleNamespace(
            url=f"documents/d{number}.html",
            meta={"qualite_document": True, "title": f"D{number}"},
            search_sections=[(None, f"Document {number}", f"Texte numéro{number}")],
        )
        index.add_entry_from_context(page)
    assert index.generate_search_index(None) == ""
    index.finish()
    docs = json.loads(index.target.read_text(encoding="utf-8"))["docs"]
    assert len(docs) == 3 * BLOCK
    _, _, words, lists = script_data(tmp_path / "search" / "qd" / "t" / "nu.js")
    assert len(words) == 3 * BLOCK and lists[words.index(f"numero{BLOCK + 1}")][0] == BLOCK + 1
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == ["qd", "search_index.json"]  # no part left
