"""Tables kept as CSV files, as they come out of a French spreadsheet: `;` or `,`, decimal comma, cp1252.

Indicator values and the complaints register share this reader; it never fails: it returns the
rows with their line numbers, and a problem (unreadable file, no header) as text for a finding.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from macros.decoding import decode


@dataclass(frozen=True)
class CsvRow:
    line: int  # line of the row in the file, for the finding's "file:line"
    values: dict  # normalised column name -> stripped text


@dataclass(frozen=True)
class CsvTable:
    path: str
    encoding: str
    columns: tuple[str, ...]  # normalised names, in file order
    headers: tuple[str, ...]  # as written, for messages
    rows: tuple[CsvRow, ...]
    problem: str | None = None


def column_key(header: str) -> str:
    """`Reçue le` -> `recue_le`: headers compared without case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9%]+", "_", text).strip("_")


# Bounds of a table: a larger file or more rows is reported, not read (bounded time and memory).
MAX_CSV_BYTES = 20_000_000
MAX_CSV_ROWS = 100_000


_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (a zip), .xls (an OLE file)


def _not_a_table(raw: bytes) -> str | None:
    """A spreadsheet or another file renamed `.csv`: say what it is rather than show its bytes."""
    if raw.startswith(_SPREADSHEETS):
        return (
            "c'est un classeur (Excel ou LibreOffice) renommé en .csv, pas un fichier CSV : ouvrez-le dans le "
            "tableur et enregistrez-le au format « CSV (séparateur : point-virgule) »"
        )
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's « texte Unicode » export: NUL bytes are text
    if raw.startswith(b"%PDF") or (b"\x00" in raw[:4096] and not utf16):
        return "ce n'est pas un fichier texte (PDF, image ou autre fichier binaire) : remplacez-le par l'export CSV"
    return None


def _raw_bytes(root: Path, relative: str) -> tuple[bytes, str | None]:
    """The file's bytes, or why they cannot be read as a table (too large, unreadable, not text)."""
    try:
        if (root / relative).stat().st_size > MAX_CSV_BYTES:
            return b"", "fichier de plus de 20 Mo : découpez-le par année"
        raw = (root / relative).read_bytes()
    except OSError as error:
        return b"", f"fichier illisible ({error.strerror or error})"
    return raw, _not_a_table(raw)


def read_csv_table(root: Path, relative: str) -> CsvTable:
    """Read `relative` under `root`; separators `;`, `,` or tab are recognised from the header line."""
    raw, problem = _raw_bytes(root, relative)
    if problem:
        return CsvTable(relative, "", (), (), (), problem)
    text, encoding = decode(raw)
    lines = text.split("\n")
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        return CsvTable(relative, encoding, (), (), (), "fichier vide : aucune ligne d'en-tête")
    header_line = lines[header_index]
    delimiter = max((";", "\t", ","), key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headers: tuple[str, ...] = ()
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            if not headers:
                if any(cell.strip() for cell in record):
                    headers = tuple(cell.strip() for cell in record)
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                return CsvTable(relative, encoding, (), (), (), f"plus de {MAX_CSV_ROWS} lignes : découpez le fichier")
            keys = [column_key(h) for h in headers]
            values = {key: (record[i].strip() if i < len(record) else "") for i, key in enumerate(keys) if key}
            rows.append(CsvRow(line, values))
    except csv.Error:  # a quote never closed, a cell past the csv module's limit
        return CsvTable(
            relative,
            encoding,
            (),
            (),
            (),
            f"ligne {reader.line_num} illisible (guillemet jamais fermé, ou cellule de plus de 131 072 caractères) : "
            "vérifiez les guillemets de cette ligne",
        )
    return CsvTable(relative, encoding, tuple(column_key(h) for h in headers), headers, tuple(rows))


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, also after
# a tab or a carriage return. Plain numbers (`-5`, `+3,5`) are left as they are.
_FORMULA_START = re.compile(r"^[\t\r]*[=+\-@\t\r]")
_INNER_FORMULA = re.compile(r"([,;\t][ \t\"']*)([=+\-@])(?![\d ]*(?:[,;\t]|$))")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s*%?")


def spreadsheet_safe(value) -> str:
    """`value` as a CSV cell that a spreadsheet shows as text, never runs: formulas get a leading `'`,
    also after a `,`, `;` or tab inside the cell, where a spreadsheet splitting on the other separator
    would start a new cell."""
    text = "" if value is None else str(value)
    text = _INNER_FORMULA.sub(r"\1'\2", text)
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def neutralised_csv(text: str) -> str:
    """A CSV file's text with every formula cell neutralised, separator and rows kept."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max((";", "\t", ","), key=first.count)
    out = io.StringIO()
    # Quoted: a spreadsheet splitting on the other separator still reads one cell, never a formula.
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    try:
        for record in csv.reader(io.StringIO(text), delimiter=delimiter):
            writer.writerow([spreadsheet_safe(cell) for cell in record])
    except csv.Error:
        return ""
    return out.getvalue()


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?")


def parse_number(text: str) -> float | None:
    """`95,5`, `95.5`, `1 234,5`, `95,5 %` -> float; None for anything else (text, empty, `n.c.`)."""
    text = text.strip().removesuffix("%").strip()
    if len(text) > 40 or not _NUMBER.fullmatch(text):  # 40 digits is past any indicator
        return None
    value = float(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))
    return value if math.isfinite(value) else None
