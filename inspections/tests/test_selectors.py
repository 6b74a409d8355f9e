import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import count_queries
from core.paging import BlockPaginator
from inspections import services
from inspections.models import Finding, InspectionVisit
from inspections.recurring import similar_by_finding
from inspections.search import search_findings
from inspections.selectors import (
    FINDING_SEARCH_ORDER,
    findings_visible_to,
    page_by_visit,
    plans_visible_to,
    visit_unit_names,
    visits_visible_to,
    with_finding_counts,
)
from inspections.tests.factories import add_finding, area, make_visit_setup
from inspections.visit_page import visit_areas
from units import services as unit_services


def test_visibility_of_a_visit_in_progress(setup, cast):
    add_finding(setup)
    can_see = {
        "admin": True,
        "home_affairs": True,
        "inspector": True,  # the leader
        "outside_inspector": False,
        "unit_head": False,  # not concluded yet
        "department_head": False,
        "other_head": False,
    }
    for member, expected in can_see.items():
        assert visits_visible_to(getattr(cast, member)).filter(pk=setup.visit.pk).exists() is expected, member
    assert visits_visible_to(setup.member).filter(pk=setup.visit.pk).exists()


def test_unit_heads_see_concluded_visits_of_their_subtree_only(setup, cast):
    add_finding(setup)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    assert visits_visible_to(cast.unit_head).filter(pk=setup.visit.pk).exists()
    assert visits_visible_to(cast.department_head).filter(pk=setup.visit.pk).exists()
    assert not visits_visible_to(cast.other_head).exists()
    assert findings_visible_to(cast.unit_head).count() == 1
    assert plans_visible_to(cast.unit_head).get() == setup.plan
    assert not plans_visible_to(cast.other_head).exists()


def test_visit_keeps_the_unit_name_of_its_date_after_a_rename(setup, cast):
    unit_services.unit_rename(
        actor=cast.admin, unit=cast.unit, effective_on=datetime.date(2026, 6, 1), name="Chi cục Đo lường"
    )
    visit = type(setup.visit).objects.select_related("unit").get(pk=setup.visit.pk)
    visit_unit_names([visit])
    assert visit.unit_label == "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    # The day before the rename still the old name; from its day on, the new one.
    for day, name in ((datetime.date(2026, 5, 31), "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
                      (datetime.date(2026, 6, 1), "Chi cục Đo lường"), (datetime.date(2027, 1, 1), "Chi cục Đo lường")):  # fmt: skip
        visit.scheduled_on = day
        visit_unit_names([visit])
        assert visit.unit_label == name, day


def test_records_of_a_merged_unit_are_found_from_its_successor(setup, cast):
    add_finding(setup)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    unit_services.units_merge(
        actor=cast.admin, units=[cast.unit], into=cast.sibling, effective_on=datetime.date(2026, 7, 1)
    )
    from units.models import Role
    from units.tests.factories import make_user

    sibling_head = make_user("siblinghead", Role.UNIT_HEAD, cast.sibling)
    assert visits_visible_to(sibling_head).filter(pk=setup.visit.pk).exists()


@pytest.mark.parametrize("query", ["thu tuc", "THỦ TỤC", "thủ tuc", "thu tu", "cong khai thu"])
def test_search_without_diacritics(setup, query):
    match = add_finding(setup, text="Công khai thủ tục hành chính chưa đầy đủ")
    add_finding(setup, text="Chưa ứng dụng chữ ký số")
    found = list(search_findings(Finding.objects.all(), query))
    assert found == [match]


def test_search_ignores_punctuation_and_empty_queries(setup):
    add_finding(setup, text="Một cửa liên thông")
    assert search_findings(Finding.objects.all(), "  ").count() == 1
    assert search_findings(Finding.objects.all(), "mot cua & | ! (").count() == 1


def test_similar_shortcomings_of_earlier_years(cast):
    earlier = make_visit_setup(cast, year=2023)
    old = add_finding(
        earlier, text="Lấy ý kiến khách hàng về kết quả giải quyết thủ tục hành chính đạt hiệu quả chưa cao"
    )
    add_finding(earlier, code="MODERNISATION", text="Chưa sử dụng chữ ký số")
    current = make_visit_setup(cast, year=2026)
    new = add_finding(current, text="Việc lấy ý kiến khách hàng về giải quyết thủ tục hành chính chưa hiệu quả")
    other = add_finding(current, code="CIVIL_SERVICE", text="Đào tạo bồi dưỡng công chức chưa đạt kế hoạch")
    similar = similar_by_finding(current.visit, [new, other])
    assert similar[new.pk] == [old]
    assert similar[other.pk] == []


def test_visit_areas_lists_the_plan_areas_in_order_with_findings(setup):
    add_finding(setup, code="MODERNISATION", kind="strength", text="A")
    add_finding(setup, code="PROCEDURES", text="B")
    areas = visit_areas(setup.visit)
    assert [entry["area"].code for entry in areas][:3] == ["DIRECTION", "INSTITUTIONS", "PROCEDURES"]
    counts = {entry["area"].code: entry["count"] for entry in areas}
    assert counts["MODERNISATION"] == 1 and counts["PROCEDURES"] == 1 and counts["DIRECTION"] == 0


def test_visit_areas_costs_the_same_for_5_or_500_findings(setup):
    for number in range(5):
        add_finding(setup, text=f"Nhận xét {number}", indicators=[{"name": "chỉ số", "value": number}])
    # A visit object per count, as per request: it keeps the plan's areas it has read.
    small = count_queries(lambda: visit_areas(InspectionVisit.objects.get(pk=setup.visit.pk)))
    Finding.objects.bulk_create(
        Finding(visit=setup.visit, area_id=setup.plan.areas.first().pk, kind="shortcoming", text=f"Số {n}", position=n)
        for n in range(495)
    )
    large = count_queries(lambda: visit_areas(InspectionVisit.objects.get(pk=setup.visit.pk)))
    assert small == large


@pytest.mark.postgres
def test_postgresql_search_uses_the_full_text_index(setup):
    from django.db import connection

    add_finding(setup, text="Công khai thủ tục hành chính")
    queryset = search_findings(Finding.objects.all(), "thủ tục")
    assert queryset.count() == 1
    # The filter's plan, without the listing's join for its order (on a near-empty table the planner
    # may then walk another index instead; the order is a list's concern, the match is the search's).
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "inspections_finding_search" in plan and "unaccent" in plan
    # Matched, never selected: a page of results does not carry each row's vector.
    assert "to_tsvector" not in sql.split(" FROM ")[0] and "to_tsvector" in sql


@pytest.mark.parametrize(
    "sorted_up_to, short",
    [(0, False), (2000, False), (2000, True), (0, True)],
    ids=["read visit by visit", "short list sorted", "a search: read and counted at once", "a search found long"],
)
def test_pages_read_visit_by_visit_are_the_list_sorted_whole(setup, cast, monkeypatch, sorted_up_to, short):
    """The findings search reads a page from the few visits it covers (a short list is sorted whole);
    end to end, its pages must be exactly the whole list sorted at once: every finding once, in
    the same order, across visits of the same day (the later visit first) and of other days."""
    monkeypatch.setattr(BlockPaginator, "SORTED_UP_TO", sorted_up_to)
    same_day = services.visit_schedule(
        actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=setup.visit.scheduled_on
    )
    earlier = services.visit_schedule(
        actor=cast.home_affairs, plan=setup.plan, unit=cast.other_unit, scheduled_on=datetime.date(2026, 3, 2)
    )
    for visit, count in ((setup.visit, 3), (same_day, 2), (earlier, 4)):
        for number in range(count):
            code = ("PROCEDURES", "DIRECTION")[number % 2]
            services.finding_create(
                actor=setup.member, visit=visit, area=area(code), kind="shortcoming", text=f"{visit.pk}-{number}"
            )
    rows = findings_visible_to(cast.home_affairs).order_by(*FINDING_SEARCH_ORDER)
    whole = list(rows.values_list("pk", flat=True))
    assert len(whole) == 9
    for per_page in (1, 2, 4, 5, 9, 25):
        pages = []
        first = page_by_visit(rows, 1, per_page, short)
        for number in first.paginator.page_range:
            page = page_by_visit(rows, number, per_page, short)
            assert page.paginator.count == 9
            pages.extend(finding.pk for finding in page.object_list)
        assert pages == whole, per_page
    # The newest day first; of its two visits the later one first.
    assert [finding.visit_id for finding in page_by_visit(rows, 1, 2, short).object_list] == [same_day.pk] * 2
    assert list(page_by_visit(rows, 99, 4, short).object_list) == list(rows[8:9])  # past the end: the last page
    assert page_by_visit(rows.none(), 1, 25, short).paginator.count == 0
    # The sizes of the visits, their dates (when read visit by visit), the page's rows; a search's
    # page counted with its rows (one query), or found long after that first read.
    expected = {(0, False): 3, (2000, False): 2, (2000, True): 1, (0, True): 4}[sorted_up_to, short]
    assert count_queries(lambda: list(page_by_visit(rows, 2, 4, short).object_list)) == expected


def test_pages_by_visit_honour_filters(setup, cast):
    add_finding(setup, text="Niêm yết thủ tục chưa đủ.")
    add_finding(setup, code="DIRECTION", text="Chưa có kế hoạch.")
    rows = search_findings(findings_visible_to(cast.home_affairs), "thu tuc").order_by(*FINDING_SEARCH_ORDER)
    page = page_by_visit(rows, 1, 25)
    assert page.paginator.count == 1
    assert [finding.text for finding in page.object_list] == ["Niêm yết thủ tục chưa đủ."]


def test_a_pages_finding_counts_are_grouped_over_the_findings_alone(setup):
    add_finding(setup)
    add_finding(setup, code="DIRECTION", kind="strength")
    with CaptureQueriesContext(connection) as queries:
        (visit,) = with_finding_counts([setup.visit])
    assert (visit.finding_count, visit.shortcoming_count) == (2, 1)
    # Not joined to the reform areas, as the model's own order (by area) would have it.
    assert [query["sql"].count("JOIN") for query in queries] == [0]
