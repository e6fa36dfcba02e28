"""Approval that means something: a fingerprint of what was approved, recorded by `python -m macros valider`.

A document's `empreinte` is a hash of its text and of the front-matter fields that change its
meaning. When the file no longer matches it, the document was edited after its approval. The
command touches only the lines it owns (`statut`, `valideur`, `date_validation`, `empreinte`): the
rest of the file keeps its bytes, comments, key order, line endings and encoding. No git needed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from macros.codes import DOC_MODIFIE_APRES_VALIDATION, VALIDATION_INCOMPLETE
from macros.config import ConfigurationError
from macros.dates import format_date
from macros.decoding import decode
from macros.documents import UNREADABLE
from macros.findings import about
from macros.fingerprint import NULLS as _NULLS
from macros.fingerprint import fingerprint
from macros.frontmatter import split_front_matter
from macros.model import Base, Document, Finding, Severity

if TYPE_CHECKING:
    from macros.context import CheckContext

CODE = DOC_MODIFIE_APRES_VALIDATION
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_PLAIN = re.compile(r"\w[\w .,:'’()/-]*")


class ApprovalError(Exception):
    """Why a document cannot be validated, in French, naming the reference or the file."""


@dataclass(frozen=True)
class Approval:
    path: str
    reference: str
    by: str
    day: dt.date
    fingerprint: str

    def summary(self) -> str:
        return (
            f"{self.path} : {self.reference} validé par {self.by} le {format_date(self.day)} "
            f"(empreinte {self.fingerprint})."
        )


def approval_checks(context: CheckContext) -> Iterator[Finding]:
    """DOC-MODIFIE-APRES-VALIDATION, on the base as written (the fingerprint is of the file, unmasked)."""
    for document in context.written.documents:
        recorded = document.text("empreinte")
        if recorded is None or document.yaml_problem:
            continue
        current = document.fingerprint
        if recorded != current:
            message = _modified_message(document, recorded, current)
            yield about(document, CODE, message, document.line_of("empreinte"), "empreinte")


def _modified_message(document: Document, recorded: str, current: str) -> str:
    when = f" du {document.text('date_validation')}" if document.text("date_validation") else ""
    return (
        f"Le document a changé depuis sa validation{when} (empreinte enregistrée {recorded}, actuelle "
        f"{current}) : faites-le relire puis validez-le de nouveau avec "
        f"`python -m macros valider {document.reference or 'REFERENCE'} --par NOM`."
    )


def approve_command(
    base_dir: Path, reference: str, by: str, day: dt.date, referentials: Path | None = None, config: Path | None = None
) -> int:
    """`python -m macros valider`: 0 when the file was rewritten, 2 with a message otherwise."""
    try:
        approval = approve(base_dir, reference, by, day, referentials, config)
    except ApprovalError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    print(approval.summary())
    return 0


def approve(
    base_dir: Path,
    reference: str,
    by: str,
    day: dt.date,
    referentials: Path | None = None,
    config_path: Path | None = None,
) -> Approval:
    """Record who approved the document and when, with the fingerprint of what they approved.

    Refused for a document that holds an error (a validated document missing its date is what the
    AFNOR auditor found), and, unless `qualite.yml` says `valideur_distinct: false`, for a validator
    who is the document's own writer (`redacteur`).
    """
    by = by.strip()
    if by in _NULLS:
        raise ApprovalError('le nom du valideur est vide : indiquez-le avec `--par`, par exemple --par "Chef du BAAS"')
    from macros.control import run_control  # the control reads approvals too: imported here, not at the top

    try:
        run = run_control(base_dir, referentials or Path("referentiels"), config_path, day)
    except (FileNotFoundError, ConfigurationError) as error:
        raise ApprovalError(str(error)) from error
    base = run.base
    document = _find(base, base_dir, reference)
    _refuse_errors(document, run.findings)
    path = base.root / document.path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ApprovalError(f"{document.path} : le fichier ne peut pas être lu ({error.strerror})") from error
    text, encoding = decode(data)
    before = split_front_matter(text)
    writer = before.fields.get("redacteur")  # as written: the base of the run has personal data masked
    if run.config.valideur_distinct and isinstance(writer, str) and writer.strip().casefold() == by.casefold():
        raise ApprovalError(
            f"{document.path} : « {by} » est le rédacteur du document ; un autre que lui doit le valider "
            "(ou écrivez `valideur_distinct: false` dans qualite.yml si votre organisation l'admet)"
        )
    stamp = fingerprint(before.fields, before.body)
    values = {"valideur": by, "date_validation": day.isoformat(), "empreinte": stamp, "statut": "valide"}
    raw, encode = editable_text(document.path, data, encoding)
    new_data = encode(_with_values(raw, values))
    _check_rewrite(document.path, before, decode(new_data)[0], values)
    _replace_file(path, new_data, document.path)
    return Approval(document.path, document.reference or reference, by, day, stamp)


# Errors that validating the document resolves, so they do not stand in its way.
_SOLVED_BY_VALIDATION = frozenset({VALIDATION_INCOMPLETE, CODE})


def _refuse_errors(document: Document, findings: list[Finding]) -> None:
    errors = [
        f
        for f in findings
        if f.path == document.path and f.severity is Severity.ERROR and f.code not in _SOLVED_BY_VALIDATION
    ]
    if errors:
        listed = "\n".join(f"  ligne {f.line or '-'} {f.code} : {f.message}" for f in errors)
        raise ApprovalError(
            f"{document.path} : {len(errors)} erreur{'s' if len(errors) > 1 else ''} à corriger avant de "
            f"valider le document :\n{listed}"
        )


def _replace_file(path: Path, data: bytes, shown: str) -> None:
    """Write through a temporary file of the same folder and a rename: a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.valider-tmp")
    try:
        temporary.write_bytes(data)
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ApprovalError(f"{shown} : le fichier ne peut pas être écrit ({error.strerror})") from error


def _find(base: Base, base_dir: Path, reference: str) -> Document:
    wanted = reference.strip().casefold()
    matches = [d for d in base.documents if d.reference and d.reference.casefold() == wanted]
    if len(matches) > 1:
        paths = ", ".join(d.path for d in matches)
        raise ApprovalError(
            f"la référence « {reference} » est portée par {len(matches)} documents ({paths}) : "
            "donnez à chacun une référence unique avant de valider"
        )
    if matches:
        return matches[0]
    for document in base.documents:
        if document.yaml_problem and _names_reference(base.root / document.path, wanted):
            problem = document.yaml_problem
            raise ApprovalError(
                f"{document.path} : l'en-tête est illisible (ligne {problem.line} : {problem.message}) ; "
                "corrigez-le avant de valider"
            )
    references = [d.reference for d in base.documents if d.reference]
    close = difflib.get_close_matches(reference.strip(), references, n=1, cutoff=0.7)
    hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    raise ApprovalError(f"aucun document de {base_dir} ne porte la référence « {reference} »{hint}")


def _names_reference(path: Path, wanted: str) -> bool:
    """A document whose front-matter cannot be read may still say `reference: X` on one of its lines."""
    try:
        text = decode(path.read_bytes())[0]
    except OSError:
        return False
    pattern = re.compile(r"^reference[ \t]*:[ \t]*[\"']?([^\"'#\n]*?)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
    return any(match.group(1).strip().casefold() == wanted for match in pattern.finditer(text))


def editable_text(path: str, data: bytes, encoding: str):
    """The text with its own line endings, and how to turn it back into bytes of the same encoding."""
    prefix, codec, payload = b"", encoding, data
    if encoding == UNREADABLE:
        raise ApprovalError(f"{path} : le fichier ne peut pas être lu")
    if encoding == "utf-8-sig":
        prefix, codec, payload = data[:3], "utf-8", data[3:]
    elif encoding == "utf-16":
        prefix, payload = data[:2], data[2:]
        codec = "utf-16-le" if prefix == b"\xff\xfe" else "utf-16-be"
    try:
        raw = payload.decode(codec)
    except UnicodeDecodeError as error:
        raise ApprovalError(
            f"{path} : des octets invalides en {encoding} empêchent de réécrire le fichier à l'identique ; "
            "réenregistrez-le en UTF-8"
        ) from error

    def encode(text: str) -> bytes:
        try:
            return prefix + text.encode(codec)
        except UnicodeEncodeError as error:
            raise ApprovalError(
                f"{path} : « {error.object[error.start : error.end]} » ne peut pas s'écrire dans l'encodage du "
                f"fichier ({encoding}) ; réenregistrez-le en UTF-8 ou changez le nom du valideur"
            ) from error

    return raw, encode


def _with_values(raw: str, values: dict[str, str]) -> str:
    """Replace the top-level lines of `values`' keys in place, insert the others before the closing `---`."""
    lines = [match.group() for match in _LINE.finditer(raw) if match.group()]
    newline = _ending(lines[0]) or "\n"
    closing = next(i for i in range(1, len(lines)) if _CLOSING.fullmatch(_content(lines[i])))
    out, written, index = [lines[0]], set(), 1
    while index < closing:
        line = lines[index]
        key = _top_level_key(line)
        index += 1
        if key not in values:
            out.append(line)
            continue
        out.append(f"{key}: {_yaml_scalar(values[key])}{_inline_comment(_content(line))}{_ending(line) or newline}")
        written.add(key)
        while index < closing and _content(lines[index])[:1] in (" ", "\t", "-"):
            index += 1  # the old value's continuation lines (block scalar or list)
    out += [f"{key}: {_yaml_scalar(value)}{newline}" for key, value in values.items() if key not in written]
    return "".join(out + lines[closing:])


def _check_rewrite(path: str, before, after_text: str, values: dict[str, str]) -> None:
    """Refuse to write a file whose other fields or text would read differently: never break a document."""
    after = split_front_matter(after_text)
    others_before = {k: v for k, v in before.fields.items() if k not in values}
    others_after = {k: v for k, v in after.fields.items() if k not in values}
    written = {key: after.fields.get(key) for key in values}
    if after.problem or written != values or others_after != others_before or after.body != before.body:
        raise ApprovalError(
            f"{path} : l'en-tête a une forme que la commande ne sait pas modifier sans risque (valeur sur "
            "plusieurs lignes ?) ; renseignez statut, valideur, date_validation à la main"
        )


def _inline_comment(content: str) -> str:
    """The ` # comment` ending a `key: value` line, spaces before it kept; quotes are skipped."""
    quote = None
    for index, char in enumerate(content):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and index and content[index - 1] in " \t":
            start = index
            while start and content[start - 1] in " \t":
                start -= 1
            return content[start:]
    return ""


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_content(line)) :]


def _top_level_key(line: str) -> str | None:
    if not line or line[0] in " \t#-:\r\n" or ":" not in line:
        return None
    return line.split(":", 1)[0].strip().strip("'\"")


def _yaml_scalar(value: str) -> str:
    plain = _PLAIN.fullmatch(value) and ": " not in value and not value.endswith((":", " "))
    return value if plain and value not in _NULLS else json.dumps(value, ensure_ascii=False)
