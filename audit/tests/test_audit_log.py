"""Issue 13: who did what and when, read by administrators and Home Affairs, exported, never edited."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from conftest import count_queries
from inspections import services
from inspections.tests.factories import add_finding
from units.models import Role, UnitKind
from units.tests.factories import make_unit, make_user

PASSWORD = "pw-test-2026"


def _sign_in(username, password=PASSWORD):
    return Client().post(reverse("login"), {"username": username, "password": password})


def test_sign_ins_and_failed_sign_ins_are_logged_with_the_address(cast):
    _sign_in("noivu")
    _sign_in("noivu", "wrong")
    _sign_in("nobody-like-this", "wrong")
    signs = AuditEntry.objects.filter(action__in=[AuditAction.LOGIN, AuditAction.LOGIN_FAILED]).order_by("pk")
    entries = list(signs.values_list("action", "actor_name", "province"))
    province = f"/{cast.province.pk}/"
    assert entries == [
        (AuditAction.LOGIN, "Noivu", province),
        (AuditAction.LOGIN_FAILED, "noivu", province),
        (AuditAction.LOGIN_FAILED, "nobody-like-this", ""),
    ]
    assert signs.filter(ip="127.0.0.1").count() == 3


def test_state_changes_are_logged_with_before_and_after(cast, setup):
    finding = add_finding(setup, text="Công khai TTHC chưa đầy đủ.")
    services.finding_update(
        actor=setup.member, finding=finding, text="Công khai TTHC chưa đầy đủ tại bộ phận một cửa.", expected_version=1
    )
    services.visit_conclude(actor=setup.leader, visit=setup.visit)
    changed = AuditEntry.objects.filter(object_type="inspections.finding", action=AuditAction.CHANGED).get()
    assert "chưa đầy đủ. → Công khai TTHC chưa đầy đủ tại bộ phận một cửa." in changed.changes
    assert changed.actor == setup.member and changed.object_id == str(finding.pk)
    concluded = (
        AuditEntry.objects.filter(object_type="inspections.inspectionvisit", action=AuditAction.CHANGED)
        .order_by("pk")
        .last()
    )
    assert "Đã kết luận" in concluded.changes and concluded.actor == setup.leader
    kinds = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"inspections.inspectionplan", "inspections.teammember", "inspections.inspectionvisit"} <= kinds


def test_home_affairs_read_their_province_and_others_are_refused(client, cast, setup):
    elsewhere = make_unit("UBND2", "Ủy ban nhân dân thành phố Cần Thơ", UnitKind.PROVINCE, None)
    stranger = make_user("cantho", Role.HOME_AFFAIRS, make_unit("SNV2", "Sở Nội vụ", UnitKind.DEPARTMENT, elsewhere))
    _sign_in("cantho")
    _sign_in("noivu")
    client.force_login(cast.home_affairs)
    page = client.get(reverse("audit:list")).content.decode()
    assert "Noivu" in page and stranger.get_full_name() not in page
    client.force_login(cast.admin)
    assert stranger.get_full_name() in client.get(reverse("audit:list")).content.decode()
    for user in (cast.inspector, cast.unit_head, cast.department_head):
        client.force_login(user)
        assert client.get(reverse("audit:list")).status_code == 403


def test_the_log_filters_and_exports_what_it_shows(client, cast):
    _sign_in("noivu", "wrong")
    _sign_in("noivu")
    client.force_login(cast.home_affairs)
    page = client.get(reverse("audit:list"), {"action": AuditAction.LOGIN_FAILED}).content.decode()
    assert page.count("Đăng nhập không thành công") >= 1 and "<td>Đăng nhập</td>" not in page
    response = client.get(reverse("audit:list"), {"action": AuditAction.LOGIN_FAILED, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[2] == "Đăng nhập không thành công"]
    assert len(rows) == 1 and rows[0][1] == "noivu"
    bad = client.get(reverse("audit:list"), {"date_from": "not-a-date"})
    assert bad.status_code == 200 and "Nhập một ngày hợp lệ" in bad.content.decode()


def test_the_page_runs_the_same_queries_for_ten_entries_and_five_hundred(client, cast):
    client.force_login(cast.admin)
    AuditEntry.objects.bulk_create(AuditEntry(action=AuditAction.LOGIN, actor_name=f"u{n}") for n in range(10))
    few = count_queries(lambda: client.get(reverse("audit:list")))
    AuditEntry.objects.bulk_create(AuditEntry(action=AuditAction.LOGIN, actor_name=f"u{n}") for n in range(490))
    assert count_queries(lambda: client.get(reverse("audit:list"))) == few


def test_the_log_is_paged_newest_first_without_counting_it(client, cast):
    """A province's log grows by every change for years: its pages read one row ahead, never a COUNT."""
    from django.test.utils import CaptureQueriesContext

    AuditEntry.objects.bulk_create(AuditEntry(action=AuditAction.LOGIN, actor_name=f"người {n:02}") for n in range(60))
    client.force_login(cast.admin)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("audit:list"), {"actor": "người"}).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "COUNT" in q["sql"] and "audit_auditentry" in q["sql"]]
    assert first.count("<td>Đăng nhập</td>") == 50 and "người 59" in first and "người 09" not in first
    assert "Trang 1<" in first and "Trang 1/" not in first and "page=2" in first  # no total, a next page
    second = client.get(reverse("audit:list"), {"actor": "người", "page": 2}).content.decode()
    assert second.count("<td>Đăng nhập</td>") == 10 and "người 00" in second and "page=3" not in second
    assert "Trang 2<" in second and "page=1" in second


def test_an_entry_cannot_be_changed_or_deleted_through_the_portal(cast):
    _sign_in("noivu")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    entry.summary = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "noivu"


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_change_or_delete_an_entry(cast):
    _sign_in("noivu")
    for statement in ("UPDATE audit_auditentry SET summary = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).summary == "noivu"


def test_deleting_an_account_leaves_its_entries(cast):
    user = make_user("temporary", Role.INSPECTOR, cast.department)
    _sign_in("temporary")
    user.delete()
    assert AuditEntry.objects.filter(actor_name="Temporary", action=AuditAction.LOGIN).exists()
