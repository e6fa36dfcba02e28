"""What comes out of the printer: the example site printed by headless Chromium, read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

BROKEN_CODE = re.compile(r"\b[A-Z][A-Z0-9]*-\n[A-Z0-9]+|\b[A-Z]{4,}\n[A-Z]{2,}\b")


@pytest.fixture
def printed(browser, site_url):
    """`printed(path)` → the text of each printed page, and each page's (width, height) in points."""
    context = browser.new_context(locale="fr-FR")

    def print_page(path: str) -> tuple[list[str], list[tuple[int, int]]]:
        page = context.new_page()
        page.goto(site_url("file", path))
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        page.close()
        sizes = [(int(p.mediabox.width), int(p.mediabox.height)) for p in reader.pages]
        return [p.extract_text() for p in reader.pages], sizes

    yield print_page
    context.close()


def test_a_procedure_prints_its_text_from_page_one_with_reference_version_and_page_numbers(printed):
    pages, sizes = printed("documents/proc-baas-001.html")
    assert len(pages) <= 2 and all(size == (594, 841) for size in sizes)  # A4 portrait
    assert "Objet et champ" in pages[0]  # the text's first section, on the first sheet
    for number, text in enumerate(pages, 1):
        assert "PROC-BAAS-001 — version 4.0" in text and f"page {number} / {len(pages)}" in text


def test_the_register_prints_in_landscape_with_its_useful_columns(printed):
    pages, sizes = printed("registre.html")
    assert all(width > height for width, height in sizes)
    header = pages[0]
    for column in ("Référence", "Titre", "Version", "Statut", "Pièces jointes", "Constats"):
        assert column in header, column
    assert not BROKEN_CODE.findall("\n".join(pages))


def test_the_auditors_file_has_no_near_empty_sheet_and_never_cuts_a_code(printed):
    pages, _ = printed("dossier/qep.html")
    thin = [number for number, text in enumerate(pages[1:], 2) if len(text) < 400]  # the cover aside
    assert thin == [], thin
    broken = [m for m in BROKEN_CODE.findall("\n".join(pages)) if "/" not in m]
    assert broken == [], broken
