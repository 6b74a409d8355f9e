"""Edge cases found in review: bad input is a 4xx, never a 500; rules hold on every path."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Finding, InspectionPlan
from inspections.tests.factories import add_finding

D = datetime.date


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/inspections/?year=10000",
        "/api/v1/findings/?year=0",
        "/api/v1/tasks/?year=99999",
        "/api/v1/plans/?year=-1",
    ],
)
def test_out_of_range_years_are_field_errors(api, cast, path):
    assert api.as_(cast.home_affairs).get(path).status_code == 400


def test_out_of_range_year_on_pages_is_ignored_not_a_crash(client, cast):
    client.force_login(cast.home_affairs)
    assert client.get(reverse("inspections:visit_list"), {"year": 10000}).status_code == 200
    assert client.get(reverse("inspections:plan_list"), {"year": 0}).status_code == 200


def test_odd_digits_and_list_bodies_are_refused_cleanly(api, client, setup):
    finding = add_finding(setup)
    member = api.as_(setup.member)
    # A garbled version, or a body that carries none, is a conflict like a stale one: nothing is deleted.
    assert member.delete(f"/api/v1/findings/{finding.pk}/?version=²").status_code == 409
    assert (
        member.generic("DELETE", f"/api/v1/findings/{finding.pk}/", "[1]", content_type="application/json").status_code
        == 409
    )
    client.force_login(setup.member)
    url = reverse("inspections:finding_create", args=[setup.visit.pk])
    assert client.post(url, {"area": "abc", "kind": "strength", "text": "X"}).status_code == 404
    assert client.post(reverse("inspections:finding_delete", args=[finding.pk]), {"version": "²"}).status_code == 302
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_similar_hints_are_only_for_the_recording_team(client, cast, setup):
    add_finding(setup, text="Lấy ý kiến khách hàng chưa hiệu quả")
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    client.force_login(cast.unit_head)
    response = client.get(reverse("inspections:similar", args=[setup.visit.pk]), {"text": "lấy ý kiến khách hàng"})
    assert response.status_code == 200 and response.context["similar"] == []


def test_plan_number_comes_from_the_issued_document_once_there_is_one(cast, setup):
    services.plan_record_issue(plan=setup.plan, number="05/KH-UBND", issued_on=D(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.plan_update(actor=cast.home_affairs, plan=setup.plan, number="06/KH-UBND")
    services.plan_update(actor=cast.home_affairs, plan=setup.plan, title="Kế hoạch kiểm tra CCHC năm 2026 (sửa)")
    plan = InspectionPlan.objects.get(pk=setup.plan.pk)
    assert (plan.number, plan.status) == ("05/KH-UBND", "issued")


def test_a_stale_plan_form_does_not_undo_the_number(client, cast, setup):
    client.force_login(cast.home_affairs)
    page = client.get(reverse("inspections:plan_edit", args=[setup.plan.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(areas=[a.pk for a in setup.plan.areas.all()], issuer=cast.province.pk, title="Tên mới")
    services.plan_record_issue(plan=setup.plan, number="05/KH-UBND", issued_on=D(2026, 2, 1))
    response = client.post(reverse("inspections:plan_edit", args=[setup.plan.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    plan = InspectionPlan.objects.get(pk=setup.plan.pk)
    assert (plan.title, plan.number) == ("Tên mới", "05/KH-UBND")


def test_an_inspector_cannot_copy_a_province_plan_into_their_own(setup):
    with pytest.raises(ValidationError):
        services.plan_copy(actor=setup.leader, plan=setup.plan, year=2027)


def test_overlong_unit_names_are_field_errors(api, cast):
    response = api.as_(cast.admin).post(
        f"/api/v1/units/{cast.unit.pk}/rename/", {"name": "x" * 300, "effective_on": "2024-01-01"}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()


def test_finding_evidence_download_by_api(api, cast, setup):
    from inspections.tests import files

    finding = add_finding(setup, files=[files.png()])
    body = api.as_(setup.member).get(f"/api/v1/findings/{finding.pk}/").json()
    response = api.as_(setup.leader).get(body["evidence"][0]["api_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PNG
    assert api.as_(cast.outside_inspector).get(body["evidence"][0]["api_url"]).status_code == 404
