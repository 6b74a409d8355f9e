import datetime

import pytest
from django.http import Http404

from conftest import count_queries
from units import services
from units.fields import UnitChoiceField
from units.models import Unit
from units.selectors import get_unit_for, scope_paths, units_visible_to


def visible_codes(user):
    return set(units_visible_to(user).values_list("code", flat=True))


def test_administrator_sees_every_unit(cast):
    assert scope_paths(cast.admin) is None
    assert visible_codes(cast.admin) == {"UBND", "SNV", "SKHCN", "CCTĐC", "TTTTUD", "STP", "VP"}


@pytest.mark.parametrize("member", ["home_affairs", "inspector"])
def test_province_wide_roles_see_their_province_only(cast, member):
    from units.models import UnitKind
    from units.tests.factories import make_unit

    make_unit("UBND2", "UBND tỉnh khác", UnitKind.PROVINCE, None)
    user = getattr(cast, member)
    assert "UBND2" not in visible_codes(user)
    assert visible_codes(user) == {"UBND", "SNV", "SKHCN", "CCTĐC", "TTTTUD", "STP", "VP"}


def test_unit_head_sees_own_subtree_only(cast):
    assert visible_codes(cast.unit_head) == {"CCTĐC"}
    assert visible_codes(cast.department_head) == {"SKHCN", "CCTĐC", "TTTTUD"}
    assert visible_codes(cast.other_head) == {"VP"}


def test_unit_head_of_a_successor_sees_the_merged_predecessors(cast):
    services.units_merge(
        actor=cast.admin, units=[cast.other_department], into=cast.department, effective_on=datetime.date(2025, 3, 1)
    )
    cast.department_head.refresh_from_db()
    codes = visible_codes(cast.department_head)
    # STP itself (closed) and its office (moved under SKHCN) are now part of SKHCN's scope.
    assert {"STP", "VP"} <= codes
    assert "SNV" not in codes


def test_the_head_above_a_successor_sees_what_it_inherited(cast):
    # The heir is a subunit (CCTĐC, under SKHCN): found among the kept links by its path.
    services.units_merge(
        actor=cast.admin, units=[cast.other_department], into=cast.unit, effective_on=datetime.date(2025, 3, 1)
    )
    for head in (cast.department_head, cast.unit_head):
        assert {"STP", "VP"} <= visible_codes(type(head).objects.get(pk=head.pk))
    from units.models import Role
    from units.tests.factories import make_user

    assert visible_codes(make_user("siblinghead", Role.UNIT_HEAD, cast.sibling)) == {"TTTTUD"}  # not the heir


def test_who_inherits_whose_records_is_kept_until_a_merge_changes_it(cast, django_assert_num_queries):
    cast.department_head.refresh_from_db()
    assert "STP" not in visible_codes(cast.department_head)  # the lineage is read, and kept
    again = type(cast.department_head).objects.select_related("unit").get(pk=cast.department_head.pk)
    with django_assert_num_queries(0):  # who inherits from whom is kept, the subtree's heirs found there
        scope_paths(again)
    services.units_merge(
        actor=cast.admin, units=[cast.other_department], into=cast.department, effective_on=datetime.date(2025, 3, 1)
    )
    after = type(cast.department_head).objects.get(pk=cast.department_head.pk)  # a new request's user
    assert {"STP", "VP"} <= visible_codes(after)  # the merge is seen at once


def test_who_inherits_whose_records_is_kept_a_minute_at_most(cast, monkeypatch):
    from core import caching
    from units.selectors import LINEAGE_SECONDS

    kept = {}
    monkeypatch.setattr(caching.cache, "set", lambda key, value, seconds: kept.update({key: seconds}))
    scope_paths(type(cast.department_head).objects.select_related("unit").get(pk=cast.department_head.pk))
    assert [seconds for key, seconds in kept.items() if "inheritance-links" in key] == [LINEAGE_SECONDS] == [60]


def test_user_without_unit_sees_nothing(cast):
    cast.unit_head.unit = None
    cast.unit_head.save()
    assert visible_codes(cast.unit_head) == set()


def test_get_unit_for_is_404_for_missing_and_not_yours_alike(cast):
    assert get_unit_for(cast.unit_head, cast.unit.pk) == cast.unit
    for pk in (cast.other_unit.pk, 999_999, "abc"):
        with pytest.raises(Http404):
            get_unit_for(cast.unit_head, pk)


def test_scope_costs_a_bounded_number_of_queries_and_is_cached(cast):
    user = cast.unit_head
    assert count_queries(lambda: list(units_visible_to(user))) <= 4
    assert count_queries(lambda: scope_paths(user)) == 0


def test_a_unit_picker_is_kept_until_a_unit_changes_even_through_a_bulk_update(cast, django_assert_num_queries):
    field = UnitChoiceField(queryset=Unit.objects.filter(path__startswith=cast.department.path))
    first = list(iter(field.choices))
    assert (cast.unit.pk, "Sở KH&CN → Chi cục Tiêu chuẩn Đo lường Chất lượng") in first
    with django_assert_num_queries(0):  # kept: the same picker is on every list page
        assert list(iter(field.choices)) == first
    Unit.objects.filter(pk=cast.unit.pk).update(name="Chi cục Đo lường")  # no signal, no version
    assert (cast.unit.pk, "Sở KH&CN → Chi cục Đo lường") in list(iter(field.choices))
