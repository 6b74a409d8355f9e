"""Numbering series kept in the portal: kinds ticked from the document kinds, checked, never silently shared."""

import pytest
from django.urls import reverse

from conftest import count_queries, current_version
from reports import series as service
from reports import services as report_services
from reports.admin import NumberingSeriesAdminForm
from reports.models import NumberCounter, NumberingSeries
from reports.numbering import series_for
from reports.tests.factories import draft
from units.models import UnitKind
from units.tests.factories import make_unit


def post_new(client, issuer, **changes):
    data = {"issuer": issuer.pk, "name": "QĐ", "kinds": ["team_decision"]} | changes
    return client.post(reverse("reports:series_create"), data)


def test_home_affairs_keeps_decisions_apart_and_numbering_follows(client, cast):
    client.force_login(cast.home_affairs)
    assert post_new(client, cast.department).status_code == 302
    assert series_for(cast.department.pk, "team_decision") == "QĐ"
    assert series_for(cast.department.pk, "conclusion") == "chung"
    page = client.get(reverse("reports:series_list")).content.decode()
    assert "Quyết định thành lập Đoàn kiểm tra" in page  # kinds by their names, not codes


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"kinds": ["Thông báo kết luận kiểm tra"]}, "kinds", "không phải là một trong các lựa chọn"),
        ({"kinds": []}, "kinds", "ít nhất một loại"),
        ({"name": "chung"}, "name", "sổ số dùng chung"),
        ({"name": " "}, "name", "bắt buộc"),
    ],
)
def test_what_would_match_nothing_is_refused_on_its_field(client, cast, changes, field, message):
    client.force_login(cast.home_affairs)
    response = post_new(client, cast.department, **changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not NumberingSeries.objects.exists()


def test_a_kind_lives_in_one_series_and_a_used_series_keeps_its_name(client, cast):
    client.force_login(cast.home_affairs)
    post_new(client, cast.department)
    response = post_new(client, cast.department, name="BB", kinds=["minutes", "team_decision"])
    assert "Đã lấy số trong sổ QĐ" in " ".join(response.context["form"].errors["kinds"])
    series = NumberingSeries.objects.get()
    NumberCounter.objects.create(issuer=cast.department, series="QĐ", year=2026, last=3)
    url = reverse("reports:series_edit", args=[series.pk])
    response = client.post(url, {"name": "QĐ-TTr", "kinds": ["team_decision"], "version": series.version})
    assert "bắt đầu lại" in " ".join(response.context["form"].errors["name"])
    response = client.post(reverse("reports:series_delete", args=[series.pk]), {"version": series.version}, follow=True)
    assert "được giữ lại" in response.content.decode() and NumberingSeries.objects.exists()
    # Kinds may still change; a stale page is told so.
    assert (
        client.post(url, {"name": "QĐ", "kinds": ["team_decision", "plan"], "version": series.version}).status_code
        == 302
    )
    stale = client.post(url, {"name": "QĐ", "kinds": ["team_decision"], "version": series.version})
    assert "vừa được người khác thay đổi" in stale.content.decode()
    series.refresh_from_db()
    assert series.kinds == ["plan", "team_decision"]


def test_scoped_to_the_province_and_closed_to_other_roles(client, cast):
    city = make_unit("UBNDCT", "UBND thành phố Cần Thơ", UnitKind.PROVINCE, None)
    elsewhere = service.series_create(actor=cast.admin, issuer=city, name="QĐ", kinds=["team_decision"])
    client.force_login(cast.home_affairs)
    assert client.get(reverse("reports:series_edit", args=[elsewhere.pk])).status_code == 404
    assert post_new(client, city).status_code == 200  # not offered: a choice error
    for user in (cast.inspector, cast.unit_head):
        client.force_login(user)
        assert client.get(reverse("reports:series_list")).status_code == 403


def test_the_admin_ticks_kinds_too_and_refuses_raw_text(cast):
    form = NumberingSeriesAdminForm({"issuer": cast.department.pk, "name": "QĐ", "kinds": ["Thông báo"]})
    assert not form.is_valid() and "kinds" in form.errors
    form = NumberingSeriesAdminForm({"issuer": cast.department.pk, "name": "chung", "kinds": ["minutes"]})
    assert not form.is_valid() and "name" in form.errors
    form = NumberingSeriesAdminForm({"issuer": cast.department.pk, "name": "BB", "kinds": ["minutes"]})
    assert form.is_valid(), form.errors
    assert 'type="checkbox"' in str(form["kinds"])


def test_a_kind_numbered_this_year_does_not_change_series_until_january(client, cast, setup):
    decision = draft(actor=cast.home_affairs, kind="team_decision", plan=setup.plan)
    report_services.document_issue(
        actor=cast.home_affairs, document=decision, expected_version=current_version(decision)
    )
    client.force_login(cast.home_affairs)
    response = post_new(client, cast.province, kinds=["team_decision"])
    assert "lặp lại số" in " ".join(response.context["form"].errors["kinds"])
    assert not NumberingSeries.objects.exists()
    assert post_new(client, cast.province, kinds=["minutes"]).status_code == 302  # no minutes numbered yet


def test_the_series_list_runs_the_same_queries_for_few_or_many(client, cast):
    client.force_login(cast.home_affairs)
    service.series_create(actor=cast.admin, issuer=cast.department, name="QĐ", kinds=["team_decision"])
    few = count_queries(lambda: client.get(reverse("reports:series_list")))
    for number, unit in enumerate([cast.unit, cast.sibling, cast.other_department, cast.other_unit, cast.province]):
        service.series_create(actor=cast.admin, issuer=unit, name=f"S{number}", kinds=["minutes"])
    assert count_queries(lambda: client.get(reverse("reports:series_list"))) == few
