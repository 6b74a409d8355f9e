"""The next number in an issuer's series for a year: numbers run from 01 each 1 January."""

from django.db import transaction

from .models import NumberCounter, NumberingSeries

SHARED_SERIES = "chung"


def series_for(issuer_id: int, kind: str) -> str:
    """The issuer's separate series that numbers `kind`, or the shared one (the default)."""
    for series in NumberingSeries.objects.filter(issuer_id=issuer_id).order_by("pk"):
        if kind in (series.kinds or []):
            return series.name
    return SHARED_SERIES


def take_next_number(*, issuer_id: int, series: str, year: int) -> int:
    """Reserve the next number; the counter row is locked until the caller's transaction ends.

    The row is created with ON CONFLICT DO NOTHING, then locked with SELECT ...
    FOR UPDATE, so concurrent issuers on PostgreSQL queue up and each gets the
    next number; SQLite serialises writers itself.
    """
    assert transaction.get_connection().in_atomic_block, "take a number inside the issuing transaction"
    NumberCounter.objects.bulk_create(
        [NumberCounter(issuer_id=issuer_id, series=series, year=year, last=0)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(issuer_id=issuer_id, series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
