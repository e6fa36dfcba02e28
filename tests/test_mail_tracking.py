"""The mail and e-mail tracking table: working-day delays per channel, rates, late mail, the page,
the indicators computed from it, and the table never published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import TODAY, write
from site_builder import build_site, make_project

from macros.mail_tracking import channel, figures

D = dt.date

TRACKING_DOC = """---
reference: ENR-COURRIERS-2026
titre: Suivi des courriers 2026
type: enregistrement
date_creation: 2026-01-02
statut: valide
courriers: suivi.csv
---

# Suivi

Le [tableau](suivi.csv) est tenu par chaque bureau.
"""
# As a French spreadsheet saves it: `;`, Windows-1252, CRLF, dd/mm/yyyy, channels written as people do.
TRACKING = (
    "N°;Reçu le;Canal;Réponse le;Site;Service;Objet\r\n"
    "C-1;12/05/2026;Courriel;19/05/2026;Arles;Accueil;Rendez-vous\r\n"  # Ascension (14/05): 4 working days
    "C-2;04/05/2026;E-mail;12/05/2026;Arles;Accueil;Duplicata\r\n"  # 8 May is a holiday: 5 working days
    "C-3;04/05/2026;Mail;13/05/2026;Istres;Accueil;Permis\r\n"  # 6 working days: late
    "C-4;05/05/2026;Lettre;20/05/2026;Istres;SGC;Recours\r\n"  # 9 working days: on time for a letter
    "C-5;02/11/2026;courriel;;Arles;Accueil;Relance de M. Jean Dupont\r\n"  # unanswered, due 09/11: late
    "C-6;20/11/2026;courrier;;Arles;Accueil;Demande\r\n"  # unanswered, not yet due on 22/11
    "C-7;03/11/2026;pigeon voyageur;;Arles;Accueil;Canal inconnu\r\n"
    "C-8;le trois mai;courriel;;Arles;Accueil;Date illisible\r\n"
    "C-9;05/11/2026;Courrier postal;;Istres;SGC;Autre\r\n"  # unanswered, due 19/11: late
).encode("cp1252")


def tracking_findings(run, code):
    return [f for f in run.findings if f.code == code]


def test_channels_are_read_as_people_write_them():
    assert {channel(t) for t in ("Courriel", "E-mail", "mail", "Mél", "Messagerie")} == {"courriel"}
    assert {channel(t) for t in ("Courrier", "Lettre", "courrier postal", "LRAR")} == {"courrier"}
    assert channel("Téléphone") is None and channel("") is None


def test_delays_are_working_days_per_channel(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    run = control()
    mails = {m.numero: m for m in run.mail_tracking.items}
    assert set(mails) == {"C-1", "C-2", "C-3", "C-4", "C-5", "C-6", "C-9"}
    assert (mails["C-1"].delai, mails["C-1"].on_time()) == (4, True)
    assert (mails["C-2"].delai, mails["C-2"].on_time()) == (5, True)
    assert (mails["C-3"].delai, mails["C-3"].on_time()) == (6, False)
    assert (mails["C-4"].canal, mails["C-4"].delai, mails["C-4"].on_time()) == ("courrier", 9, True)
    assert mails["C-5"].overdue(TODAY) and not mails["C-6"].overdue(TODAY)
    assert mails["C-5"].objet == "Relance de [nom masqué]"
    may = figures([m for m in mails.values() if m.recu_le.month == 5 and m.canal == "courriel"], TODAY)
    assert (may.received, may.on_time, round(may.rate), may.average_delay) == (3, 2, 67, 5.0)
    # A letter received two days ago is neither a success nor a failure: it is not in the rate.
    november = figures([mails["C-6"]], TODAY)
    assert (november.received, november.counted, november.rate) == (1, 0, None)


def test_unreadable_rows_personal_data_and_late_mail_are_findings(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    run = control()
    invalid = {f.line: f.message for f in tracking_findings(run, "COURRIER-INVALIDE")}
    assert set(invalid) == {8, 9}
    assert "pigeon voyageur" in invalid[8] and "courriel ou courrier" in invalid[8]
    assert "le trois mai" in invalid[9]
    (personal,) = tracking_findings(run, "DONNEE-PERSONNELLE")
    assert personal.path == "Qualite/suivi.csv" and personal.line == 6
    late = {f.field: f for f in tracking_findings(run, "COURRIERS-SANS-REPONSE")}
    assert set(late) == {"courriel", "courrier"}
    assert late["courriel"].line == 6 and "1 courriel sans réponse" in late["courriel"].message
    assert "C-9" in late["courrier"].message and "10 jours ouvrés" in late["courrier"].message


def test_commitments_are_settings(base, control, tmp_path):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    config = tmp_path / "qualite.yml"
    config.write_text("delai_courriels: 7\ndelai_courriers: 15\n", encoding="utf-8")
    mails = {m.numero: m for m in control(config).mail_tracking.items}
    assert mails["C-3"].on_time() and mails["C-9"].echeance == D(2026, 11, 27)  # 11 November skipped


def test_a_missing_table_or_one_outside_the_base_is_a_finding_not_a_read(base, control):
    write(base.parent, "ailleurs.csv", "Reçu le;Canal\n02/03/2026;courriel\n")
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC.replace("suivi.csv", "../../ailleurs.csv"))
    run = control()
    assert run.mail_tracking.items == ()
    (problem,) = tracking_findings(run, "COURRIER-INVALIDE")
    assert "introuvable" in problem.message and problem.line == 7


def test_a_table_without_its_date_column_says_which_columns_it_has(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", "Numéro;Arrivé;Canal\n1;02/03/2026;courriel\n")
    (problem,) = tracking_findings(control(), "COURRIER-INVALIDE")
    assert "« Reçu le »" in problem.message and "Arrivé" in problem.message and problem.line == 1


FICHE = """---
reference: IND-COURRIELS-009
titre: Courriels dans le délai
type: fiche-indicateur
date_creation: 2026-01-05
statut: valide
site: {site}
indicateur:
  libelle: Courriels répondus dans le délai
  cible: 90
  sens: minimum
  {extra}
---
"""


def test_an_indicator_computed_from_the_table_needs_no_values_file(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    write(base, "Qualite/IND.md", FICHE.format(site="Tous sites", extra="calcul: courriels-dans-le-delai"))
    run = control()
    indicator = run.indicators.by_reference("IND-COURRIELS-009")
    assert indicator.unite == "%" and indicator.calcul == "courriels-dans-le-delai"
    assert indicator.series["Arles"][(2026, 5)] == 100.0 and indicator.series["Istres"][(2026, 5)] == 0.0
    assert indicator.series["Arles"][(2026, 11)] == 0.0  # C-5 is overdue
    only_arles = FICHE.format(site="Arles", extra="calcul: delai-moyen-courriels").replace("cible: 90", "cible: 5")
    write(base, "Qualite/IND.md", only_arles.replace("sens: minimum", "sens: maximum"))
    indicator = control().indicators.by_reference("IND-COURRIELS-009")
    assert indicator.unite == "jours" and set(indicator.series) == {"Arles"}
    assert indicator.series["Arles"] == {(2026, 5): 4.5}


def test_a_computed_indicator_with_values_or_an_unknown_calculation_is_refused(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    write(base, "Qualite/IND.md", FICHE.format(site="Arles", extra="calcul: taux-magique\n  valeurs: x.csv"))
    (problem,) = tracking_findings(control(), "IND-DEFINITION")
    assert "taux-magique" in problem.message and "courriels-dans-le-delai" in problem.message
    assert "`calcul` et `valeurs` ensemble" in problem.message


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    fiche = FICHE.format(site="Tous sites", extra="calcul: courriels-dans-le-delai")
    draft = (
        "---\nreference: GRILLE-COUR-2026-T4\ntype: grille-verification\ndate_creation: 2026-11-20\n"
        "statut: brouillon\nobjet: courriers\ndate_verification:\npoints:\n  - point: C-5\n    resultat:\n---\n"
    )
    project = make_project(
        tmp_path_factory.mktemp("courriers"),
        {"Qualite/ENR-COURRIERS-2026.md": TRACKING_DOC, "Qualite/suivi.csv": TRACKING, "Qualite/IND.md": fiche,
         "Qualite/T4.md": draft},
    )  # fmt: skip
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_mail_page_lists_late_mail_first_then_figures_per_site_and_month(site: Path):
    page = (site / "pilotage" / "courriers.html").read_text(encoding="utf-8").split("<h1", 1)[1]
    assert page.index("C-5") < page.index("C-9") < page.index("Par site, sur douze mois")
    assert "C-6" not in page.split("Par site, sur douze mois")[0]  # not yet due
    assert "2 en attente au-delà du délai" in page and "Relance de [nom masqué]" in page
    months = page.split('id="par-mois"')[1]
    assert months.index("novembre 2026") < months.index("mai 2026")
    may_arles = months.split(">mai 2026<")[1].split("</tr>")[0]
    assert "<td>Arles</td><td>courriels</td><td>2</td><td>2</td><td>100\u00a0%</td><td>4,5\u00a0j</td>" in may_arles


def test_the_table_is_not_published_and_no_personal_data_is(site: Path):
    assert not list(site.rglob("suivi.csv"))
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    published += "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.json"))
    assert "Dupont" not in published


def test_the_computed_indicator_page_points_to_the_mail_page(site: Path):
    page = (site / "indicateurs" / "ind-courriels-009.html").read_text(encoding="utf-8")
    assert "calculées à partir du" in page and "../pilotage/courriers.html" in page
    assert "Arles, 05/2026 : 100" in page


# -- the quarterly random check (`tirage`) ---------------------------------------------------------


def quarter_table(count: int) -> str:
    """`count` e-mails in the third quarter of 2026, one in June and one in October (outside it)."""
    rows = [f"Q-{i:03d};{(D(2026, 7, 1) + dt.timedelta(days=i % 90)).strftime('%d/%m/%Y')};courriel;;Arles"
            for i in range(count)]  # fmt: skip
    return (
        "N°;Reçu le;Canal;Réponse le;Site\n"
        + "\n".join([*rows, "J-1;30/06/2026;courriel;;Arles", "O-1;01/10/2026;courrier;;Arles"])
        + "\n"
    )


def run_draw(project_base: Path, *arguments: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "macros", "tirage", "--base", str(project_base), *arguments],
        capture_output=True, text=True, cwd=project_base.parent, check=False,
    )  # fmt: skip


def drawn(result) -> list[str]:
    return [line.split()[0] for line in result.stdout.splitlines()[1:]]


def test_the_same_seed_gives_the_same_draw_within_the_quarter(base):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", quarter_table(40))
    first = run_draw(base, "--trimestre", "2026-T3", "--nombre", "10", "--graine", "7")
    again = run_draw(base, "--trimestre", "T3 2026", "--nombre", "10", "--graine", "7")
    other = run_draw(base, "--trimestre", "2026-T3", "--nombre", "10", "--graine", "8")
    assert first.returncode == 0, first.stderr
    assert "10 tirés parmi 40" in first.stdout and "--graine 7" in first.stdout
    assert drawn(first) == drawn(again) and len(set(drawn(first))) == 10
    assert drawn(first) != drawn(other)
    assert all(code.startswith("Q-") for code in drawn(first))  # never June nor October
    unseeded = run_draw(base, "--trimestre", "2026-T3", "--nombre", "3")
    seed = unseeded.stdout.split("--graine ")[1].split()[0]
    assert drawn(run_draw(base, "--trimestre", "2026-T3", "--nombre", "3", "--graine", seed)) == drawn(unseeded)


def test_the_draft_grid_reads_back_as_a_grid_to_fill_in(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    draft = base / "Qualite" / "Grille T2.md"
    result = run_draw(base, "--trimestre", "2026-T2", "--nombre", "3", "--graine", "1", "--sortie", str(draft))
    assert result.returncode == 0, result.stderr
    assert "3 tirés parmi 4" in result.stdout  # C-1 to C-4 were received in May
    run = control()
    (grid,) = run.grids
    assert grid.objet == "courriers" and grid.document.statut == "brouillon" and len(grid.points) == 3
    assert all(p.resultat == "" for p in grid.points) and "reçu le" in grid.points[0].point
    assert not [f for f in run.findings if f.path.endswith("Grille T2.md") and f.severity.value == "error"]
    assert not [f for f in run.findings if f.code == "VALEUR-INVALIDE" and f.path.endswith("Grille T2.md")]
    refused = run_draw(base, "--trimestre", "2026-T2", "--nombre", "3", "--sortie", str(draft))
    assert refused.returncode == 2 and "existe déjà" in refused.stderr


def test_a_wrong_quarter_or_no_table_is_said_in_french(base):
    write(base, "Qualite/doc.md", "---\nreference: PROC-A-001\n---\n")
    wrong = run_draw(base, "--trimestre", "2026-T5")
    assert wrong.returncode == 2 and "2026-T3" in wrong.stderr and "Traceback" not in wrong.stderr
    none = run_draw(base, "--trimestre", "2026-T3")
    assert none.returncode == 2 and "courriers: FICHIER.csv" in none.stderr


# -- what a real table holds: the habits of other people's spreadsheets --------------------------------


def problems_of(run, code: str) -> dict[int | None, str]:
    return {f.line: f.message for f in run.findings if f.code == code}


def test_spreadsheet_habits_times_impossible_dates_serial_numbers_future_years(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    table = (
        "N°;Reçu le;Canal;Réponse le;Site\n"
        "A;03/11/2026 14:32;Courrier électronique;04/11/2026 09:10;Arles\n"  # a time, and an e-mail
        "B;31/11/2026;courriel;;Arles\n"
        "C;46329;courriel;;Arles\n"
        "D;10/11/2062;courriel;;Arles\n"
    )
    write(base, "Qualite/suivi.csv", table)
    run = control()
    (mail,) = run.mail_tracking.items
    assert (mail.numero, mail.canal, mail.delai) == ("A", "courriel", 1)
    invalid = problems_of(run, "COURRIER-INVALIDE")
    assert "n'est pas une date réelle" in invalid[3]
    assert "nombre de série de tableur" in invalid[4]
    assert "après la date du contrôle" in invalid[5] and "10/11/2062" in invalid[5]


def test_a_renamed_workbook_or_a_title_line_is_named_for_what_it_is(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml binary")
    (message,) = problems_of(control(), "COURRIER-INVALIDE").values()
    assert "classeur" in message and "CSV" in message and "Content_Types" not in message
    write(
        base, "Qualite/suivi.csv", "Suivi des courriers 2026;;;\nN°;Reçu le;Canal;Réponse le\n1;02/03/2026;courriel;\n"
    )
    (message,) = problems_of(control(), "COURRIER-INVALIDE").values()
    assert "à la ligne 2" in message and "supprimez" in message


def test_sites_are_those_of_qualite_yml(base, control, tmp_path):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", "Reçu le;Canal;Site\n02/03/2026;courriel;prefecture de mende\n"
                                     "03/03/2026;courriel;Florac\n04/03/2026;courriel;Florac\n")  # fmt: skip
    config = tmp_path / "qualite.yml"
    config.write_text("sites: [Préfecture de Mende, Sous-préfecture de Florac]\n", encoding="utf-8")
    run = control(config)
    assert {m.site for m in run.mail_tracking.items} == {"Préfecture de Mende", "Florac"}  # as qualite.yml writes it
    (unknown,) = [f for f in run.findings if f.code == "SITE-INCONNU"]
    assert unknown.line == 3 and "« Sous-préfecture de Florac »" in unknown.message


def test_a_computed_indicator_in_the_wrong_unit_is_refused(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    fiche = FICHE.format(site="Arles", extra='calcul: delai-moyen-courriels\n  unite: "%"')
    write(base, "Qualite/IND.md", fiche)
    (problem,) = [f for f in control().findings if f.code == "IND-DEFINITION"]
    assert "`unite: %` ne convient pas" in problem.message and "jours" in problem.message


def test_two_draws_of_a_quarter_never_share_a_reference_and_a_wrong_site_is_named(base, control):
    write(base, "Qualite/ENR-COURRIERS-2026.md", TRACKING_DOC)
    write(base, "Qualite/suivi.csv", TRACKING)
    first, second = base / "Qualite" / "T2.md", base / "Qualite" / "T2 Arles.md"
    assert run_draw(base, "--trimestre", "2026-T2", "--nombre", "1", "--sortie", str(first)).returncode == 0
    again = run_draw(base, "--trimestre", "2026-T2", "--nombre", "1", "--site", "arles", "--sortie", str(second))
    assert again.returncode == 0, again.stderr
    assert "1 tiré parmi" in again.stdout
    references = sorted(d.reference for d in control().base.documents if d.type == "grille-verification")
    assert references == ["GRILLE-COUR-2026-T2", "GRILLE-COUR-2026-T2-ARLES"]
    wrong = run_draw(base, "--trimestre", "2026-T2", "--site", "Arle")
    assert wrong.returncode == 2 and "vouliez-vous dire « Arles »" in wrong.stderr


def test_a_draft_grid_is_shown_as_a_check_to_make(site: Path):
    page = (site / "pilotage" / "grilles.html").read_text(encoding="utf-8")
    row = page.split("GRILLE-COUR-2026-T4")[1].split("</tr>")[0]
    assert "à faire" in row and "brouillon</span>" in row and "20/11/2026" not in row


def test_a_link_to_the_unpublished_table_leads_to_its_masked_page(site: Path):
    page = (site / "documents" / "enr-courriers-2026.html").read_text(encoding="utf-8")
    assert '<a href="../pilotage/courriers.html">tableau</a>' in page and "lien-casse" not in page
