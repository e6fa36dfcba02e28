"""What an agent waits for, measured in headless Chromium on a built site opened from file://.

- the register: time from opening the page to its first row, and one keystroke of the text filter
  until the next frame is drawn (median of several);
- the header search: time from opening a document page to the first result of a query;
- the assets under `assets/` and `search/` that no page of a tour asked for (the search index in
  Material's JSON is for tools and the next build, the settings in JSON for sites served over HTTP;
  the pieces of the tool's index are loaded by the queries that need them), and how much of the
  index the query loaded.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
KEYSTROKE = """async (text) => {
  const input = document.querySelector("#registre-texte");
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
}"""
FIRST_ROW = "() => document.querySelector('#registre tbody tr') && (window.__first ||= performance.now())"
SERVED_ONLY = {"search/search_index.json", "search/qd/config.json"}
ON_DEMAND = ("search/qd/t/", "search/qd/b/")


def browser_figures(site: Path) -> dict:
    requested: set[str] = set()
    root = site.resolve().as_uri() + "/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda request: requested.add(request.url.removeprefix(root).partition("?")[0]))
        page = context.new_page()
        page.goto(root + "registre.html", wait_until="commit")
        page.wait_for_function(FIRST_ROW, polling="raf", timeout=60_000)
        register_s = page.evaluate("window.__first") / 1000
        page.wait_for_load_state("load")
        keystrokes = [page.evaluate(KEYSTROKE, text) for text in ("p", "pr", "pro", "proc", "", "a", "ac", "")]
        document = sorted((site / "documents").glob("*.html"))[0].name
        page.goto(root + f"documents/{document}", wait_until="commit")
        page.click("input.md-search__input")
        page.keyboard.type("accueil")
        page.wait_for_selector(".md-search-result__item", timeout=60_000)
        search_s = page.evaluate("performance.now()") / 1000
        for tour in ("index.html", "controle.html", "referentiels/index.html", "flash-infos/index.html"):
            page.goto(root + tour, wait_until="load")
        browser.close()
    shipped = {p.relative_to(site).as_posix() for folder in ("assets", "search") for p in (site / folder).rglob("*")}
    unused = sorted(
        p
        for p in shipped
        if (site / p).is_file() and p not in requested and p not in SERVED_ONLY and not p.startswith(ON_DEMAND)
    )
    index_kb = sum((site / p).stat().st_size for p in requested if p.startswith("search/") and (site / p).is_file())
    return {
        "register_s": register_s,
        "register_kb": (site / "registre.html").stat().st_size / 1024,
        "keystroke_ms": statistics.median(keystrokes),
        "search_s": search_s,
        "search_kb": index_kb / 1024,
        "unused": unused,
    }
