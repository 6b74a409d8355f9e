"""The admin's lists of the tables a province fills: newest first, one count, no letter bodies read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import ReformArea
from inspections.tests.factories import add_finding
from reports.models import DocumentKind
from reports.tests.factories import draft


def test_the_findings_list_shows_the_newest_first_not_the_visit_pages_order(client, cast, setup):
    areas = list(ReformArea.objects.active().order_by("position"))
    older = add_finding(setup, code=areas[0].code)
    newest = add_finding(setup, code=areas[-1].code)  # last in a visit's own order (area, kind, position)
    client.force_login(cast.admin)
    response = client.get(reverse("admin:inspections_finding_changelist"))
    assert [finding.pk for finding in response.context["cl"].result_list] == [newest.pk, older.pk]


def test_the_documents_list_counts_once_and_leaves_the_bodies_unread(client, cast, setup):
    document = draft(actor=cast.home_affairs, kind=DocumentKind.PLAN, plan=setup.plan)
    client.force_login(cast.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:reports_document_changelist"))
    assert [row.pk for row in response.context["cl"].result_list] == [document.pk]
    listed = [query["sql"] for query in queries if 'FROM "reports_document"' in query["sql"]]
    assert sum("COUNT(*)" in sql for sql in listed) == 1  # not a second count of the whole table
    rows = [sql for sql in listed if "COUNT(*)" not in sql]
    assert rows and all('"reports_document"."body"' not in sql and '"reports_document"."tables"' not in sql
                        for sql in rows)  # fmt: skip
    # The document's own page still shows what the list left unread.
    page = client.get(reverse("admin:reports_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert document.body.splitlines()[0][:40] in page.content.decode()
