"""What an agent meets on the example site, in headless Chromium with the network cut: search that
forgives accents and plurals, a reference found alone, no console error on any page."""

from __future__ import annotations

import re

import pytest
from browser_fixtures import TIMEOUT_MS, SiteUrl
from playwright.sync_api import Page, expect


def result_count(page: Page, query: str) -> int:
    """What the search says it found for `query`, typed in the header search box (0 when nothing)."""
    page.locator("input.md-search__input").fill("")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=10)
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_contain_text("Initialisation", timeout=TIMEOUT_MS)
    page.wait_for_timeout(600)  # the worker answers each keystroke; let the last answer land
    text = meta.inner_text()
    if "Aucun" in text:
        return 0
    found = re.search(r"(\d+) documents? trouvés?", text)
    assert found, text
    return int(found.group(1))


@pytest.mark.parametrize("origin", ["http", "file"])
def test_search_forgives_accents_and_plurals(page: Page, site_url: SiteUrl, outside_requests: list[str], origin):
    page.goto(site_url(origin, "index.html"))
    for plain, written in (("reclamation", "réclamation"), ("etranger", "étrangers"), ("delai", "délais")):
        found = result_count(page, plain)
        assert found > 0 and found == result_count(page, written), (plain, written)
    assert result_count(page, "procedures") == result_count(page, "procédure") >= 10
    assert outside_requests == []


def test_a_reference_query_finds_that_document_first_and_counts_documents(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    page.goto(site_url("http", "index.html"))
    found = result_count(page, "PROC-BAAS-001")
    assert 1 <= found <= 6  # the document and the few that cite it, not every page holding PROC or BAAS
    expect(page.locator(".md-search-result__item").first).to_contain_text("PROC-BAAS-001")
    assert result_count(page, "sous-préfecture") > found  # a hyphenated word still splits
    assert outside_requests == []


@pytest.mark.parametrize("origin", ["http", "file"])
@pytest.mark.parametrize(
    "path",
    ["index.html", "registre.html", "documents/proc-baas-001.html", "flash-infos/index.html", "pilotage/actions.html"],
)
def test_no_console_error_on_any_page(page: Page, site_url: SiteUrl, outside_requests: list[str], origin, path):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url(origin, path))
    expect(page.locator(".md-content h1").first).to_be_visible()
    page.wait_for_timeout(800)  # fetches made after load (sitemap, search index)
    assert errors == []
    assert outside_requests == []


@pytest.mark.parametrize("origin", ["http", "file"])
def test_the_home_page_leads_to_the_register_filtered_and_back_keeps_the_filters(
    page: Page, site_url: SiteUrl, outside_requests: list[str], origin
):
    page.goto(site_url(origin, "index.html"))
    page.locator(".qd-access a", has_text="Fiche de poste").first.click()
    rows = page.locator("#registre tbody tr:visible")
    expect(page.locator("#registre-type")).to_have_value("Fiche de poste")  # the address applied
    expect(page.locator("[data-qd-count]")).to_contain_text("affiché")
    types = {t.strip() for t in rows.locator("td:nth-child(3)").all_inner_texts()}
    assert types == {"Fiche de poste"}
    page.select_option("#registre-service", "DMIN - BAAS")
    kept = rows.count()
    assert 0 < kept < 6 and "service=DMIN%20-%20BAAS" in page.url
    rows.first.locator("a").first.click()
    expect(page.locator(".md-content h1").first).to_be_visible()
    page.go_back()
    expect(page.locator("#registre-type")).to_have_value("Fiche de poste")
    expect(page.locator("#registre-service")).to_have_value("DMIN - BAAS")
    expect(rows).to_have_count(kept)
    assert outside_requests == []


def test_the_register_filter_forgives_accents_and_plurals_and_obsolete_status_shows_obsolete_documents(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    page.goto(site_url("http", "registre.html"))
    rows = page.locator("#registre tbody tr:visible")
    page.fill("#registre-texte", "Procédures étrangers")
    written = rows.count()
    page.fill("#registre-texte", "procedure etranger")
    assert written > 0 and rows.count() == written
    page.fill("#registre-texte", "")
    page.select_option("#registre-statut", "Obsolète")
    expect(rows.first).to_be_visible()
    assert {t.strip() for t in rows.locator("td:nth-child(7)").all_inner_texts()} == {"Obsolète"}
    reference = page.locator("#registre tbody td.qd-ref").first
    assert reference.evaluate("cell => getComputedStyle(cell).whiteSpace") == "nowrap"
    assert outside_requests == []


def test_the_home_search_field_opens_the_search_with_its_words(page: Page, site_url: SiteUrl, outside_requests):
    page.goto(site_url("file", "index.html"))
    page.fill("#qd-home-query", "reclamations")
    page.click(".qd-home-search button")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("input.md-search__input")).to_have_value("reclamations")
    assert outside_requests == []


def test_the_news_page_and_feed_list_revisions(site, page: Page, site_url: SiteUrl, outside_requests):
    page.goto(site_url("http", "nouveautes.html"))
    items = page.locator("ul.qd-news li")
    expect(items.first).to_be_visible()
    texts = items.all_inner_texts()
    assert any("révisé" in text for text in texts) and any("nouveau" in text for text in texts)
    feed = (site / "nouveautes.xml").read_text(encoding="utf-8")
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>') and "<entry>" in feed
    assert outside_requests == []


@pytest.mark.parametrize("width", [1366, 390])
def test_a_document_page_puts_its_text_first_with_one_title_and_links_its_references(
    browser, site_url: SiteUrl, outside_requests: list[str], width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(site_url("file", "documents/proc-baas-001.html"))
    assert page.locator("article h1").count() == 1
    head = page.locator(".qd-doc-head").bounding_box()
    body = page.locator(".qd-body").bounding_box()
    record = page.locator("table.qd-cartouche").bounding_box()
    assert body["y"] < record["y"] and body["y"] < 700, (head, body)
    expect(page.locator(".qd-doc-meta")).to_contain_text("Validé par Chef du BAAS")
    cited = page.locator(".qd-body a.qd-ref", has_text="FP-BAAS-001")
    expect(cited).to_have_attribute("href", "fp-baas-001.html")
    back = page.locator("a", has_text="← Registre des documents")
    expect(back).to_have_count(1)  # once, at the end of the page, after the history
    assert back.bounding_box()["y"] > record["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_a_recent_revision_is_announced_at_the_top(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    page.goto(site_url("http", "documents/proc-baas-002.html"))
    recent = page.locator(".qd-doc-head .qd-recent")
    expect(recent).to_contain_text("Révisé le 05/10/2026, version 3.3")
    expect(recent).to_contain_text("Réponse type pour les demandes de rendez-vous ajoutée")
    page.goto(site_url("http", "documents/proc-baas-003.html"))  # under review: not yet a version in force
    expect(page.locator(".qd-doc-head .qd-draft")).to_contain_text("pas encore validé")
    assert page.locator(".qd-doc-head .qd-recent").count() == 0


PAGE_TYPES = [
    "index.html",
    "nouveautes.html",
    "registre.html",
    "controle.html",
    "referentiels/index.html",
    "referentiels/qep.html",
    "dossier/qep.html",
    "documents/proc-baas-001.html",
    "documents/fp-bcr-001.html",  # flagged
    "documents/proc-baas-004.html",  # replaced
    "pilotage/actions.html",
    "pilotage/calendrier.html",
    "pilotage/grilles.html",
    "documents/grille-acc-arl-2026-s2.html",  # a filled-in grid: its points and score
    "pilotage/audits.html",
    "pilotage/enquetes.html",
    "pilotage/reclamations.html",
    "pilotage/courriers.html",
    "affiches/engagements.html",  # a poster, previewed on screen
    "affiches/enquete-2026.html",
    "indicateurs/index.html",
    "indicateurs/ind-courriels-001.html",
    "bilan/2026.html",
    "flash-infos/index.html",
    "flash-infos/copil-octobre-2026.html",  # a post
    "accessibilite.html",
    "404.html",
]


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_is_accessible_and_fits_at_both_widths(
    browser, site_url, outside_requests, path, width, origin
):
    """axe-core: no serious or critical violation; the page never scrolls sideways; the 404 page is styled."""
    from browser_fixtures import describe, serious_violations

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(site_url(origin, path))
    expect(page.locator(".md-content h1").first).to_be_visible()
    page.evaluate("window.scrollTo(2000, 0)")
    assert page.evaluate("window.scrollX") == 0
    header = page.locator(".md-header").evaluate("element => getComputedStyle(element).backgroundColor")
    assert header == "rgb(0, 0, 145)", header  # the site's styles loaded, 404 included
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    context.close()


def test_the_accessibility_statement_says_what_the_rgaa_requires(page: Page, site_url: SiteUrl, outside_requests):
    page.goto(site_url("file", "index.html"))
    page.locator(".qd-accessibility-link").click()
    statement = page.locator("article")
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        expect(statement.locator("h2", has_text=heading)).to_be_visible()
    expect(statement).to_contain_text("non conforme")
    expect(statement).to_contain_text("pref-qualite@bouches-du-rhone.gouv.fr")
    expect(statement).to_contain_text("Défenseur des droits")
    assert outside_requests == []


def test_french_formatting_throughout_the_site(site):
    """Decimal comma, a no-break space before `%` and after `≥`, real plurals, French labels for codes."""
    # What is read and may wrap: not the head, nor the header's one-line title (an ellipsis, never wrapped).
    tag = re.compile(r"<head>.*?</head>|<header class=\"md-header.*?</header>|<script.*?</script>|<[^>]+>", re.S)
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = tag.sub(" ", path.read_text(encoding="utf-8"))
        for pattern, what in (
            (r"\(s\)", "pluriel en (s)"),
            (r"\d\.\d+\s*%", "point décimal"),
            (r"\d[ \t]%", "espace sécable avant %"),
            (r"[≥≤][ \t]", "espace sécable après ≥ ou ≤"),
            (r"Metadonn", "Métadonnées"),
        ):
            if re.search(pattern, text):
                problems.append(f"{path.relative_to(site)} : {what}")
    assert problems == []
    actions = (site / "pilotage" / "actions.html").read_text(encoding="utf-8")
    assert "<td>reclamation</td>" not in actions and "<td>Réclamation</td>" in actions


@pytest.mark.parametrize("width", [1366, 390])
def test_chart_text_is_at_least_12_px_and_series_are_named_at_their_end(browser, site_url, outside_requests, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(site_url("file", "indicateurs/ind-courriels-001.html"))
    chart = page.locator("svg.qd-chart-svg")
    expect(chart).to_be_visible()
    sizes = chart.locator("text").evaluate_all("texts => texts.map(t => t.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 12, min(sizes)
    expect(chart.locator("text", has_text="Arles").first).to_be_visible()
    region = page.locator(".qd-chart-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    context.close()


def test_the_complaints_register_shows_late_replies_first(page: Page, site_url: SiteUrl, outside_requests):
    page.goto(site_url("http", "pilotage/reclamations.html"))
    rows = page.locator("table.qd-complaints tbody tr")
    classes = [row.get_attribute("class") or "" for row in rows.all()]
    late = [("qd-late" in c) for c in classes]
    assert any(late) and late == sorted(late, reverse=True)  # every late row before every other


def test_every_control_of_the_register_shows_keyboard_focus(page: Page, site_url: SiteUrl, outside_requests):
    page.goto(site_url("http", "registre.html"))
    for selector in ("#registre-texte", "#registre-type", ".qd-filters input[type=checkbox]", ".qd-table-wrap"):
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached with the keyboard, so that :focus-visible applies
        outline = page.locator(selector).first.evaluate(
            "element => [getComputedStyle(element).outlineStyle, getComputedStyle(element).outlineWidth]"
        )
        assert outline[0] != "none" and outline[1] != "0px", (selector, outline)
