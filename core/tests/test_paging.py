import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paging import page_without_count


def test_a_page_without_count_knows_its_neighbours_from_one_row_more():
    rows = list(range(45))
    first = page_without_count(rows, None, 20)
    assert list(first) == list(range(20)) and first.has_next() and not first.has_previous()
    third = page_without_count(rows, "3", 20)
    assert list(third) == [40, 41, 42, 43, 44] and not third.has_next() and third.previous_page_number() == 2
    exact = page_without_count(list(range(40)), 2, 20)
    assert list(exact) == list(range(20, 40)) and not exact.has_next()  # the row read ahead is not there
    for garbled in ("x", "-1", "0", "99999999999999999999", 10_000):
        assert list(page_without_count(rows, garbled, 20)) == list(range(20))  # the first page


@pytest.mark.django_db
def test_a_page_without_count_is_one_query():
    permissions = Permission.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        page = page_without_count(permissions, 2, 5)
        assert len(page) == 5 and page.has_next() and page.has_previous()
    assert len(queries.captured_queries) == 1 and "COUNT" not in queries.captured_queries[0]["sql"]
    for huge in ("999999999999999999", str(2**62), "429496730"):  # offsets past what the database takes
        assert page_without_count(permissions, huge, 5).number == 1
