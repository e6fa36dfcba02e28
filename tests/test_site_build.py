"""`mkdocs build` on small bases written by the tests: one page per file, stable URLs, safe and offline pages."""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from html_safety import inert_data
from site_builder import REFERENCE_DATE, REPO, build_site, make_project

from macros.documents import load_base
from macros.site.urls import allocate_pages


def document(reference: str | None = "PROC-BAAS-001", body: str = "# Accueil\n\nTexte.\n", **fields) -> str:
    """A document valid on the reference date; `fields` replace header values (None drops the key)."""
    header = {
        "reference": reference,
        "titre": "Accueil des usagers au BAAS",
        "type": "procedure",
        "date_creation": "2025-03-01",
        "version": "1.0",
        "service": "BAAS",
        "statut": "valide",
        "engagements": "[QEP-2, QEP-5]",
    }
    header.update(fields)
    header.setdefault("valideur", "Chef du BAAS")
    header.setdefault("date_validation", "2025-03-15")
    lines = "\n".join(f"{key}: {value}" for key, value in header.items() if value is not None)
    return f"---\n{lines}\n---\n\n{body}"


VALID = "DMIN/BAAS/Fiche accueil.md"
NO_REFERENCE = "DMIN/BAAS/Note sans référence.md"
BROKEN_YAML = "Qualite/En-tête cassé.md"
WINDOWS = "Qualite/Réclamations Windows.md"
EMPTY = "Qualite/Vide.md"
NO_FRONT_MATTER = "Qualite/Sans en-tête.md"
JINJA = "Qualite/Gabarit courrier.md"
HOSTILE = "Qualite/Piège.md"
LINKED = "Sous-prefecture Arles/Procédure accueil Arles.md"
SUB_FOLDER = "Sous-prefecture Arles/Archives/Ancienne version d'accueil & orientation.md"
ATTACHMENT = "Sous-prefecture Arles/annexe.pdf"
DIAGRAM = "Qualite/Circuit courrier.md"

HOSTILE_TITLE = "<script>alert(1)</script> Procédure piégée"
HOSTILE_SERVICE = "<img src=x onerror=alert(1)>"

MIXED_BASE: dict[str, str | bytes] = {
    VALID: document(),
    NO_REFERENCE: document(None, titre="Note de service sans référence"),
    BROKEN_YAML: '---\nreference: PROC-QUAL-009\ntitre: "guillemet jamais fermé\n---\n\nCorps lisible.\n',
    WINDOWS: document(
        "PROC-QUAL-010", titre="Traitement des réclamations", body="Réclamation écrite déposée à l'accueil.\n"
    ).encode("cp1252"),
    EMPTY: "",
    NO_FRONT_MATTER: "# Note libre\n\nPas d'en-tête du tout.\n",
    JINJA: document(
        "PROC-QUAL-011",
        titre='"Gabarit {{ 7*7 }}"',
        body="Le total vaut {{ 7*7 }} ici.\n\n{% raw %} brut {% endraw %}\n",
    ),
    HOSTILE: document(
        "PROC-QUAL-012",
        titre=f'"{HOSTILE_TITLE}"',
        service=f'"{HOSTILE_SERVICE}"',
        body="Avant.\n\n<script>alert(1)</script>\n\nUn [lien piégé](javascript:alert(1)) ici.\n",
    ),
    LINKED: document("PROC-SPARL-001", titre="Accueil à Arles", body="Voir l'[annexe](annexe.pdf).\n"),
    ATTACHMENT: b"%PDF-1.4\n% annexe de test\n%%EOF\n",
    SUB_FOLDER: document(
        "PROC-SPARL-002",
        titre="Ancienne version",
        body="Remplacée par la [procédure en vigueur](<../Procédure accueil Arles.md>).\n",
    ),
    DIAGRAM: document(
        "PROC-QUAL-013",
        titre="Circuit du courrier",
        body='Circuit :\n\n<pre class="mermaid"><code>graph LR; Arrivée-->Service</code></pre>\n',
    ),
}
MARKDOWN_PATHS = sorted(path for path in MIXED_BASE if path.endswith(".md"))

_SOURCE_CELL = re.compile(r'<th scope="row">Fichier source</th><td><code>(.*?)</code></td>')
_FINDINGS_BOX = re.compile(r'<section class="qd-findings[^"]*"[^>]*>(.*?)</section>', re.S)
_CODE = re.compile(r"<code class=\"qd-code\">([A-Z0-9-]+)</code>")


@dataclass
class Built:
    project: Path
    result: subprocess.CompletedProcess
    pages: dict[str, Path] = field(default_factory=dict)  # base path → page, from the cartouche

    @property
    def site(self) -> Path:
        return self.project / "site"

    def page_html(self, base_path: str) -> str:
        return self.pages[base_path].read_text(encoding="utf-8")

    def href_target(self, page: Path, href: str) -> Path:
        """The site file a relative `href` of `page` leads to."""
        relative = posixpath.normpath(posixpath.join(page.parent.relative_to(self.site).as_posix(), unquote(href)))
        return self.site / relative


def body_of(page_html: str) -> str:
    """The document's own text on its page (after the cartouche)."""
    start = page_html.index('<div class="qd-body">')
    end = page_html.index("</article>", start)
    return page_html[start:end]


def source_paths(page_html: str) -> list[str]:
    return [html.unescape(path) for path in _SOURCE_CELL.findall(page_html)]


def site_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Built:
    """The mixed base, built once (not strict) for the whole module."""
    project = make_project(tmp_path_factory.mktemp("mixed"), MIXED_BASE)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    built = Built(project, result)
    for page in (built.site / "documents").rglob("*.html"):
        for path in source_paths(page.read_text(encoding="utf-8")):
            built.pages[path] = page
    return built


@pytest.fixture(scope="module")
def cli_report(mixed: Built) -> dict:
    """`python -m macros check --format json` on the same base, settings and date as the build."""
    command = [
        sys.executable,
        "-m",
        "macros",
        "check",
        "--format",
        "json",
        "--base",
        str(mixed.project / "procedures"),
        "--referentiels",
        str(mixed.project / "referentiels"),
        "--config",
        str(mixed.project / "qualite.yml"),
        "--date",
        REFERENCE_DATE,
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_every_markdown_file_has_exactly_one_page_showing_its_source_path(mixed: Built):
    """One page per .md file under documents/, each naming its (HTML-escaped) source file in the cartouche."""
    pages = sorted((mixed.site / "documents").rglob("*.html"))
    assert len(pages) == len(MARKDOWN_PATHS)
    shown = sorted(path for page in pages for path in source_paths(page.read_text(encoding="utf-8")))
    assert shown == MARKDOWN_PATHS
    sub_folder_page = mixed.page_html(SUB_FOLDER)
    assert f"<code>{html.escape(SUB_FOLDER)}</code>" in sub_folder_page
    assert "d&#x27;accueil &amp; orientation.md" in sub_folder_page


def test_pages_are_named_from_the_reference_else_from_the_path(mixed: Built):
    """`documents/<reference>.html`; without a usable reference, `documents/sans-reference/<path>.html`."""
    site = mixed.site
    assert mixed.pages[VALID] == site / "documents/proc-baas-001.html"
    assert mixed.pages[SUB_FOLDER] == site / "documents/proc-sparl-002.html"
    assert mixed.pages[NO_REFERENCE] == site / "documents/sans-reference/dmin-baas-note-sans-reference.html"
    assert mixed.pages[EMPTY] == site / "documents/sans-reference/qualite-vide.html"
    # A reference inside a header that cannot be read is not used.
    assert mixed.pages[BROKEN_YAML].parent == site / "documents/sans-reference"


def test_moving_a_file_to_another_folder_keeps_its_url(tmp_path: Path):
    """The page address follows the reference, not the folder nor the file name."""
    other = document("PROC-QUAL-001", titre="Autre procédure")
    for name, path in (("avant", "DMIN/BAAS/Fiche accueil.md"), ("apres", "Archives/2024/Accueil BAAS (ancien).md")):
        for relative, content in ((path, document()), ("Qualite/Autre.md", other)):
            target = tmp_path / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    before = allocate_pages(load_base(tmp_path / "avant")).src_uris
    after = allocate_pages(load_base(tmp_path / "apres")).src_uris
    assert before["DMIN/BAAS/Fiche accueil.md"] == "documents/proc-baas-001.md"
    assert after["Archives/2024/Accueil BAAS (ancien).md"] == "documents/proc-baas-001.md"
    assert before["Qualite/Autre.md"] == after["Qualite/Autre.md"] == "documents/proc-qual-001.md"


def test_jinja_in_a_document_is_shown_as_written(mixed: Built):
    """Document pages are never rendered as templates: `{{ 7*7 }}` stays as is, in the page and the register."""
    page = mixed.page_html(JINJA)
    body = body_of(page)
    assert "Le total vaut {{ 7*7 }} ici." in body
    assert "{% raw %} brut {% endraw %}" in body
    assert "49" not in body
    assert "Gabarit {{ 7*7 }}" in page
    assert "Gabarit {{ 7*7 }}" in (mixed.site / "registre.html").read_text(encoding="utf-8")


def test_windows_1252_document_is_shown_decoded(mixed: Built):
    """A file saved by an old editor is read as Windows-1252: accents are right on its page."""
    page = mixed.page_html(WINDOWS)
    assert "Réclamation écrite déposée à l'accueil." in body_of(page)
    assert "ENCODAGE" in page


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: scripts, event handlers, `javascript:` URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = self._data_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self._data_script = self._in_script and dict(attrs).get("type") == "application/json"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and self._data_script:  # the register's rows: data that must stay data
            if not inert_data(data):
                self.found.append(f"<script type=application/json>{data.strip()[:60]}</script>")
        elif self._in_script and "alert(1)" in data:
            self.found.append(f"<script>{data.strip()[:60]}</script>")


def test_html_and_scripts_from_documents_never_reach_the_pages(mixed: Built):
    """Titles, header values and bodies are escaped or cleaned on every page and in the search index."""
    for page in site_files(mixed.site, ".html"):
        text = page.read_text(encoding="utf-8")
        parser = _ActiveContent()
        parser.feed(text)
        assert parser.found == [], f"{page.relative_to(mixed.site)}: {parser.found}"
        for raw in ("<script>alert(1)</script>", "<img src=x onerror", "javascript:alert"):
            assert raw not in text, f"{raw!r} in {page.relative_to(mixed.site)}"
    # Material shows search titles and texts as HTML: they must hold the escaped form only.
    index = (mixed.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in index and "<img src=x" not in index
    page = mixed.page_html(HOSTILE)
    assert f"<td>{html.escape(HOSTILE_TITLE)}</td>" in page
    assert f"<td>{html.escape(HOSTILE_SERVICE)}</td>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<p>Un <a>lien piégé</a> ici.</p>" in body_of(page)


def test_relative_link_between_documents_points_to_the_target_page(mixed: Built):
    """A link from a sub-folder to `../Procédure accueil Arles.md` leads to that document's page."""
    page = mixed.pages[SUB_FOLDER]
    hrefs = re.findall(r'<a href="([^"]+)">procédure en vigueur</a>', body_of(page.read_text(encoding="utf-8")))
    assert hrefs == ["proc-sparl-001.html"]
    assert mixed.href_target(page, hrefs[0]) == mixed.pages[LINKED]


def test_attachment_link_points_to_the_published_file(mixed: Built):
    """A link to a file of the base (`annexe.pdf`) leads to its copy under `fichiers/`, byte for byte."""
    page = mixed.pages[LINKED]
    hrefs = re.findall(r'<a href="([^"]+)">annexe</a>', body_of(page.read_text(encoding="utf-8")))
    assert len(hrefs) == 1
    assert hrefs[0].startswith("../fichiers/") and hrefs[0].endswith("annexe.pdf")
    published = mixed.href_target(page, hrefs[0])
    assert published == mixed.site / "fichiers" / ATTACHMENT
    assert published.read_bytes() == MIXED_BASE[ATTACHMENT]


def test_each_page_shows_the_codes_of_its_findings(mixed: Built, cli_report: dict):
    """A flagged document's page lists its finding codes; a clean document's page has no findings box."""
    expected: dict[str, list[str]] = {path: [] for path in MARKDOWN_PATHS}
    for finding in cli_report["findings"]:
        expected[finding["path"]].append(finding["code"])
    assert expected[NO_REFERENCE] == ["REF-MANQUANTE"]
    assert "YAML-INVALIDE" in expected[BROKEN_YAML]
    for path, codes in expected.items():
        boxes = _FINDINGS_BOX.findall(mixed.page_html(path))
        if not codes:
            assert boxes == [], path
            continue
        assert len(boxes) == 1, path
        assert sorted(_CODE.findall(boxes[0])) == sorted(codes), path


def test_control_page_lists_the_same_findings_as_the_command_line(mixed: Built, cli_report: dict):
    """/controle.html and `python -m macros check --format json` give the same (path, code) pairs."""
    page = (mixed.site / "controle.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="qd-control"') : page.index("</table>", page.index('class="qd-control"'))]
    rows = re.findall(
        r'<small><code>(.*?)</code></small></td><td>.*?</td><td><code class="qd-code">(.*?)</code></td>', table
    )
    shown = sorted((html.unescape(path), code) for path, code in rows)
    expected = sorted((f["path"], f["code"]) for f in cli_report["findings"])
    assert expected, "the mixed base must hold findings"
    assert shown == expected


def test_register_csv_has_a_bom_semicolons_and_one_row_per_document(mixed: Built):
    """registre.csv opens as is in a French spreadsheet: UTF-8 BOM, `;`, one row per document."""
    data = (mixed.site / "registre.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, documents = rows[0], rows[1:]
    assert header[0] == "Référence" and "Fichier" in header
    assert all(len(row) == len(header) for row in documents)
    assert sorted(row[header.index("Fichier")] for row in documents) == MARKDOWN_PATHS


# Material's bundle carries two loaders that stay dormant on this site: a polyfill for browsers
# without ResizeObserver, and the diagram library for `<pre class="mermaid">` blocks (see the test below).
_DORMANT_THEME_LOADERS = re.compile(
    r"https://unpkg\.com/resize-observer-polyfill|https://unpkg\.com/mermaid@\d+/dist/mermaid\.min\.js"
)
_OUTSIDE_IN_TAG = re.compile(
    r"<(?:link|script|img|iframe|source|audio|video|embed|object|a)\b[^>]*?\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.I,
)
_OUTSIDE_IN_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)\s*(?:https?:)?//", re.I)
_CDN_HOSTS = ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "cdnjs.cloudflare")


def test_no_built_file_references_an_outside_host(mixed: Built):
    """The intranet has no internet access: no page, stylesheet or script points outside the site."""
    problems = []
    for path in site_files(mixed.site, ".html", ".css", ".js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(mixed.site).as_posix()
        if name.startswith("assets/javascripts/bundle."):
            text = _DORMANT_THEME_LOADERS.sub("", text)
        if path.suffix == ".html":
            problems += [f"{name}: {m.group(0)[:120]}" for m in _OUTSIDE_IN_TAG.finditer(text)]
        problems += [f"{name}: {m.group(0)}" for m in _OUTSIDE_IN_CSS.finditer(text)]
        problems += [f"{name}: {host}" for host in _CDN_HOSTS if host in text]
    assert problems == []


def test_document_content_cannot_make_the_theme_fetch_a_cdn_script(mixed: Built):
    """Material loads mermaid from unpkg.com for every `pre.mermaid`: a document must not be able to ask for it."""
    body = body_of(mixed.page_html(DIAGRAM))
    assert "Arrivée" in body
    diagram = re.search(r"<pre\b[^>]*\bclass=\"[^\"]*\bmermaid\b[^>]*>", body)
    assert diagram is None, f"{diagram.group(0)} kept on the page: Material fetches https://unpkg.com/mermaid@…"


def test_strict_build_fails_on_an_error_level_finding(tmp_path: Path):
    """`mkdocs build --strict` stops a publication when a document holds an error (REF-MANQUANTE)."""
    project = make_project(tmp_path, {"BAAS/Fiche.md": document(), "BAAS/Sans référence.md": document(None)})
    result = build_site(project, strict=True)
    assert result.returncode != 0
    assert "REF-MANQUANTE" in result.stderr


def test_strict_build_passes_with_only_a_warning_level_finding(tmp_path: Path):
    """A review past due (REVUE-DEPASSEE) is a warning: shown on the page, it does not stop a strict build."""
    overdue = document("PROC-BAAS-002", titre="Procédure à revoir", date_creation="2020-01-01")
    project = make_project(tmp_path, {"BAAS/Fiche.md": document(), "BAAS/A revoir.md": overdue})
    result = build_site(project, strict=True)
    assert result.returncode == 0, result.stderr
    page = (project / "site/documents/proc-baas-002.html").read_text(encoding="utf-8")
    assert "REVUE-DEPASSEE" in page and "qd-findings-warning" in page


def test_references_in_the_text_become_links_but_not_in_code_links_or_headings():
    from macros.site.body import demoted_headings, linked_references

    pages = {"FP-BAAS-001": "documents/fp-baas-001.md", "PROC-BAAS-001": "documents/proc-baas-001.md"}
    html = (
        "<h2>Voir FP-BAAS-001</h2><p>Voir FP-BAAS-001, <code>FP-BAAS-001</code>, <a href='x'>FP-BAAS-001</a>, "
        "PROC-BAAS-001 et FP-BAAS-0019 ou XFP-BAAS-001.</p>"
    )
    linked = linked_references(html, pages, "PROC-BAAS-001", lambda target: target.replace(".md", ".html"))
    assert linked.count('<a class="qd-ref"') == 1
    assert '<p>Voir <a class="qd-ref" href="documents/fp-baas-001.html">FP-BAAS-001</a>,' in linked
    assert demoted_headings("<h1 id='a'>T</h1><h2>S</h2>") == "<h2 id='a'>T</h2><h3>S</h3>"
    assert demoted_headings("<h2>S</h2>") == "<h2>S</h2>"
