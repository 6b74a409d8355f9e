"""How dates and numbers are written on official documents (Nghị định 30/2020, Phụ lục I)."""

import datetime

from .models import TYPE_ABBREVIATIONS


def official_date(day: datetime.date) -> str:
    """`ngày 05 tháng 01 năm 2021`: days below 10 and months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: datetime.date | None) -> str:
    """`Bà Rịa - Vũng Tàu, ngày 05 tháng 01 năm 2021`; a draft leaves the day blank."""
    if day is None:
        blank = "\u00a0" * 6  # the clerk writes the day by hand
        return f"{place}, ngày{blank}tháng{blank}năm {datetime.date.today().year}"
    return f"{place}, {official_date(day)}"


def number_and_symbol(*, number: int | None, kind: str, issuer_code: str, drafter_code: str = "") -> str:
    """`09/KH-SKHCN` for a typed document, `123/SKHCN-TTr` for a letter; numbers below 10 take a zero.

    Without a number (a draft) the number is left blank: `   /SKHCN-TTr`.
    """
    abbreviation = TYPE_ABBREVIATIONS[kind]
    if abbreviation:
        symbol = f"{abbreviation}-{issuer_code}"
    else:
        symbol = f"{issuer_code}-{drafter_code}" if drafter_code else issuer_code
    shown = f"{number:02d}" if number is not None else "\u00a0" * 6
    return f"{shown}/{symbol}"
