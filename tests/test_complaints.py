"""Complaints register: working days with French holidays, late and missing replies, syntheses."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, write

from macros.complaints import per_copil, yearly
from macros.config import ConfigurationError, load_configuration
from macros.working_days import add_working_days, known_subdivision, working_days_between

D = dt.date

REGISTER_DOC = """---
reference: ENR-RECLA-2026
titre: Registre 2026
type: enregistrement
date_creation: 2026-01-02
reclamations: registre.csv
---
"""
FRENCH_SPREADSHEET = (
    "N°;Reçue le;Canal;Site;Objet;Nominative;Réponse le\r\n"
    "1;28/04/2025;courrier;Peytral;Attente au guichet;oui;14/05/2025\r\n"
    "2;11/07/2025;téléphone;Arles;Rendez-vous;oui;29/07/2025\r\n"
    "3;03/11/2026;boîte à suggestions;Istres;Sièges;non;\r\n"
    "4;02/11/2026;site internet;Aix;Créneau étudiant;oui;\r\n"
    "5;trente juin;courrier;Aix;Date illisible;oui;\r\n"
).encode("cp1252")


def findings(run, code):
    return [f for f in run.findings if f.code == code]


def test_a_long_weekend_and_its_bridge_are_not_working_days():
    # Ascension 2026 is Thursday 14 May: a complaint of Wednesday 13 answered Monday 18 took 2 working days.
    assert working_days_between(D(2026, 5, 13), D(2026, 5, 18)) == 2
    # From Thursday 30 April 2026, 1 May (Friday) then the weekend: Monday 4 May is the first working day.
    assert working_days_between(D(2026, 4, 30), D(2026, 5, 4)) == 1


def test_may_2025_holidays_push_the_ten_day_deadline():
    # 1, 8 and 29 May 2025 are public holidays: ten working days from 28 April end on 14 May.
    assert add_working_days(D(2025, 4, 28), 10) == D(2025, 5, 14)
    assert working_days_between(D(2025, 4, 28), D(2025, 5, 14)) == 10


def test_leap_year_february_counts_the_29th():
    assert working_days_between(D(2024, 2, 27), D(2024, 3, 1)) == 3  # 28, 29 February, 1 March
    assert working_days_between(D(2023, 2, 27), D(2023, 3, 1)) == 2


def test_alsace_moselle_and_overseas_have_their_own_holidays():
    # Good Friday 2026 (3 April) and 26 December are holidays in Moselle only.
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 3)) == 1
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 3), "57") == 0
    # 20 December (abolition of slavery) is a holiday in La Réunion: Monday 21 follows Friday 18.
    assert working_days_between(D(2027, 12, 17), D(2027, 12, 20), "974") == 0
    assert working_days_between(D(2027, 12, 17), D(2027, 12, 20)) == 1
    assert known_subdivision("Moselle") == "57" and known_subdivision("La Réunion") == "974"
    assert known_subdivision("Zone A") is None and known_subdivision("Bretagne") is None


def test_register_from_a_french_spreadsheet_is_read_with_delays(base, control):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", FRENCH_SPREADSHEET)
    run = control()
    items = {c.numero: c for c in run.complaints.items}
    assert set(items) == {"1", "2", "3", "4"}
    assert items["1"].delai == 10 and not items["1"].is_late(TODAY)
    assert items["2"].delai == 11 and items["2"].is_late(TODAY)  # Monday 14 July is not counted
    assert items["3"].nominative is False and items["3"].delai is None
    assert run.complaints.sources == frozenset({"Qualite/registre.csv"})


def test_late_reply_missing_reply_and_unreadable_row_are_findings(base, control):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", FRENCH_SPREADSHEET)
    run = control()
    (late,) = findings(run, "RECLAMATION-HORS-DELAI")
    assert (late.path, late.line) == ("Qualite/registre.csv", 3) and "11 jours ouvrés" in late.message
    # No 4 is nominative and unanswered past its deadline (11 November skipped); no 3 is anonymous.
    (missing,) = findings(run, "RECLAMATION-SANS-REPONSE")
    assert missing.line == 5 and "17/11/2026" in missing.message
    (invalid,) = findings(run, "RECLAMATION-INVALIDE")
    assert invalid.line == 6 and "trente juin" in invalid.message


def test_reply_before_receipt_and_missing_register_are_invalid(base, control):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", "recue_le,repondue_le\n2026-03-10,2026-03-02\n")
    write(base, "Qualite/autre.md", REGISTER_DOC.replace("registre.csv", "absent.csv").replace("2026\n", "2025\n"))
    messages = sorted(f.message for f in findings(control(), "RECLAMATION-INVALIDE"))
    assert any("avant la réception" in m for m in messages)
    assert any("« absent.csv » est introuvable" in m for m in messages)


def test_a_register_outside_the_base_is_not_read(base, control):
    write(base.parent, "ailleurs.csv", "recue_le\n2026-03-10\n")
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC.replace("registre.csv", "../../ailleurs.csv"))
    run = control()
    assert run.complaints.items == ()
    (finding,) = findings(run, "RECLAMATION-INVALIDE")
    assert "introuvable" in finding.message


def test_commitment_is_configurable(base, control, tmp_path):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", FRENCH_SPREADSHEET)
    config = tmp_path / "qualite.yml"
    config.write_text("delai_reclamations: 15\n", encoding="utf-8")
    assert findings(control(config), "RECLAMATION-HORS-DELAI") == []


def test_a_site_calendar_changes_the_delay(base, control, tmp_path):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", "recue_le;site;repondue_le\n02/04/2026;Metz;07/04/2026\n")
    config = tmp_path / "qualite.yml"
    config.write_text('calendriers: {Metz: "57"}\n', encoding="utf-8")
    assert control().complaints.items[0].delai == 2  # Friday 3 April, Monday 6 April (Easter) not counted
    assert control(config).complaints.items[0].delai == 1  # Good Friday too


def test_unknown_calendar_is_a_configuration_error(tmp_path):
    config = tmp_path / "qualite.yml"
    config.write_text("calendriers: {Rennes: Bretagne}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="Rennes: Bretagne"):
        load_configuration(config)


def test_yearly_and_per_copil_syntheses(base, control):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(base, "Qualite/registre.csv", FRENCH_SPREADSHEET)
    complaints = control().complaints
    y2026, y2025 = yearly(complaints, TODAY)
    assert (y2025.label, y2025.total, y2025.answered, y2025.on_time, y2025.late) == ("2025", 2, 2, 1, 1)
    assert y2025.average_delay == 10.5
    assert (y2026.total, y2026.pending, y2026.late) == (2, 1, 1)
    first, since = per_copil(complaints, [D(2024, 1, 10), D(2025, 6, 1)], TODAY)
    assert (first.label, first.total) == ("COPIL du 01/06/2025", 1)  # the 2024 COPIL predates the register
    assert since.total == 3 and since.label.startswith("Depuis le COPIL du 01/06/2025")


def test_a_thank_you_is_never_late_nor_waiting_for_its_reply(base, control):
    write(base, "Qualite/ENR-RECLA-2026.md", REGISTER_DOC)
    write(
        base,
        "Qualite/registre.csv",
        "numero,recue_le,objet,nature,nominative,repondue_le\n"
        "1,2026-03-02,Accueil très aimable,remerciement,oui,2026-04-30\n"
        "2,2026-10-01,Merci pour l'aide,Félicitations,oui,\n"
        "3,2026-10-01,Attente trop longue,réclamation,oui,\n",
    )
    run = control()
    late = findings(run, "RECLAMATION-HORS-DELAI") + findings(run, "RECLAMATION-SANS-REPONSE")
    assert [f.line for f in late] == [4]  # only the complaint, not the two thank-yous
