"""Fixtures of the browser tests: the example site built once per module, served over HTTP and opened
from file://, in headless Chromium where every request leaving the site is aborted and recorded."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from site_builder import build_site, copy_project

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
FLAGGED_PAGE = "documents/fp-bcr-001.html"
FLAGGED_SOURCE = "DSPAR/BCR/Fiche de poste service civique point numérique.md"
SERIOUS = {"serious", "critical"}

SiteUrl = Callable[[str, str], str]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The repo's real example base, built once into a temporary project (QUALITE_DATE=2026-11-22)."""
    project = copy_project(tmp_path_factory.mktemp("exemple"), with_procedures=True)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="module")
def http_root(site: Path) -> Iterator[str]:
    """The site served by Python's http.server on 127.0.0.1, on a free port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def site_url(site: Path, http_root: str) -> SiteUrl:
    """`site_url("http" | "file", "registre.html")`: the address of a page of the site."""

    def url(origin: str, path: str) -> str:
        return http_root + path if origin == "http" else (site / path).as_uri()

    return url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """Every request that left the site during the test (each was aborted)."""
    return []


@pytest.fixture
def page(browser: Browser, site: Path, http_root: str, outside_requests: list[str]) -> Iterator[Page]:
    """A fresh page where only the site's own URLs load; anything else is aborted and recorded."""
    allowed = (http_root, site.as_uri() + "/")

    def only_the_site(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", only_the_site)
    yield context.new_page()
    context.close()


def search(page: Page, query: str) -> None:
    """Type `query` in Material's search box and wait until the results stop changing."""
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=20)
    expect(page.locator("input.md-search__input")).to_have_value(query)
    page.wait_for_function(
        """() => {
            const list = document.querySelector(".md-search-result__list");
            if (!list || list.children.length === 0) return false;
            const seen = list.innerText;
            if (window.__qdResults !== seen) { window.__qdResults = seen; window.__qdSince = Date.now(); return false; }
            return Date.now() - window.__qdSince > 500;
        }""",
        polling=100,
        timeout=TIMEOUT_MS,
    )


def column_texts(page: Page, table: str, header: str) -> list[str]:
    """Texts of one column, all rows (hidden ones too), in the table's current order."""
    headers = [h.strip() for h in page.locator(f"{table} thead th").all_text_contents()]
    index = headers.index(header) + 1
    return [t.strip() for t in page.locator(f"{table} tbody tr > td:nth-child({index})").all_text_contents()]


def serious_violations(page: Page) -> list[dict]:
    violations = Axe().run(page).response["violations"]
    return [v for v in violations if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
