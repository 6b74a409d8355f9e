"""The query-count header: sent only when asked for, and it counts what the request runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HEADER = "X-Query-Count"


@pytest.fixture
def signed_in(client, cast):
    client.force_login(cast.home_affairs)
    return client


@pytest.mark.parametrize("name", ["ping", "home", "units:list", "unit-list"])
def test_the_header_counts_the_queries_of_the_request(signed_in, settings, name):
    settings.CCHC_QUERY_COUNT_HEADER = True
    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(reverse(name))
    assert response.status_code == 200
    assert int(response[HEADER]) == len(captured.captured_queries) > 0


def test_no_header_when_off(signed_in, settings):
    settings.CCHC_QUERY_COUNT_HEADER = False
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    assert HEADER not in response


def test_ping_is_the_trivial_page(signed_in, settings):
    """The benchmark's denominator: the session, the user and the layout (the bell), nothing else."""
    settings.CCHC_QUERY_COUNT_HEADER = True
    response = signed_in.get(reverse("ping"))
    assert 'data-testid="ping"' in response.content.decode() and 'data-testid="bell"' in response.content.decode()
    assert response[HEADER] == "4"  # session, user, their unit (the menu), unread count


def test_ping_needs_a_login(client, db):
    response = client.get(reverse("ping"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
