import datetime

import pytest
from django.urls import reverse

from conftest import count_queries
from core.errors import STALE_MESSAGE
from inspections import services
from inspections.models import Finding, FindingEvidence, VisitStatus
from inspections.tests import files
from inspections.tests.factories import add_finding, area


def visit_url(setup):
    return reverse("inspections:visit_detail", args=[setup.visit.pk])


def post_finding(client, setup, htmx=False, **data):
    payload = {"area": area(data.pop("code", "PROCEDURES")).pk, "kind": "shortcoming", "text": "Nội dung", **data}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("inspections:finding_create", args=[setup.visit.pk]), payload, **headers)


def test_visit_page_shows_the_areas_as_a_checklist(client, setup):
    add_finding(setup)
    client.force_login(setup.member)
    body = client.get(visit_url(setup)).content.decode()
    assert "Cải cách thủ tục hành chính" in body and "Hiện đại hóa nền hành chính" in body
    assert "Đã có nhận xét 1/7 lĩnh vực." in body
    assert "Công khai TTHC chưa đầy đủ." in body
    assert "Lưu nhận xét" in body  # the add form, for a team member


def test_unit_heads_see_a_concluded_visit_read_only(client, setup, cast):
    add_finding(setup)
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    client.force_login(cast.unit_head)
    body = client.get(visit_url(setup)).content.decode()
    assert "Công khai TTHC chưa đầy đủ." in body and "Lưu nhận xét" not in body and ">Sửa<" not in body


def test_record_without_javascript_redirects_back_to_the_area(client, setup):
    client.force_login(setup.member)
    response = post_finding(client, setup, text="Niêm yết TTHC chưa đầy đủ", indicators="tỷ lệ niêm yết = 85,5 %")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#area-{area('PROCEDURES').pk}")
    finding = Finding.objects.get()
    assert finding.text == "Niêm yết TTHC chưa đầy đủ" and str(finding.indicators.get()) == "tỷ lệ niêm yết = 85.5 %"


def test_record_with_htmx_returns_the_area_and_the_progress(client, setup):
    client.force_login(setup.member)
    response = post_finding(client, setup, htmx=True, kind="strength", text="Giải quyết TTHC đúng hạn")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="area-' in body and "Giải quyết TTHC đúng hạn" in body
    assert 'hx-swap-oob="true"' in body and "Đã có nhận xét 1/7 lĩnh vực." in body
    assert "X-Form-Errors" not in response


def test_empty_text_gets_a_vietnamese_message_and_keeps_the_rest(client, setup):
    client.force_login(setup.member)
    response = post_finding(client, setup, htmx=True, text="  ", indicators="tỷ lệ = 5")
    body = response.content.decode()
    assert response["X-Form-Errors"] == "1"
    assert "Hãy ghi nội dung nhận xét." in body and "tỷ lệ = 5" in body
    assert not Finding.objects.exists()


def test_bad_indicator_line_is_explained(client, setup):
    client.force_login(setup.member)
    response = post_finding(client, setup, indicators="không có dấu bằng")
    assert "Dòng 1: ghi theo dạng" in response.content.decode()


def test_unknown_area_is_404(client, setup):
    client.force_login(setup.member)
    response = client.post(
        reverse("inspections:finding_create", args=[setup.visit.pk]), {"area": 9999, "kind": "strength", "text": "X"}
    )
    assert response.status_code == 404


def test_finding_in_a_concluded_visit_is_refused_with_a_message(client, setup):
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    client.force_login(setup.member)
    response = post_finding(client, setup)
    assert "Buổi kiểm tra đã kết luận" in response.content.decode()
    assert not Finding.objects.exists()


def test_disguised_file_is_refused_with_a_message(client, setup):
    client.force_login(setup.member)
    response = post_finding(client, setup, files=[files.disguised_exe()])
    assert "không phải tệp được chấp nhận" in response.content.decode()
    assert not Finding.objects.exists() and not FindingEvidence.objects.exists()


def test_photo_upload_and_download_by_someone_who_may_see_it(client, setup, cast):
    client.force_login(setup.member)
    post_finding(client, setup, files=[files.png("anh.png")])
    evidence = FindingEvidence.objects.get()
    url = reverse("inspections:evidence_download", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PNG
    assert 'filename="anh.png"' in response["Content-Disposition"]
    client.force_login(cast.outside_inspector)
    assert client.get(url).status_code == 404


def test_edit_conflict_shows_both_versions_and_saves_nothing(client, setup):
    finding = add_finding(setup)
    services.finding_update(actor=setup.leader, finding=finding, expected_version=1, text="Bản của trưởng đoàn")
    client.force_login(setup.member)
    response = client.post(
        reverse("inspections:finding_edit", args=[finding.pk]),
        {"area": finding.area_id, "kind": "shortcoming", "text": "Bản của thành viên", "version": 1},
    )
    body = response.content.decode()
    assert str(STALE_MESSAGE) in body
    assert "Bản của trưởng đoàn" in body and "Bản của thành viên" in body
    assert Finding.objects.get(pk=finding.pk).text == "Bản của trưởng đoàn"
    # Saving again deliberately (with the version now shown) keeps the member's text.
    response = client.post(
        reverse("inspections:finding_edit", args=[finding.pk]),
        {"area": finding.area_id, "kind": "shortcoming", "text": "Bản của thành viên", "version": 2},
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).text == "Bản của thành viên"


def test_conclude_and_reopen_pages(client, setup):
    client.force_login(setup.member)
    client.post(reverse("inspections:visit_conclude", args=[setup.visit.pk]))
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.PLANNED
    client.force_login(setup.leader)
    client.post(reverse("inspections:visit_conclude", args=[setup.visit.pk]))
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.CONCLUDED
    response = client.post(reverse("inspections:visit_reopen", args=[setup.visit.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()  # Django's own message, in Vietnamese
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.CONCLUDED
    client.post(reverse("inspections:visit_reopen", args=[setup.visit.pk]), {"reason": "Bổ sung"})
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.IN_PROGRESS


def test_finding_search_page(client, setup, cast):
    add_finding(setup, text="Công khai thủ tục hành chính chưa đầy đủ")
    client.force_login(cast.home_affairs)
    response = client.get(reverse("inspections:finding_search"), {"q": "thu tuc", "kind": "shortcoming"})
    assert [f.text for f in response.context["page"].object_list] == ["Công khai thủ tục hành chính chưa đầy đủ"]
    client.force_login(cast.outside_inspector)
    response = client.get(reverse("inspections:finding_search"), {"q": "thu tuc"})
    assert list(response.context["page"].object_list) == []


def test_plan_pages_for_home_affairs(client, cast):
    client.force_login(cast.home_affairs)
    response = client.post(
        reverse("inspections:plan_create"),
        {
            "title": "Kế hoạch kiểm tra CCHC năm 2026",
            "year": 2026,
            "kind": "province",
            "issuer": cast.province.pk,
            "status": "draft",
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    response = client.post(
        reverse("inspections:visit_add", args=[plan_id]),
        {"unit": cast.unit.pk, "scheduled_on": "2026-06-01", "team": client.get(plan_url).context["teams"][0].pk},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("inspections:member_add", args=[plan_id]), {"user": cast.inspector.pk, "role": "leader"}
    )
    assert response.status_code == 302
    body = client.get(plan_url).content.decode()
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in body and "Trưởng đoàn" in body
    response = client.post(reverse("inspections:plan_copy", args=[plan_id]), {"year": 2027})
    assert response.status_code == 302


def test_plan_form_errors_are_vietnamese(client, cast):
    client.force_login(cast.home_affairs)
    response = client.post(
        reverse("inspections:plan_create"),
        {"title": "X", "year": 2026, "kind": "province", "issuer": cast.province.pk, "status": "issued"},
    )
    assert "Kế hoạch đã ban hành cần có số, ký hiệu và ngày ban hành." in response.content.decode()


@pytest.mark.parametrize("count", [5])
def test_visit_page_runs_the_same_number_of_queries_for_5_or_500_findings(client, setup, count):
    for number in range(count):
        add_finding(setup, text=f"Lấy ý kiến khách hàng lần {number}", files=[files.png()] if number == 0 else None)
    client.force_login(setup.member)
    small = count_queries(lambda: client.get(visit_url(setup)))
    procedures = area("PROCEDURES")
    Finding.objects.bulk_create(
        Finding(visit=setup.visit, area=procedures, kind="shortcoming", text=f"Lấy ý kiến số {n}", position=100 + n)
        for n in range(495)
    )
    large = count_queries(lambda: client.get(visit_url(setup)))
    assert small == large


def test_findings_search_runs_the_same_number_of_queries_for_5_or_500(client, setup, cast):
    for number in range(5):
        add_finding(setup, text=f"Thủ tục số {number}")
    client.force_login(cast.home_affairs)
    small = count_queries(lambda: client.get(reverse("inspections:finding_search"), {"q": "thu tuc"}))
    Finding.objects.bulk_create(
        Finding(
            visit=setup.visit,
            area=area("PROCEDURES"),
            kind="shortcoming",
            text=f"Thủ tục {n}",
            search_text=f"thu tuc {n}",
        )
        for n in range(495)
    )
    large = count_queries(lambda: client.get(reverse("inspections:finding_search"), {"q": "thu tuc"}))
    assert small == large


def test_visit_list_runs_a_constant_number_of_queries(client, cast):
    from inspections.tests.factories import make_visit_setup

    setup = make_visit_setup(cast)
    client.force_login(setup.leader)
    small = count_queries(lambda: client.get(reverse("inspections:visit_list")))
    for day in range(1, 29):
        services.visit_schedule(
            actor=cast.home_affairs, plan=setup.plan, unit=cast.sibling, scheduled_on=datetime.date(2026, 2, day)
        )
    large = count_queries(lambda: client.get(reverse("inspections:visit_list")))
    assert small == large


def test_administrators_edit_reform_areas_in_the_admin_and_retire_them(client, cast):
    from inspections.models import ReformArea

    client.force_login(cast.admin)
    assert client.get(reverse("admin:inspections_reformarea_changelist")).status_code == 200
    area_ = ReformArea.objects.get(code="MODERNISATION")
    response = client.post(
        reverse("admin:inspections_reformarea_change", args=[area_.pk]),
        {
            "code": "MODERNISATION",
            "name": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
            "position": 7,
            "is_active": "",
        },
    )
    assert response.status_code == 302
    area_.refresh_from_db()
    assert area_.name.startswith("Xây dựng") and not area_.is_active
