"""Concluding lists what is missing and asks to confirm; a reopened visit says who reopened it and why."""

from django.urls import reverse

from inspections import services
from inspections.models import VisitStatus
from inspections.tests.factories import add_finding


def _conclude_url(setup):
    return reverse("inspections:visit_conclude", args=[setup.visit.pk])


def test_the_page_lists_the_areas_without_a_finding_and_the_missing_attendees(client, setup):
    add_finding(setup, "PROCEDURES")
    client.force_login(setup.leader)
    page = client.get(_conclude_url(setup)).content.decode()
    assert "6 trong 7 lĩnh vực chưa có nhận xét: Công tác chỉ đạo, điều hành CCHC;" in page
    assert "Cải cách thủ tục hành chính" not in page.split('data-testid="conclusion-gaps"')[1].split("</div>")[1]
    assert "Chưa ghi nhận thành phần làm việc của đơn vị" in page and 'name="confirmed"' in page

    unconfirmed = client.post(_conclude_url(setup))
    assert unconfirmed.status_code == 200 and "Đánh dấu ô này để vẫn kết luận" in unconfirmed.content.decode()
    setup.visit.refresh_from_db()
    assert setup.visit.status != VisitStatus.CONCLUDED
    assert client.post(_conclude_url(setup), {"confirmed": "on"}).status_code == 302
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.CONCLUDED
    # Opened again (a bookmark, the back button), it says so rather than refusing.
    again = client.get(_conclude_url(setup), follow=True)
    assert again.redirect_chain and "Buổi kiểm tra đã được kết luận." in again.content.decode()


def test_a_complete_visit_concludes_without_a_box_to_tick(client, setup):
    for code in (
        "DIRECTION",
        "INSTITUTIONS",
        "PROCEDURES",
        "ORGANISATION",
        "CIVIL_SERVICE",
        "PUBLIC_FINANCE",
        "MODERNISATION",
    ):
        add_finding(setup, code)
    services.visit_set_attendees(
        actor=setup.leader, visit=setup.visit, attendees=[("Ông Lâm Văn Tân", "Chi cục trưởng")]
    )
    client.force_login(setup.leader)
    page = client.get(_conclude_url(setup)).content.decode()
    assert 'data-testid="conclusion-complete"' in page and 'name="confirmed"' not in page
    assert client.post(_conclude_url(setup)).status_code == 302
    setup.visit.refresh_from_db()
    assert setup.visit.status == VisitStatus.CONCLUDED


def test_only_the_leader_or_deputy_opens_it(client, setup):
    client.force_login(setup.member)
    assert client.get(_conclude_url(setup)).status_code == 403


def test_a_reopened_visit_says_who_reopened_it_and_why_until_it_is_concluded_again(client, setup):
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    services.visit_reopen(actor=setup.leader, visit=setup.visit, reason="Bổ sung kết quả lĩnh vực tài chính công.")
    client.force_login(setup.member)
    page = client.get(reverse("inspections:visit_detail", args=[setup.visit.pk])).content.decode()
    banner = page.split('data-testid="reopened"')[1].split("</div>")[0]
    assert setup.leader.get_full_name() in banner and "Bổ sung kết quả lĩnh vực tài chính công." in banner
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    page = client.get(reverse("inspections:visit_detail", args=[setup.visit.pk])).content.decode()
    assert 'data-testid="reopened"' not in page
