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
