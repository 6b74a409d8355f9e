"""Reform areas kept in the portal: added, renamed, reordered, retired, never deleted."""

import re

from django.urls import reverse

from inspections import services
from inspections.forms import PlanForm
from inspections.models import ReformArea
from units.models import Unit


def test_an_administrator_adds_renames_and_retires_an_area(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("inspections:area_create"), {"code": "digital_gov", "name": "Chính quyền số"})
    assert response.status_code == 302
    area = ReformArea.objects.get(code="DIGITAL_GOV")
    assert area.position > ReformArea.objects.exclude(pk=area.pk).order_by("-position").first().position
    url = reverse("inspections:area_edit", args=[area.pk])
    data = {"name": "Xây dựng chính quyền số", "position": 2, "version": area.version}
    assert client.post(url, data).status_code == 302  # is_active left unticked: retired
    area.refresh_from_db()
    assert (area.name, area.position, area.is_active) == ("Xây dựng chính quyền số", 2, False)
    assert area.pk not in [pk for pk, _label in PlanForm(units=Unit.objects.all()).fields["areas"].choices]
    stale = client.post(url, data | {"is_active": "on"})
    assert "vừa được người khác thay đổi" in stale.content.decode()


def test_bad_codes_and_names_are_explained(client, cast):
    client.force_login(cast.admin)
    existing = ReformArea.objects.first()
    for data, field, message in [
        ({"code": "có dấu", "name": "X"}, "code", "chữ in hoa"),
        ({"code": existing.code, "name": "X"}, "code", "đã được sử dụng"),
        ({"code": "NEW_AREA", "name": existing.name.upper()}, "name", "Đã có lĩnh vực"),
    ]:
        response = client.post(reverse("inspections:area_create"), data)
        assert message in " ".join(response.context["form"].errors[field]), data


def test_only_administrators_keep_the_areas_every_province_shares(client, cast):
    for user, status in ((cast.admin, 200), (cast.home_affairs, 403), (cast.inspector, 403), (cast.unit_head, 403)):
        client.force_login(user)
        assert client.get(reverse("inspections:area_list")).status_code == status


def test_a_plans_form_offers_each_area_once_whatever_the_other_plans_cover(client, cast, setup):
    retired = ReformArea.objects.create(code="OLD_AREA", name="Lĩnh vực cũ", position=99, is_active=False)
    setup.plan.areas.add(retired)
    for year in (2024, 2025):  # more plans covering every area: each used to add a copy of each checkbox
        services.plan_create(actor=cast.home_affairs, issuer=cast.province, year=year, title=f"Kế hoạch {year}")
    client.force_login(cast.home_affairs)
    page = client.get(reverse("inspections:plan_edit", args=[setup.plan.pk]))
    offered = re.findall(r'name="areas" value="(\d+)"', page.content.decode())
    expected = {area.pk for area in ReformArea.objects.active()} | {retired.pk}  # the plan's own retired area kept
    assert sorted(offered) == sorted(str(pk) for pk in expected)  # each once
