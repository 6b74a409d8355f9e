"""The admin's lists of the findings a province fills (core.admin.LongListMixin)."""

from django.urls import reverse

from inspections.models import ReformArea
from inspections.tests.factories import add_finding


def test_the_findings_list_shows_the_newest_first_not_the_visit_pages_order(client, cast, setup):
    areas = list(ReformArea.objects.active().order_by("position"))
    older = add_finding(setup, code=areas[0].code)
    newest = add_finding(setup, code=areas[-1].code)  # last in a visit's own order (area, kind, position)
    client.force_login(cast.admin)
    response = client.get(reverse("admin:inspections_finding_changelist"))
    assert [finding.pk for finding in response.context["cl"].result_list] == [newest.pk, older.pk]
