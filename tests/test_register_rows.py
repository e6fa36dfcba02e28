"""The register written by the browser from its data: every row, values as text, filters and sort."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_fixtures import column_texts
from playwright.sync_api import Page, expect
from site_builder import build_site, make_project
from test_site_build import document

HOSTILE_TITLE = '<img src=x onerror="document.title=1">Titre piégé & « guillemets »'
COUNT = 260  # more than a page of rows: the others come when asked for
PAGE_ROWS = 60


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    documents = {
        f"BAAS/doc {i:03d}.md": document(
            f"PROC-BAAS-{i:03d}", titre=f"Procédure numéro {i}", date_creation=f"20{10 + i % 15}-01-01"
        )
        for i in range(1, COUNT)
    }
    documents["BAAS/piege.md"] = document("PROC-BAAS-999", titre=f"'{HOSTILE_TITLE}'")
    project = make_project(tmp_path_factory.mktemp("registre"), documents)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_every_row_is_written_from_the_data_with_its_values_as_text(page: Page, site: Path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((site / "registre.html").as_uri())
    expect(page.locator("[data-qd-count]")).to_have_text(f"{COUNT} documents affichés sur {COUNT}")
    expect(page.locator("#registre tbody tr")).to_have_count(PAGE_ROWS)  # a page of rows at a time
    more = page.get_by_role("button", name="documents de plus")
    expect(more).to_have_text(f"Afficher {PAGE_ROWS} documents de plus ({COUNT - PAGE_ROWS} restants)")
    while more.is_visible():
        more.click()
    expect(page.locator("#registre tbody tr")).to_have_count(COUNT)
    row = page.locator("#registre tbody tr", has_text="PROC-BAAS-999")
    expect(row.locator("td").nth(1)).to_have_text(HOSTILE_TITLE)
    assert page.locator("#registre tbody img").count() == 0
    assert page.title() != "1" and dialogs == []
    link = row.locator("a").first
    assert link.get_attribute("href") == "documents/proc-baas-999.html"


def test_a_text_filter_and_a_sort_are_kept_in_the_address(page: Page, site: Path):
    page.goto((site / "registre.html").as_uri())
    page.fill("#registre-texte", "numero 237")
    expect(page.locator("[data-qd-count]")).to_have_text(f"1 document affiché sur {COUNT}")
    page.fill("#registre-texte", "")
    header = page.locator("#registre thead th", has_text="Date de création")
    header.click()
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert "tri=8-desc" in page.url
    dates = column_texts(page, "#registre", "Date de création")
    years = [int(date[-4:]) for date in dates]
    assert years[:2] == [2025, 2024] and years == sorted(years, reverse=True)
    page.reload()
    expect(page.locator("#registre thead th", has_text="Date de création")).to_have_attribute("aria-sort", "descending")
