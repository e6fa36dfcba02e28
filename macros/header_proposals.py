"""`python -m macros entetes [--ecrire]`: a header written for each file lacking one, or lacking its essentials.

For a base of headerless notes (templates, an Obsidian vault), the command proposes, as a diff,
the reference, title, type and creation date each file is missing: the title from the first
heading or the file name; the reference from the file name when it fits `motif_reference`, else
the next free one for its type and service; the date from the file's first commit, else its
modification date; the type from the reference's prefix or the folder. `--ecrire` writes them,
through a temporary file and a rename, each body kept byte for byte.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.approval import ApprovalError, editable_text
from macros.config import Configuration, ConfigurationError, load_configuration
from macros.decoding import decode
from macros.documents import load_base
from macros.french import plural
from macros.git_history import run_git
from macros.headers import canonical_base
from macros.importing.importer import guess_type
from macros.model import Document
from macros.references import next_reference, type_of_reference

ESSENTIAL = ("reference", "titre", "type", "date_creation")
DEFAULT_SERVICE = "QUALITE"


@dataclass(frozen=True)
class Proposal:
    path: str
    added: dict  # key → value, in ESSENTIAL order
    new_text: str
    old_text: str
    new_bytes: bytes | None  # None: a value cannot be written in the file's encoding

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
                n=1,
            )
        )


def propose(base_dir: Path, config: Configuration) -> list[Proposal]:
    base = canonical_base(load_base(base_dir, excluded=config.exclure), config)  # `Référence`, `cles:` read
    taken = [d.reference for d in base.documents if d.reference]
    proposals = []
    for document in base.documents:
        if document.yaml_problem or document.encoding == "illisible":
            continue  # a header that cannot be read is fixed by hand first: the check says where
        values = _missing_values(base.root, document, config, taken)
        if not values:
            continue
        if values.get("reference"):
            taken.append(values["reference"])
        data = (base.root / document.path).read_bytes()
        try:
            text, encode = editable_text(document.path, data, decode(data)[1])
        except ApprovalError:
            continue
        new_text = _with_header(text, document, values)
        try:
            new_bytes = encode(new_text)
        except ApprovalError:
            new_bytes = None
        proposals.append(Proposal(document.path, values, new_text, text, new_bytes))
    return proposals


def _missing_values(root: Path, document: Document, config: Configuration, taken: list[str]) -> dict:
    values: dict = {}
    stem = document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    first, _, rest = stem.partition(" ")
    named = first if rest and config.reference_regex.fullmatch(first) else None
    folder = document.path.rsplit("/", 2)[-2] if "/" in document.path else ""
    kind = document.type or type_of_reference(document.reference or named or "") or guess_type(stem)
    kind = kind or (guess_type(folder) if folder else None)
    if document.reference is None:
        service = document.text("service") or (document.path.split("/")[0] if "/" in document.path else DEFAULT_SERVICE)
        values["reference"] = named or next_reference(kind or "enregistrement", service, taken)
    if document.front_matter_title is None:
        values["titre"] = document.heading or (rest if named else stem)
    if document.type is None and kind:
        values["type"] = kind
    if document.text("date_creation") is None:
        values["date_creation"] = _first_seen(root, document.path).isoformat()
    return {key: values[key] for key in ESSENTIAL if key in values}


def _first_seen(root: Path, relative: str) -> dt.date:
    """The day the file was first committed, else its modification day."""
    dates = (run_git(root, ["log", "--follow", "--diff-filter=A", "--format=%aI", "--", relative], 30) or "").split()
    try:
        return dt.date.fromisoformat(dates[-1][:10])
    except (IndexError, ValueError):
        return dt.date.fromtimestamp((root / relative).stat().st_mtime)


def _line(key: str, value: str) -> str:
    plain = value and not any(c in value for c in ":#'\"[]{},&*!|>%@`") and value == value.strip()
    return f"{key}: {value if plain else json.dumps(value, ensure_ascii=False)}"


def _with_header(text: str, document: Document, values: dict) -> str:
    """The file's text with the missing lines in its header (a new header when it has none); the rest
    of the text, line endings included, is kept as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = newline.join(_line(key, str(value)) for key, value in values.items())
    if not document.has_front_matter:
        return f"---{newline}{lines}{newline}---{newline}{newline}{text}"
    first_end = text.index("\n") + 1
    closing = text.find("\n---", first_end - 1)
    insert_at = closing + 1
    return text[:insert_at] + lines + newline + text[insert_at:]


def write(base_dir: Path, proposal: Proposal) -> bool:
    """Write the proposal in the file's own encoding and line endings; False when it cannot be."""
    if proposal.new_bytes is None:
        return False
    path = Path(base_dir) / proposal.path
    temporary = path.with_name(f".{path.name}.entetes-tmp")
    temporary.write_bytes(proposal.new_bytes)
    os.replace(temporary, path)
    return True


def headers_command(base_dir: Path, config_path: Path, write_them: bool) -> int:
    try:
        config = load_configuration(config_path)
        proposals = propose(base_dir, config)
    except (ConfigurationError, FileNotFoundError) as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    for proposal in proposals:
        sys.stdout.write(proposal.diff())
        if write_them and not write(base_dir, proposal):
            print(f"{proposal.path} : encodage du fichier incompatible, en-tête à écrire à la main", file=sys.stderr)
    if not proposals:
        print("aucun en-tête à compléter : chaque document a référence, titre, type et date", file=sys.stderr)
    elif write_them:
        print(f"{plural(len(proposals), 'en-tête complété', 'en-têtes complétés')}", file=sys.stderr)
    else:
        print(
            f"{plural(len(proposals), 'en-tête proposé', 'en-têtes proposés')} : relancez avec --ecrire pour "
            "les écrire",
            file=sys.stderr,
        )
    return 0
