"""The calendar of obligations: last occurrences found in the base, periods, overdue ones, iCalendar."""

from __future__ import annotations

import datetime as dt

from conftest import write
from test_site_build import document

from macros.site.calendar_view import calendar_ics

COPIL = (
    "---\nreference: CR-COPIL-2025-01\ntitre: COPIL\ntype: compte-rendu-copil\ndate_creation: 2025-06-30\n"
    "date_reunion: 2025-06-24\n---\n"
)
GRID = (
    "---\nreference: GRILLE-ACC-{n}\ntitre: Grille\ntype: grille-verification\ndate_creation: {day}\n"
    "date_verification: {day}\nobjet: accueil\nsite: {site}\n---\n"
)


def deadlines(run) -> list[str]:
    return [f.message for f in run.findings if f.code == "ECHEANCE-DEPASSEE"]


def test_an_obligation_past_due_is_said_with_what_where_and_since_when(base, control, tmp_path):
    write(base, "copil.md", COPIL)
    write(base, "g1.md", GRID.format(n=1, day="2026-01-15", site="Digne"))
    write(base, "g2.md", GRID.format(n=2, day="2026-09-15", site="Forcalquier"))
    settings = write(tmp_path, "qualite.yml", "sites: [Digne, Forcalquier]\n")
    run = control(settings, today=dt.date(2026, 11, 22))
    said = deadlines(run)
    assert any(m.startswith("Comité de pilotage (COPIL) : échéance dépassée depuis le 24/06/2026") for m in said)
    assert any("Grille de vérification de l'accueil pour Digne : échéance dépassée depuis le 15/07/2026" in m
               for m in said)  # fmt: skip
    assert not any("Forcalquier" in m for m in said)  # verified in September: due in March
    (copil,) = [f for f in run.findings if f.code == "ECHEANCE-DEPASSEE" and "COPIL" in f.message]
    assert copil.path == "copil.md" and copil.severity.value == "warning"


def test_periods_come_from_the_settings_and_a_fresh_base_owes_nothing_yet(base, control, tmp_path):
    write(base, "copil.md", COPIL)
    settings = write(tmp_path, "qualite.yml", "echeances: {copil: 24}\n")
    assert deadlines(control(settings, today=dt.date(2026, 11, 22))) == []
    write(base, "copil.md", document("PROC-BAAS-001"))  # no COPIL at all: "à faire", not a finding
    assert deadlines(control(today=dt.date(2026, 11, 22))) == []


def test_the_label_cycle_and_the_ics_file(base, control, tmp_path):
    write(base, "copil.md", COPIL)
    settings = write(tmp_path, "qualite.yml", "perimetre: [{referentiel: QEP}]\nlabellisation: {Digne: 2025-03-14}\n")
    run = control(settings, today=dt.date(2026, 3, 1))
    labels = [(o.label, o.site, o.due) for o in run.obligations if o.kind == "label"]
    assert ("Audit de renouvellement du label", "Digne", dt.date(2026, 9, 14)) in labels
    assert ("Échéance du label", "Digne", dt.date(2028, 3, 14)) in labels
    ics = calendar_ics("Préfecture ; « test », \\ essai", run.obligations, run.today)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "X-WR-CALNAME:Démarche qualité — Préfecture \\; « test »\\, \\\\ essai" in ics.replace("\r\n ", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    assert "DTSTART;VALUE=DATE:20260914" in ics and ics.count("BEGIN:VEVENT") == ics.count("END:VEVENT") >= 3


FILLED_GRID = """---
reference: GRILLE-ACC-9
titre: Grille
type: grille-verification
date_creation: 2026-10-06
date_verification: 2026-10-06
objet: accueil
site: Arles
points:
  - {point: Horaires affichés, resultat: conforme}
  - {point: Résultats de l'enquête affichés, resultat: non-conforme, action: ACT-2026-08}
  - {point: Signalétique, resultat: non-conforme}
  - {point: Accès PMR, resultat: sans-objet}
  - {point: Sièges, resultat: bof}
---
"""
PLAN = """---
reference: PA-2026
titre: Plan
type: plan-action
date_creation: 2026-01-05
actions:
  - {id: ACT-2026-08, libelle: Afficher les résultats, pilote: Référent, echeance: 2026-10-31, statut: realisee, origine: autre, realisee_le: 2026-10-12}
---
"""


def test_a_gap_of_a_grid_needs_its_action_and_the_grid_has_a_score(base, control):
    from macros.grids import read_grids

    write(base, "grille.md", FILLED_GRID)
    write(base, "plan.md", PLAN)
    run = control(today=dt.date(2026, 11, 22))
    gaps = [f.message for f in run.findings if f.code == "GRILLE-ECART-SANS-ACTION"]
    assert len(gaps) == 1 and "« Signalétique »" in gaps[0] and "source: GRILLE-ACC-9" in gaps[0]
    assert any(f.code == "VALEUR-INVALIDE" and "« bof »" in f.message for f in run.findings)
    write(base, "plan.md", PLAN.replace("realisee_le: 2026-10-12}", "realisee_le: 2026-10-12}\n  - {id: ACT-2026-09, "
          "libelle: Signalétique, pilote: SG, echeance: 2026-12-31, statut: a-faire, origine: autre, "
          "source: GRILLE-ACC-9, objet: Signalétique}"))  # fmt: skip
    run = control(today=dt.date(2026, 11, 22))
    assert [f for f in run.findings if f.code == "GRILLE-ECART-SANS-ACTION"] == []
    (grid,) = read_grids(run.base)
    assert grid.score == (1, 3)  # sans-objet and an unknown result are not judged
