import datetime

import pytest

from reports.formats import number_and_symbol, official_date, place_and_date


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2021, 1, 5), "ngày 05 tháng 01 năm 2021"),
        (datetime.date(2017, 7, 4), "ngày 04 tháng 7 năm 2017"),
        (datetime.date(2021, 2, 8), "ngày 08 tháng 02 năm 2021"),
        (datetime.date(2021, 12, 23), "ngày 23 tháng 12 năm 2021"),
    ],
)
def test_leading_zero_rule_for_dates(day, expected):
    assert official_date(day) == expected


def test_place_and_date():
    assert (
        place_and_date("Bà Rịa - Vũng Tàu", datetime.date(2021, 1, 5)) == "Bà Rịa - Vũng Tàu, ngày 05 tháng 01 năm 2021"
    )


@pytest.mark.parametrize(
    "number, kind, drafter, expected",
    [
        (9, "plan", "", "09/KH-SKHCN"),
        (123, "remediation_letter", "TTr", "123/SKHCN-TTr"),
        (1, "remediation_letter", "TTr", "01/SKHCN-TTr"),
        (3, "remediation_letter", "", "03/SKHCN"),
        (12, "conclusion", "", "12/TB-SKHCN"),
        (2, "team_decision", "", "02/QĐ-SKHCN"),
        (None, "remediation_letter", "TTr", "\u00a0" * 6 + "/SKHCN-TTr"),
    ],
)
def test_number_and_symbol(number, kind, drafter, expected):
    assert number_and_symbol(number=number, kind=kind, issuer_code="SKHCN", drafter_code=drafter) == expected
