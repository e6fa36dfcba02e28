"""New documents from templates, import of real .docx and .odt files, the front-matter's JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, TODAY, codes, valid_document, write
from docx import Document as WordDocument
from docx.shared import Inches
from odf import dc, draw, meta, table, text
from odf.opendocument import OpenDocumentText
from odf.style import Header, MasterPage, PageLayout, Style, TextProperties
from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

from macros.config import DEFAULT_TYPES, STATUTS, Configuration, load_configuration
from macros.frontmatter import split_front_matter
from macros.importing.importer import guess_type, import_files
from macros.importing.markdown_writer import ListBlock, ListItem, Paragraph, Run, to_markdown
from macros.new_document import NewDocumentError, create_document
from macros.schema import schema_text

README_KEYS = (
    "reference",
    "titre",
    "type",
    "date_creation",
    "date_revision",
    "version",
    "service",
    "site",
    "redacteur",
    "valideur",
    "date_validation",
    "statut",
    "engagements",
    "public",
    "revue",
)


def run_macros(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "macros", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8")


def tiny_png() -> bytes:
    """A real 2×1 PNG written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"\x00\xff\x00\x00\x00\x00\xff"  # one row: filter byte, a red and a blue pixel
    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def make_docx(path: Path, *, title: str | None = "Accueil des usagers étrangers", header: str | None = None) -> Path:
    """A Word file as a service writes one: header reference, headings, lists, table, bold, a picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = path.with_suffix(".png")
    picture.write_bytes(tiny_png())
    document = WordDocument()
    properties = document.core_properties
    properties.title = title or ""
    properties.author = "Mme Durand"
    properties.created = dt.datetime(2020, 3, 4, 9, 30)
    properties.modified = dt.datetime(2025, 6, 2, 17, 0)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.add_heading("Objet", level=1)
    paragraph = document.add_paragraph("Les usagers sont reçus ")
    paragraph.add_run("sur rendez-vous").bold = True
    paragraph.add_run(" ou ")
    paragraph.add_run("sans rendez-vous").italic = True
    paragraph.add_run(" : 2 * 3 [sic] <urgent>")
    document.add_heading("Déroulement", level=2)
    document.add_paragraph("Accueil", style="List Bullet")
    document.add_paragraph("Orientation", style="List Bullet")
    document.add_paragraph("vers le bon guichet", style="List Bullet 2")
    document.add_paragraph("Vérifier la convocation", style="List Number")
    document.add_paragraph("Remettre le ticket", style="List Number")
    grid = document.add_table(rows=2, cols=2)
    for (row, column), value in {
        (0, 0): "Pièce",
        (0, 1): "Délai",
        (1, 0): "Titre | récépissé",
        (1, 1): "5 jours",
    }.items():
        grid.cell(row, column).text = value
    document.add_picture(str(picture), width=Inches(1))
    picture.unlink()
    document.save(path)
    return path


def make_odt(path: Path, *, header: str = "Référence : PROC-TEL-003") -> Path:
    """The same content written by LibreOffice's model (odfpy): automatic styles, list styles, a frame."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Accueil téléphonique"))
    document.meta.addElement(meta.CreationDate(text="2021-02-03T10:00:00"))
    document.meta.addElement(dc.Date(text="2025-09-01T08:00:00.123456789"))
    bold = Style(name="T1", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="T2", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    bullets = ListStyle(name="L1")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="•"))
    numbers = ListStyle(name="L2")
    numbers.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    layout = PageLayout(name="pm1")
    for style in (bold, italic, bullets, numbers, layout):
        document.automaticstyles.addElement(style)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    page_header = Header()
    page_header.addElement(text.P(text=header))
    master.addElement(page_header)
    document.masterstyles.addElement(master)
    document.text.addElement(text.H(outlinelevel=1, text="Objet"))
    paragraph = text.P(text="Décrocher avant la ")
    paragraph.addElement(text.Span(stylename=bold, text="troisième sonnerie"))
    paragraph.addText(", ")
    paragraph.addElement(text.Span(stylename=italic, text="toujours"))
    document.text.addElement(paragraph)
    document.text.addElement(text.H(outlinelevel=2, text="Étapes"))
    for style, items in ((bullets, ("Saluer", "Écouter")), (numbers, ("Identifier la demande", "Répondre"))):
        listing = text.List(stylename=style)
        for item in items:
            entry = text.ListItem()
            entry.addElement(text.P(text=item))
            listing.addElement(entry)
        document.text.addElement(listing)
    grid = table.Table(name="Délais")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for cells in (("Canal", "Délai"), ("Téléphone", "3 sonneries")):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    picture = path.with_suffix(".png")
    picture.write_bytes(tiny_png())
    frame = draw.Frame(width="2cm", height="1cm", anchortype="as-char")
    frame.addElement(draw.Image(href=document.addPicture(str(picture))))
    holder = text.P()
    holder.addElement(frame)
    document.text.addElement(holder)
    document.save(str(path))
    picture.unlink()
    return path


def header_of(path: Path) -> dict:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    assert split.problem is None, split.problem
    return split.fields


# --- import ---------------------------------------------------------------------------------------


def test_docx_becomes_markdown_with_its_structure_and_picture(base, tmp_path):
    source = make_docx(tmp_path / "Procédure accueil étrangers.docx", header="Réf. : PROC-BAAS-012 — version 2")
    [result] = import_files([source], base, "DMIN/BAAS", Configuration())
    assert result.created == base / "DMIN/BAAS/Procédure accueil étrangers.md"
    body = split_front_matter(result.created.read_text(encoding="utf-8")).body
    assert "# Objet\n" in body and "## Déroulement\n" in body
    assert "Les usagers sont reçus **sur rendez-vous** ou _sans rendez-vous_" in body
    assert r"2 \* 3 \[sic\] &lt;urgent>" in body  # the word processor's text stays text
    assert "- Accueil\n- Orientation\n    - vers le bon guichet\n" in body
    assert "1. Vérifier la convocation\n2. Remettre le ticket\n" in body
    assert "| Pièce | Délai |\n|---|---|\n| Titre \\| récépissé | 5 jours |" in body
    assert "![](procedure-accueil-etrangers-image-1.png)" in body
    assert (base / "DMIN/BAAS/procedure-accueil-etrangers-image-1.png").read_bytes() == tiny_png()


def test_docx_front_matter_takes_what_the_file_says_and_no_author(base, tmp_path):
    source = make_docx(tmp_path / "Procédure accueil.docx", header="Réf. : PROC-BAAS-012 — version 2")
    [result] = import_files([source], base, None, Configuration())
    fields = header_of(result.created)
    assert fields["reference"] == "PROC-BAAS-012"
    assert fields["titre"] == "Accueil des usagers étrangers"
    assert fields["type"] == "procedure"
    assert (fields["date_creation"], fields["date_revision"]) == ("2020-03-04", "2025-06-02")
    assert fields["statut"] == "brouillon" and fields["redacteur"] == ""
    assert "Durand" not in result.created.read_text(encoding="utf-8")
    assert result.missing == ()


def test_imported_document_passes_the_check(base, tmp_path, control):
    make_docx(tmp_path / "src" / "Procédure accueil.docx", header="Réf. : PROC-BAAS-012")
    make_odt(tmp_path / "src" / "Accueil téléphonique.odt")
    results = import_files([tmp_path / "src"], base, None, Configuration())
    assert all(r.created for r in results)
    run = control()
    assert codes(run) == []  # pictures linked (no broken link, no orphan), no personal data


def test_odt_becomes_markdown_with_its_structure_and_front_matter(base, tmp_path):
    source = make_odt(tmp_path / "accueil-tel.odt")
    [result] = import_files([source], base, "Import", Configuration())
    text_md = result.created.read_text(encoding="utf-8")
    fields = header_of(result.created)
    assert (fields["reference"], fields["titre"], fields["type"]) == (
        "PROC-TEL-003",
        "Accueil téléphonique",
        "procedure",
    )
    assert (fields["date_creation"], fields["date_revision"]) == ("2021-02-03", "2025-09-01")
    assert "# Objet\n" in text_md and "## Étapes\n" in text_md
    assert "Décrocher avant la **troisième sonnerie**, _toujours_" in text_md
    assert "- Saluer\n- Écouter\n" in text_md
    assert "1. Identifier la demande\n2. Répondre\n" in text_md
    assert "| Canal | Délai |\n|---|---|\n| Téléphone | 3 sonneries |" in text_md
    assert "![](accueil-tel-image-1.png)" in text_md
    assert (base / "Import" / "accueil-tel-image-1.png").read_bytes() == tiny_png()


def test_a_bullet_list_followed_by_a_numbered_list_renders_as_two_lists(base, tmp_path):
    import markdown

    [result] = import_files([make_odt(tmp_path / "a.odt")], base, None, Configuration())
    html = markdown.markdown(split_front_matter(result.created.read_text(encoding="utf-8")).body)
    assert "<ul>\n<li>Saluer</li>\n<li>Écouter</li>\n</ul>" in html
    assert "<ol>\n<li>Identifier la demande</li>\n<li>Répondre</li>\n</ol>" in html


def test_links_and_list_levels_are_written_so_that_markdown_keeps_them():
    import markdown

    link = Run("le site", bold=True, link="https://exemple.fr/a b(c)")
    items = (ListItem((Run("un"),), 0), ListItem((Run("deux"),), 2), ListItem((Run("# trois"),), 0))
    body = to_markdown([Paragraph((Run("Voir "), link, Run(" ici."))), ListBlock(items)])
    html = markdown.markdown(body)
    assert '<a href="https://exemple.fr/a%20b%28c%29"><strong>le site</strong></a>' in html
    assert "<li>un<ul>\n<li>deux</li>" in html  # a jump of two levels becomes one, not a code block
    assert "<code>" not in html and "<h1>" not in html and "<li># trois</li>" in html


def test_a_spreadsheet_named_odt_is_reported(base, tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet

    OpenDocumentSpreadsheet().save(str(tmp_path / "tableau.odt"))
    [result] = import_files([tmp_path / "tableau.odt"], base, None, Configuration())
    assert result.created is None
    assert "seuls les documents texte" in result.problem


def test_what_the_file_does_not_say_is_reported_missing(base, tmp_path):
    source = make_docx(tmp_path / "notes diverses.docx", title=None)
    [result] = import_files([source], base, None, Configuration())
    fields = header_of(result.created)
    assert fields["titre"] == "Objet"  # no title property: the first heading
    assert fields["reference"] == "" and fields["type"] == ""
    assert result.missing == ("référence", "type")


def test_a_date_in_the_first_lines_is_not_taken_for_a_reference(base, tmp_path):
    source = make_docx(tmp_path / "Procédure.docx", header="Mise à jour 2024-01-05 ; COVID-19")
    [result] = import_files([source], base, None, Configuration())
    assert header_of(result.created)["reference"] == ""


def test_a_reference_already_in_the_base_is_left_empty(base, tmp_path):
    write(base, "ancien.md", valid_document("PROC-BAAS-012"))
    source = make_docx(tmp_path / "Procédure accueil.docx", header="Réf. : PROC-BAAS-012")
    [result] = import_files([source], base, None, Configuration())
    assert header_of(result.created)["reference"] == ""
    assert "référence" in result.missing
    assert any("PROC-BAAS-012" in note and "ancien.md" in note for note in result.notes)


def test_an_existing_markdown_file_is_never_overwritten(base, tmp_path):
    existing = write(base, "Procédure accueil.md", "# Déjà là\n")
    [result] = import_files([make_docx(tmp_path / "Procédure accueil.docx")], base, None, Configuration())
    assert result.created is None and "existe déjà" in result.problem
    assert existing.read_text(encoding="utf-8") == "# Déjà là\n"


def test_a_folder_is_imported_with_its_sub_folders_and_a_broken_file_is_skipped(base, tmp_path):
    source = tmp_path / "Partage"
    make_docx(source / "BAAS" / "Procédure accueil.docx", header="Réf. : PROC-BAAS-012")
    make_odt(source / "Accueil téléphonique.odt")
    (source / "BAAS" / "Procédure cassée.docx").write_bytes(bytes(range(256)) * 4)
    (source / "Ancienne procédure.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (source / "BAAS" / "~$océdure accueil.docx").write_bytes(b"lock")  # Word's lock file: ignored
    (source / "notes.txt").write_text("pas un document", encoding="utf-8")
    result = run_macros("importer", str(source), "--base", str(base), "--dossier", "Import")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (base / "Import/BAAS/Procédure accueil.md").is_file()
    assert (base / "Import/Accueil téléphonique.md").is_file()
    assert sorted(p.name for p in base.rglob("*.md")) == ["Accueil téléphonique.md", "Procédure accueil.md"]
    broken = next(line for line in result.stdout.splitlines() if "Procédure cassée.docx" in line)
    assert "non importé" in broken and "réenregistrez-le" in broken
    assert any("Ancienne procédure.doc" in line and "non pris en charge" in line for line in result.stdout.splitlines())
    assert result.stdout.splitlines()[-1] == "2 documents créés, 2 fichiers non importés"


def test_import_report_names_what_is_missing(base, tmp_path):
    make_docx(tmp_path / "Note de service.docx", title=None)
    result = run_macros("importer", str(tmp_path / "Note de service.docx"), "--base", str(base))
    assert result.returncode == 0, result.stderr
    assert f"{base / 'Note de service.md'}  ← " in result.stdout
    assert "à compléter : référence, type" in result.stdout


def test_import_of_a_missing_path_is_a_usage_error(base, tmp_path):
    result = run_macros("importer", str(tmp_path / "absent.docx"), "--base", str(base))
    assert result.returncode == 2
    assert "introuvable" in result.stderr and "absent.docx" in result.stderr


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Procédure accueil.docx", "procedure"),
        ("PROCEDURE_courriels.odt", "procedure"),
        ("PROC-BAAS-003 accueil.docx", "procedure"),
        ("Fiche de poste agent d'accueil.docx", "fiche-de-poste"),
        ("FP agent.odt", "fiche-de-poste"),
        ("Guide d’accueil Arles.docx", "guide-accueil"),
        ("Compte rendu COPIL.docx", "compte-rendu-copil"),
        ("Note de service.docx", None),
        ("Procès-verbal.docx", None),
        ("FPAC.docx", None),
    ],
)
def test_type_is_guessed_from_the_file_name_only_when_obvious(name, kind):
    assert guess_type(name) == kind


# --- nouveau --------------------------------------------------------------------------------------


def test_new_document_takes_the_next_number_of_its_service(base):
    write(base, "DMIN/BAAS/a.md", valid_document("PROC-BAAS-001"))
    write(base, "DMIN/BAAS/b.md", valid_document("PROC-BAAS-007"))
    write(base, "DSPAR/c.md", valid_document("PROC-BCR-009"))
    write(base, "DMIN/BAAS/d.md", valid_document("FP-BAAS-011"))
    result = run_macros(
        "nouveau", "--type", "procedure", "--service", "baas", "--titre", "Accueil sur rendez-vous",
        "--base", str(base), "--dossier", "DMIN/BAAS", "--date", "2026-11-20",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    created = Path(result.stdout.strip())
    assert created == base / "DMIN/BAAS/PROC-BAAS-008 Accueil sur rendez-vous.md"
    fields = header_of(created)
    assert (fields["reference"], fields["date_creation"], fields["statut"]) == (
        "PROC-BAAS-008",
        "2026-11-20",
        "brouillon",
    )
    assert "# Accueil sur rendez-vous\n" in created.read_text(encoding="utf-8")


def test_first_document_of_a_service_is_number_one(base):
    created = create_document(
        base, REPO / "modeles", Configuration(), "fiche-de-poste", "DMIN - BAAS", "Agent", None, TODAY
    )
    assert created.reference == "FP-DMIN-BAAS-001"


def test_a_hostile_title_stays_text_and_the_file_name_stays_legal(base):
    title = 'Accueil : horaires #2 "urgent" <test> | a/b\\c * ? 50 %'
    created = create_document(base, REPO / "modeles", Configuration(), "procedure", "BAAS", title, None, TODAY)
    assert header_of(created.path)["titre"] == title
    assert not re.search(r'[:*?"<>|\\/#%]', created.path.name)
    assert created.path.name.startswith("PROC-BAAS-001 Accueil - horaires 2")


def test_new_document_never_overwrites(base):
    # a copy whose reference was erased holds the file name the command would choose
    existing = write(base, "PROC-BAAS-001 Accueil.md", valid_document(reference=None))
    before = existing.read_text(encoding="utf-8")
    result = run_macros(
        "nouveau", "--type", "procedure", "--service", "BAAS", "--titre", "Accueil", "--base", str(base)
    )  # fmt: skip
    assert result.returncode == 2
    assert "existe déjà" in result.stderr and "PROC-BAAS-001 Accueil.md" in result.stderr
    assert existing.read_text(encoding="utf-8") == before


def test_new_document_refuses_a_name_differing_only_by_case_or_accents(base):
    existing = write(base, "proc-baas-001 accueil.md", "# Une autre fiche\n")
    result = run_macros(
        "nouveau", "--type", "procedure", "--service", "BAAS", "--titre", "Accueil", "--base", str(base)
    )  # fmt: skip
    assert result.returncode == 2
    assert "proc-baas-001 accueil.md" in result.stderr and "majuscules ou les accents" in result.stderr
    assert sorted(p.name for p in base.iterdir()) == [existing.name]


def test_import_refuses_a_name_differing_only_by_case_or_accents(base, tmp_path):
    existing = write(base, "PROCEDURE ACCUEIL.md", "# Déjà là\n")
    [result] = import_files([make_docx(tmp_path / "Procédure accueil.docx")], base, None, Configuration())
    assert result.created is None and "PROCEDURE ACCUEIL.md" in result.problem
    assert sorted(p.name for p in base.iterdir()) == [existing.name]


@pytest.mark.parametrize("kind", [t.code for t in DEFAULT_TYPES])
def test_a_new_document_of_each_type_passes_the_check(base, control, kind):
    created = create_document(base, REPO / "modeles", Configuration(), kind, "QUAL", "Nouveau document", None, TODAY)
    run = control(config=REPO / "qualite.yml")
    assert codes(run) == [], [f.message for f in run.findings]
    assert header_of(created.path)["type"] == kind


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--type", "note"], "type « note » inconnu"),
        (["--type", "procedure", "--dossier", "../dehors"], "sans `..`"),
        (["--type", "procedure", "--service", "..."], "service « ... »"),
        (["--type", "procedure", "--titre", " "], "le titre est vide"),
    ],
)
def test_new_document_usage_errors_are_explained(base, options, expected):
    defaults = {"--service": "BAAS", "--titre": "Accueil"}
    for key, value in defaults.items():
        if key not in options:
            options = [*options, key, value]
    result = run_macros("nouveau", *options, "--base", str(base))
    assert result.returncode == 2
    assert expected in result.stderr
    assert not list(base.rglob("*.md"))


def test_new_document_in_a_missing_base_is_a_usage_error(tmp_path):
    with pytest.raises(NewDocumentError, match="n'existe pas"):
        create_document(tmp_path / "absente", REPO / "modeles", Configuration(), "procedure", "BAAS", "A", None, TODAY)


def test_there_is_a_template_per_type_with_every_documented_key():
    for kind in DEFAULT_TYPES:
        template = REPO / "modeles" / f"{kind.code}.md"
        fields = header_of(template)
        assert set(README_KEYS) <= set(fields), kind.code
        assert (fields["type"], fields["statut"]) == (kind.code, "brouillon")
        assert re.search(r"^## ", template.read_text(encoding="utf-8"), re.MULTILINE)


# --- JSON Schema ----------------------------------------------------------------------------------


def schema() -> dict:
    return json.loads((REPO / "schema" / "entete.schema.json").read_text(encoding="utf-8"))


def front_matter(text_md: str) -> dict:
    """The header as the checks read it: every value as text."""
    return yaml.load(text_md.split("---\n")[1], Loader=yaml.BaseLoader)


def schema_errors(fields: dict) -> dict[str, str]:
    validator = jsonschema.Draft7Validator(schema())
    return {"/".join(map(str, error.absolute_path)): error.message for error in validator.iter_errors(fields)}


def test_committed_schema_is_the_generated_one():
    committed = (REPO / "schema" / "entete.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(load_configuration(REPO / "qualite.yml")), (
        "régénérez-le : python -m macros schema --sortie schema/entete.schema.json"
    )


def test_schema_lists_the_configured_types_and_the_statuses():
    properties = schema()["properties"]
    assert properties["type"]["enum"] == [t.code for t in load_configuration(REPO / "qualite.yml").types]
    assert properties["statut"]["anyOf"][0]["enum"] == list(STATUTS)
    assert {"empreinte", "historique", "remplace", "reclamations", "indicateur"} <= set(properties)


def test_schema_accepts_a_valid_front_matter():
    jsonschema.Draft7Validator.check_schema(schema())
    fields = front_matter(valid_document(date_revision="14/04/2025", revue="24", public="usagers"))
    fields["historique"] = [
        {"version": "1.0", "date": "2025-03-01", "auteur": "Mission qualité", "modification": "Création"}
    ]
    fields["indicateur"] = {"unite": "%", "cible": "90", "sens": "minimum", "valeurs": "IND-TEL-001.csv"}
    assert schema_errors(fields) == {}


def test_schema_rejects_a_wrong_front_matter():
    fields = front_matter(valid_document(statut="validé", date_creation="31-02-2021", engagements="[QEP 5]"))
    del fields["reference"]
    errors = schema_errors(fields)
    assert set(errors) == {"", "statut", "date_creation", "engagements"}
    assert "reference" in errors[""]


def test_new_documents_and_an_example_document_fit_the_schema(base):
    for kind in DEFAULT_TYPES:
        created = create_document(base, REPO / "modeles", Configuration(), kind.code, "QUAL", "Titre", None, TODAY)
        assert schema_errors(front_matter(created.path.read_text(encoding="utf-8"))) == {}, kind.code
    example = REPO / "procedures" / "Qualite" / "Indicateurs" / "IND-ATTENTE-001.md"
    assert schema_errors(front_matter(example.read_text(encoding="utf-8"))) == {}


def test_schema_command_writes_the_file(tmp_path):
    result = run_macros("schema", "--sortie", str(tmp_path / "s.json"))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema()


def test_vscode_maps_the_schema_to_the_documents():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    [(path, globs)] = settings["yaml.schemas"].items()
    assert (REPO / path).resolve() == (REPO / "schema" / "entete.schema.json").resolve()
    assert "procedures/**/*.md" in globs


# --- pre-commit -----------------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_check_when_the_base_changes():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("python -m macros check", "system", False)
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ("procedures/DMIN/a.md", "referentiels/qep.yml", "qualite.yml"))
    assert not any(files.search(p) for p in ("macros/cli.py", "README.md", "docs/qualite.yml"))
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert "pre-commit" not in requirements


def test_a_three_zone_page_header_gives_the_reference_and_the_version(base, tmp_path):
    source = make_docx(tmp_path / "Accueil.docx", header="PRÉFECTURE\tRéf. PROC-ACC-004\tVersion 2.1")
    [result] = import_files([source], base, None, Configuration())
    fields = header_of(result.created)
    assert (fields["reference"], fields["version"]) == ("PROC-ACC-004", "2.1")


def test_a_title_paragraph_is_the_only_top_level_heading(base, tmp_path):
    path = tmp_path / "Titre.docx"
    document = WordDocument()
    document.add_heading("Accueil des usagers", level=0)  # Word's « Titre » style
    document.add_heading("Objet", level=1)
    document.add_heading("Détail", level=2)
    document.save(path)
    [result] = import_files([path], base, None, Configuration())
    text = result.created.read_text(encoding="utf-8")
    assert "\n# Accueil des usagers\n" in text and "\n## Objet\n" in text and "\n### Détail\n" in text
