"""Print each auditor's file of a built site to PDF with headless Chromium: `python -m macros.pdf_export site/`.

The page is opened from the disk, as on the network share, and nothing outside the site may load:
any other request is aborted and reported, so that a PDF never depends on the network. A4, page
numbers in the footer; the print style sheet of the site does the rest.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from macros.french import plural

DOSSIER_DIR = "dossier"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
TIMEOUT_MS = 60_000
FOOTER = (
    '<div style="width:100%;font-size:8px;font-family:sans-serif;text-align:center;color:#000">'
    '<span class="title"></span> — page <span class="pageNumber"></span> sur <span class="totalPages"></span></div>'
)
MARGINS = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass(frozen=True)
class ExportedPdf:
    path: Path
    pages: int
    blocked: tuple[str, ...]  # requests that tried to leave the site, all aborted


def dossier_pages(site_dir: Path) -> list[Path]:
    """The auditor's files of a built site (`dossier/qep.html`...), without their index."""
    return sorted(p for p in (Path(site_dir) / DOSSIER_DIR).glob("*.html") if p.name != "index.html")


def page_count(pdf: bytes) -> int:
    """Page objects of a PDF as Chromium writes it (no compressed object streams)."""
    return len(_PAGE_OBJECT.findall(pdf))


def export_dossiers(site_dir: Path, chromium: str = CHROMIUM) -> list[ExportedPdf]:
    """Write `<page>.pdf` beside each auditor's file; raises `FileNotFoundError` when there is none."""
    from playwright.sync_api import sync_playwright  # a development dependency: imported only to print

    site_dir = Path(site_dir).resolve()
    pages = dossier_pages(site_dir)
    if not pages:
        raise FileNotFoundError(f"aucun dossier d'audit dans {site_dir / DOSSIER_DIR} : construisez d'abord le site")
    exported = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for html in pages:
                exported.append(_export(browser, site_dir, html))
        finally:
            browser.close()
    return exported


def _export(browser, site_dir: Path, html: Path) -> ExportedPdf:
    blocked: list[str] = []
    allowed = site_dir.as_uri() + "/"

    def only_the_site(route) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context(locale="fr-FR")
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", only_the_site)
        page = context.new_page()
        page.goto(html.as_uri(), wait_until="load")
        target = html.with_suffix(".pdf")
        pdf = page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            margin=MARGINS,
        )
    finally:
        context.close()
    return ExportedPdf(target, page_count(pdf), tuple(blocked))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage : python -m macros.pdf_export DOSSIER_DU_SITE   (par exemple site/)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        exported = export_dossiers(Path(args[0]))
    except FileNotFoundError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    for item in exported:
        print(f"{item.path} : {plural(item.pages, 'page')}")
        for url in item.blocked:
            print(f"  requête vers l'extérieur bloquée : {url}", file=sys.stderr)
    print(f"{plural(len(exported), 'dossier')} en {time.perf_counter() - start:.1f} s")
    return 1 if any(item.blocked for item in exported) else 0


if __name__ == "__main__":
    sys.exit(main())
