"""Audits, action plans, surveys and COPIL minutes, read from the documents' front-matter."""

from __future__ import annotations

import datetime as dt

from conftest import codes, valid_document, write

PLAN = """---
reference: PA-QUAL-2026
titre: Plan 2026
type: plan-action
date_creation: 2026-01-15
actions:
  - {id: ACT-1, libelle: Renfort téléphonique, pilote: Chef du BEQS, echeance: 2026-06-30, statut: realisee, origine: enquete, source: ENQ-2025-01, objet: Accueil téléphonique}
  - {id: ACT-2, libelle: Sièges, pilote: SGC, echeance: 2026-09-30, statut: en-cours, origine: audit, source: RAP-2025, objet: NC-1}
---
"""
AUDIT = """---
reference: RAP-2025
titre: Audit 2025
type: rapport-audit
date_creation: 2025-09-26
constats: {points_forts: 22, pistes_progres: 15, points_sensibles: 2, nc_mineures: 2, nc_majeures: 0}
non_conformites:
  - {id: NC-1, gravite: mineure, libelle: Tableau non renseigné}
  - {id: NC-2, gravite: mineure, libelle: Affichage absent}
---
"""
SURVEY = """---
reference: ENQ-2025-01
titre: Enquête 2025
type: enquete-satisfaction
date_creation: 2025-10-20
themes:
  - {theme: Courtoisie, taux: 94}
  - {theme: Accueil téléphonique, taux: 71}
  - {theme: "Site internet", taux: "72,5"}
---
"""


def findings_of(run, code):
    return [f for f in run.findings if f.code == code]


def test_audit_counts_and_non_conformities_are_read(base, control):
    write(base, "audit.md", AUDIT)
    (audit,) = control().steering.audits
    assert audit.counts == {
        "points_forts": 22,
        "pistes_progres": 15,
        "points_sensibles": 2,
        "nc_mineures": 2,
        "nc_majeures": 0,
    }
    assert [nc.id for nc in audit.non_conformities] == ["NC-1", "NC-2"]


def test_non_conformity_without_corrective_action_is_flagged(base, control):
    write(base, "audit.md", AUDIT)
    write(base, "plan.md", PLAN)
    (finding,) = findings_of(control(), "NC-SANS-ACTION")
    assert "NC-2" in finding.message and finding.path == "audit.md"


def test_corrective_action_written_in_the_report_is_enough(base, control):
    write(base, "audit.md", AUDIT.replace("libelle: Affichage absent", "libelle: Affichage absent, traitement: fait"))
    write(base, "plan.md", PLAN)
    assert findings_of(control(), "NC-SANS-ACTION") == []


def test_counted_non_conformities_must_be_described(base, control):
    write(base, "audit.md", AUDIT.replace("nc_majeures: 0", "nc_majeures: 1"))
    write(
        base,
        "plan.md",
        PLAN.replace(
            "objet: NC-1}",
            "objet: NC-1}\n  - {id: ACT-3, libelle: x, pilote: y, "
            "echeance: 2027-01-01, statut: a-faire, origine: audit, source: RAP-2025, "
            "objet: NC-2}",
        ),
    )
    (finding,) = findings_of(control(), "NC-SANS-ACTION")
    assert "3 non-conformités comptées mais 2 décrites" in finding.message


def test_survey_theme_under_threshold_needs_an_improvement_action(base, control):
    write(base, "enquete.md", SURVEY)
    write(base, "plan.md", PLAN)
    (finding,) = findings_of(control(), "ENQUETE-SANS-ACTION")
    assert "Site internet" in finding.message and "72,5\xa0%" in finding.message


def test_survey_threshold_is_configurable_per_survey(base, control):
    write(base, "enquete.md", SURVEY.replace("themes:", "seuil: 70\nthemes:"))
    assert findings_of(control(), "ENQUETE-SANS-ACTION") == []


def test_open_action_past_its_due_date_is_overdue(base, control):
    write(base, "plan.md", PLAN)
    assert [f.message.split(" ")[1] for f in findings_of(control(today=dt.date(2026, 10, 1)), "ACTION-EN-RETARD")] == [
        "ACT-2"
    ]
    assert findings_of(control(today=dt.date(2026, 9, 30)), "ACTION-EN-RETARD") == []


def test_incomplete_action_is_flagged(base, control):
    write(base, "plan.md", PLAN.replace("pilote: SGC, ", "").replace("statut: en-cours", "statut: commencée"))
    (finding,) = findings_of(control(), "ACTION-INVALIDE")
    assert "pilote" in finding.message and "statut" in finding.message


def test_copil_minutes_list_actions_indicators_and_decisions(base, control):
    write(
        base,
        "cr.md",
        valid_document(
            "CR-COPIL-2026-01",
            type="compte-rendu-copil",
            actions="[ACT-1, ACT-2]",
            indicateurs="[COURRIELS-5J]",
            decisions="[Plan validé]",
        ),
    )
    (meeting,) = control().steering.copils
    assert (meeting.actions, meeting.indicateurs, meeting.decisions) == (
        ("ACT-1", "ACT-2"),
        ("COURRIELS-5J",),
        ("Plan validé",),
    )


def test_obsolete_plans_are_not_followed(base, control):
    write(base, "plan.md", PLAN.replace("date_creation: 2026-01-15", "date_creation: 2026-01-15\nstatut: obsolete"))
    assert "ACTION-EN-RETARD" not in codes(control())


def test_a_copil_naming_an_action_no_plan_holds_is_a_finding_on_that_action(base, control):
    write(base, "plan.md", PLAN)
    minutes = "---\nreference: CR-COPIL-2026-01\ntitre: COPIL\ntype: compte-rendu-copil\n"
    minutes += "date_creation: 2026-03-10\nactions: [ACT-1, ACT-9]\n---\n"
    write(base, "copil.md", minutes)
    (unknown,) = findings_of(control(), "COPIL-ACTION-INCONNUE")
    assert (unknown.path, unknown.field, unknown.line) == ("copil.md", "ACT-9", 6)
    assert "ACT-9" in unknown.message


def test_a_replaced_action_plan_raises_no_overdue_action(base, control):
    late = PLAN.replace("statut: en-cours", "statut: a-faire").replace("2026-09-30", "2026-02-28")
    write(base, "plan.md", late)
    assert "ACTION-EN-RETARD" in codes(control(today=dt.date(2026, 11, 22)))
    newer = "---\nreference: PA-QUAL-2026-B\ntitre: Plan révisé\ntype: plan-action\ndate_creation: 2026-03-01\n"
    write(base, "plan-b.md", newer + "remplace: PA-QUAL-2026\n---\n")
    assert "ACTION-EN-RETARD" not in codes(control(today=dt.date(2026, 11, 22)))


def test_the_survey_threshold_comes_from_the_settings(base, control, tmp_path):
    write(base, "survey.md", SURVEY)
    assert len(findings_of(control(), "ENQUETE-SANS-ACTION")) == 2  # 71 and 72,5 under the default 75
    settings = write(tmp_path, "qualite.yml", "seuil_enquete: 72\n")
    (finding,) = findings_of(control(settings), "ENQUETE-SANS-ACTION")
    assert finding.field == "Accueil téléphonique"
