import datetime as dt

import pytest

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
