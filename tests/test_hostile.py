"""A hostile copy of the example base built into a real site: nothing runs, nothing leaks, nothing aborts.

Every value of every header, CSV file, referential, setting, flash-info and author carries markup
(`tests/hostile_project.py`); the built site is read with an HTML parser (`tests/html_safety.py`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_project import MARK, PAYLOADS, make_hostile_project
from html_safety import unsafe_html, unsafe_in_site
from site_builder import REFERENCE_DATE, build_site

from macros.control import run_control
from macros.site.search_shards import fold

# The surnames, numbers and addresses planted in PROC-HOST-001, in the CSV files and in the posts.
PLANTED = ("DURAND", "Lefort", "Martin", "Bernard", "Petit", "Villeneuve", "Aubigné", "Moreau", "Lambert")
PLANTED += ("12 34 56 78", "dupont", "curie", "Garnier")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "projet")
    result = build_site(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


@pytest.fixture(scope="module")
def hostile_run(hostile: Path):
    import datetime as dt

    return run_control(
        hostile / "procedures",
        hostile / "referentiels",
        hostile / "qualite.yml",
        dt.date.fromisoformat(REFERENCE_DATE),
        blog=(hostile / "docs", "flash-infos"),
    )


def site_files(project: Path) -> list[Path]:
    return [path for path in (project / "site").rglob("*") if path.is_file()]


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_no_page_search_entry_or_feed_holds_active_markup_from_content(hostile):
    assert unsafe_in_site(hostile / "site", MARK) == []


def test_the_scanner_itself_sees_each_kind_of_active_markup():
    found = unsafe_html(
        f'<script>{MARK}()</script><img src=x onerror="{MARK}()"><a href="javascript:{MARK}()">x</a>'
        f'<iframe src="data:text/html,{MARK}"></iframe>',
        "essai",
        MARK,
    )
    assert len(found) >= 4


class _Titles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.titles, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "title"

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.titles.append(data)


def test_hostile_titles_are_shown_as_text_in_the_page_title(hostile):
    page = hostile / "site" / "referentiels" / "qep.html"
    parser = _Titles()
    parser.feed(text_of(page))
    (title,) = parser.titles
    assert PAYLOADS[0] in title  # escaped, so the parser reads the payload back as plain text


def test_nothing_outside_the_base_is_published(hostile):
    assert not [p for p in site_files(hostile) if "qdxss-secret" in text_of(p)]
    names = {p.relative_to(hostile / "site").as_posix() for p in site_files(hostile)}
    assert not [n for n in names if n.startswith("fichiers/Liens/") or "secret" in n or "fuite" in n]


def test_each_symbolic_link_is_a_finding_and_never_a_document(hostile_run):
    links = {f.path for f in hostile_run.findings if f.code == "LIEN-SYMBOLIQUE" and f.path.startswith("Liens/")}
    expected = {"secret.md", "secret.pdf", "valeurs.csv", "dossier-lie", "boucle-a.pdf", "boucle-b.pdf"}
    expected |= {"pendant.pdf", "pendant.md"}
    assert links == {f"Liens/{name}" for name in expected}
    assert not [d for d in hostile_run.base.documents if d.path.startswith("Liens/")]
    assert not [a for a in hostile_run.base.attachments if a.startswith("Liens/")]


def test_resource_bombs_are_findings_and_pages(hostile, hostile_run):
    by_file = {}
    for finding in hostile_run.findings:
        by_file.setdefault(finding.path, set()).add(finding.code)
    assert "YAML-INVALIDE" in by_file["Hostile/Bombes/milliard-de-rires.md"]
    for name in ("crochets", "liens", "tirets", "liste-300-niveaux", "citations", "long", "enorme", "liste-imbriquee"):
        assert "CORPS-TROP-COMPLEXE" in by_file[f"Hostile/Bombes/{name}.md"], name
    page = next((hostile / "site" / "documents" / "sans-reference").glob("hostile-bombes-crochets*.html"))
    plain = text_of(page).split('<pre class="qd-plain">', 1)[1]
    assert plain.startswith("# Crochets") and "[" * 100_000 in plain


def test_a_post_with_an_unreadable_date_is_left_out_and_reported(hostile, hostile_run):
    findings = {(f.path, f.code) for f in hostile_run.findings}
    assert ("docs/flash-infos/posts/2026-11-date-cassee.md", "FLASH-INFO-INVALIDE") in findings
    assert ("docs/flash-infos/posts/2026-11-yaml-casse.md", "FLASH-INFO-INVALIDE") in findings
    pages = " ".join(text_of(p) for p in (hostile / "site" / "flash-infos").rglob("*.html"))
    assert "Date illisible" not in pages and "En-tête cassé" not in pages
    assert "Date à la française" in pages  # JJ/MM/AAAA is a date: published


def test_an_unknown_author_is_dropped_with_a_finding(hostile, hostile_run):
    assert ("docs/flash-infos/posts/2026-11-auteur-inconnu.md", "FLASH-INFO-AUTEUR") in {
        (f.path, f.code) for f in hostile_run.findings
    }
    assert "Auteur inconnu" in text_of(hostile / "site" / "flash-infos" / "index.html")


def test_the_author_name_from_authors_yml_is_text(hostile):
    page = next(p for p in (hostile / "site" / "flash-infos").glob("*.html") if "audit" in p.name)
    assert "La responsable &lt;img src=x onerror=&quot;qdxss(2)&quot;&gt;" in text_of(page)
    assert unsafe_html(text_of(page), page.name, MARK) == []


def _formula_cells(text: str, delimiter: str) -> list[str]:
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    plain_number = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s*%?")
    return [c for c in cells if re.match(r"[\t\r]*[=+\-@]", c) and not plain_number.fullmatch(c)]


def test_csv_exports_neutralise_formulas(hostile):
    register = text_of(hostile / "site" / "registre.csv").lstrip("\ufeff")
    assert _formula_cells(register, ";") == []
    assert "'=HYPERLINK" in register and "'+1+1" in register  # kept as text, prefixed
    for published in (hostile / "site" / "fichiers").rglob("*.csv"):
        text = text_of(published)
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        assert _formula_cells(text, delimiter) == [], published


def test_no_planted_personal_data_reaches_any_file_or_address_of_the_site(hostile):
    leaks = []
    for path in site_files(hostile):
        if path.suffix in {".map"} or "assets" in path.parts:
            continue  # the theme's own scripts and their source maps
        text = text_of(path)
        relative = path.relative_to(hostile / "site").as_posix()
        leaks += [(relative, word) for word in PLANTED if word in text or word in relative]
    assert leaks == []


def test_every_planted_item_is_a_finding(hostile_run):
    body = [f for f in hostile_run.findings if f.path == "Hostile/PROC-HOST-001.md" and f.code == "DONNEE-PERSONNELLE"]
    assert len(body) == 11
    names = {f.path for f in hostile_run.findings if f.code == "DONNEE-PERSONNELLE" and f.line is None}
    assert {"Hostile/Mme Durand - compte rendu.md", "Hostile/M. Lefort 06 12 34 56 78.pdf"} <= names


def test_a_file_named_after_a_person_gets_a_neutral_address(hostile):
    pdf = list((hostile / "site" / "fichiers").glob("piece-*.pdf"))
    assert len(pdf) == 1
    page = next((hostile / "site" / "documents").glob("enr-host-002.html"))
    assert pdf[0].name in text_of(page)


def test_an_indicator_csv_holding_personal_data_is_not_published(hostile, hostile_run):
    private = hostile_run.indicators.private_sources
    assert private
    for path in private:
        assert not (hostile / "site" / "fichiers" / path).exists()


def test_search_index_holds_no_planted_data(hostile):
    index = json.loads(text_of(hostile / "site" / "search" / "search_index.json"))
    text = json.dumps(index, ensure_ascii=False)
    assert not [word for word in PLANTED if word in text]
    pieces = sorted((hostile / "site" / "search" / "qd").rglob("*.js"))  # what the browser's search loads
    assert len(pieces) > 3
    text = "".join(text_of(piece) for piece in pieces)
    assert not [word for word in PLANTED if word in text or fold(word) in text]  # the index words are folded


def test_files_beside_the_posts_that_would_run_or_lead_outside_are_left_out(hostile, hostile_run):
    published = {p.name for p in (hostile / "site" / "flash-infos").rglob("*")}
    assert not {"piege.html", "piege.svg", "secret.txt"} & published
    reported = {(f.path.rsplit("/", 1)[-1], f.code) for f in hostile_run.findings}
    assert {
        ("piege.html", "PIECE-ACTIVE"),
        ("piege.svg", "PIECE-ACTIVE"),
        ("secret.txt", "LIEN-SYMBOLIQUE"),
    } <= reported


def test_an_avatar_from_another_server_is_never_loaded(hostile):
    assert not [p for p in site_files(hostile) if "evil.example" in text_of(p)]


def test_numbers_and_dates_at_the_edge_of_the_calendar_are_findings(hostile_run):
    found = {(f.path.rsplit("/", 1)[-1], f.code) for f in hostile_run.findings}
    assert ("PROC-HOST-009.md", "DATE-FUTURE") in found and ("PROC-HOST-009.md", "VALEUR-INVALIDE") in found
    assert ("ENR-RECLA-2026.csv", "RECLAMATION-INVALIDE") in found
    assert ("IND-ATTENTE-001.csv", "IND-VALEUR-INVALIDE") in found


def test_markdown_written_into_values_never_becomes_a_link_or_an_attribute(hostile):
    for name in ("referentiels/qep.html", "dossier/qep.html", "pilotage/enquetes.html"):
        page = text_of(hostile / "site" / name)
        assert "onfocus=" not in page.replace("onfocus=qdxss", ""), name  # the text may say it, no tag holds it
        assert unsafe_html(page, name, MARK) == []


def test_spreadsheet_cells_split_on_the_other_separator_never_start_a_formula():
    from macros.csv_data import spreadsheet_safe

    for written in ("x,=2+3,y", "a;@SUM(1+1)", "titre\t=1+1"):
        cell = spreadsheet_safe(written)
        assert not re.search(r"[,;\t][ \"]*[=+\-@]", cell) and not re.match(r"[=+\-@]", cell), cell
    assert spreadsheet_safe("-5") == "-5" and spreadsheet_safe("1,-5") == "1,-5"


def test_the_mail_tracking_table_and_the_posters_were_attacked_and_show_text(hostile):
    site = hostile / "site"
    mail = text_of(site / "pilotage" / "courriers.html")
    assert MARK in mail and "&lt;img src=x onerror=" in mail  # the planted row is there, as text
    poster = text_of(site / "affiches" / "engagements.html")
    assert MARK in poster and "&lt;svg onload=" in poster
    assert [p.name for p in (site / "dossier").glob("qep-site-*.html")]  # the planted site has its file


def test_the_public_edition_of_a_hostile_base_holds_no_active_markup_nor_personal_data(hostile):
    import subprocess
    import sys

    from site_builder import build_env

    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "publique"],
        cwd=hostile, env=build_env(), capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    public = hostile / "site-public"
    assert unsafe_in_site(public, MARK) == []
    leaks = [(p.name, w) for p in public.rglob("*.html") for w in PLANTED if w in text_of(p)]
    assert leaks == []
