"""The admin's list of documents: one count, the letters' bodies left to each document's own page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import DocumentKind
from reports.selectors import CONTENT_FIELDS
from reports.tests.factories import draft


def _listed(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:reports_document_changelist"))
    return response, [query["sql"] for query in queries]


def test_the_documents_list_counts_once_and_leaves_the_bodies_unread(client, cast, setup):
    document = draft(actor=cast.home_affairs, kind=DocumentKind.PLAN, plan=setup.plan)
    client.force_login(cast.admin)
    response, queries = _listed(client)
    assert [row.pk for row in response.context["cl"].result_list] == [document.pk]
    listed = [sql for sql in queries if 'FROM "reports_document"' in sql]
    assert sum("COUNT(*)" in sql for sql in listed) == 1  # not a second count of the whole table
    rows = [sql for sql in listed if "COUNT(*)" not in sql]
    assert rows and not [field for field in CONTENT_FIELDS for sql in rows if f'"reports_document"."{field}"' in sql]
    for _ in range(2):
        draft(actor=cast.home_affairs, kind=DocumentKind.PLAN, plan=setup.plan)
    response, more = _listed(client)
    assert len(response.context["cl"].result_list) == 3 and len(more) == len(queries)  # no query per row
    # The document's own page still shows what the list left unread.
    page = client.get(reverse("admin:reports_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert document.body.splitlines()[0][:40] in page.content.decode()
