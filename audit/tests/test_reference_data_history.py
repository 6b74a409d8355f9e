"""Changes to the reference data kept in the portal (series, reform areas) reach the audit log."""

from django.urls import reverse

from audit.models import AuditEntry
from inspections.models import ReformArea
from reports.models import NumberingSeries


def test_a_series_change_is_in_the_audit_log(client, cast):
    client.force_login(cast.home_affairs)
    client.post(
        reverse("reports:series_create"), {"issuer": cast.department.pk, "name": "QĐ", "kinds": ["team_decision"]}
    )
    series = NumberingSeries.objects.get()
    url = reverse("reports:series_edit", args=[series.pk])
    client.post(url, {"name": "QĐ", "kinds": ["team_decision", "plan"], "version": series.version})
    entry = AuditEntry.objects.filter(object_type="reports.numberingseries").order_by("-pk").first()
    assert entry.actor == cast.home_affairs and "plan, team_decision" in entry.changes


def test_a_retired_area_is_in_the_audit_log(client, cast):
    area = ReformArea.objects.first()
    client.force_login(cast.admin)
    url = reverse("inspections:area_edit", args=[area.pk])
    client.post(url, {"name": area.name, "position": area.position, "version": area.version})
    entry = AuditEntry.objects.filter(object_type="inspections.reformarea").order_by("-pk").first()
    assert entry.actor == cast.admin and "→" in entry.changes
