"""`pk__in_array=ids` or `Ids(ids)` (`core.lookups`) matches what `pk__in` matches, on SQLite and PostgreSQL."""

import pytest

from core.lookups import Ids
from units.models import Unit


@pytest.mark.parametrize("ids", [[], [10**12], "some", "all"])
def test_ids_in_an_array_match_what_in_matches(cast, ids):
    every = list(Unit.objects.values_list("pk", flat=True))
    chosen = {"some": every[::2], "all": every}.get(ids, ids) if isinstance(ids, str) else ids
    expected = set(Unit.objects.filter(pk__in=chosen).values_list("pk", flat=True))
    for given in (chosen, Ids(chosen)):
        assert set(Unit.objects.filter(pk__in_array=given).values_list("pk", flat=True)) == expected
        assert Unit.objects.filter(pk__in_array=given).count() == len(expected)
