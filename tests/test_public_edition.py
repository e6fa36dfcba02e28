"""The public edition (`build --edition publique`): only what is meant for the internet site, no page
of the intranet, no finding, no link to what it leaves out; and the posters, printed as A4 sheets."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_fixtures import CHROMIUM, CHROMIUM_ARGS, describe, serious_violations
from playwright.sync_api import sync_playwright
from site_builder import REFERENCE_DATE, REPO, build_env, copy_project

from macros.config import load_configuration
from macros.control import run_control
from macros.referentials import in_scope, load_referentials
from macros.rule_codes import RULE_CODES

AGENT_ONLY = "PROC-QUAL-001"  # the complaints procedure, `public: agents`


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = copy_project(tmp_path_factory.mktemp("publique"), with_procedures=True)
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "publique"],
        cwd=project, env=build_env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not (project / "site").exists()  # never over the intranet
    return project / "site-public", result


def public_documents() -> set[str]:
    run = run_control(
        REPO / "procedures", REPO / "referentiels", REPO / "qualite.yml", dt.date.fromisoformat(REFERENCE_DATE)
    )
    return {
        d.reference
        for d in run.base.documents
        if d.public == "usagers" and d.statut == "valide" and not run.base.is_obsolete(d)
    }


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_only_the_public_part_is_built(public):
    site, _ = public
    pages = html_pages(site)
    intranet = ["registre.html", "controle.html", "nouveautes.html", "dossier/index.html", "referentiels/qep.html"]
    intranet += ["pilotage/reclamations.html", "pilotage/courriers.html", "indicateurs/index.html", "bilan/2026.html"]
    assert not [page for page in [*intranet, "flash-infos/index.html"] if page in pages]
    for own in ("index.html", "engagements.html", "enquete.html", "bilans.html", "documents-usagers.html",
                "affiches/engagements.html", "affiches/enquete-2026.html", "accessibilite.html"):  # fmt: skip
        assert own in pages
    assert not list(site.rglob("*.csv")) and not list(site.rglob("*.ics")) and not (site / "flash-infos").exists()


def test_documents_are_the_public_ones_and_a_public_one_in_error_is_held_back(public):
    site, result = public
    published = {re.search(r'<p class="qd-reference">([^<]+)</p>', html)[1]
                 for path, html in html_pages(site).items() if path.startswith("documents/")}  # fmt: skip
    # GUIDE-ACC-001 is public but joins a poster PDF without reference nor date (PIECE-SANS-*), and the
    # reception guide for foreigners has no reference (REF-MANQUANTE): both are held back, and said so.
    assert published == public_documents() - {"GUIDE-ACC-001", None}
    assert "GUIDE-ACC-001 n'est pas publié" in result.stderr and "PIECE-SANS-REFERENCE" in result.stderr
    assert "Guide d'accueil des usagers étrangers.md n'est pas publié" in result.stderr


def test_nothing_of_the_intranet_shows_nor_is_linked(public):
    site, _ = public
    every = "".join(html_pages(site).values()) + (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert AGENT_ONLY not in every
    codes = [r.code for r in RULE_CODES]
    assert not [code for code in codes if code in every]
    assert "Constat" not in every and "constat" not in every
    assert 'href="#lien-casse"' not in every  # a link to an agents' document is text here
    for path, html in html_pages(site).items():
        for target in re.findall(r'href="([^"#?]+)', html):
            if "://" in target or target.startswith(("mailto:", "tel:")):
                continue
            resolved = (site / path).parent / target
            assert resolved.exists(), f"{path} → {target}"


def test_the_engagements_and_the_latest_survey_are_there(public):
    site, _ = public
    config = load_configuration(REPO / "qualite.yml")
    (qep,) = in_scope(load_referentials(REPO / "referentiels"), config.perimetre)
    engagements = (site / "engagements.html").read_text(encoding="utf-8")
    assert all(e.titre.replace("'", "&#x27;") in engagements for e in qep.engagements)
    survey = (site / "enquete.html").read_text(encoding="utf-8")
    assert "enquête 2026 :" in survey and "Courtoisie des agents" in survey


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(
    "path", ["index.html", "engagements.html", "documents-usagers.html", "documents/guide-fly-001.html"]
)
def test_public_pages_are_accessible_at_both_widths(public, path, width):
    site, _ = public
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="fr-FR")
        page.goto((site / path).as_uri())
        page.evaluate("window.scrollTo(2000, 0)")
        assert page.evaluate("window.scrollX") == 0
        violations = serious_violations(page)
        browser.close()
    assert violations == [], describe(violations)


def printed(site: Path, path: str) -> tuple[list[str], list[float]]:
    """The text of each printed A4 sheet, and the font size in points of the poster's items on paper."""
    import io

    from pypdf import PdfReader

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / path).as_uri())
        page.emulate_media(media="print")
        sizes = page.eval_on_selector_all(
            ".qd-poster-list li, .qd-poster-theme", "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))"
        )
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        browser.close()
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages], [px * 0.75 for px in sizes]


def test_the_engagements_poster_prints_one_sheet_per_part_in_large_type(public):
    site, _ = public
    sheets, sizes = printed(site, "affiches/engagements.html")
    count = len(sheets)
    assert count >= 3  # twenty engagements do not fit one sheet at this size
    for index, text in enumerate(sheets, 1):
        assert f"feuille {index} sur {count}" in text  # nothing overflows onto a sheet of its own
        assert "Nos engagements de qualité" in text
    assert sizes and round(min(sizes), 1) >= 22
    numbers = re.findall(r"^(\d+) ", "\n".join(sheets), re.MULTILINE)
    assert [int(n) for n in numbers] == list(range(1, 21))


def test_the_survey_poster_is_one_sheet_with_every_theme(public):
    site, _ = public
    sheets, sizes = printed(site, "affiches/enquete-2026.html")
    assert len(sheets) == 1 and round(min(sizes), 1) >= 22
    assert "95 %" in sheets[0] and "Courtoisie des agents" in sheets[0] and "Satisfaction globale" in sheets[0]


def test_links_to_what_the_edition_leaves_out_become_text(tmp_path):
    from site_builder import make_project

    header = "---\nreference: {ref}\ntitre: {title}\ntype: procedure\ndate_creation: 2026-03-02\n"
    header += "statut: valide\n{extra}---\n"
    project = make_project(
        tmp_path,
        {
            "flyer.md": header.format(
                ref="FLY-ACC-001",
                title="Horaires",
                extra="public: usagers\nredacteur: Martine Durand\nvalideur: Jacques Martin\n"
                "date_validation: 2026-03-03\n",
            )  # fmt: skip
            + "Voir la [procédure interne](interne.md), la PROC-ACC-001 et le [guide](guide.md).\n",
            "guide.md": header.format(ref="GUIDE-ACC-009", title="Guide", extra="public: usagers\n"),
            "interne.md": header.format(ref="PROC-ACC-001", title="Interne", extra=""),
        },
    )
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "publique"],
        cwd=project, env=build_env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = (project / "site-public" / "documents" / "fly-acc-001.html").read_text(encoding="utf-8")
    body = page.split('class="qd-doc-body"')[1] if 'class="qd-doc-body"' in page else page
    assert "<span>procédure interne</span>" in body and 'href="#lien-casse"' not in page
    assert 'href="guide-acc-009.html"' in body  # a public document stays a link
    assert not (project / "site-public" / "documents" / "proc-acc-001.html").exists()
    # Who wrote and validated is the agents' business, and names are personal data: not on the internet.
    every = "".join(p.read_text(encoding="utf-8") for p in (project / "site-public").rglob("*.html"))
    assert "Durand" not in every and "Jacques Martin" not in every and "Validé le 03/03/2026" in page


def test_posters_with_long_texts_never_overflow_nor_shrink(tmp_path):
    from site_builder import build_site, make_project

    themes = "".join(
        f"  - {{theme: Thème numéro {i} dont l'intitulé est vraiment très long comme dans un vrai "
        f"questionnaire, taux: {60 + i}}}\n"
        for i in range(15)
    )
    survey = (
        "---\nreference: ENQ-2026-09\ntitre: Enquête\ntype: enquete-satisfaction\ndate_creation: 2026-06-12\n"
        f"statut: valide\npublic: usagers\ndate_enquete: 2026-05-29\nseuil: 75\nthemes:\n{themes}---\n"
    )
    project = make_project(tmp_path, {"enquete.md": survey})
    referential = project / "referentiels" / "qual-e-pref.yml"
    text = referential.read_text(encoding="utf-8")
    long_word = "https://www.bouches-du-rhone.gouv.fr/Demarches-administratives/Titres-de-sejour/Prendre-rendez-vous"
    referential.write_text(text.replace("À votre écoute pour progresser", f"À votre écoute : {long_word}"), "utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    for path in ("affiches/enquete-2026.html", "affiches/engagements.html"):
        sheets, sizes = printed(project / "site", path)
        count = len(sheets)
        assert all(f"feuille {i} sur {count}" in text or count == 1 for i, text in enumerate(sheets, 1)), path
        assert round(min(sizes), 1) >= 22, path
        with sync_playwright() as playwright:  # the browser never shrinks the sheet to fit a long word
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto((project / "site" / path).as_uri())
            page.emulate_media(media="print")
            overflow = page.eval_on_selector_all(
                ".qd-poster-sheet",
                "nodes => nodes.filter(n => n.scrollWidth > n.clientWidth + 1"
                " || n.scrollHeight > n.clientHeight + 1).length",
            )
            browser.close()
        assert overflow == 0, path
