"""The site of the repo's example base in headless Chromium, over HTTP and from file://, with no outside request."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_fixtures import (
    FLAGGED_PAGE,
    FLAGGED_SOURCE,
    TIMEOUT_MS,
    SiteUrl,
    column_texts,
    describe,
    search,
    serious_violations,
)
from playwright.sync_api import Page, expect


@pytest.mark.parametrize("origin", ["http", "file"])
def test_search_for_a_reference_lists_its_document_first(
    page: Page, site_url: SiteUrl, outside_requests: list[str], origin: str
):
    """Typing PROC-BAAS-001 in the search box finds its document first, served or opened from a share."""
    page.goto(site_url(origin, "index.html"))
    search(page, "PROC-BAAS-001")
    first = page.locator(".md-search-result__item").first
    expect(first).to_contain_text("PROC-BAAS-001", timeout=TIMEOUT_MS)
    href = first.locator("a").first.get_attribute("href")  # with `?h=...` for search.highlight
    assert urlsplit(href).path.endswith("/documents/proc-baas-001.html"), href
    assert outside_requests == []


def test_register_sorts_by_reference_both_ways(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """A click on "Référence" sorts the register ascending, a second click descending."""
    page.goto(site_url("http", "registre.html"))
    header = page.locator("#registre thead th", has_text="Référence")
    unsorted = column_texts(page, "#registre", "Référence")  # in file order
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    ascending = column_texts(page, "#registre", "Référence")
    assert len(set(ascending)) > 10
    assert ascending == sorted(ascending, key=str.casefold) != unsorted
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    descending = column_texts(page, "#registre", "Référence")
    assert descending == sorted(descending, key=str.casefold, reverse=True)
    assert outside_requests == []


def test_register_type_filter_keeps_only_that_type(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """Choosing "Fiche de poste" in the Type filter leaves only rows of that type visible."""
    page.goto(site_url("http", "registre.html"))
    visible_rows = page.locator("#registre tbody tr:visible")
    expect(visible_rows.first).to_be_visible()
    types_before = set(column_texts(page, "#registre", "Type"))
    assert "Fiche de poste" in types_before and len(types_before) > 1
    page.select_option("#registre-type", "Fiche de poste")
    type_index = [h.strip() for h in page.locator("#registre thead th").all_text_contents()].index("Type") + 1
    expect(page.locator(f"#registre tbody tr:visible > td:nth-child({type_index})").first).to_have_text(
        "Fiche de poste"
    )
    shown = [
        t.strip() for t in page.locator(f"#registre tbody tr:visible > td:nth-child({type_index})").all_inner_texts()
    ]
    assert shown and set(shown) == {"Fiche de poste"}
    expect(page.locator("[data-qd-count]")).to_contain_text(f"{len(shown)} documents affichés")
    assert outside_requests == []


def test_flagged_document_page_shows_its_findings_in_red(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """FP-BCR-001 has no creation date: its page shows DATE-MANQUANTE with a red error badge."""
    page.goto(site_url("http", FLAGGED_PAGE))
    expect(page.locator("table.qd-cartouche")).to_contain_text(FLAGGED_SOURCE)
    findings = page.locator(".qd-findings")
    expect(findings).to_be_visible()
    expect(findings).to_contain_text("DATE-MANQUANTE")
    badge = findings.locator(".qd-badge.qd-error").first
    expect(badge).to_be_visible()
    colour = badge.evaluate("element => getComputedStyle(element).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", colour)[:3])
    assert red >= 150 and green <= 90 and blue <= 90, colour
    assert outside_requests == []


def test_navigation_from_file_reaches_the_register(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """Opened from a share (file://), the navigation's "Registre des documents" link opens the register."""
    page.goto(site_url("file", "index.html"))
    page.locator(".md-nav a", has_text="Registre des documents").first.click()
    page.wait_for_url(re.compile(r"^file://.*/registre\.html$"))
    expect(page.locator("#registre")).to_be_visible()
    expect(page.locator("#registre tbody tr").first).to_be_visible()
    assert outside_requests == []


def test_printed_document_keeps_the_cartouche_without_site_chrome(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    """On paper a document shows its cartouche; the header and the navigation are hidden."""
    page.goto(site_url("http", "documents/proc-baas-001.html"))
    expect(page.locator(".md-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("table.qd-cartouche")).to_be_visible()
    for selector in (".md-header", ".md-sidebar--primary"):
        expect(page.locator(selector)).to_be_hidden()
        assert page.locator(selector).evaluate("element => getComputedStyle(element).display") == "none"
    assert outside_requests == []


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "registre.html",
        "controle.html",
        "referentiels/qep.html",
        "dossier/qep.html",
        FLAGGED_PAGE,
        "documents/proc-baas-001.html",  # version history table
        "documents/proc-baas-004.html",  # "remplacé par" banner with its link
        "pilotage/actions.html",
        "pilotage/audits.html",
        "pilotage/reclamations.html",
        "bilan/2025.html",
        "indicateurs/index.html",
        "indicateurs/ind-courriels-001.html",
        "flash-infos/index.html",
    ],
)
def test_page_has_no_serious_accessibility_violation(
    page: Page, site_url: SiteUrl, outside_requests: list[str], path: str
):
    """axe-core finds no serious or critical violation on the main pages and a flagged document."""
    page.goto(site_url("http", path))
    expect(page.locator(".md-content h1").first).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    assert outside_requests == []


def test_open_search_dialog_has_no_serious_accessibility_violation(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    """axe-core checks the search dialog too, open with results."""
    page.goto(site_url("http", "index.html"))
    search(page, "accueil")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    assert outside_requests == []


def test_yearly_review_opens_from_disk_with_its_sections(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """The 2026 review, opened from file:// with the network cut, shows every section and the overdue actions."""
    page.goto(site_url("file", "bilan/2026.html"))
    expect(page.locator("article h1").first).to_contain_text("Bilan qualité 2026")
    headings = page.locator("article h2").all_inner_texts()
    for section in (
        "Indicateurs",
        "Enquêtes de satisfaction",
        "Réclamations et suggestions",
        "Audits",
        "Actions d'amélioration",
    ):
        assert any(h.startswith(section) for h in headings), headings
    expect(page.locator("tr.qd-late").first).to_be_visible()
    assert outside_requests == []


def test_home_page_lists_the_latest_flash_infos(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """The home page shows the newest flash-info first, and its link opens the post."""
    page.goto(site_url("file", "index.html"))
    first = page.locator(".qd-posts li a").first
    expect(first).to_contain_text("COPIL")
    first.click()
    expect(page.locator("article h1").first).to_contain_text("COPIL qualité d'octobre 2026")
    assert outside_requests == []


def test_complaints_page_from_disk_shows_late_replies_first_and_no_personal_data(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    """The complaints page opened from file://: the year's synthesis, a late reply marked in words, masks."""
    page.goto(site_url("file", "pilotage/reclamations.html"))
    expect(page.locator(".qd-complaints-synthesis tbody tr").first).to_contain_text("2026")
    late = page.locator(".qd-complaints tr.qd-late").first
    expect(late).to_be_visible()
    expect(late).to_contain_text("hors délai")
    expect(page.locator(".qd-complaints")).to_contain_text("[nom masqué]")
    assert outside_requests == []


def test_indicator_page_opens_from_disk_with_its_chart_and_no_outside_request(
    page: Page, site_url: SiteUrl, outside_requests: list[str]
):
    """From the overview, opened from file:// with the network cut, an indicator's page shows its drawn chart."""
    page.goto(site_url("file", "indicateurs/index.html"))
    overview = page.locator("table.qd-indicators")
    expect(overview).to_contain_text("IND-COURRIELS-001")
    expect(overview.locator(".qd-badge", has_text="non atteint").first).to_be_visible()
    overview.locator("a", has_text="IND-COURRIELS-001").first.click()
    page.wait_for_url(re.compile(r"^file://.*/indicateurs/ind-courriels-001\.html$"))
    chart = page.locator("svg.qd-chart-svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150, box
    assert chart.locator("polyline").count() >= 4  # the four sites, each broken by its missing months
    missed = page.locator("table.qd-indicator-values td.qd-gap").first
    expect(missed).to_be_visible()
    expect(missed).to_contain_text("cible non atteinte")
    missing = page.locator("table.qd-indicator-values td.qd-missing").first
    expect(missing).to_contain_text("manquant")
    expect(missing).to_have_text(re.compile("^—"))
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    assert outside_requests == []


def test_register_site_filter_keeps_documents_for_all_sites(page: Page, site_url: SiteUrl, outside_requests: list[str]):
    """« Tous sites » counts for each site: choosing Istres keeps Istres's documents and those for all sites."""
    page.goto(site_url("http", "registre.html"))
    expect(page.locator("#registre tbody tr:visible").first).to_be_visible()
    options = page.locator("#registre-site option").all_inner_texts()
    assert "Tous sites" not in options and "Sous-préfecture d'Istres" in options
    page.select_option("#registre-site", "Sous-préfecture d'Istres")
    site_index = [h.strip() for h in page.locator("#registre thead th").all_text_contents()].index("Site") + 1
    shown = {
        t.strip() for t in page.locator(f"#registre tbody tr:visible > td:nth-child({site_index})").all_inner_texts()
    }
    assert shown == {"Sous-préfecture d'Istres", "Tous sites"}
    assert outside_requests == []
