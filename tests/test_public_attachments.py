"""The files handed to the public are read inside: real PDF (printed by Chromium), Word and
LibreOffice files, an encrypted, a damaged and an oversized one."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from conftest import codes, write
from odf.opendocument import OpenDocumentText
from odf.text import P
from pypdf import PdfReader, PdfWriter
from site_builder import build_site, make_project
from test_site_build import document

LINKS = (
    "# Accueil\n\nÀ remettre : [dépliant](annexes/depliant.pdf), [formulaire](annexes/formulaire.docx), "
    "[affiche](annexes/affiche.odt), [protégé](annexes/protege.pdf), [abîmé](annexes/abime.pdf), "
    "[énorme](annexes/enorme.docx), [fiche](annexes/fiche.docx).\n"
)


@pytest.fixture(scope="module")
def pdf_of(browser):
    """`pdf_of(html)` → the bytes of a real PDF that Chromium prints from `html`."""
    page = browser.new_page()

    def printed(html: str) -> bytes:
        page.set_content(f"<html lang='fr'><body>{html}</body></html>")
        return page.pdf()

    yield printed
    page.close()


def _docx(paragraph: str, footer: str) -> bytes:
    made = docx.Document()
    made.add_paragraph(paragraph)
    made.sections[0].footer.paragraphs[0].text = footer
    out = io.BytesIO()
    made.save(out)
    return out.getvalue()


def _odt(text: str) -> bytes:
    made = OpenDocumentText()
    made.text.addElement(P(text=text))
    out = io.BytesIO()
    made.write(out)
    return out.getvalue()


def _encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="secret", owner_password="secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 101_000_000)
    return out.getvalue()


def public_base(base, pdf_of) -> None:
    write(base, "Accueil.md", document("GUIDE-ACC-001", type="guide-accueil", public="usagers", body=LINKS))
    write(base, "annexes/depliant.pdf", pdf_of("<h1>Vos démarches</h1><p>Réf. FLY-ACC-001 — mise à jour : 03/2026</p>"))
    write(base, "annexes/formulaire.docx", _docx("Demande de rendez-vous", "FORM-ACC-002 — 15/01/2026"))
    write(base, "annexes/affiche.odt", _odt("Nos horaires, affiche du 2 mars 2026"))
    write(base, "annexes/protege.pdf", _encrypted(pdf_of("<p>Réf. FLY-ACC-009 du 01/02/2026</p>")))
    write(base, "annexes/abime.pdf", b"%PDF-1.7\n" + b"\x00\xff" * 500)
    write(base, "annexes/enorme.docx", _zip_bomb())
    write(base, "annexes/fiche.docx", _docx("Pièces à fournir", "Réf. FICHE-ACC-003"))


def test_each_public_file_is_read_for_its_reference_and_date_and_never_crashes_the_check(base, control, pdf_of):
    public_base(base, pdf_of)
    run = control()
    assert codes(run, "annexes/depliant.pdf") == [] and codes(run, "annexes/formulaire.docx") == []
    assert codes(run, "annexes/affiche.odt") == ["PIECE-SANS-REFERENCE"]
    assert codes(run, "annexes/fiche.docx") == ["PIECE-SANS-DATE"]
    for unreadable in ("annexes/protege.pdf", "annexes/abime.pdf", "annexes/enorme.docx"):
        assert codes(run, unreadable) == ["PIECE-ILLISIBLE"], unreadable
    (locked,) = [f for f in run.findings if f.path == "annexes/protege.pdf"]
    assert "mot de passe" in locked.message
    (missing,) = [f for f in run.findings if f.code == "PIECE-SANS-REFERENCE"]
    assert missing.severity.value == "error" and "GUIDE-ACC-001" in missing.message


def test_a_file_for_agents_only_is_not_required_to_carry_a_reference(base, control, pdf_of):
    write(base, "Note.md", document("PROC-BAAS-001", body="Voir [la note](note.pdf).\n"))
    write(base, "note.pdf", pdf_of("<p>Note interne sans référence.</p>"))
    assert codes(control(), "note.pdf") == []


def test_personal_data_in_a_pdf_is_a_finding_and_the_file_is_not_published(tmp_path, pdf_of):
    body = "Voir [la liste](liste.pdf).\n"
    project = make_project(
        tmp_path,
        {
            "Note.md": document("PROC-BAAS-001", body=body),
            "liste.pdf": pdf_of("<p>Rappeler Mme Durand au 06 12 34 56 78.</p>"),
        },
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr[-2000:]
    report = (project / "site" / "controle.html").read_text(encoding="utf-8")
    rows = [r for r in report.split("<tr") if "<code>liste.pdf</code>" in r and "DONNEE-PERSONNELLE" in r]
    assert rows  # a finding on the attachment itself
    assert "Durand" not in report and "06 12 34 56 78" not in report
    assert not list((project / "site").rglob("liste.pdf"))


def test_a_changed_file_is_read_again_by_the_next_run_of_serve(base):
    import os

    from conftest import REPO, TODAY

    from macros.control import run_control
    from macros.documents import ParseCache

    write(base, "Accueil.md", document("GUIDE-ACC-001", type="guide-accueil", public="usagers",
                                        body="[fiche](fiche.docx)\n"))  # fmt: skip
    write(base, "fiche.docx", _docx("Pièces à fournir", "15/01/2026"))
    cache = ParseCache()
    first = run_control(base, REPO / "referentiels", None, TODAY, cache)
    assert codes(first, "fiche.docx") == ["PIECE-SANS-REFERENCE"]
    write(base, "fiche.docx", _docx("Pièces à fournir", "Réf. FICHE-ACC-003 — 15/01/2026"))
    os.utime(base / "fiche.docx", ns=(1, 10**18))  # a new modification time, whatever the clock's grain
    again = run_control(base, REPO / "referentiels", None, TODAY, cache)
    assert codes(again, "fiche.docx") == []
