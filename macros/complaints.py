"""The complaints and suggestions register: reply delays in working days, late replies, syntheses.

The register is a CSV file kept beside a document of the base that declares it in its front-matter
(`reclamations: registre-2026.csv`), one row per complaint, suggestion or thanks. Dates and text
stay as the register says. `read_complaints` is a pure parser into frozen records (what it cannot
read is kept as a `RegisterProblem`); `complaint_checks` turns them and the delays into findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.codes import DONNEE_PERSONNELLE, RECLAMATION_HORS_DELAI, RECLAMATION_INVALIDE, RECLAMATION_SANS_REPONSE
from macros.config import Configuration
from macros.csv_data import CsvRow, read_csv_table
from macros.dates import format_date, parse_date
from macros.findings import finding
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext
from macros.personal_data import mask, table_personal_data
from macros.working_days import add_working_days, working_days_between

# Normalised column name (see csv_data.column_key) -> field; the first spelling found wins.
COLUMNS = {
    "numero": ("numero", "n", "no", "n_o", "id", "reference"),
    "recue_le": ("recue_le", "recu_le", "date_de_reception", "date_reception", "reception", "date"),
    "canal": ("canal", "mode_de_reception", "origine"),
    "site": ("site", "lieu"),
    "objet": ("objet", "sujet", "motif", "theme"),
    "nature": ("nature", "type"),
    "nominative": ("nominative", "nominatif", "nom_connu", "anonyme"),
    "repondue_le": ("repondue_le", "reponse_le", "repondu_le", "date_de_reponse", "date_reponse", "reponse"),
    "service": ("service", "service_concerne"),
}
YES = frozenset({"oui", "o", "yes", "x", "1", "vrai"})


THANKS = ("remerciement", "félicitation", "felicitation")


@dataclass(frozen=True)
class Complaint:
    numero: str
    recue_le: dt.date
    canal: str
    site: str
    objet: str  # personal data masked
    nature: str
    nominative: bool | None
    repondue_le: dt.date | None
    service: str
    delai: int | None  # working days from receipt to reply
    echeance: dt.date  # last day of the reply commitment
    source: str  # CSV path in the base
    line: int
    reply_unreadable: bool = False  # a reply date was written but cannot be read

    @property
    def expects_reply(self) -> bool:
        """Anonymous entries are recorded and analysed, never answered (PROC-QUAL-001); a thank-you is
        acknowledged when one can, but the commitment on delays is for complaints and suggestions."""
        return self.nominative is not False and not self.nature.strip().lower().startswith(THANKS)

    def is_late(self, today: dt.date) -> bool:
        """Replied after the commitment, or still unanswered once it has passed."""
        if not self.expects_reply:
            return False  # nothing promised: an anonymous entry, a thank-you
        return (self.repondue_le or today) > self.echeance


@dataclass(frozen=True)
class ComplaintsRegister:
    document: Document
    csv_path: str


@dataclass(frozen=True)
class RegisterProblem:
    """What the reader could not use, where: a missing register, an unreadable row, personal data."""

    document: Document  # the document that declares the register
    path: str  # the register's CSV, or the document when the register is missing
    code: str
    message: str
    line: int | None

    def as_finding(self) -> Finding:
        return finding(self.code, self.path, self.message, self.line, reference=self.document.reference)


@dataclass(frozen=True)
class Complaints:
    registers: tuple[ComplaintsRegister, ...] = ()
    items: tuple[Complaint, ...] = ()
    delai: int = 10
    problems: tuple[RegisterProblem, ...] = ()

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(register.csv_path for register in self.registers)


def personal_data_in_register(table, allowed: tuple[str, ...], numero_column: str | None, entry: str,
                              register: str) -> Iterator[tuple[int, str]]:  # fmt: skip
    """(line, message) of each piece of personal data in a register's headers and cells, those we do not
    read too, named by the entry's number and the column as written."""
    numbers = {row.line: mask(row.values.get(numero_column or "", ""), allowed) for row in table.rows}
    for line, kind, column in table_personal_data(table, allowed):
        who = f"{entry} {numbers.get(line) or f'ligne {line}'}" if line in numbers else "En-tête"
        where = f"dans la colonne « {mask(column, allowed)} »"
        yield line, f"{who} : {kind} {where} ; masqué dans le site, à retirer du {register}."


def read_complaints(base: Base, config: Configuration) -> Complaints:
    """Every register declared in the base, read as records; nothing here depends on the date."""
    problems: list[RegisterProblem] = []
    registers, items = [], []
    for document in base.documents:
        csv_path = declared_register(document)
        if csv_path is None:
            continue
        declared = document.text("reclamations")
        if not csv_path.lower().endswith(".csv") or not base.has_file(csv_path):  # never outside the base
            problems.append(
                RegisterProblem(
                    document,
                    document.path,
                    RECLAMATION_INVALIDE,
                    f"Le registre des réclamations « {declared} » est introuvable (attendu : un fichier .csv à côté "
                    "du document) : corrigez `reclamations:` dans l'en-tête.",
                    document.line_of("reclamations"),
                )
            )
            continue
        registers.append(ComplaintsRegister(document, csv_path))
        items += _read_register(base, config, document, csv_path, problems)
    items.sort(key=lambda c: (c.recue_le, c.numero))
    return Complaints(tuple(registers), tuple(items), config.delai_reclamations, tuple(problems))


def declared_register(document: Document) -> str | None:
    """The complaints register a document names in `reclamations:`, as a path of the base."""
    declared = document.text("reclamations")
    return document.resolve(declared) if declared and not document.yaml_problem else None


def _read_register(
    base: Base, config: Configuration, document: Document, csv_path: str, problems: list[RegisterProblem]
) -> list[Complaint]:
    table = read_csv_table(base.root, csv_path)

    def report(code: str, message: str, line: int | None) -> None:
        problems.append(RegisterProblem(document, csv_path, code, message, line))

    names = {field: next((c for c in spellings if c in table.columns), None) for field, spellings in COLUMNS.items()}
    if table.problem or names["recue_le"] is None:
        problem = table.problem or "aucune colonne de date de réception (« Reçue le » ou « Date de réception »)"
        report(RECLAMATION_INVALIDE, f"Registre illisible : {problem}.", 1)
        return []
    for line, message in personal_data_in_register(table, config.donnees_publiques, names["numero"], "Réclamation",
                                                   "registre"):  # fmt: skip
        report(DONNEE_PERSONNELLE, message, line)
    complaints = []
    for row in table.rows:
        complaint = _complaint(row, names, config, csv_path, report)
        if complaint is not None:
            complaints.append(complaint)
    return complaints


def _complaint(row: CsvRow, names: dict, config: Configuration, csv_path: str, report) -> Complaint | None:
    value = {field: row.values.get(column, "") if column else "" for field, column in names.items()}
    numero = mask(value["numero"], config.donnees_publiques) or f"ligne {row.line}"
    received = parse_date(value["recue_le"])
    if received is None:
        report(
            RECLAMATION_INVALIDE,
            f"Réclamation {numero} : date de réception « {value['recue_le']} » illisible (attendu JJ/MM/AAAA ou "
            "AAAA-MM-JJ) ; elle n'entre dans aucun délai ni aucune synthèse tant qu'elle n'est pas corrigée.",
            row.line,
        )
        return None
    replied = parse_date(value["repondue_le"]) if value["repondue_le"] else None
    if value["repondue_le"] and replied is None:
        report(
            RECLAMATION_INVALIDE,
            f"Réclamation {numero} : date de réponse « {value['repondue_le']} » illisible (attendu JJ/MM/AAAA).",
            row.line,
        )
    elif replied is not None and replied < received:
        report(
            RECLAMATION_INVALIDE,
            f"Réclamation {numero} : réponse le {format_date(replied)}, avant la réception le "
            f"{format_date(received)} ; vérifiez les deux dates.",
            row.line,
        )
        replied = None
    subdivision = config.calendriers.get(value["site"].casefold(), "")
    try:
        deadline = add_working_days(received, config.delai_reclamations, subdivision)
        delay = working_days_between(received, replied, subdivision) if replied else None
    except (OverflowError, ValueError):  # a date at the end of the calendar (9999-12-31)
        report(
            RECLAMATION_INVALIDE,
            f"Réclamation {numero} : date de réception {format_date(received)} hors du calendrier des jours "
            "ouvrés ; vérifiez l'année.",
            row.line,
        )
        return None
    return Complaint(
        numero=numero,
        recue_le=received,
        canal=mask(value["canal"], config.donnees_publiques),
        site=mask(value["site"], config.donnees_publiques),
        objet=mask(value["objet"], config.donnees_publiques),
        nature=mask(value["nature"], config.donnees_publiques),
        nominative=_yes_no(value["nominative"], anonymous=names["nominative"] == "anonyme"),
        repondue_le=replied,
        service=mask(value["service"], config.donnees_publiques),
        delai=delay,
        echeance=deadline,
        source=csv_path,
        line=row.line,
        reply_unreadable=bool(value["repondue_le"]) and replied is None,
    )


def complaint_checks(context: CheckContext) -> Iterator[Finding]:
    """What the registers could not say, and the late and unanswered complaints on the reference date."""
    complaints, today = context.complaints, context.today
    yield from (problem.as_finding() for problem in complaints.problems)
    references = {r.csv_path: r.document.reference for r in complaints.registers}
    for complaint in complaints.items:
        where = {"reference": references.get(complaint.source), "field": complaint.numero}
        if complaint.delai is not None and complaint.delai > complaints.delai and complaint.expects_reply:
            yield finding(
                RECLAMATION_HORS_DELAI,
                complaint.source,
                f"Réclamation {complaint.numero} reçue le {format_date(complaint.recue_le)} : réponse le "
                f"{format_date(complaint.repondue_le)}, en {complaint.delai} jours ouvrés pour un engagement de "
                f"{complaints.delai}.",
                complaint.line,
                **where,
            )
        elif (
            complaint.repondue_le is None
            and not complaint.reply_unreadable
            and complaint.expects_reply
            and today > complaint.echeance
        ):
            yield finding(
                RECLAMATION_SANS_REPONSE,
                complaint.source,
                f"Réclamation {complaint.numero} reçue le {format_date(complaint.recue_le)} : pas de réponse, le délai "
                f"de {complaints.delai} jours ouvrés a expiré le {format_date(complaint.echeance)}.",
                complaint.line,
                **where,
            )


def _yes_no(text: str, *, anonymous: bool) -> bool | None:
    if not text.strip():
        return None
    answer = text.strip().casefold() in YES
    return not answer if anonymous else answer


@dataclass(frozen=True)
class Synthesis:
    """Counts and delays of a set of complaints, as the COPIL reads them."""

    label: str
    total: int
    answered: int
    on_time: int
    late: int
    pending: int  # nominative complaints still unanswered
    average_delay: float | None
    by_channel: dict


def synthesis(label: str, complaints: list[Complaint], today: dt.date) -> Synthesis:
    answered = [c for c in complaints if c.delai is not None]
    on_time = [c for c in answered if not c.is_late(today)]
    channels: dict[str, int] = {}
    for complaint in complaints:
        key = complaint.canal or "non précisé"
        channels[key] = channels.get(key, 0) + 1
    return Synthesis(
        label=label,
        total=len(complaints),
        answered=len(answered),
        on_time=len(on_time),
        late=sum(c.is_late(today) for c in complaints),
        pending=sum(c.delai is None and c.expects_reply for c in complaints),
        average_delay=sum(c.delai for c in answered) / len(answered) if answered else None,
        by_channel=dict(sorted(channels.items(), key=lambda item: (-item[1], item[0]))),
    )


def yearly(complaints: Complaints, today: dt.date) -> list[Synthesis]:
    years = sorted({c.recue_le.year for c in complaints.items}, reverse=True)
    return [synthesis(str(y), [c for c in complaints.items if c.recue_le.year == y], today) for y in years]


def per_copil(complaints: Complaints, copil_dates: list[dt.date], today: dt.date) -> list[Synthesis]:
    """One synthesis per COPIL: the complaints received since the previous one, up to its date."""
    result, previous = [], None
    first = complaints.items[0].recue_le if complaints.items else None
    for day in sorted(d for d in set(copil_dates) if first and d >= first):  # no zeros before the register began
        chosen = [c for c in complaints.items if (previous is None or c.recue_le > previous) and c.recue_le <= day]
        label = f"COPIL du {format_date(day)}" + (f" (depuis le {format_date(previous)})" if previous else "")
        result.append(synthesis(label, chosen, today))
        previous = day
    if previous is not None:
        since = [c for c in complaints.items if c.recue_le > previous]
        if since:
            result.append(synthesis(f"Depuis le COPIL du {format_date(previous)}", since, today))
    return result
