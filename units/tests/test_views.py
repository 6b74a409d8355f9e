import datetime
import io

import pytest
from django.urls import reverse

from conftest import count_queries
from units import services
from units.models import Unit, UnitKind
from units.selectors import unit_path_labels
from units.tests.factories import make_unit, make_units_bulk


def test_pages_need_a_login(client, cast):
    response = client.get(reverse("units:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_search_without_diacritics(client, cast):
    client.force_login(cast.home_affairs)
    response = client.get(reverse("units:list"), {"q": "so khoa hoc"})
    assert response.status_code == 200
    names = [unit.name for unit in response.context["page"].object_list]
    assert names == ["Sở Khoa học và Công nghệ"]
    assert "Sở Khoa học và Công nghệ" in response.content.decode()


def test_search_matches_every_word_in_any_order(client, cast):
    client.force_login(cast.home_affairs)
    response = client.get(reverse("units:list"), {"q": "chat luong do luong"})
    assert [u.code for u in response.context["page"].object_list] == ["CCTĐC"]


def test_browse_starts_at_the_top_of_the_users_scope(client, cast):
    client.force_login(cast.unit_head)
    response = client.get(reverse("units:list"))
    assert [u.code for u in response.context["page"].object_list] == ["CCTĐC"]
    client.force_login(cast.home_affairs)
    response = client.get(reverse("units:list"))
    assert [u.code for u in response.context["page"].object_list] == ["UBND"]
    response = client.get(reverse("units:list"), {"parent": cast.province.pk})
    assert {u.code for u in response.context["page"].object_list} == {"SNV", "SKHCN", "STP"}


def test_unit_outside_the_scope_is_404_by_page(client, cast):
    client.force_login(cast.unit_head)
    assert client.get(reverse("units:detail", args=[cast.unit.pk])).status_code == 200
    assert client.get(reverse("units:detail", args=[cast.other_unit.pk])).status_code == 404
    assert client.get(reverse("units:list"), {"parent": cast.other_department.pk}).status_code == 404


@pytest.mark.parametrize("name", ["units:rename", "units:move", "units:split", "units:dissolve"])
def test_reorganisation_pages_are_for_administrators(client, cast, name):
    client.force_login(cast.home_affairs)
    assert client.get(reverse(name, args=[cast.unit.pk])).status_code == 403
    client.force_login(cast.admin)
    assert client.get(reverse(name, args=[cast.unit.pk])).status_code == 200


def test_rename_through_the_form_and_history_on_the_page(client, cast):
    client.force_login(cast.admin)
    url = reverse("units:rename", args=[cast.unit.pk])
    response = client.post(
        url,
        {"effective_on": "2023-04-01", "name": "Chi cục Đo lường", "short_name": "", "code": "CCĐL", "place_name": ""},
    )
    assert response.status_code == 302
    page = client.get(reverse("units:detail", args=[cast.unit.pk])).content.decode()
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in page  # the old name, in the history
    assert "01/04/2023" in page


def test_rename_form_shows_service_errors_in_vietnamese(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("units:rename", args=[cast.unit.pk]),
        {"effective_on": "2001-01-01", "name": "Mới", "code": "CCTĐC"},
    )
    assert response.status_code == 200
    assert "Ngày có hiệu lực phải sau ngày 01/01/2010" in response.content.decode()


def test_merge_page_records_the_merge(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("units:merge"),
        {"units": [cast.other_department.pk], "into": cast.department.pk, "effective_on": "2025-03-01"},
    )
    assert response.status_code == 302
    assert not Unit.objects.get(pk=cast.other_department.pk).is_active


def test_import_checks_first_then_imports_on_confirmation(client, cast):
    client.force_login(cast.admin)
    data = io.BytesIO("code,name,kind,parent_code\nSYT,Sở Y tế,department,UBND\n".encode())
    data.name = "units.csv"
    response = client.post(reverse("units:import"), {"file": data})
    assert response.status_code == 200 and response.context["report"].is_valid
    assert not Unit.objects.filter(code="SYT").exists()
    token = response.context["pending"]["token"]
    response = client.post(reverse("units:import"), {"confirm": token})
    assert response.status_code == 302
    assert Unit.objects.filter(code="SYT", parent=cast.province).exists()


def test_import_with_bad_rows_lists_them(client, cast):
    client.force_login(cast.admin)
    data = io.BytesIO(b"code,name,kind,parent_code\nSYT,,department,UBND\n")
    data.name = "units.csv"
    response = client.post(reverse("units:import"), {"file": data})
    body = response.content.decode()
    assert "Thiếu tên đơn vị." in body and "chưa nhập đơn vị nào" in body
    assert response.context["pending"] is None


def test_import_is_for_administrators(client, cast):
    client.force_login(cast.home_affairs)
    assert client.get(reverse("units:import")).status_code == 403


@pytest.mark.parametrize("params", [{}, {"q": "phong"}, {"status": "all"}])
def test_unit_list_runs_the_same_number_of_queries_for_10_or_1000_units(client, cast, params):
    client.force_login(cast.home_affairs)
    make_units_bulk(cast.department, 10)
    query = params or {"parent": cast.department.pk}
    small = count_queries(lambda: client.get(reverse("units:list"), query))
    make_units_bulk(cast.other_department, 990, prefix="Q")
    large = count_queries(lambda: client.get(reverse("units:list"), query))
    assert small == large
    assert large <= 12


def test_merge_takes_tick_boxes_labelled_by_path_without_ended_units(client, cast):
    city = make_unit("UBNDCT", "UBND thành phố Cần Thơ", UnitKind.PROVINCE, None)
    make_unit("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, city)
    services.unit_dissolve(actor=cast.admin, unit=cast.sibling, effective_on=datetime.date.today())
    client.force_login(cast.admin)
    page = client.get(reverse("units:merge"), {"unit": cast.unit.pk}).content.decode()
    assert f'type="checkbox" name="units" value="{cast.unit.pk}"' in page and "checked" in page
    assert '<select name="units"' not in page  # no Ctrl+click multi-select
    # Same-name units told apart by where they sit; the dissolved one is not offered.
    assert "Sở KH&amp;CN → Chi cục Tiêu chuẩn Đo lường Chất lượng" in page
    # With two provinces in sight each path starts at its own; with one, the province goes without saying.
    assert ">Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu → Sở Tư pháp<" in page
    assert ">UBND thành phố Cần Thơ → Sở Tư pháp<" in page
    labels = dict(unit_path_labels(Unit.objects.within(cast.province.path)))
    assert labels[cast.other_unit.pk] == "Sở Tư pháp → Văn phòng Sở Tư pháp"
    assert cast.sibling.name not in page
    assert 'data-searchable="Tìm đơn vị' in page


def test_a_rename_shows_the_name_before_and_after(client, cast):
    services.unit_rename(actor=cast.admin, unit=cast.unit, name="Chi cục Đo lường", code="CCĐL",
                         effective_on=datetime.date(2025, 3, 1))  # fmt: skip
    client.force_login(cast.admin)
    page = client.get(reverse("units:detail", args=[cast.unit.pk])).content.decode()
    change = page[page.index('data-testid="reorganisation-change"') :][:600]
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng (CCTĐC)" in change.split("→")[0]
    assert "Chi cục Đo lường (CCĐL)" in change.split("→")[1]


def test_the_admin_finds_units_with_diacritics_too(client, cast):
    client.force_login(cast.admin)
    for query in ("Nội vụ", "noi vu", "SNV"):
        response = client.get(reverse("admin:units_unit_changelist"), {"q": query})
        assert [unit.code for unit in response.context["cl"].result_list] == ["SNV"], query
