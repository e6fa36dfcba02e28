import datetime as dt

import pytest
from conftest import valid_document, write

from macros.dates import add_months, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-04", dt.date(2021, 3, 4)),
        ("04/03/2021", dt.date(2021, 3, 4)),
        ("4/3/2021", dt.date(2021, 3, 4)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_iso_and_french_dates_are_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "mars 2021", "2021-13-01", "2020-09", "29/02/2023", "03-04-2021", ""])
def test_anything_else_is_not_a_date(text):
    assert parse_date(text) is None


def test_adding_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 11, 15), 24) == dt.date(2025, 11, 15)


def test_a_date_time_is_its_date():
    assert parse_date("2024-01-15T10:00") == parse_date("2024-01-15 10:00:00") == dt.date(2024, 1, 15)


def test_other_common_forms_are_understood_but_not_accepted():
    from macros.dates import understood_date

    for written in ("15-01-2024", "2024/01/15", "15.01.2024", "15/01/24"):
        assert parse_date(written) is None
        assert understood_date(written) == dt.date(2024, 1, 15), written
    assert understood_date("31.02.2021") is None


def test_a_date_in_another_form_is_date_format_saying_what_was_read(base, control):
    write(base, "a.md", valid_document(date_creation="15.01.2024"))
    run = control()
    (finding,) = [f for f in run.findings if f.code == "DATE-FORMAT"]
    assert "15/01/2024" in finding.message and "date_creation: 2024-01-15" in finding.message
    assert "DATE-INVALIDE" not in [f.code for f in run.findings]
    assert "DATE-MANQUANTE" not in [f.code for f in run.findings]
