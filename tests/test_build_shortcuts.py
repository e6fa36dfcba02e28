"""The build's shortcuts give the pages the long way gives: bodies converted in worker processes,
document pages spliced into one frame, relative addresses without `posixpath.relpath`."""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from site_builder import REFERENCE_DATE, make_project
from test_site_build import document

from macros.site import body_pool
from macros.site.body_pool import BodyConversions, BodyJob, converted_body
from macros.site.document_page import SharedConverter
from macros.site.page_frame import DocumentFrames
from macros.site.search_index import DocumentAwareSearchIndex, document_sections
from macros.site.urls import relative_uri

CONVERTER_SETTINGS = {
    "markdown_extensions": ["toc", "tables", "attr_list", "sane_lists", "macros.site.markdown_safety"],
    "mdx_configs": {"toc": {"permalink": True}},
}
BODIES = [
    "# Titre\n\n## Objet\n\nVoir PROC-BAAS-002 : délai !\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Texte <script>alert(1)</script> et [lien](javascript:alert(1)).\n\n## Suite {: onclick='x' }\n",
    "Sans titre, une liste :\n\n- un\n- deux\n",
]


def _jobs(count: int) -> list[BodyJob]:
    return [
        BodyJob(f"documents/doc-{i}.md", BODIES[i % len(BODIES)], f"Document {i}", f"PROC-BAAS-{i:03d}")
        for i in range(count)
    ]


def test_bodies_converted_in_worker_processes_are_those_converted_here(monkeypatch):
    monkeypatch.setattr(body_pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(body_pool, "BATCH", 3)
    converter = SharedConverter(CONVERTER_SETTINGS)
    references = {"PROC-BAAS-002": "documents/doc-2.md"}
    jobs = _jobs(20)
    conversions = BodyConversions(converter, references, [job.src_uri for job in jobs], jobs.__getitem__)
    try:
        pooled = [conversions.get(job.src_uri) for job in jobs]
    finally:
        conversions.close()
    assert pooled == [converted_body(converter, references, job) for job in jobs]
    assert "<script" not in pooled[1].html and "onclick" not in pooled[1].html
    assert 'href="doc-2.html"' in pooled[0].html


def test_a_body_markdown_cannot_take_is_shown_as_given_and_searched():
    job = BodyJob("documents/x.md", "", "Gros fichier", None, plain_html='<pre class="qd-plain">texte</pre>')
    converted = converted_body(SharedConverter(CONVERTER_SETTINGS), {}, job)
    assert converted.html == '<pre class="qd-plain">texte</pre>'
    assert converted.sections == [(None, "Gros fichier", "texte")]


def test_search_sections_are_cut_at_headings_without_permalinks_or_tags():
    html = '<p>Intro <em>ici</em></p>\n<h2 id="objet">Objet<a class="headerlink" href="#objet">¶</a></h2><p>a\n  b</p>'
    assert document_sections("Titre", html) == [(None, "Titre", "Intro ici"), ("objet", "Objet", "a b")]


def test_relative_addresses_are_those_of_relpath():
    paths = ["a.md", "x/a.md", "x/y/a.md", "x/b.md", "y/a.md", "x", "x/y", "x/x/x.md", "x/./a.md", "../a.md", "x//a.md"]
    for start, target in itertools.product(paths, paths):
        assert relative_uri(start, target) == posixpath.relpath(target, posixpath.dirname(start) or ".")


def _build(project: Path, site: Path) -> None:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))


def _document_pages(site: Path) -> dict[str, str]:
    return {p.name: re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in (site / "documents").glob("*.html")}


def test_document_pages_spliced_into_the_frame_are_those_the_theme_renders(tmp_path, monkeypatch):
    project = make_project(
        tmp_path / "projet",
        {
            "BAAS/a.md": document("PROC-BAAS-001", body="# Accueil\n\n## Objet\n\nTexte.\n\n### Détail\n\nPlus.\n"),
            "BAAS/b.md": document("PROC-BAAS-002", body="Un texte sans titre de section.\n"),
            "BAAS/c.md": document("PROC-BAAS-003", titre='"<b>Gras</b> &amp;  deux  espaces"', body="## Seul\n\nx\n"),
        },
    )
    monkeypatch.chdir(project)
    monkeypatch.setenv("QUALITE_DATE", REFERENCE_DATE)
    _build(project, tmp_path / "spliced")
    monkeypatch.setattr(DocumentFrames, "_frame", lambda self, context, marker_page: None)
    _build(project, tmp_path / "full")
    spliced, full = _document_pages(tmp_path / "spliced"), _document_pages(tmp_path / "full")
    assert len(spliced) == 3
    assert spliced == full


@pytest.mark.parametrize("count", [0, 5])
def test_a_small_batch_is_converted_here_when_asked(count):
    jobs = _jobs(count)
    conversions = BodyConversions(SharedConverter(CONVERTER_SETTINGS), {}, [j.src_uri for j in jobs], jobs.__getitem__)
    assert conversions._pool is None
    assert all(conversions.get(job.src_uri).html.startswith("<") for job in jobs)


def _document_page(url: str, sections: list) -> SimpleNamespace:
    return SimpleNamespace(url=url, meta={"qualite_document": True, "title": "T"}, search_sections=sections)


def test_document_entries_kept_as_json_make_the_index_material_writes():
    index = DocumentAwareSearchIndex(lang=["fr"], separator="[\\s]+", pipeline=[], fields={})
    index.entries.append({"location": "registre.html", "title": "Registre", "text": "Liste « maîtresse »"})
    index.add_entry_from_context(_document_page("documents/a.html", [(None, "A", "é"), ("objet", "Objet", "x")]))
    expected = {
        "config": {"lang": ["fr"], "separator": "[\\s]+", "pipeline": [], "fields": {}},
        "docs": [
            {"location": "registre.html", "title": "Registre", "text": "Liste « maîtresse »"},
            {"location": "documents/a.html", "title": "A", "text": "é"},
            {"location": "documents/a.html#objet", "title": "Objet", "text": "x"},
        ],
    }
    assert index.generate_search_index(None) == json.dumps(expected, separators=(",", ":"))


def test_under_serve_dirty_a_rebuilt_document_replaces_its_entries_only():
    first = DocumentAwareSearchIndex(lang=["fr"], separator=" ", pipeline=[], fields={})
    for name in ("a", "b"):
        first.add_entry_from_context(_document_page(f"documents/{name}.html", [(None, name, "avant")]))
    first.generate_search_index(None)
    second = DocumentAwareSearchIndex(lang=["fr"], separator=" ", pipeline=[], fields={})
    second.add_entry_from_context(_document_page("documents/b.html", [(None, "b", "après")]))
    docs = json.loads(second.generate_search_index(first))["docs"]
    assert [(d["location"], d["text"]) for d in docs] == [("documents/a.html", "avant"), ("documents/b.html", "après")]
