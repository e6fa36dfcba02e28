"""Monthly indicators: defined once in a fiche indicateur's front-matter, valued in a CSV file beside it.

The values come out of a spreadsheet as they are. Every cell that cannot be used becomes a finding
on its line of the CSV, never a crash and never a silent zero: an empty cell is a missing month.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from macros.codes import (
    DONNEE_PERSONNELLE,
    IND_DEFINITION,
    IND_MOIS_DOUBLON,
    IND_MOIS_INVALIDE,
    IND_VALEUR_INVALIDE,
)
from macros.config import Configuration
from macros.csv_data import CsvTable, column_key, parse_number, read_csv_table
from macros.dates import format_date, parse_date
from macros.findings import about, finding
from macros.headers import folded, means_all_sites
from macros.mail_tracking import MailTracking, monthly
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext
from macros.personal_data import mask, masked_table, table_personal_data

Month = tuple[int, int]  # (year, month)

INDICATOR_TYPE = "fiche-indicateur"
MINIMUM, MAXIMUM = "minimum", "maximum"
DIRECTIONS = {
    "minimum": MINIMUM,
    "min": MINIMUM,
    ">=": MINIMUM,
    "≥": MINIMUM,
    "maximum": MAXIMUM,
    "max": MAXIMUM,
    "<=": MAXIMUM,
    "≤": MAXIMUM,
}
PERCENT_UNITS = ("%", "pourcentage", "pour cent")
ALL_SITES = "Ensemble"  # a lone series whose fiche names no site
MONTH_COLUMN, VALUE_COLUMN, SITE_COLUMNS = "mois", "valeur", ("site", "service")
NOTE_COLUMNS = ("commentaire", "commentaires", "observation", "observations", "remarque", "remarques")
# `calcul:` in an `indicateur:` block: values computed from the mail tracking table (`courriers:`),
# so that nobody types them twice. Code -> (channel, measure, unit, label).
CALCULATIONS = {
    "courriels-dans-le-delai": ("courriel", "taux", "%", "courriels répondus dans le délai"),
    "courriers-dans-le-delai": ("courrier", "taux", "%", "courriers répondus dans le délai"),
    "delai-moyen-courriels": ("courriel", "delai", "jours", "délai moyen de réponse aux courriels"),
    "delai-moyen-courriers": ("courrier", "delai", "jours", "délai moyen de réponse aux courriers"),
}
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class Indicator:
    document: Document
    reference: str
    libelle: str
    unite: str
    cible: float
    sens: str  # MINIMUM: the value must reach the target; MAXIMUM: it must not exceed it
    formule: str
    source: str
    csv_path: str  # relative to the base's root, with `/`
    series: dict = field(hash=False, compare=False)  # site -> {(year, month): value}, months in order
    has_personal_data: bool = False  # its CSV holds some: masked in the site, the file not published
    calcul: str = ""  # a code of CALCULATIONS: values computed from the mail tracking table, no CSV of its own

    @property
    def is_percent(self) -> bool:
        return self.unite.strip().lower() in PERCENT_UNITS

    @property
    def months(self) -> list[Month]:
        """Every month from the first value to the last, whatever the site: a gap is a missing value."""
        known = [month for values in self.series.values() for month in values]
        return months_between(min(known), max(known)) if known else []

    def latest(self, site: str) -> tuple[Month, float] | None:
        values = self.series.get(site) or {}
        return max(values.items()) if values else None


@dataclass(frozen=True)
class SiteYear:
    """One site's values over one calendar year, for the yearly review."""

    site: str
    months: tuple[Month, ...]  # the year's months within the indicator's range
    values: dict  # month -> value, for the months that have one
    missed: int  # months that miss the target
    missing: int

    @property
    def average(self) -> float | None:
        return sum(self.values.values()) / len(self.values) if self.values else None

    @property
    def last(self) -> tuple[Month, float] | None:
        return max(self.values.items()) if self.values else None


@dataclass(frozen=True)
class Indicators:
    items: tuple[Indicator, ...] = ()
    problems: tuple[Finding, ...] = ()  # what the reader could not use: definitions, months, values

    def by_reference(self, reference: str) -> Indicator | None:
        wanted = reference.strip().casefold()
        return next((i for i in self.items if i.reference.casefold() == wanted), None)

    @property
    def years(self) -> set[int]:
        return {year for indicator in self.items for year, _ in indicator.months}

    @property
    def private_sources(self) -> frozenset[str]:
        """Values files holding personal data: the site does not publish them."""
        return frozenset(i.csv_path for i in self.items if i.has_personal_data)


def meets_target(indicator: Indicator, value: float) -> bool:
    return value >= indicator.cible if indicator.sens == MINIMUM else value <= indicator.cible


def months_between(first: Month, last: Month) -> list[Month]:
    """Both ends included, in order: `(2025, 11)` to `(2026, 2)` gives four months."""
    start, end = first[0] * 12 + first[1] - 1, last[0] * 12 + last[1] - 1
    return [(index // 12, index % 12 + 1) for index in range(start, end + 1)]


def month_label(month: Month) -> str:
    """`(2025, 3)` -> `mars 2025`."""
    return f"{MONTH_NAMES[month[1] - 1]} {month[0]}"


def format_number(value: float) -> str:
    """French writing: `95,5`, `21 480`, `93` (no useless decimals)."""
    whole, _, decimals = f"{value:,.2f}".partition(".")
    decimals = decimals.rstrip("0")
    return whole.replace(",", "\u202f") + ("," + decimals if decimals else "")


def value_text(indicator: Indicator, value: float) -> str:
    return f"{format_number(value)}\u00a0{indicator.unite}".strip()  # no-break space: `%` never starts a line


def target_text(indicator: Indicator) -> str:
    """`≥ 95 %`, `≤ 3 jours`."""
    return f"{'≥' if indicator.sens == MINIMUM else '≤'}\u00a0{value_text(indicator, indicator.cible)}"


def site_year(indicator: Indicator, site: str, year: int) -> SiteYear:
    months = tuple(m for m in indicator.months if m[0] == year)
    series = indicator.series.get(site) or {}
    values = {m: series[m] for m in months if m in series}
    missed = sum(1 for v in values.values() if not meets_target(indicator, v))
    return SiteYear(site, months, values, missed, len(months) - len(values))


_YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s.\-/]*(\d{4}|\d{2})")
_ASCII_MONTHS = tuple(unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in MONTH_NAMES)


def parse_month(text: str) -> Month | None:
    """`2026-01`, `01/2026`, a spreadsheet date `01/01/2026`, `janv. 2026`, `janvier 2026`, `janv.-26`."""
    text = text.strip()
    if match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif match := _MONTH_YEAR.fullmatch(text):
        month, year = int(match[1]), int(match[2])
    elif day := parse_date(text):
        month, year = day.month, day.year
    else:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        match = _NAMED_MONTH.fullmatch(plain)
        if match is None or len(match[1]) < 3:
            return None
        candidates = [i for i, name in enumerate(_ASCII_MONTHS, start=1) if name.startswith(match[1])]
        if len(candidates) != 1:
            return None
        month, year = candidates[0], int(match[2]) + (2000 if len(match[2]) == 2 else 0)
    return (year, month) if 1 <= month <= 12 and year >= 1900 else None


def read_indicators(
    base: Base, config: Configuration, today: dt.date, mail_tracking: MailTracking | None = None
) -> Indicators:
    """Every indicator of the base in use, its monthly values up to `today`'s month, and what could not
    be read (months after `today` are not values yet); `mail_tracking` feeds the computed ones."""
    findings: list[Finding] = []
    items: list[Indicator] = []
    for document in base.documents:
        if document.yaml_problem or base.is_obsolete(document) or document.type != INDICATOR_TYPE:
            continue
        if "indicateur" not in document.fields:
            continue
        indicator = _indicator(base, config, today, document, findings, mail_tracking)
        if indicator is None:
            continue
        twin = next((i for i in items if i.reference.casefold() == indicator.reference.casefold()), None)
        if twin is not None:
            findings.append(
                _definition_finding(
                    document,
                    f"la référence {indicator.reference} est déjà celle de l'indicateur de « {twin.document.path} » : "
                    "cet indicateur n'est pas publié tant que les deux fiches n'ont pas chacune leur référence",
                )
            )
            continue
        items.append(indicator)
    return Indicators(tuple(items), tuple(findings))


def indicator_checks(context: CheckContext) -> Iterator[Finding]:
    """The problems the reader kept: they depend on nothing but the files and the reference date."""
    yield from context.indicators.problems


def _definition_finding(document: Document, problems: str) -> Finding:
    return about(
        document,
        IND_DEFINITION,
        f"Bloc `indicateur` incomplet ou invalide : {problems}.",
        document.line_of("indicateur"),
        "indicateur",
    )


def _indicator(
    base: Base, config: Configuration, today: dt.date, document: Document, findings: list, mail_tracking=None
) -> Indicator | None:
    raw = document.fields.get("indicateur")
    if not isinstance(raw, dict):
        findings.append(
            _definition_finding(
                document,
                "`indicateur` doit être un bloc de champs (libelle, unite, cible, sens, valeurs), "
                "chacun sur sa ligne en retrait sous `indicateur:`",
            )
        )
        return None
    text = _block_texts(raw)
    if text.get("calcul"):
        return _computed_indicator(document, text, findings, today, mail_tracking)
    csv_path, csv_problem = _values_path(base, document, text.get("valeurs", ""))
    problems = _definition_problems(document, text) + ([csv_problem] if csv_problem else [])
    if problems:
        findings.append(_definition_finding(document, " ; ".join(problems)))
        return None
    table = read_csv_table(base.root, csv_path)
    if table.problem:
        findings.append(_definition_finding(document, f"le fichier de valeurs « {csv_path} » : {table.problem}"))
        return None
    private = table_personal_data(table, config.donnees_publiques)
    findings += [
        finding(
            DONNEE_PERSONNELLE,
            csv_path,
            f"Donnée personnelle ({kind}) dans la colonne « {mask(column, config.donnees_publiques)} » du "
            "fichier de valeurs : masquée dans le site, et le fichier n'est pas publié ; retirez-la du fichier.",
            line,
            reference=document.reference,
        )
        for line, kind, column in private
    ]
    if private:
        table = masked_table(table, config.donnees_publiques)
    indicator = Indicator(
        document=document,
        reference=document.reference,
        libelle=text.get("libelle") or document.title or document.reference,
        unite=text["unite"],
        cible=parse_number(text["cible"]),
        sens=DIRECTIONS[text["sens"].lower()],
        formule=text.get("formule", ""),
        source=text.get("source", ""),
        csv_path=csv_path,
        series={},
        has_personal_data=bool(private),
    )
    return replace(indicator, series=_series(table, indicator, today, findings))


def _computed_indicator(document: Document, text: dict, findings: list, today: dt.date, mail_tracking):
    """An indicator whose monthly values the mail tracking table gives, per site (only the fiche's site
    when it names one)."""
    code = text["calcul"].strip().lower()
    calculation = CALCULATIONS.get(code)
    problems = []
    if calculation is None:
        problems.append(f"`calcul: {text['calcul']}` inconnu ; valeurs admises : {', '.join(CALCULATIONS)}")
    if text.get("valeurs"):
        problems.append("`calcul` et `valeurs` ensemble : gardez l'un des deux (les valeurs viennent du calcul)")
    if calculation and text.get("unite") and _unit_kind(text["unite"]) != _unit_kind(calculation[2]):
        problems.append(
            f"`unite: {text['unite']}` ne convient pas à `calcul: {code}`, qui donne des {calculation[2]} : "
            f'écrivez `unite: "{calculation[2]}"` ou retirez `unite`'
        )
    text = {"unite": calculation[2], **text} if calculation else text
    problems = _definition_problems(document, text) + problems
    if not (mail_tracking and mail_tracking.tables) and calculation:
        problems.append("`calcul` lit le tableau de suivi des courriers, mais aucun document ne déclare `courriers:`")
    if problems:
        findings.append(_definition_finding(document, " ; ".join(problems)))
        return None
    canal, measure, _, label = calculation
    only_site = "" if means_all_sites(document.text("site") or "") else document.text("site")
    values = _computed_series(mail_tracking, canal, measure, only_site, today)
    return Indicator(
        document=document,
        reference=document.reference,
        libelle=text.get("libelle") or document.title or label,
        unite=text["unite"],
        cible=parse_number(text["cible"]),
        sens=DIRECTIONS[text["sens"].lower()],
        formule=text.get("formule") or f"{label} (calculé à partir du tableau de suivi des courriers)",
        source=text.get("source") or ", ".join(t.csv_path for t in mail_tracking.tables),
        csv_path="",
        series=values,
        calcul=code,
    )


def _unit_kind(unit: str) -> str:
    """`%`, `pourcentage` → percent; `jours`, `j`, `jours ouvrés` → days."""
    plain = unit.strip().lower()
    return "%" if plain in PERCENT_UNITS else "jours" if plain.startswith("j") else plain


def _computed_series(tracking: MailTracking, canal: str, measure: str, only_site: str, today: dt.date) -> dict:
    """Site -> month -> rate or mean delay of the mail of `canal` received that month."""
    series: dict[str, dict[Month, float]] = {}
    for (month, site, of_canal), result in sorted(monthly(list(tracking.items), today).items()):
        if of_canal != canal or month > (today.year, today.month):
            continue
        if only_site and folded(site) != folded(only_site):
            continue
        value = result.rate if measure == "taux" else result.average_delay
        if value is not None:
            series.setdefault(site or only_site or ALL_SITES, {})[month] = round(value, 1)
    return dict(sorted(series.items()))


def _definition_problems(document: Document, text: dict[str, str]) -> list[str]:
    """What the `indicateur:` block lacks or gets wrong, in the quality manager's words."""
    problems = []
    if not document.reference:
        problems.append("la fiche n'a pas de `reference`, qui sert d'identifiant à l'indicateur")
    unite = text.get("unite", "")
    if not unite:
        problems.append("`unite` manque (%, jours, secondes…)")
    cible = parse_number(text.get("cible", ""))
    if not text.get("cible"):
        problems.append("`cible` manque (un nombre, par exemple 95 ou 3,5)")
    elif cible is None:
        problems.append(f"`cible: {text['cible']}` n'est pas un nombre (écrivez par exemple 95 ou 3,5)")
    elif unite.lower() in PERCENT_UNITS and not 0 <= cible <= 100:
        problems.append(f"`cible: {text['cible']}` : un pourcentage est compris entre 0 et 100")
    if DIRECTIONS.get(text.get("sens", "").lower()) is None:
        written = f"`sens: {text['sens']}`" if text.get("sens") else "`sens` manque"
        problems.append(
            f"{written} : écrivez minimum (la valeur doit atteindre la cible) ou maximum (elle ne doit pas la dépasser)"
        )
    return problems


def _row_month(row, header: str, today: dt.date, report) -> Month | None:
    """The row's month, or None (reported) when it is unreadable or after the reference date."""
    written = row.values.get(MONTH_COLUMN, "")
    month = parse_month(written)
    if month is None:
        report(
            IND_MOIS_INVALIDE,
            row.line,
            f"Mois « {written or '(vide)'} » illisible (colonne « {header} ») : écrivez-le sous la forme "
            "2026-01, 01/2026 ou janv. 2026 ; les valeurs de la ligne sont écartées.",
        )
        return None
    if month > (today.year, today.month):
        report(
            IND_MOIS_INVALIDE,
            row.line,
            f"Mois « {written} » postérieur à la date du contrôle ({format_date(today)}) : vérifiez l'année ; "
            "les valeurs de la ligne sont écartées.",
        )
        return None
    return month


def _cell_value(cell: str, where: str, indicator: Indicator, line: int, report) -> float | None:
    """A cell's value; None for an empty cell (a missing value) or one reported as unreadable."""
    if not cell:
        return None
    value = parse_number(cell)
    if value is None:
        report(
            IND_VALEUR_INVALIDE,
            line,
            f"Valeur « {cell} » illisible ({where}) : écrivez un nombre (95 ou 95,5) ou laissez la cellule vide "
            "si la valeur manque.",
        )
    elif indicator.is_percent and not 0 <= value <= 100:
        report(
            IND_VALEUR_INVALIDE,
            line,
            f"Valeur « {cell} » impossible pour un pourcentage ({where}) : elle doit être comprise entre 0 et 100 ; "
            "corrigez la cellule ou laissez-la vide si la valeur manque.",
        )
        return None
    return value


def _block_texts(block: dict) -> dict[str, str]:
    """The `indicateur:` block's scalar values by key, keys compared without case or accents."""
    return {column_key(str(k)): str(v).strip() for k, v in block.items() if not isinstance(v, (list, dict))}


def declared_values_path(document: Document) -> str | None:
    """The values file an `indicateur:` block names, as a path of the base, whether or not it exists."""
    block = document.fields.get("indicateur")
    written = _block_texts(block).get("valeurs") if isinstance(block, dict) else None
    return document.resolve(written.replace("\\", "/")) if written else None


def _values_path(base: Base, document: Document, written: str) -> tuple[str, str | None]:
    """The CSV's path relative to the base root, or why it cannot be used."""
    if not written:
        return "", "`valeurs` manque : le nom du fichier CSV des valeurs mensuelles, rangé à côté de la fiche"
    folder = posixpath.dirname(document.path)
    path = document.resolve(written.replace("\\", "/"))
    if not path.lower().endswith(".csv"):
        return path, f"`valeurs: {written}` doit désigner un fichier .csv (enregistrez le tableur au format CSV)"
    if path.startswith("../") or not base.has_file(path):
        where = f"le dossier « {folder} »" if folder else "la racine de la base"
        return path, f"le fichier de valeurs « {written} » n'existe pas dans {where} : vérifiez son nom"
    return path, None


def _series(table: CsvTable, indicator: Indicator, today: dt.date, findings: list) -> dict[str, dict[Month, float]]:
    """Read the table, long (`mois`, `site`, `valeur`) or wide (`mois` then one column per site)."""

    def report(code: str, line: int, message: str) -> None:
        findings.append(finding(code, table.path, message, line, reference=indicator.reference))

    headers = dict(zip(table.columns, table.headers, strict=False))
    if MONTH_COLUMN not in table.columns:
        report(
            IND_MOIS_INVALIDE,
            1,
            f"Pas de colonne « mois » dans l'en-tête (colonnes : {', '.join(table.headers)}) : nommez « mois » la "
            "colonne des mois, puis une colonne « valeur » ou une colonne par site.",
        )
        return {}
    long_format = VALUE_COLUMN in table.columns
    site_column = next((c for c in SITE_COLUMNS if c in table.columns), None) if long_format else None
    value_columns = (
        [VALUE_COLUMN]
        if long_format
        else [c for c in table.columns if c and c != MONTH_COLUMN and c not in NOTE_COLUMNS]
    )
    series: dict[str, dict[Month, float]] = {} if long_format else {headers[c]: {} for c in value_columns}
    seen: dict = {}
    single = indicator.document.text("site") or ALL_SITES  # the fiche's site names a lone series
    for row in table.rows:
        month = _row_month(row, headers[MONTH_COLUMN], today, report)
        if month is None:
            continue
        site = (row.values.get(site_column) or single) if site_column else single
        key = (site, month) if long_format else month
        if key in seen:
            whose = f" pour « {site} »" if long_format and site_column else ""
            report(
                IND_MOIS_DOUBLON,
                row.line,
                f"Le mois {month_label(month)} apparaît deux fois{whose}, lignes {seen[key]} et {row.line} : la "
                f"ligne {seen[key]} est retenue, la ligne {row.line} est écartée ; supprimez ou corrigez l'une "
                "des deux.",
            )
            continue
        seen[key] = row.line
        for column in value_columns:
            name = site if long_format else headers[column]
            values = series.setdefault(name, {})
            cell = row.values.get(column, "")
            value = _cell_value(
                cell, f"colonne « {headers[column]} », {month_label(month)}", indicator, row.line, report
            )
            if value is not None:
                values[month] = value
    return {site: dict(sorted(values.items())) for site, values in series.items()}
