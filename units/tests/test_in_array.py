"""`pk__in_array=ids` (`core.lookups`) matches what `pk__in` matches, on SQLite and PostgreSQL."""

import pytest

from units.models import Unit


@pytest.mark.parametrize("ids", [[], [10**12], "some", "all"])
def test_ids_in_an_array_match_what_in_matches(cast, ids):
    every = list(Unit.objects.values_list("pk", flat=True))
    chosen = {"some": every[::2], "all": every}.get(ids, ids) if isinstance(ids, str) else ids
    expected = set(Unit.objects.filter(pk__in=chosen).values_list("pk", flat=True))
    assert set(Unit.objects.filter(pk__in_array=chosen).values_list("pk", flat=True)) == expected
    assert Unit.objects.filter(pk__in_array=chosen).count() == len(expected)
