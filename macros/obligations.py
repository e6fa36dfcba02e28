"""The calendar of obligations (échéancier): what the quality approach must do again, and when.

A COPIL, a CLU, a satisfaction survey and an internal audit every 12 months, the yearly review
before 31 March, verification grids by subject (`accueil` every 6 months on each site,
`site-internet` and `courriers` every 3), and the label's cycle from the date each site was
labelled (Qual-e-Pref: renewal audit at 18 months, expiry at 3 years; Qualiville and ASPL: a
surveillance audit each year). The last occurrence of each is found in the base; periods come
from `echeances:` of qualite.yml. An obligation past due is ECHEANCE-DEPASSEE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.codes import ECHEANCE_DEPASSEE
from macros.dates import add_months, format_date, parse_date
from macros.findings import finding
from macros.model import Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

DEFAULT_PERIODS = {"copil": 12, "clu": 12, "enquete": 12, "audit": 12, "accueil": 6, "site-internet": 3, "courriers": 3}
LABELS = {
    "copil": "Comité de pilotage (COPIL)",
    "clu": "Comité local des usagers (CLU)",
    "enquete": "Enquête de satisfaction",
    "audit": "Audit interne",
    "bilan": "Bilan annuel",
    "accueil": "Grille de vérification de l'accueil",
    "site-internet": "Grille de vérification du site internet",
    "courriers": "Grille de contrôle des courriers et courriels",
}
PER_SITE = ("accueil",)
CONFIGURATION = "qualite.yml"


@dataclass(frozen=True)
class Obligation:
    kind: str
    label: str
    site: str  # "" when it is not per site
    due: dt.date
    last: dt.date | None = None
    document: Document | None = None  # the last occurrence found in the base

    @property
    def path(self) -> str:
        return self.document.path if self.document is not None else CONFIGURATION

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def obligations(context: CheckContext) -> list[Obligation]:
    """Every obligation with its next due date, soonest first."""
    config, base, steering = context.config, context.base, context.steering
    periods = DEFAULT_PERIODS | {k: int(v) for k, v in (config.echeances or {}).items() if str(v).isdigit()}
    found: list[Obligation] = []
    meetings = {
        "copil": [(c.date, c.document) for c in steering.copils],
        "clu": [
            (d.day("date_reunion") or d.day("date_creation"), d) for d in base.documents if d.type == "compte-rendu-clu"
        ],
        "enquete": [(s.date, s.document) for s in steering.surveys if s.themes],
        "audit": [(a.date, a.document) for a in steering.audits],
    }
    for kind, occurrences in meetings.items():
        found.append(_next(kind, "", periods[kind], occurrences, context.today))
    found += _grids(context, periods)
    found.append(_yearly_review(context))
    found += _label_cycle(context)
    return sorted(found, key=lambda o: (o.due, o.label, o.site))


def _next(kind: str, site: str, months: int, occurrences, today: dt.date) -> Obligation:
    dated = [(day, document) for day, document in occurrences if day is not None and day <= today]
    label = LABELS[kind]
    if not dated:
        return Obligation(kind, label, site, today)  # never found: due now
    day, document = max(dated, key=lambda item: item[0])
    return Obligation(kind, label, site, add_months(day, months), day, document)


def _grids(context: CheckContext, periods: dict) -> list[Obligation]:
    """Filled-in grids (`date_verification`) by subject, per site for the reception grid."""
    by_subject: dict[tuple[str, str], list] = {}
    for document in context.base.documents:
        if document.type != "grille-verification" or not document.day("date_verification"):
            continue
        if document.statut == "brouillon":
            continue  # a draft is a check still to make: it never counts as done
        subject = (document.text("objet") or "").strip().lower()
        site = (document.text("site") or "").strip() if subject in PER_SITE else ""
        by_subject.setdefault((subject, site), []).append((document.day("date_verification"), document))
    sites = list(context.config.sites) or sorted({site for subject, site in by_subject if subject in PER_SITE})
    wanted = [(subject, site) for subject in PER_SITE for site in (sites or [""])]
    wanted += [(subject, "") for subject in periods if subject not in PER_SITE and subject in LABELS and subject in
               ("site-internet", "courriers")]  # fmt: skip
    wanted += [key for key in by_subject if key not in wanted and key[0] in periods]
    return [_next(s, site, periods[s], by_subject.get((s, site), []), context.today) for s, site in wanted]


def _yearly_review(context: CheckContext) -> Obligation:
    """The review of year Y (a document with `bilan_annuel: Y`) is due by 31 March of Y + 1."""
    today = context.today
    reviewed: dict[int, Document] = {}
    for document in context.base.documents:
        year = (document.text("bilan_annuel") or "").strip()
        if year.isdigit():
            reviewed[int(year)] = document
    year = today.year - 1 if today > dt.date(today.year, 3, 31) else today.year - 2  # the last one due by now
    while year in reviewed:
        year += 1
    if not reviewed:  # none yet: to do, not a finding (a new project owes nothing on its first day)
        return Obligation("bilan", f"{LABELS['bilan']} {year}", "", max(today, dt.date(year + 1, 3, 31)))
    last = reviewed[max(reviewed)]
    return Obligation(
        "bilan", f"{LABELS['bilan']} {year}", "", dt.date(year + 1, 3, 31), last.day("date_creation"), last
    )


def _label_cycle(context: CheckContext) -> list[Obligation]:
    """From the date each site was labelled: the audits of the cycle, then the label's expiry."""
    cycle = []
    codes = {r.code for r in context.referentials} if not context.config.perimetre else {
        e.referentiel.upper() for e in context.config.perimetre
    }  # fmt: skip
    for site, written in (context.config.labellisation or {}).items():
        labelled = written if isinstance(written, dt.date) else parse_date(str(written))
        if labelled is None:
            continue
        steps = [(18, "Audit de renouvellement du label")] if "QEP" in codes else []
        if codes & {"QV", "ASPL"}:
            steps += [(12, "Audit de surveillance"), (24, "Audit de surveillance")]
        steps.append((36, "Échéance du label"))
        for months, label in steps:
            due = add_months(labelled, months)
            if due >= context.today - dt.timedelta(days=366):
                cycle.append(Obligation("label", label, str(site), due, labelled))
    return cycle


def deadline_checks(context: CheckContext) -> Iterator[Finding]:
    """ECHEANCE-DEPASSEE for each obligation past due on the reference date (not the label's audits,
    which the certifying body schedules)."""
    for obligation in context.obligations:
        if not obligation.overdue(context.today) or obligation.kind == "label":
            continue
        where = f" pour {obligation.site}" if obligation.site else ""
        since = (
            f"la dernière trace dans la base date du {format_date(obligation.last)}"
            if obligation.last
            else "aucune trace dans la base"
        )
        yield finding(
            ECHEANCE_DEPASSEE,
            obligation.path,
            f"{obligation.label}{where} : échéance dépassée depuis le {format_date(obligation.due)} ({since}) ; "
            "tenez-le ou faites-le, puis versez son compte rendu, sa grille ou son rapport dans la base.",
            reference=obligation.document.reference if obligation.document else None,
        )
