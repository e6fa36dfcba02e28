"""`nouveau`: a new document from its type's template, with the next free reference of its service.

Writing the reference and the date by hand is how documents end up without them (the AFNOR
finding this project answers): the command fills both, so a new document starts clean.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.config import Configuration, ConfigurationError, load_configuration
from macros.documents import load_base
from macros.file_names import base_subfolder, name_clash, safe_stem
from macros.frontmatter import split_front_matter
from macros.references import code_segment, next_reference
from macros.resources import shipped
from macros.yaml_text import field_line

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TITLE_LINE = re.compile(r"^#[ \t]+.*$", re.MULTILINE)


class NewDocumentError(Exception):
    """Why the document cannot be created; the message says what to change on the command line."""


@dataclass(frozen=True)
class NewDocument:
    path: Path
    reference: str
    template: str  # the template used, as the user should read it


def new_document_command(
    base_dir: Path,
    templates_dir: Path,
    config_path: Path,
    kind: str,
    service: str,
    title: str,
    folder: str | None,
    day: dt.date,
) -> int:
    """`python -m macros nouveau`: prints the new file's path; 2 with a French message otherwise."""
    try:
        config = load_configuration(config_path)
        created = create_document(base_dir, templates_dir, config, kind, service, title, folder, day)
    except (NewDocumentError, ConfigurationError) as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    print(created.path)
    print(f"{created.reference} créé à partir du {created.template}", file=sys.stderr)
    return 0


def create_document(
    base_dir: Path,
    templates_dir: Path,
    config: Configuration,
    kind: str,
    service: str,
    title: str,
    folder: str | None,
    day: dt.date,
) -> NewDocument:
    """Write the document and return where; never overwrites a file."""
    title = _checked_title(title)
    kind = _type_code(config, kind)
    _check_kind_and_service(config, kind, service)
    template_path = Path(templates_dir) / f"{kind}.md"
    template_name = f"modèle {template_path}"
    if not template_path.exists():  # a project made by `init` uses the tool's templates
        template_path = shipped("modeles") / f"{kind}.md"
        template_name = f"modèle « {kind} » de l'outil"
    try:
        template = template_path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise NewDocumentError(f"{template_path} : modèle introuvable ou illisible ({error.strerror})") from error
    try:
        target_dir = base_subfolder(Path(base_dir), folder)
    except ValueError as error:
        raise NewDocumentError(str(error)) from error
    try:
        base = load_base(base_dir, excluded=config.exclure)
    except FileNotFoundError as error:
        raise NewDocumentError(str(error)) from error
    reference = next_reference(kind, service, (d.reference for d in base.documents if d.reference))
    if not config.reference_regex.fullmatch(reference):
        raise NewDocumentError(
            f"la référence {reference} ne suit pas `motif_reference` de qualite.yml : "
            "adaptez le motif ou le code du service"
        )
    values = {
        "reference": reference,
        "titre": title,
        "type": kind,
        "date_creation": day.isoformat(),
        "service": service.strip(),
    }
    text = fill_template(template, values, title)
    problem = split_front_matter(text).problem
    if problem is not None:
        raise NewDocumentError(
            f"{template_path}, ligne {problem.line} : en-tête du modèle illisible ({problem.message})"
        )
    path = target_dir / f"{safe_stem(f'{reference} {title}')}.md"
    clash = name_clash(path)
    if clash is not None:
        raise NewDocumentError(
            f"{path} : « {clash.name} » existe déjà dans ce dossier ; les deux noms ne diffèrent que par les "
            "majuscules ou les accents et désigneraient le même fichier sur un partage Windows"
        )
    target_dir.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError as error:
        raise NewDocumentError(f"{path} existe déjà : il n'est pas remplacé") from error
    except OSError as error:
        raise NewDocumentError(f"{path} : écriture impossible ({error.strerror})") from error
    return NewDocument(path, reference, template_name)


def _type_code(config: Configuration, written: str) -> str:
    """`procédure`, `Procédure`, `Fiche de procédure` → `procedure`, as headers are read."""
    from macros.headers import folded

    by_folded = {folded(t.code): t.code for t in config.types} | {folded(t.libelle): t.code for t in config.types}
    return by_folded.get(folded(written), written)


def _check_kind_and_service(config: Configuration, kind: str, service: str) -> None:
    if kind not in config.types_by_code:
        known = ", ".join(config.types_by_code)
        raise NewDocumentError(f"type « {kind} » inconnu ; types admis (qualite.yml) : {known}")
    if not code_segment(service):
        raise NewDocumentError(
            f"service « {service} » : donnez un code fait de lettres ou de chiffres, par exemple BAAS"
        )


def fill_template(template: str, values: dict[str, str], title: str) -> str:
    """The template with each key of `values` set in its header and its `# ` heading set to `title`."""
    template = template.replace("\r\n", "\n")
    if not template.startswith("---\n") or "\n---\n" not in template[3:]:
        template = "---\n---\n\n" + template
    end = template.index("\n---\n", 3) + 1
    header, body = template[:end], template[end:]
    header = re.sub(r"\A---\n(?:#[^\n]*\n)+", "---\n", header)  # the template's own how-to comment
    for key, value in values.items():
        line = field_line(key, value)
        pattern = re.compile(rf"^{re.escape(key)}[ \t]*:.*$", re.MULTILINE)
        if pattern.search(header):
            header = pattern.sub(lambda _match, line=line: line, header, count=1)
        else:
            header += line + "\n"
    heading = f"# {title}"
    if _TITLE_LINE.search(body):
        body = _TITLE_LINE.sub(lambda _match: heading, body, count=1)
    else:
        body = body.replace("---\n", f"---\n\n{heading}\n", 1)
    return header + body


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise NewDocumentError('le titre est vide : donnez-le avec --titre "..."')
    if _CONTROL.search(title):
        raise NewDocumentError(
            "le titre contient un retour à la ligne ou un caractère de contrôle : écrivez-le sur une ligne"
        )
    return title
