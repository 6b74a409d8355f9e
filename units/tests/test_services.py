import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from units import services
from units.models import ReorganisationKind, Unit, UnitKind
from units.selectors import unit_history, unit_lineage_ids

D = datetime.date


def test_create_sets_tree_path_first_version_and_parent_place(cast):
    unit = cast.unit
    assert unit.path == f"{cast.province.path}{cast.department.pk}/{unit.pk}/"
    assert unit.place_name == "Bà Rịa - Vũng Tàu"
    [version] = unit.versions.all()
    assert (version.name, version.valid_from, version.valid_to) == (unit.name, D(2010, 1, 1), None)


def test_create_refuses_duplicate_code_under_same_parent_but_allows_elsewhere(cast):
    with pytest.raises(ValidationError) as error:
        services.unit_create(actor=None, name="Khác", code="cctđc", kind=UnitKind.CENTRE, parent=cast.department)
    assert "code" in error.value.message_dict
    # The same code under another department is fine (every Sở has its own "VP").
    other = services.unit_create(
        actor=None, name="Văn phòng Sở", code="VP", kind=UnitKind.DIVISION, parent=cast.department
    )
    assert other.code == cast.other_unit.code


def test_only_administrators_change_the_registry(cast):
    with pytest.raises(PermissionDenied):
        services.unit_rename(actor=cast.home_affairs, unit=cast.unit, effective_on=D(2020, 1, 1), name="X")
    services.unit_rename(actor=cast.admin, unit=cast.unit, effective_on=D(2020, 1, 1), name="X")


def test_rename_keeps_the_old_name_for_earlier_dates(cast):
    old_name = cast.unit.name
    reorganisation = services.unit_rename(
        actor=cast.admin, unit=cast.unit, effective_on=D(2022, 5, 1), name="Chi cục Đo lường", code="CCĐL"
    )
    unit = Unit.objects.get(pk=cast.unit.pk)
    assert unit.name == "Chi cục Đo lường" and unit.code == "CCĐL"
    assert unit.name_on(D(2021, 3, 1)) == old_name
    assert unit.name_on(D(2022, 5, 1)) == "Chi cục Đo lường"
    assert unit.name_on(D(2005, 1, 1)) == old_name  # before the first version: the first name
    history = unit_history(unit)
    assert [v.name for v in history["versions"]] == [old_name, "Chi cục Đo lường"]
    assert history["versions"][0].valid_to == D(2022, 5, 1)
    assert history["reorganisations"] == [reorganisation]
    assert reorganisation.kind == ReorganisationKind.RENAME
    assert "chi cuc do luong" in unit.search_text


@pytest.mark.parametrize(
    "effective_on, message",
    [(D(2009, 1, 1), "sau"), (D(2010, 1, 1), "sau"), (datetime.date.today() + datetime.timedelta(days=2), "tương lai")],
)
def test_rename_refuses_dates_before_current_version_or_in_future(cast, effective_on, message):
    with pytest.raises(ValidationError) as error:
        services.unit_rename(actor=cast.admin, unit=cast.unit, effective_on=effective_on, name="Mới")
    assert message in " ".join(error.value.message_dict["effective_on"])
    assert Unit.objects.get(pk=cast.unit.pk).versions.count() == 1


def test_rename_to_same_details_is_refused(cast):
    with pytest.raises(ValidationError):
        services.unit_rename(actor=cast.admin, unit=cast.unit, effective_on=D(2020, 1, 1), name=cast.unit.name)


def test_move_reparents_the_subtree_and_records_the_old_parent(cast):
    child = services.unit_create(
        actor=None,
        name="Phòng Đo lường",
        code="PĐL",
        kind=UnitKind.DIVISION,
        parent=cast.unit,
        valid_from=D(2010, 1, 1),
    )
    services.unit_move(actor=cast.admin, unit=cast.unit, new_parent=cast.other_department, effective_on=D(2023, 1, 1))
    unit = Unit.objects.get(pk=cast.unit.pk)
    child.refresh_from_db()
    assert unit.parent == cast.other_department
    assert unit.path == f"{cast.other_department.path}{unit.pk}/"
    assert child.path == f"{unit.path}{child.pk}/"
    assert [v.parent_id for v in unit.versions.order_by("valid_from")] == [cast.department.pk, cast.other_department.pk]
    assert unit.version_on(D(2022, 12, 31)).parent == cast.department


def test_move_under_own_subtree_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.unit_move(actor=cast.admin, unit=cast.department, new_parent=cast.unit, effective_on=D(2023, 1, 1))
    assert "parent" in error.value.message_dict


def test_merge_into_existing_closes_predecessors_and_moves_their_subunits(cast):
    child = services.unit_create(
        actor=None,
        name="Phòng X",
        code="PX",
        kind=UnitKind.DIVISION,
        parent=cast.other_department,
        valid_from=D(2010, 1, 1),
    )
    reorganisation = services.units_merge(
        actor=cast.admin, units=[cast.other_department], into=cast.department, effective_on=D(2025, 3, 1)
    )
    other = Unit.objects.get(pk=cast.other_department.pk)
    assert not other.is_active and other.valid_to == D(2025, 3, 1)
    child.refresh_from_db()
    assert child.parent == cast.department and child.path.startswith(cast.department.path)
    assert list(reorganisation.predecessors.all()) == [other]
    assert list(reorganisation.successors.all()) == [cast.department]
    # Records of the merged unit are found from the successor.
    assert set(unit_lineage_ids(cast.department)) == {cast.department.pk, other.pk}


def test_merge_with_clashing_subunit_code_is_refused_and_changes_nothing(cast):
    services.unit_create(
        actor=None,
        name="Văn phòng Sở",
        code="VP",
        kind=UnitKind.DIVISION,
        parent=cast.department,
        valid_from=D(2010, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.units_merge(
            actor=cast.admin, units=[cast.other_department], into=cast.department, effective_on=D(2025, 3, 1)
        )
    assert "VP" in str(error.value)
    assert Unit.objects.get(pk=cast.other_department.pk).is_active
    assert Unit.objects.get(pk=cast.other_unit.pk).parent_id == cast.other_department.pk


def test_merge_into_new_unit_creates_it_from_the_effective_date(cast):
    reorganisation = services.units_merge(
        actor=cast.admin,
        units=[cast.unit, cast.sibling],
        new_unit={
            "name": "Trung tâm Tiêu chuẩn và Thông tin",
            "code": "TTTC",
            "kind": UnitKind.CENTRE,
            "parent": cast.department,
        },
        effective_on=D(2024, 1, 1),
    )
    successor = reorganisation.successors.get()
    assert successor.valid_from == D(2024, 1, 1) and successor.is_active
    assert set(unit_lineage_ids(successor)) == {successor.pk, cast.unit.pk, cast.sibling.pk}


def test_merge_needs_two_units_when_creating_a_new_one(cast):
    with pytest.raises(ValidationError):
        services.units_merge(
            actor=cast.admin,
            units=[cast.unit],
            new_unit={"name": "X", "code": "X", "kind": UnitKind.CENTRE, "parent": cast.department},
            effective_on=D(2024, 1, 1),
        )


def test_split_closes_the_original_and_both_parts_inherit_it(cast):
    reorganisation = services.unit_split(
        actor=cast.admin,
        unit=cast.sibling,
        effective_on=D(2024, 6, 1),
        parts=[{"name": "Trung tâm Thông tin", "code": "TTTT"}, {"name": "Trung tâm Ứng dụng", "code": "TTUD"}],
    )
    parts = list(reorganisation.successors.order_by("code"))
    assert [p.code for p in parts] == ["TTTT", "TTUD"]
    assert all(p.parent == cast.department and p.kind == UnitKind.CENTRE for p in parts)
    assert not Unit.objects.get(pk=cast.sibling.pk).is_active
    for part in parts:
        assert cast.sibling.pk in unit_lineage_ids(part)


def test_split_of_a_unit_with_subunits_is_refused(cast):
    with pytest.raises(ValidationError):
        services.unit_split(
            actor=cast.admin,
            unit=cast.department,
            effective_on=D(2024, 6, 1),
            parts=[{"name": "A", "code": "A"}, {"name": "B", "code": "B"}],
        )


def test_dissolve_closes_a_unit_without_successor(cast):
    services.unit_dissolve(actor=cast.admin, unit=cast.other_unit, effective_on=D(2024, 6, 1))
    assert not Unit.objects.get(pk=cast.other_unit.pk).is_active
    with pytest.raises(ValidationError):
        services.unit_rename(
            actor=cast.admin, unit=Unit.objects.get(pk=cast.other_unit.pk), effective_on=D(2024, 7, 1), name="Y"
        )


def test_unit_head_must_be_a_member(cast):
    with pytest.raises(ValidationError):
        services.unit_set_head(actor=cast.admin, unit=cast.unit, head=cast.other_head)
    services.unit_set_head(actor=cast.admin, unit=cast.unit, head=cast.unit_head)
    assert Unit.objects.get(pk=cast.unit.pk).head == cast.unit_head
