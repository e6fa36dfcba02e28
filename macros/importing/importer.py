"""`importer`: Word and LibreOffice files become Markdown documents of the base.

The front-matter gets what the file really says (title, dates, a reference written in its header)
and nothing invented; the author property is personal data and is not copied. Each file is
reported with what is still missing; a broken file is reported and skipped.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError

from macros.config import Configuration, ConfigurationError, load_configuration
from macros.documents import load_base
from macros.file_names import ascii_slug, base_subfolder, name_clash, safe_stem
from macros.french import plural
from macros.importing.docx_reader import read_docx
from macros.importing.markdown_writer import (
    Block,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    SourceDocument,
    Table,
    plain_text,
    to_markdown,
)
from macros.importing.odt_reader import NotATextDocument, read_odt
from macros.references import TYPES_BY_PREFIX, plain, type_of_reference
from macros.yaml_text import field_line

READERS = {".docx": read_docx, ".odt": read_odt}
UNSUPPORTED = {
    ".doc": "ancien format Word",
    ".rtf": "format RTF",
    ".docm": "document Word à macros",
    ".pdf": "PDF",
}
_LABEL = re.compile(r"r[ée]f(?:[ée]rence)?s?\b\.?\s*(?:n\s*°|n°|no\.?)?\s*[:：]?\s*$", re.IGNORECASE)
_FIRST_BLOCKS = 5  # where a reference is written when the page header has none
_NOT_PUBLISHED = {"svg": "le site ne publie pas les images SVG"}
_NOT_SHOWN = {"emf", "wmf", "tif", "tiff"}  # kept, but browsers cannot show them
# File names that say the type: French words as the services write them, or the reference prefix.
_TYPE_WORDS = (
    ("procedure", "procedure"),
    ("fiche de poste", "fiche-de-poste"),
    ("guide d'accueil", "guide-accueil"),
    ("guide accueil", "guide-accueil"),
    ("compte rendu", "compte-rendu-copil"),
    ("compte-rendu", "compte-rendu-copil"),
    ("rapport d'audit", "rapport-audit"),
    ("plan d'action", "plan-action"),
    ("fiche indicateur", "fiche-indicateur"),
    ("grille de verification", "grille-verification"),
    ("enquete de satisfaction", "enquete-satisfaction"),
    ("presentation", "presentation"),
)


class ImportUsageError(Exception):
    """A path or option that makes the whole command meaningless; nothing has been written."""


@dataclass(frozen=True)
class ImportResult:
    """One source file: the document created and what its front-matter lacks, or why it was skipped."""

    source: Path
    created: Path | None = None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str | None = None


def import_command(paths: list[Path], base_dir: Path, folder: str | None, config_path: Path) -> int:
    """`python -m macros importer`: one report per file; 1 when a file was skipped, 2 for a usage error."""
    try:
        results = import_files(paths, base_dir, folder, load_configuration(config_path))
    except (ImportUsageError, ConfigurationError) as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    for result in results:
        print(report_line(result))
    created = sum(1 for r in results if r.created)
    skipped = len(results) - created
    print(
        f"{plural(created, 'document créé', 'documents créés')}, "
        f"{plural(skipped, 'fichier non importé', 'fichiers non importés')}"
    )
    return 1 if skipped else 0


def report_line(result: ImportResult) -> str:
    """What the user must know about one file, in French: where it went and what to complete."""
    if result.created is None:
        return f"{result.source} : non importé : {result.problem}"
    lines = [f"{result.created}  ← {result.source}"]
    if result.missing:
        lines.append(f"  à compléter : {', '.join(result.missing)}")
    else:
        lines.append("  en-tête complet ; statut brouillon : à relire puis valider")
    lines += [f"  remarque : {note}" for note in result.notes]
    return "\n".join(lines)


def import_files(paths: list[Path], base_dir: Path, folder: str | None, config: Configuration) -> list[ImportResult]:
    """Import each file, and each .docx and .odt of each folder (sub-folders kept), into the base."""
    sources = _sources(paths)
    try:
        target_root = base_subfolder(Path(base_dir), folder)
    except ValueError as error:
        raise ImportUsageError(str(error)) from error
    try:
        base = load_base(base_dir, excluded=config.exclure)
    except FileNotFoundError as error:
        raise ImportUsageError(str(error)) from error
    taken = {d.reference.upper(): d.path for d in base.documents if d.reference}
    results = []
    for source, relative_dir in sources:
        result = _import_one(source, target_root / relative_dir, config, taken)
        results.append(result)
    return results


def _sources(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, sub-folder to recreate) for every file to import; a missing path stops everything."""
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise ImportUsageError(f"introuvable : {', '.join(missing)}")
    sources = []
    for path in map(Path, paths):
        if path.is_file():
            sources.append((path, Path()))
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for name in sorted(files):
                suffix = Path(name).suffix.lower()
                if name.startswith(("~$", ".")) or (suffix not in READERS and suffix not in UNSUPPORTED):
                    continue  # Word's lock files, and files that are not documents to import
                sources.append((Path(directory) / name, Path(directory).relative_to(path)))
    return sources


def _import_one(source: Path, target_dir: Path, config: Configuration, taken: dict[str, str]) -> ImportResult:
    suffix = source.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        kind = UNSUPPORTED.get(suffix, f"format {suffix or 'inconnu'}")
        return ImportResult(source, problem=f"{kind} non pris en charge : enregistrez-le au format .docx ou .odt")
    target = target_dir / f"{safe_stem(source.stem)}.md"
    if target.exists():
        return ImportResult(source, problem=f"{target} existe déjà : il n'est pas remplacé")
    clash = name_clash(target)
    if clash is not None:
        return ImportResult(
            source,
            problem=f"{target} : « {clash.name} » existe déjà dans ce dossier, au nom près des majuscules ou des "
            "accents (un seul fichier sur un partage Windows) : il n'est pas remplacé",
        )
    try:
        document = reader(source)
    except Exception as error:  # third-party readers raise anything on a damaged file: report, never crash
        return ImportResult(source, problem=_reason(error))
    notes: list[str] = []
    blocks = _with_image_files(document.blocks, target, notes)
    front_matter, missing = _front_matter(source, target, document, config, taken, notes)
    text = front_matter + "\n" + to_markdown(blocks)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for block in blocks:
            if isinstance(block, Image):
                (target.parent / block.path).write_bytes(block.data)
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except OSError as error:
        return ImportResult(source, problem=f"écriture impossible dans {target.parent} ({error.strerror or error})")
    return ImportResult(source, target, tuple(missing), tuple(notes))


def _reason(error: Exception) -> str:
    """Why a file could not be read, in French; the reader's own words follow for the technician."""
    if isinstance(error, NotATextDocument):
        return f"{error} : seuls les documents texte (.odt) sont importés"
    if isinstance(error, (zipfile.BadZipFile, PackageNotFoundError)):
        return "fichier abîmé ou qui n'est pas au format annoncé : ouvrez-le puis réenregistrez-le en .docx ou .odt"
    detail = f"{type(error).__name__} : {error}".strip()
    detail = detail if len(detail) < 160 else detail[:157] + "…"
    return f"fichier illisible ({detail}) : ouvrez-le puis réenregistrez-le en .docx ou .odt"


def _with_image_files(blocks: tuple[Block, ...], target: Path, notes: list[str]) -> list[Block]:
    """Give each picture a free file name beside the document (nothing existing is overwritten)."""
    kept, number, stem = [], 0, ascii_slug(target.stem)
    for block in blocks:
        if not isinstance(block, Image):
            kept.append(block)
            continue
        if block.extension in _NOT_PUBLISHED:
            notes.append(
                f"image {block.extension.upper()} non reprise ({_NOT_PUBLISHED[block.extension]}) : ajoutez-la en PNG"
            )
            continue
        number += 1
        name = f"{stem}-image-{number}.{block.extension}"
        while (target.parent / name).exists():
            number += 1
            name = f"{stem}-image-{number}.{block.extension}"
        if block.extension in _NOT_SHOWN:
            notes.append(f"{name} : format que les navigateurs n'affichent pas, convertissez-le en PNG")
        kept.append(replace(block, path=name))
    return kept


def _front_matter(
    source: Path,
    target: Path,
    document: SourceDocument,
    config: Configuration,
    taken: dict[str, str],
    notes: list[str],
) -> tuple[str, list[str]]:
    """The header text and the French names of the fields left empty."""
    missing = []
    title = document.title or _first_heading(document.blocks)
    if not title:
        title = source.stem
        missing.append("titre (repris du nom du fichier)")
    reference = find_reference(document, config)
    if reference and reference.upper() in taken:
        notes.append(f"la référence {reference} est déjà celle de {taken[reference.upper()]} : laissée vide")
        reference = None
    if reference:
        taken[reference.upper()] = str(target)
    kind = _known_type(type_of_reference(reference or ""), config) or _known_type(guess_type(source.name), config)
    created, modified = document.created, document.modified
    revised = modified if modified and created and modified > created else None
    missing += [
        label for label, value in (("référence", reference), ("date de création", created), ("type", kind)) if not value
    ]
    fields = [
        ("reference", reference),
        ("titre", title),
        ("type", kind),
        ("date_creation", created.isoformat() if created else None),
        ("date_revision", revised.isoformat() if revised else None),
    ]
    fields.append(("version", find_version(document)))
    fields += [(key, None) for key in ("service", "site", "redacteur", "valideur", "date_validation")]
    lines = [f"# Importé de « {source.name} » : vérifiez cet en-tête et complétez les champs vides."]
    lines += [field_line(key, value) for key, value in fields]
    lines += ["statut: brouillon", "engagements: []", "public: agents", "revue:"]
    return "---\n" + "\n".join(lines) + "\n---\n", missing


_VERSION = re.compile(r"\b(?:version|v)\s*[.:]?\s*(\d+(?:\.\d+){0,3})\b", re.IGNORECASE)


def find_version(document: SourceDocument) -> str | None:
    """The version a page header or the first lines state (`Version 2.1`, `V. 3`), or None."""
    for text in (document.header_text, "\n".join(_first_lines(document.blocks))):
        if match := _VERSION.search(text):
            return match.group(1)
    return None


def _first_heading(blocks: tuple[Block, ...]) -> str | None:
    for block in blocks:
        if isinstance(block, Heading) and block.text.strip():
            return " ".join(block.text.split())
    return None


def _known_type(kind: str | None, config: Configuration) -> str | None:
    return kind if kind in config.types_by_code else None


def guess_type(file_name: str) -> str | None:
    """The type a file name states (« Procédure accueil.docx », « FP agent.odt »), or None."""
    name = plain(file_name).replace("’", "'").replace("_", " ")
    for words, kind in _TYPE_WORDS:
        if name.startswith(words):
            return kind
    prefix = re.match(r"([a-z]+)(?:[ -]|\d|$)", name)
    if prefix and prefix.group(1).upper() in TYPES_BY_PREFIX:
        return TYPES_BY_PREFIX[prefix.group(1).upper()]
    return None


def find_reference(document: SourceDocument, config: Configuration) -> str | None:
    """A reference written in the page header or the first lines: after « Réf. », else with a known prefix."""
    places = [document.header_text, "\n".join(_first_lines(document.blocks))]
    candidates = [c for text in places for c in _candidates(text, config)]
    for labelled in (True, False):
        for reference, has_label in candidates:
            if has_label == labelled and (labelled or reference.split("-", 1)[0] in TYPES_BY_PREFIX):
                return reference
    return None


def _candidates(text: str, config: Configuration) -> list[tuple[str, bool]]:
    """Whole words of `text` that fit the reference pattern, each with whether a « Réf. » label precedes it."""
    found = []
    for match in config.reference_regex.finditer(text):
        start, end = match.span()
        word = match.group()
        if (start and (text[start - 1].isalnum() or text[start - 1] in "-_")) or (
            end < len(text) and (text[end].isalnum() or text[end] in "-_")
        ):
            continue
        if not any(c.isalpha() for c in word):
            continue  # a date such as 2024-01-05 fits the default pattern too
        line_start = text.rfind("\n", 0, start) + 1
        found.append((word, bool(_LABEL.search(text[line_start:start]))))
    return found


def _first_lines(blocks: tuple[Block, ...]) -> list[str]:
    lines = []
    for block in blocks[:_FIRST_BLOCKS]:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            lines.append(plain_text(block.runs))
        elif isinstance(block, ListBlock):
            lines += [plain_text(item.runs) for item in block.items]
        elif isinstance(block, Table):
            lines += [" ".join(row) for row in block.rows]
    return lines
