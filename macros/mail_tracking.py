"""The mail and e-mail tracking table: reply delays in working days against the commitments.

The table is a CSV kept beside a document that declares it (`courriers: suivi-2026.csv`), one row
per letter or e-mail received, read like the complaints register (`;` or `,`, Windows-1252, French
dates). The seeds' commitments: 5 working days for e-mails, 10 for letters (`delai_courriels`,
`delai_courriers`). `read_mail_tracking` is a pure parser into frozen records; what it cannot read
is kept as a problem; `mail_checks` turns problems and unanswered mail into findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.codes import COURRIER_INVALIDE, COURRIERS_SANS_REPONSE, DONNEE_PERSONNELLE, SITE_INCONNU
from macros.complaints import RegisterProblem, personal_data_in_register  # the same register's reading
from macros.config import Configuration
from macros.csv_data import CsvRow, column_key, read_csv_table
from macros.dates import format_date, spreadsheet_date, spreadsheet_date_problem
from macros.decoding import decode
from macros.findings import finding
from macros.french import plural
from macros.headers import closest_hint, folded
from macros.model import Base, Document, Finding
from macros.personal_data import mask
from macros.working_days import add_working_days, working_days_between

if TYPE_CHECKING:
    from macros.context import CheckContext

COURRIEL, COURRIER = "courriel", "courrier"
CHANNEL_NAMES = {COURRIEL: "courriels", COURRIER: "courriers"}
CHANNELS = {
    COURRIEL: ("courriel", "courriels", "mail", "e_mail", "email", "mel", "messagerie", "internet", "formulaire"),
    COURRIER: ("courrier", "courriers", "lettre", "postal", "papier", "poste", "lrar", "recommande"),
}
# Normalised column name (see csv_data.column_key) -> field; the first spelling found wins.
COLUMNS = {
    "numero": ("n", "no", "n_o", "numero", "num", "id", "reference", "n_d_enregistrement"),
    "recu_le": (
        "recu_le",
        "recue_le",
        "date_de_reception",
        "date_reception",
        "reception",
        "date_d_arrivee",
        "date_arrivee",
        "arrive_le",
        "arrivee",
        "date",
    ),
    "canal": (
        "canal",
        "type",
        "type_de_courrier",
        "type_courrier",
        "nature_du_courrier",
        "mode",
        "mode_de_reception",
        "canal_de_reception",
        "moyen",
        "support",
        "nature",
    ),
    "repondu_le": ("reponse_le", "repondu_le", "repondue_le", "date_de_reponse", "date_reponse", "reponse"),
    "site": ("site", "lieu"),
    "service": ("service", "service_concerne", "bureau"),
    "objet": ("objet", "sujet", "motif"),
}
MAX_SPAN_DAYS = 3 * 366  # a reply three years after receipt is a typing error, not a delay


@dataclass(frozen=True)
class Mail:
    numero: str
    recu_le: dt.date
    canal: str  # COURRIEL or COURRIER
    repondu_le: dt.date | None
    site: str  # personal data masked, as every text below
    service: str
    objet: str
    delai: int | None  # working days from receipt to reply
    echeance: dt.date  # last day of the commitment
    source: str  # CSV path in the base
    line: int
    reply_unreadable: bool = False

    def on_time(self) -> bool:
        return self.repondu_le is not None and self.repondu_le <= self.echeance

    def overdue(self, today: dt.date) -> bool:
        """Still unanswered once the commitment has passed (an unreadable reply date is not a lack of reply)."""
        return self.repondu_le is None and not self.reply_unreadable and today > self.echeance

    def counted(self, today: dt.date) -> bool:
        """In the rate: answered, or due; a letter received yesterday is neither a success nor a failure."""
        return self.repondu_le is not None or today > self.echeance


@dataclass(frozen=True)
class TrackingTable:
    document: Document
    csv_path: str


@dataclass(frozen=True)
class MailTracking:
    tables: tuple[TrackingTable, ...] = ()
    items: tuple[Mail, ...] = ()
    delais: tuple[tuple[str, int], ...] = ((COURRIEL, 5), (COURRIER, 10))
    problems: tuple[RegisterProblem, ...] = ()

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(table.csv_path for table in self.tables)

    def delai(self, canal: str) -> int:
        return dict(self.delais)[canal]


def declared_tracking(document: Document) -> str | None:
    """The tracking table a document names in `courriers:`, as a path of the base."""
    declared = document.text("courriers")
    return document.resolve(declared.replace("\\", "/")) if declared and not document.yaml_problem else None


def read_mail_tracking(base: Base, config: Configuration, today: dt.date | None = None) -> MailTracking:
    """Every tracking table declared in the base, read as records; an entry received after `today` is a
    typing error (`2062` for `2026`), reported and left out."""
    problems: list[RegisterProblem] = []
    tables, items = [], []
    delais = {COURRIEL: config.delai_courriels, COURRIER: config.delai_courriers}
    for document in base.documents:
        csv_path = declared_tracking(document)
        if csv_path is None or base.is_obsolete(document):
            continue
        if not csv_path.lower().endswith(".csv") or not base.has_file(csv_path):  # never outside the base
            problems.append(
                RegisterProblem(
                    document,
                    document.path,
                    COURRIER_INVALIDE,
                    f"Le tableau de suivi des courriers « {document.text('courriers')} » est introuvable (attendu : "
                    "un fichier .csv à côté du document) : corrigez `courriers:` dans l'en-tête.",
                    document.line_of("courriers"),
                )
            )
            continue
        tables.append(TrackingTable(document, csv_path))
        items += _read_table(base, config, delais, document, csv_path, problems, today)
    items.sort(key=lambda m: (m.recu_le, m.numero))
    return MailTracking(tuple(tables), tuple(items), tuple(delais.items()), tuple(problems))


def _read_table(base: Base, config: Configuration, delais: dict, document: Document, csv_path: str, problems: list,
                today: dt.date | None):  # fmt: skip
    table = read_csv_table(base.root, csv_path)

    def report(message: str, line: int | None, code: str = COURRIER_INVALIDE) -> None:
        problems.append(RegisterProblem(document, csv_path, code, message, line))

    names = {field: next((c for c in spellings if c in table.columns), None) for field, spellings in COLUMNS.items()}
    missing = [label for field, label in (("recu_le", "« Reçu le »"), ("canal", "« Canal »")) if names[field] is None]
    if table.problem or missing:
        report(f"Tableau de suivi illisible : {table.problem or _missing_columns(base.root, table, missing)}.", 1)
        return []
    allowed = config.donnees_publiques
    for line, message in personal_data_in_register(table, allowed, names["numero"], "Courrier", "tableau de suivi"):
        report(message, line, DONNEE_PERSONNELLE)
    sites = {folded(name): name for name in config.sites}  # a site as qualite.yml writes it
    mails = []
    for row in table.rows:
        mail = _mail(row, names, config, delais, csv_path, sites, report, today)
        if mail is not None:
            mails.append(mail)
    return mails


def _missing_columns(root, table, missing: list[str]) -> str:
    """Which columns lack, what the table has, and a title line above the headers when that is the cause."""
    try:
        head, _ = decode((root / table.path).open("rb").read(8192))
    except OSError:
        head = ""
    for number, line in enumerate(head.split("\n")[1:6], 2):
        if any(column_key(cell) in COLUMNS["recu_le"] for cell in re.split(r"[;,\t]", line)):
            return (
                f"les noms des colonnes sont à la ligne {number} : supprimez la ou les lignes au-dessus (un titre), "
                "la première ligne du fichier doit nommer les colonnes"
            )
    return (
        f"pas de colonne {' ni '.join(missing)} (colonnes du fichier : {', '.join(table.headers)}) ; noms reconnus : "
        "« Reçu le » ou « Date de réception », « Canal » ou « Type de courrier », « Réponse le », « Site », "
        "« Service », « N° », « Objet »"
    )


def channel(text: str) -> str | None:
    """`Courriel`, `Mail`, `E-mail`, `Lettre`, `Courrier postal` -> COURRIEL or COURRIER."""
    key = column_key(text)
    if "electronique" in key or "mail" in key.split("_"):
        return COURRIEL  # « courrier électronique », « e-mail reçu »: an e-mail, whatever comes first
    for code, spellings in CHANNELS.items():
        if key in spellings or any(key.startswith(s + "_") for s in spellings):
            return code
    return None


def _mail(row: CsvRow, names: dict, config: Configuration, delais: dict, csv_path: str, sites: dict, report, today):
    allowed = config.donnees_publiques
    value = {field: row.values.get(column, "") if column else "" for field, column in names.items()}
    numero = mask(value["numero"], allowed) or f"ligne {row.line}"
    received, canal = spreadsheet_date(value["recu_le"]), channel(value["canal"])
    late = received is not None and today is not None and received > today
    for wrong, problem in (
        (received is None, f"date de réception « {value['recu_le']} » {spreadsheet_date_problem(value['recu_le'])}"),
        (late, f"reçu le {format_date(received)}, après la date du contrôle ({format_date(today)}) : vérifiez l'année"),
        (canal is None, f"canal « {value['canal'] or '(vide)'} » inconnu : écrivez courriel ou courrier"),
    ):
        if wrong:
            report(
                f"Courrier {numero} : {mask(problem, allowed)} ; la ligne n'entre dans aucun délai tant qu'elle "
                "n'est pas corrigée.",
                row.line,
            )
            return None
    replied = spreadsheet_date(value["repondu_le"])
    if value["repondu_le"] and replied is None:
        problem = spreadsheet_date_problem(value["repondu_le"])
        report(f"Courrier {numero} : date de réponse « {mask(value['repondu_le'], allowed)} » {problem}.", row.line)
    elif replied is not None and not 0 <= (replied - received).days <= MAX_SPAN_DAYS:
        report(
            f"Courrier {numero} : réponse le {format_date(replied)} pour une réception le {format_date(received)} ; "
            "vérifiez les deux dates (la réponse doit suivre la réception de moins de trois ans).",
            row.line,
        )
        replied = None
    site = sites.get(folded(value["site"]), mask(value["site"], allowed))
    subdivision = config.calendriers.get(site.casefold(), "")
    try:
        deadline = add_working_days(received, delais[canal], subdivision)
        delay = working_days_between(received, replied, subdivision) if replied else None
    except (OverflowError, ValueError):  # a date at the end of the calendar (9999-12-31)
        report(
            f"Courrier {numero} : date de réception {format_date(received)} hors calendrier ; vérifiez l'année.",
            row.line,
        )
        return None
    return Mail(
        numero=numero,
        recu_le=received,
        canal=canal,
        repondu_le=replied,
        site=site,
        service=mask(value["service"], allowed),
        objet=mask(value["objet"], allowed),
        delai=delay,
        echeance=deadline,
        source=csv_path,
        line=row.line,
        reply_unreadable=bool(value["repondu_le"]) and replied is None,
    )


def mail_checks(context: CheckContext) -> Iterator[Finding]:
    """What the tables could not say, and per table and channel the mail left unanswered past its commitment:
    one finding each, naming the oldest, as a prefecture receives thousands of e-mails a year."""
    tracking, today = context.mail_tracking, context.today
    yield from (problem.as_finding() for problem in tracking.problems)
    yield from _unknown_sites(tracking, context.config.sites)
    for table in tracking.tables:
        for canal in CHANNEL_NAMES:
            late = [m for m in tracking.items if m.source == table.csv_path and m.canal == canal and m.overdue(today)]
            if not late:
                continue
            oldest = late[0]
            yield finding(
                COURRIERS_SANS_REPONSE,
                table.csv_path,
                f"{plural(len(late), canal)} sans réponse au-delà de l'engagement de {tracking.delai(canal)} jours "
                f"ouvrés au {format_date(today)} ; le plus ancien : {oldest.numero}, reçu le "
                f"{format_date(oldest.recu_le)}"
                + (f" ({oldest.site})" if oldest.site else "")
                + ". Répondez puis notez la date dans la colonne « Réponse le ».",
                oldest.line,
                reference=table.document.reference,
                field=canal,
            )


def _unknown_sites(tracking: MailTracking, declared: tuple[str, ...]) -> Iterator[Finding]:
    """SITE-INCONNU once per table and site that `sites:` of qualite.yml does not know, on its first row."""
    if not declared:
        return
    known = {folded(site) for site in declared}
    first: dict[tuple[str, str], Mail] = {}
    for mail in tracking.items:
        if mail.site and folded(mail.site) not in known:
            first.setdefault((mail.source, mail.site), mail)
    references = {t.csv_path: t.document.reference for t in tracking.tables}
    for (source, site), mail in first.items():
        yield finding(
            SITE_INCONNU,
            source,
            f"Site « {site} » du tableau de suivi absent de `sites:` de qualite.yml{closest_hint(site, declared)} : "
            "écrivez-le comme dans la liste ; ses envois sont comptés à part.",
            mail.line,
            reference=references.get(source),
            field="site",
        )


@dataclass(frozen=True)
class MailFigures:
    """Counts and delays of a set of mail, as the COPIL reads them ("99 % des courriels en moins de 5 jours")."""

    received: int
    counted: int  # answered or due
    on_time: int
    overdue: int
    average_delay: float | None

    @property
    def rate(self) -> float | None:
        return 100 * self.on_time / self.counted if self.counted else None


def figures(mails: list[Mail], today: dt.date) -> MailFigures:
    answered = [m.delai for m in mails if m.delai is not None]
    return MailFigures(
        received=len(mails),
        counted=sum(m.counted(today) for m in mails),
        on_time=sum(m.on_time() for m in mails),
        overdue=sum(m.overdue(today) for m in mails),
        average_delay=sum(answered) / len(answered) if answered else None,
    )


def monthly(mails: list[Mail], today: dt.date) -> dict[tuple[tuple[int, int], str, str], MailFigures]:
    """((year, month), site, channel) -> figures of the mail received that month at that site, one pass."""
    groups: dict[tuple[tuple[int, int], str, str], list[Mail]] = {}
    for mail in mails:
        groups.setdefault(((mail.recu_le.year, mail.recu_le.month), mail.site, mail.canal), []).append(mail)
    return {key: figures(group, today) for key, group in groups.items()}
