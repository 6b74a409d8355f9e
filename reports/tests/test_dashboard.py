"""The province's figures: counted right, scoped, the same on the page, in the API and in the XLSX."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from conftest import count_queries, current_version
from core import spreadsheets
from core.caching import peek
from inspections.models import FindingKind
from inspections.services import finding_mark_repeat
from inspections.tests.factories import add_finding, make_visit_setup
from remediation import services as remediation_services
from reports import tasks as report_tasks
from reports.figures import Selection, figures_cache_key, figures_for
from units import services as unit_services

# The directive of the `remediation` fixture is due 30/09/2026: on this day both tasks are overdue.
AFTER_DEADLINE = datetime.date(2026, 10, 15)
ON_TIME = "Tỷ lệ đúng hạn (%)"
KEPT_XLSX_QUERIES = 4  # session, user, his unit, the selected unit


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        yield


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.FIGURES_CACHE_SECONDS = 0


def accept_on_time(remediation, cast):
    with time_machine.travel(datetime.date(2026, 6, 10), tick=False):
        task = remediation.task
        remediation_services.task_submit(
            actor=cast.unit_head, task=task, note="Xong", expected_version=current_version(task)
        )
        remediation_services.task_accept(actor=remediation.leader, task=task, expected_version=current_version(task))


def row_of(figures, unit):
    return next(row for row in figures["by_department"] if row["unit"] == unit.pk)


def test_province_figures_by_department_area_and_task_status(cast, remediation):
    figures = figures_for(cast.home_affairs, Selection(year=2026))
    assert figures["visits"] == {"planned": 2, "concluded": 2}
    procedures = next(row for row in figures["by_area"] if row["area"] == "PROCEDURES")
    assert procedures["shortcomings"] == 1 and procedures["strengths"] == 0
    assert [row["unit"] for row in figures["by_department"]] == [cast.department.pk]  # both units are SKHCN's
    department = row_of(figures, cast.department)
    assert department["visits"] == 2 and department["shortcomings_by_area"]["PROCEDURES"] == 1
    assert (department["tasks"], department["open"], department["overdue"], department["on_time_share"]) == (2, 2, 2, 0)

    accept_on_time(remediation, cast)
    figures = figures_for(cast.home_affairs, Selection(year=2026))
    assert figures["tasks"]["accepted"] == 1 and figures["tasks"]["overdue"] == 1
    assert figures["tasks"]["on_time_share"] == 50  # one accepted on time, one past its deadline
    assert figures_for(cast.home_affairs, Selection(year=2025))["visits"]["planned"] == 0


def test_a_department_filter_breaks_down_by_its_units(cast, remediation):
    figures = figures_for(cast.home_affairs, Selection(year=2026, unit=cast.department))
    assert {row["unit"] for row in figures["by_department"]} == {cast.unit.pk, cast.sibling.pk}
    assert row_of(figures, cast.unit)["shortcomings"] == 1 and row_of(figures, cast.sibling)["shortcomings"] == 0
    assert figures["focus"] == cast.department.pk


def test_a_unit_head_counts_only_his_subtree(cast, remediation):
    figures = figures_for(cast.unit_head, Selection(year=2026))
    assert figures["visits"]["planned"] == 1 and figures["tasks"]["tasks"] == 1
    assert [row["unit"] for row in figures["by_department"]] == [cast.unit.pk]
    assert figures_for(cast.other_head, Selection(year=2026))["tasks"]["tasks"] == 0


def test_a_merged_unit_is_counted_with_its_successor(cast, remediation):
    unit_services.units_merge(
        actor=cast.admin, units=[cast.sibling], into=cast.unit, effective_on=datetime.date(2026, 7, 1)
    )
    figures = figures_for(cast.home_affairs, Selection(year=2026, unit=cast.department))
    assert [row["unit"] for row in figures["by_department"]] == [cast.unit.pk]
    assert row_of(figures, cast.unit)["visits"] == 2 and row_of(figures, cast.unit)["tasks"] == 2
    assert figures_for(cast.unit_head, Selection(year=2026))["tasks"]["tasks"] == 2  # the successor's head sees both


def test_repeats_frequent_shortcomings_and_trends_across_years(cast, remediation):
    earlier = make_visit_setup(cast, year=2025)
    first = add_finding(earlier, text="Công khai TTHC chưa đầy đủ.")
    later = make_visit_setup(cast, year=2027)  # the 2026 visit has the same shortcoming, word for word
    again = add_finding(later, text="Công khai TTHC chưa đầy đủ.")
    finding_mark_repeat(actor=later.member, finding=again, earlier=first)
    figures = figures_for(cast.home_affairs, Selection(year=2027))
    assert figures["repeated_shortcomings"][0]["first_year"] == 2025
    assert next(row for row in figures["by_area"] if row["area"] == "PROCEDURES")["repeated"] == 1
    by_year = {row["year"]: row for row in figures["trends"]}
    assert (by_year[2025]["shortcomings"], by_year[2026]["shortcomings"], by_year[2027]["shortcomings"]) == (1, 1, 1)
    everything = figures_for(cast.home_affairs, Selection(date_from=datetime.date(2025, 1, 1)))
    assert everything["frequent_shortcomings"][0]["count"] == 3 and everything["frequent_shortcomings"][0]["units"] == 1


def test_the_figures_read_a_fixed_number_of_queries_whatever_the_province(cast, remediation):
    def count():
        return count_queries(lambda: figures_for(cast.home_affairs, Selection(year=2026)))

    few = count()
    for year in (2024, 2025):
        setup = make_visit_setup(cast, year=year, unit=cast.other_unit)
        for number in range(5):
            add_finding(setup, text=f"Hạn chế {number}.", kind=FindingKind.SHORTCOMING)
    assert count() == few


def test_the_dashboard_page_api_and_xlsx_show_the_same_numbers(client, api, cast, remediation):
    accept_on_time(remediation, cast)
    client.force_login(cast.home_affairs)
    page = client.get(reverse("dashboard:index"), {"year": 2026, "unit": cast.department.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="heat-map"' in html and "<svg" in html
    rows = {row["unit"]: row for row in page.context["figures"]["by_department"]}
    assert rows[cast.unit.pk]["on_time_share"] == 100 and rows[cast.sibling.pk]["on_time_share"] == 0

    stats = api.as_(cast.home_affairs).get("/api/v1/stats/", {"year": 2026, "unit": cast.department.pk}).json()
    assert {row["unit"]: row["on_time_share"] for row in stats["by_department"]} == {
        cast.unit.pk: 100,
        cast.sibling.pk: 0,
    }
    assert stats["tasks"]["overdue"] == 1 and stats["visits"] == {"planned": 2, "concluded": 2}

    response = client.get(reverse("dashboard:index"), {"year": 2026, "unit": cast.department.pk, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp theo đơn vị", "Theo lĩnh vực", "Qua các năm"]
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    assert sheet[1][0] == "Năm: 2026" and sheet[2][0] == "Đơn vị: Sở Khoa học và Công nghệ"
    header = sheet[3]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in sheet[4:]}
    assert table[cast.unit.name]["Tỷ lệ đúng hạn (%)"] == 100 and table[cast.sibling.name]["Quá hạn"] == 1


def test_the_dashboard_xlsx_is_written_once_for_the_figures_it_shows(client, cast, remediation, settings, monkeypatch):
    settings.FIGURES_CACHE_SECONDS = 300
    written = []
    write = spreadsheets.tables_workbook
    monkeypatch.setattr(spreadsheets, "tables_workbook", lambda *args: written.append(args) or write(*args))
    client.force_login(cast.home_affairs)
    url = reverse("dashboard:index")

    def on_time_share_of_unit(selection: dict) -> int:
        sheet = list(load_workbook(io.BytesIO(client.get(url, selection).content)).worksheets[0].values)
        header = next(row for row in sheet if row[0] == "Đơn vị")
        return next(dict(zip(header, row, strict=True)) for row in sheet if row[0] == cast.unit.name)[ON_TIME]

    department = {"year": 2026, "unit": cast.department.pk}
    assert on_time_share_of_unit({**department, "format": "xlsx"}) == 0
    assert on_time_share_of_unit({**department, "format": "xlsx"}) == 0 and len(written) == 1  # the same file
    client.get(url, {"year": 2026, "format": "xlsx"})
    assert len(written) == 2  # other figures, another file
    accept_on_time(remediation, cast)
    assert on_time_share_of_unit({**department, "format": "xlsx"}) == 0 and len(written) == 2  # figures kept
    # Kept: nothing is counted or written (without the keeping: 15 queries).
    assert count_queries(lambda: client.get(url, {**department, "format": "xlsx"}), cold=False) == KEPT_XLSX_QUERIES
    client.get(url, {**department, "fresh": "1"})  # counted again: the file is written for the new count
    assert on_time_share_of_unit({**department, "format": "xlsx"}) == 100 and len(written) == 3


def test_a_kept_dashboard_xlsx_shows_each_reader_the_figures_of_his_own_scope(client, cast, remediation, settings):
    """Kept by what it is made of: Home Affairs' file of a selection is never the one a unit head gets."""
    settings.FIGURES_CACHE_SECONDS = 300
    url = reverse("dashboard:index")

    def visits_by_row(user, selection: dict) -> dict:
        client.force_login(user)
        sheet = list(
            load_workbook(io.BytesIO(client.get(url, {**selection, "format": "xlsx"}).content)).worksheets[0].values
        )
        header = next(row for row in sheet if row[0] == "Đơn vị")
        return {row[0]: row[1] for row in sheet[sheet.index(header) + 1 :]}

    def counted(user, selection: Selection) -> dict:
        return {row["name"]: row["visits"] for row in figures_for(user, selection)["by_department"]}

    department = {"year": 2026, "unit": cast.department.pk}
    for user in (cast.home_affairs, cast.department_head):  # the same selection, one after the other
        assert visits_by_row(user, department) == counted(user, Selection(year=2026, unit=cast.department))
    province = visits_by_row(cast.home_affairs, {"year": 2026})
    own = visits_by_row(cast.unit_head, {"year": 2026})
    assert own == counted(cast.unit_head, Selection(year=2026)) != province
    assert cast.other_department.name not in own and cast.department.short_name in province


def test_a_heat_map_cell_opens_the_findings_it_counts(client, cast, remediation):
    client.force_login(cast.home_affairs)
    heat = client.get(reverse("dashboard:index"), {"year": 2026}).context["heat"]
    cell = next(c for c in heat["rows"][0]["cells"] if c["area"]["code"] == "PROCEDURES")
    assert cell["count"] == 1 and cell["level"] == 4
    listed = client.get(cell["url"]).context["page"].paginator.count
    assert listed == cell["count"]


def test_the_drawn_tables_link_to_what_they_count_under_the_selection(client, cast, remediation):
    """The heat map and remediation rows (drawn by Jinja2, their links built from one encoded selection)
    open lists that count what the cells say, for the year chosen; a phone's column labels are the table's."""
    client.force_login(cast.home_affairs)
    selection = {"year": 2026, "plan": remediation.directive.visit.plan_id, "date_from": "2026-01-01"}
    html = client.get(reverse("dashboard:index"), selection).content.decode()
    chosen = f"year=2026&amp;plan={selection['plan']}&amp;date_from=2026-01-01&amp;unit="
    department = cast.department.pk
    row = re.search(rf'<tr data-unit="{department}">\s*<td data-label.*?</tr>', html, re.S)[0]
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', row)  # the unit (all its tasks), then 3 counts
    assert len(links) == 4 and all(f"{chosen}{department}" in link for link, _ in links)
    links[0] = (links[0][0], re.search(r'data-label="Nhiệm vụ" class="text-end">(\d+)<', row)[1])
    assert sorted(int(shown) for _, shown in links) == [0, 0, 2, 2]  # tasks, submitted, accepted, overdue
    for link, shown in links:
        listed = client.get(link.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(shown), link
    assert 'data-label="Đang thực hiện"' in row  # the task status, not the visit's "Đang kiểm tra"
    cells = re.findall(r'<td class="heat-cell heat-(\d)"><a href="([^"]+)" aria-label="([^"]+)">(\d+)</a></td>', html)
    assert len(cells) % 7 == 0 and len(cells) >= 7  # a row per unit, a cell per reform area
    level, link, label, count = next(cell for cell in cells if cell[3] != "0")
    assert label.endswith(f": {count}") and level != "0" and chosen in link
    assert client.get(link.replace("&amp;", "&")).context["page"].paginator.count == int(count)


def test_bad_filters_are_explained_not_failed(client, api, cast, remediation):
    client.force_login(cast.unit_head)
    response = client.get(reverse("dashboard:index"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 400 and "trước ngày bắt đầu" in response.content.decode()
    refused = api.as_(cast.unit_head).get("/api/v1/stats/", {"unit": cast.other_unit.pk, "year": "x"})
    assert refused.status_code == 400 and set(refused.json()) == {"unit", "year"}


def test_figures_are_reused_for_a_few_minutes_and_counted_again_on_request(client, cast, remediation, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    client.force_login(cast.home_affairs)
    url = reverse("dashboard:index")
    assert client.get(url, {"year": 2026}).context["figures"]["tasks"]["accepted"] == 0
    accept_on_time(remediation, cast)
    assert client.get(url, {"year": 2026}).context["figures"]["tasks"]["accepted"] == 0  # the same counts, reused
    recounted = client.get(url, {"year": 2026, "fresh": "1"})
    assert recounted.context["figures"]["tasks"]["accepted"] == 1
    # The drawing is kept with the figures: recounted, they are drawn again (the accepted link of a row).
    accepted = re.findall(r'status=accepted"[^>]*>(\d+)</a>', recounted.content.decode())
    assert "1" in accepted
    assert re.findall(r'status=accepted"[^>]*>(\d+)</a>', client.get(url, {"year": 2026}).content.decode()) == accepted


def test_stale_figures_are_shown_while_a_worker_counts_them_again(
    client, api, cast, remediation, settings, monkeypatch
):
    queued = []
    monkeypatch.setattr(report_tasks, "send", lambda task, *args: queued.append((task, args)))  # the broker
    url, start = figures_counted_then_a_task_accepted(client, cast, remediation, settings)
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        assert accepted_on_page(client, url) == 0 and queued == []  # counted 4 minutes ago: as they are
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert accepted_on_page(client, url) == 0  # stale, shown at once ...
        stats = api.as_(cast.home_affairs).get("/api/v1/stats/", {"year": 2026}).json()
        assert stats["tasks"]["accepted"] == 0  # ... by the API too, and queued for a worker once
        assert [(task.name, args[0]) for task, args in queued] == [
            ("reports.tasks.recount_dashboard_figures", cast.home_affairs.pk)
        ]
        task, args = queued[0]
        task(*args)  # the worker: counted and drawn
        key = figures_cache_key(cast.home_affairs, Selection.from_key(args[1]))
        counted = peek(key)
        assert counted["tasks"]["accepted"] == 1
        drawn = peek(f"{key}:html:{counted['as_of']}")  # the next reader waits for no chart either
        assert drawn is not None and "status=accepted" in drawn
        recounted = client.get(url, {"year": 2026}).context["figures"]
        assert recounted["tasks"]["accepted"] == 1
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        client.force_login(cast.home_affairs)  # signed out after 30 idle minutes
        page = client.get(url, {"year": 2026}).context["figures"]
        assert page["as_of"] > recounted["as_of"] and len(queued) == 1  # too old to show: counted now


def test_a_recount_asked_by_the_api_draws_the_dashboard_too(client, api, cast, remediation, settings, monkeypatch):
    """The API, an export and the dashboard share the figures and their once-a-minute recount: whoever
    asks first, the worker draws the dashboard, so that its next reader waits for no chart."""
    queued = []
    monkeypatch.setattr(report_tasks, "send", lambda task, *args: queued.append((task, args)))
    url, start = figures_counted_then_a_task_accepted(client, cast, remediation, settings)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert api.as_(cast.home_affairs).get("/api/v1/stats/", {"year": 2026}).status_code == 200
        [(task, args)] = queued
        task(*args)
        key = figures_cache_key(cast.home_affairs, Selection.from_key(args[1]))
        assert peek(f"{key}:html:{peek(key)['as_of']}") is not None
        assert accepted_on_page(client, url) == 1 and len(queued) == 1


def test_where_tasks_run_in_the_request_stale_figures_are_counted_and_shown_at_once(
    client, cast, remediation, settings
):
    url, start = figures_counted_then_a_task_accepted(client, cast, remediation, settings)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert accepted_on_page(client, url) == 1  # the embedded portal's in-process "worker" counted them


def test_a_recount_of_a_plan_deleted_since_is_dropped(cast, remediation):
    selection = Selection(year=2026, plan=remediation.plan).key()
    assert Selection.from_key(selection).plan == remediation.plan
    assert Selection.from_key({**selection, "plan": 10**9}) is None
    report_tasks.recount_dashboard_figures(cast.home_affairs.pk, {**selection, "plan": 10**9})  # nothing to count


def figures_counted_then_a_task_accepted(client, cast, remediation, settings):
    """Home Affairs read the dashboard at midnight (no task accepted), then a task is accepted on time."""
    settings.FIGURES_CACHE_SECONDS, settings.FIGURES_STALE_SECONDS = 300, 3600
    client.force_login(cast.home_affairs)
    url, start = reverse("dashboard:index"), datetime.datetime(2026, 10, 15, 0, 0)
    with time_machine.travel(start, tick=False):
        assert accepted_on_page(client, url) == 0
    accept_on_time(remediation, cast)
    return url, start


def accepted_on_page(client, url) -> int:
    return client.get(url, {"year": 2026}).context["figures"]["tasks"]["accepted"]


def test_the_dashboard_page_reads_a_fixed_number_of_queries(client, cast, remediation):
    client.force_login(cast.home_affairs)
    url = reverse("dashboard:index")
    client.get(url, {"year": 2026})  # the session learns the filters once (they follow the user to the lists)
    few = count_queries(lambda: client.get(url, {"year": 2026}))
    for year in (2024, 2025):
        setup = make_visit_setup(cast, year=year, unit=cast.other_unit)
        add_finding(setup, text="Hạn chế khác.")
    assert count_queries(lambda: client.get(url, {"year": 2026})) == few
    client.get(url, {"year": 2025})
    assert count_queries(lambda: client.get(url, {"year": 2025})) == few


def test_stats_keep_the_fields_api_md_promises_and_the_schema_documents_them(api, client, cast, remediation):
    stats = api.as_(cast.home_affairs).get("/api/v1/stats/", {"year": 2026}).json()
    assert {"year", "visits", "by_area", "by_department", "tasks"} <= stats.keys()
    assert {"planned", "concluded"} <= stats["visits"].keys()
    assert {"area", "strengths", "shortcomings"} <= stats["by_area"][0].keys()
    department = {"unit", "visits", "shortcomings", "tasks", "accepted", "overdue", "on_time_share"}
    assert department <= stats["by_department"][0].keys()
    assert {"open", "in_progress", "submitted", "returned", "accepted", "overdue"} <= stats["tasks"].keys()
    assert stats["year"] == 2026
    client.force_login(cast.home_affairs)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "year" in {p["name"] for p in schema["paths"]["/api/v1/stats/"]["get"]["parameters"]}
    assert department <= schema["components"]["schemas"]["DepartmentFigures"]["properties"].keys()
    assert api.as_(cast.other_head).get("/api/v1/stats/").json()["tasks"]["tasks"] == 0


def test_a_unit_filter_reads_its_lineage_once_and_visits_split_by_kind_of_plan(cast, remediation):
    everything = count_queries(lambda: figures_for(cast.home_affairs, Selection(year=2026)))
    department = count_queries(lambda: figures_for(cast.home_affairs, Selection(year=2026, unit=cast.department)))
    # The unit's lineage is found in who inherits from whom (read by both, once, then kept:
    # units.selectors._inheritance_links), with the subtree's heirs found there by their paths.
    assert department == everything
    by_kind = figures_for(cast.home_affairs, Selection(year=2026))["visits_by_kind"]
    assert by_kind == {"province": {"planned": 2, "concluded": 2}, "self": {"planned": 0, "concluded": 0}}
