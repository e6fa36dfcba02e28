"""Monthly indicators: a definition in a fiche indicateur, values in a CSV file as a spreadsheet writes it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import write
from site_builder import build_site, make_project

from macros.indicators import (
    MAXIMUM,
    MINIMUM,
    Indicator,
    meets_target,
    months_between,
    parse_month,
    site_year,
)
from macros.site.svg_chart import Chart, line_chart

FICHE_PATH = "Qualite/Indicateurs/IND-COURRIELS-001.md"
CSV_PATH = "Qualite/Indicateurs/IND-COURRIELS-001.csv"
DEFINITION = {
    "libelle": "Courriels répondus en moins de 5 jours",
    "unite": '"%"',
    "cible": "95",
    "sens": "minimum",
    "formule": "Courriels répondus en moins de 5 jours / courriels reçus",
    "valeurs": "IND-COURRIELS-001.csv",
}


def fiche(reference: str = "IND-COURRIELS-001", **changes: str | None) -> str:
    """A valid fiche indicateur; `changes` replace keys of its `indicateur:` block (None drops one)."""
    block = {**DEFINITION, **changes}
    lines = "".join(f"  {key}: {value}\n" for key, value in block.items() if value is not None)
    return (
        f"---\nreference: {reference}\ntitre: Fiche indicateur - délai de réponse aux courriels\n"
        "type: fiche-indicateur\ndate_creation: 2025-01-06\nversion: 1.0\nservice: Mission qualité\n"
        f"statut: valide\nengagements: [QEP-17]\nindicateur:\n{lines}---\n\n# Indicateur courriels\n"
    )


def line_of_block(text: str) -> int:
    return text.splitlines().index("indicateur:") + 1


def csv_findings(run, code: str) -> list:
    return [f for f in run.findings if f.code == code and f.path == CSV_PATH]


def only_indicator(run) -> Indicator:
    (indicator,) = run.indicators.items
    return indicator


# -- reading the values ------------------------------------------------------------------------------------------


def test_french_spreadsheet_export_is_read(base, control):
    """Excel FR: Windows-1252, `;`, decimal comma, months as `janv.-26`, one column per site."""
    write(base, FICHE_PATH, fiche())
    csv = "mois;Préfecture;Sous-préfecture d'Arles\r\njanv.-26;95,5;97\r\nfévr.-26;93,25;98,2\r\n"
    write(base, CSV_PATH, csv.encode("cp1252"))
    run = control()
    indicator = only_indicator(run)
    assert indicator.series == {
        "Préfecture": {(2026, 1): 95.5, (2026, 2): 93.25},
        "Sous-préfecture d'Arles": {(2026, 1): 97.0, (2026, 2): 98.2},
    }
    assert [f for f in run.findings if f.path == CSV_PATH] == []


def test_long_format_with_a_site_column(base, control):
    write(base, FICHE_PATH, fiche(unite="jours", cible="3,5", sens="maximum"))
    write(base, CSV_PATH, 'mois,site,valeur\n2026-01,Préfecture,2.4\n2026-01,"Aix, sous-préfecture",3.9\n')
    indicator = only_indicator(control())
    assert (indicator.cible, indicator.sens, indicator.unite) == (3.5, MAXIMUM, "jours")
    assert indicator.series == {"Préfecture": {(2026, 1): 2.4}, "Aix, sous-préfecture": {(2026, 1): 3.9}}


def test_long_format_without_site_column_is_named_after_the_fiche_site(base, control):
    write(base, FICHE_PATH, fiche().replace("service: Mission qualité", "site: Préfecture - site Peytral"))
    write(base, CSV_PATH, "Mois;Valeur\n01/2026;81,5\n")
    assert only_indicator(control()).series == {"Préfecture - site Peytral": {(2026, 1): 81.5}}


def test_month_without_a_value_is_missing_not_zero(base, control):
    """February has no row, March an empty cell: both are missing months, neither is a zero nor a finding."""
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;Préfecture\n2026-01;96\n2026-03;\n2026-04;97\n")
    run = control()
    indicator = only_indicator(run)
    assert indicator.months == [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]
    assert indicator.series["Préfecture"] == {(2026, 1): 96.0, (2026, 4): 97.0}
    summary = site_year(indicator, "Préfecture", 2026)
    assert (summary.missing, summary.average) == (2, 96.5)
    assert [f for f in run.findings if f.path == CSV_PATH] == []


def test_comment_column_is_not_a_site(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;Préfecture;Commentaire\n2026-01;96;congés d'hiver\n")
    run = control()
    assert list(only_indicator(run).series) == ["Préfecture"]
    assert csv_findings(run, "IND-VALEUR-INVALIDE") == []


# -- findings on the values --------------------------------------------------------------------------------------


def test_text_value_is_flagged_on_its_line_and_left_out(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;Préfecture;Arles\n2026-01;96;97\n2026-02;n.c.;98\n")
    run = control()
    (finding,) = csv_findings(run, "IND-VALEUR-INVALIDE")
    assert (finding.line, finding.reference) == (3, "IND-COURRIELS-001")
    assert "« n.c. »" in finding.message and "« Préfecture »" in finding.message and "février 2026" in finding.message
    assert only_indicator(run).series == {"Préfecture": {(2026, 1): 96.0}, "Arles": {(2026, 1): 97.0, (2026, 2): 98.0}}


def test_percentage_over_100_is_flagged(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;valeur\n2026-01;105,0\n2026-02;-1\n2026-03;100\n")
    run = control()
    findings = csv_findings(run, "IND-VALEUR-INVALIDE")
    assert [f.line for f in findings] == [2, 3]
    assert "« 105,0 »" in findings[0].message and "entre 0 et 100" in findings[0].message
    assert list(only_indicator(run).series.values()) == [{(2026, 3): 100.0}]


def test_value_over_100_is_fine_when_the_unit_is_not_a_percentage(base, control):
    write(base, FICHE_PATH, fiche(unite="secondes", cible="60", sens="maximum"))
    write(base, CSV_PATH, "mois;valeur\n2026-01;105\n")
    run = control()
    assert csv_findings(run, "IND-VALEUR-INVALIDE") == []
    assert list(only_indicator(run).series.values()) == [{(2026, 1): 105.0}]


def test_unknown_month_is_flagged_on_its_line(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;valeur\n13/2026;96\nT1 2026;97\n2026-02;98\n")
    run = control()
    findings = csv_findings(run, "IND-MOIS-INVALIDE")
    assert [f.line for f in findings] == [2, 3]
    assert "« 13/2026 »" in findings[0].message and "2026-01" in findings[0].message
    assert list(only_indicator(run).series.values()) == [{(2026, 2): 98.0}]


def test_month_after_the_control_date_is_flagged(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;valeur\n2026-11;96\n2062-01;97\n")
    (finding,) = csv_findings(control(today=dt.date(2026, 11, 22)), "IND-MOIS-INVALIDE")
    assert finding.line == 3 and "postérieur" in finding.message


def test_csv_without_month_column_is_flagged(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "date;valeur\n2026-01;96\n")
    (finding,) = csv_findings(control(), "IND-MOIS-INVALIDE")
    assert finding.line == 1 and "colonne « mois »" in finding.message


def test_duplicated_month_keeps_the_first_value_and_names_both_lines(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;Préfecture\n2026-01;96\n2026-02;97\n01/2026;50\n")
    run = control()
    (finding,) = csv_findings(run, "IND-MOIS-DOUBLON")
    assert finding.line == 4
    assert "janvier 2026" in finding.message and "lignes 2 et 4" in finding.message
    assert only_indicator(run).series["Préfecture"][(2026, 1)] == 96.0


def test_same_month_for_two_sites_is_not_a_duplicate(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;site;valeur\n2026-01;Arles;96\n2026-01;Istres;97\n2026-01;Arles;98\n")
    (finding,) = csv_findings(control(), "IND-MOIS-DOUBLON")
    assert finding.line == 4 and "« Arles »" in finding.message


def test_value_findings_take_their_severity_from_the_configuration(base, control, tmp_path: Path):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;valeur\n2026-01;beaucoup\n")
    config = write(tmp_path, "qualite.yml", "severites:\n  IND-VALEUR-INVALIDE: error\n")
    (finding,) = csv_findings(control(config), "IND-VALEUR-INVALIDE")
    assert finding.severity.value == "error"


# -- findings on the definition ----------------------------------------------------------------------------------


def test_definition_without_values_file_is_flagged_on_the_block(base, control):
    text = fiche(valeurs=None)
    write(base, FICHE_PATH, text)
    run = control()
    (finding,) = [f for f in run.findings if f.code == "IND-DEFINITION"]
    assert (finding.path, finding.line) == (FICHE_PATH, line_of_block(text))
    assert "`valeurs` manque" in finding.message
    assert run.indicators.items == ()


def test_definition_naming_a_missing_file_is_flagged(base, control):
    write(base, FICHE_PATH, fiche(valeurs="courriels-2026.csv"))
    (finding,) = [f for f in control().findings if f.code == "IND-DEFINITION"]
    assert "« courriels-2026.csv » n'existe pas" in finding.message and "Qualite/Indicateurs" in finding.message


def test_definition_with_invalid_target_and_direction_lists_both(base, control):
    write(base, CSV_PATH, "mois;valeur\n2026-01;96\n")
    write(base, FICHE_PATH, fiche(cible="beaucoup", sens="plus", unite=None))
    (finding,) = [f for f in control().findings if f.code == "IND-DEFINITION"]
    assert "`cible: beaucoup`" in finding.message and "`sens: plus`" in finding.message
    assert "`unite` manque" in finding.message


def test_indicator_block_that_is_not_a_mapping_is_flagged(base, control):
    write(base, FICHE_PATH, fiche().split("indicateur:\n")[0] + "indicateur: IND-COURRIELS-001.csv\n---\n")
    (finding,) = [f for f in control().findings if f.code == "IND-DEFINITION"]
    assert "bloc de champs" in finding.message


def test_fiche_without_indicator_block_is_not_flagged(base, control):
    write(base, FICHE_PATH, fiche().split("indicateur:\n")[0] + "---\n")
    run = control()
    assert run.indicators.items == () and "IND-DEFINITION" not in [f.code for f in run.findings]


# -- computations ------------------------------------------------------------------------------------------------


def indicator(sens: str, cible: float = 95.0) -> Indicator:
    return Indicator(None, "IND-X", "x", "%", cible, sens, "", "", "x.csv", {})


def test_meets_target_for_a_minimum_and_a_maximum():
    assert meets_target(indicator(MINIMUM), 95.0) and meets_target(indicator(MINIMUM), 99.0)
    assert not meets_target(indicator(MINIMUM), 94.9)
    assert meets_target(indicator(MAXIMUM, 3.0), 3.0) and meets_target(indicator(MAXIMUM, 3.0), 1.2)
    assert not meets_target(indicator(MAXIMUM, 3.0), 3.1)


def test_months_between_crosses_the_year_end():
    assert months_between((2025, 11), (2026, 2)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    assert months_between((2026, 3), (2026, 3)) == [(2026, 3)]


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("2026-01", (2026, 1)),
        ("01/2026", (2026, 1)),
        ("1/2026", (2026, 1)),
        ("01/03/2026", (2026, 3)),
        ("janv.-26", (2026, 1)),
        ("févr. 2026", (2026, 2)),
        ("Juillet 2025", (2025, 7)),
        ("déc.-25", (2025, 12)),
        ("2026-13", None),
        ("jui 2026", None),
        ("n.c.", None),
        ("", None),
    ],
)
def test_months_are_read_as_spreadsheets_write_them(written: str, month):
    assert parse_month(written) == month


def test_year_summary_counts_months_that_miss_the_target(base, control):
    write(base, FICHE_PATH, fiche())
    write(base, CSV_PATH, "mois;Préfecture\n2025-12;90\n2026-01;96\n2026-02;94\n2026-03;\n2026-04;92\n")
    summary = site_year(only_indicator(control()), "Préfecture", 2026)
    assert summary.months == ((2026, 1), (2026, 2), (2026, 3), (2026, 4))
    assert (summary.missed, summary.missing, summary.last) == (2, 1, ((2026, 4), 92.0))


def test_chart_breaks_the_line_at_a_missing_month_and_marks_missed_points():
    chart = Chart(
        label="Graphique <test>",
        x_labels=["01/2026", "02/2026", "03/2026", "04/2026"],
        series={"Arles": [96.0, None, 94.0, 97.0]},
        target=95.0,
        target_label="cible ≥ 95 %",
        unit="%",
        misses=lambda value: value < 95.0,
        value_text=lambda value: f"{value:g} %",
        bounds=(0.0, 100.0),
    )
    svg = line_chart(chart)
    assert svg.count("<polyline") == 1  # March-April only: nothing drawn across the missing February
    # The first series' shape is a circle: January, March (missed: larger, red, ringed) and April, the legend's
    # dot and the legend's "cible non atteinte" mark.
    assert svg.count("<circle") == 3 + 2
    missed = re.search(r'<circle [^>]*r="6.5" fill="#ce0500" stroke="#1e1e1e"[^>]*><title>Arles, 03/2026 : 94 % '
                       r"\(cible non atteinte\)</title></circle>", svg)  # fmt: skip
    assert missed, svg
    assert 'aria-label="Graphique &lt;test&gt;"' in svg and 'stroke-dasharray="6 4"' in svg
    assert '<text x="578" y=' in svg and ">Arles</text>" in svg  # its name at the end of its line


def test_each_series_has_its_own_shape_and_line_style_and_text_of_at_least_15_units():
    chart = Chart(
        label="Graphique",
        x_labels=["01/2026", "02/2026"],
        series={f"Site {n}": [96.0, 97.0] for n in range(4)},
        target=95.0,
        target_label="cible ≥ 95 %",
        unit="%",
        misses=lambda value: value < 95.0,
        value_text=lambda value: f"{value:g} %",
    )
    svg = line_chart(chart)
    dashes = re.findall(r'<polyline [^>]*?(?: stroke-dasharray="([^"]+)")?/>', svg)
    assert len(set(dashes)) == 4  # solid, dashed, dotted, dash-dot
    assert "<circle" in svg and "<rect" in svg and svg.count("<polygon") >= 2 * 2  # triangles up and down
    assert 'font-size="15"' in svg


# -- the site ----------------------------------------------------------------------------------------------------

HOSTILE_SITE = "Arles <script>alert(1)</script>"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A base with one indicator: a month under target (février), a missing value (Arles, mars), one bad cell."""
    csv = (
        f"mois;Préfecture;{HOSTILE_SITE}\r\njanv.-26;96,5;97\r\nfévr.-26;93,2;98\r\nmars-26;97;\r\navr.-26;98;n.c.\r\n"
    )
    project = make_project(
        tmp_path_factory.mktemp("indicateurs"), {FICHE_PATH: fiche(), CSV_PATH: csv.encode("cp1252")}
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_indicator_page_draws_the_chart_inline(built: Path):
    page = (built / "indicateurs/ind-courriels-001.html").read_text(encoding="utf-8")
    start = page.index('<svg class="qd-chart-svg"')
    svg = page[start : page.index("</svg>", start)]
    assert 'role="img"' in svg and "aria-label=" in svg and "<polyline" in svg
    assert "cible ≥\xa095\xa0%" in svg  # the dashed target line's label
    missed_point = r"<circle [^>]*><title>Préfecture, 02/2026 : 93,2\xa0% \(cible non atteinte\)</title>"
    assert re.search(missed_point, svg)  # a diamond, not a dot, for the month that misses the target
    assert "href" not in svg and "http" not in svg and "<script" not in svg


def test_indicator_page_marks_the_month_under_target_and_the_missing_value(built: Path):
    page = (built / "indicateurs/ind-courriels-001.html").read_text(encoding="utf-8")
    start = page.index('<table class="qd-indicator-values"')
    table = page[start : page.index("</table>", start)]
    rows = {row.split("</th>")[0].rsplit(">", 1)[1]: row for row in table.split("<tr")[2:]}
    assert 'class="qd-gap"' in rows["février 2026"] and "cible non atteinte" in rows["février 2026"]
    assert rows["février 2026"].count('class="qd-gap"') == 1  # only the cell that misses, not the month's row
    assert 'class="qd-gap"' not in rows["janvier 2026"]
    assert "manquant" in rows["mars 2026"] and "—" in rows["mars 2026"] and "0 %" not in rows["mars 2026"]
    assert "IND-VALEUR-INVALIDE" in page and "« n.c. »" in page  # the value set aside is shown, not dropped


def test_values_from_the_file_are_escaped(built: Path):
    page = (built / "indicateurs/ind-courriels-001.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_overview_page_compares_the_latest_values_with_the_target(built: Path):
    page = (built / "indicateurs/index.html").read_text(encoding="utf-8")
    assert 'href="ind-courriels-001.html"' in page and "≥\xa095\xa0%" in page
    assert "avril 2026" in page and "98\xa0%" in page and ">atteint<" in page  # Préfecture's last month


def test_fiche_and_yearly_review_link_to_the_indicator_page(built: Path):
    fiche_page = (built / "documents/ind-courriels-001.html").read_text(encoding="utf-8")
    assert 'href="../indicateurs/ind-courriels-001.html"' in fiche_page
    review = (built / "bilan/2026.html").read_text(encoding="utf-8")
    section = review[review.index('id="indicateurs"') : review.index('id="enquetes"')]
    assert "../indicateurs/ind-courriels-001.html" in section and "Mois manquants" in section
