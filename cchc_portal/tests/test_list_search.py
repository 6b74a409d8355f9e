"""Issue 12, item 3: every list has a text search that ignores diacritics, in the page and the API alike."""

import pytest
from django.urls import reverse

from conftest import count_queries, current_version
from remediation import services as remediation_services
from reports.tests.factories import draft

LISTS = [
    # (page, API path, a query without diacritics that finds the row, the row's id)
    ("inspections:plan_list", "plans", "ke hoach cchc 2026", "plan"),
    ("inspections:visit_list", "inspections", "chi cuc tieu chuan", "visit"),
    ("remediation:directive_list", "directives", "cong khai tthc", "directive"),
    ("remediation:task_list", "tasks", "mot cua do luong", "task"),
    ("reports:list", "documents", "ket luan", "document"),
]


@pytest.fixture
def rows(cast, remediation):
    notice = draft(actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit)
    return {
        "plan": remediation.plan.pk,
        "visit": remediation.visit.pk,
        "directive": remediation.directive.pk,
        "task": remediation.task.pk,
        "document": notice.pk,
    }


@pytest.mark.parametrize("page, api_path, query, row", LISTS)
def test_each_list_finds_without_diacritics_and_misses_what_does_not_match(
    client, api, cast, remediation, rows, page, api_path, query, row
):
    user = remediation.leader
    client.force_login(user)
    found = client.get(reverse(page), {"search": query})
    assert found.status_code == 200
    assert rows[row] in [item.pk for item in found.context["page"].object_list]
    assert 'name="search"' in found.content.decode()  # the box is on the page, labelled
    missed = client.get(reverse(page), {"search": query + " xyzzy"})
    assert list(missed.context["page"].object_list) == []
    # With diacritics too, and the same through the API.
    data = api.as_(user).get(f"/api/v1/{api_path}/", {"search": query}).json()
    assert rows[row] in [item["id"] for item in data["results"]]
    assert api.get(f"/api/v1/{api_path}/", {"search": "xyzzy"}).json()["results"] == []


def test_diacritics_typed_or_not_find_the_same(client, cast, remediation):
    client.force_login(remediation.leader)
    url = reverse("remediation:task_list")
    with_marks = [t.pk for t in client.get(url, {"search": "Công khai"}).context["page"].object_list]
    without = [t.pk for t in client.get(url, {"search": "cong KHAI"}).context["page"].object_list]
    assert with_marks == without and remediation.task.pk in with_marks


def test_a_search_is_one_query_more_at_most(client, cast, remediation, rows):
    client.force_login(remediation.leader)
    url = reverse("remediation:task_list")
    client.get(url)
    plain = count_queries(lambda: client.get(url))
    searched = count_queries(lambda: client.get(url, {"search": "cong khai"}))
    assert searched <= plain


def test_an_edited_directive_is_found_by_its_new_words_only(client, cast, remediation):
    remediation_services.directive_update(
        actor=remediation.leader,
        directive=remediation.directive,
        expected_version=current_version(remediation.directive),
        text="Bố trí ghế ngồi cho người dân tại bộ phận một cửa.",
    )
    client.force_login(remediation.leader)
    url = reverse("remediation:task_list")
    found = [t.pk for t in client.get(url, {"search": "ghe ngoi"}).context["page"].object_list]
    assert remediation.task.pk in found
    assert not list(client.get(url, {"search": "cong khai tthc"}).context["page"].object_list)


def test_capitals_with_marks_fold_like_small_letters(client, cast, remediation):
    """PostgreSQL under the C locale lowers only ASCII: unaccent must come first (ĐỘT → DOT → dot)."""
    type(remediation.plan).objects.filter(pk=remediation.plan.pk).update(title="KẾ HOẠCH KIỂM TRA ĐỘT XUẤT")
    client.force_login(remediation.leader)
    found = client.get(reverse("inspections:plan_list"), {"search": "đột xuất"}).context["page"].object_list
    assert [plan.pk for plan in found] == [remediation.plan.pk]
    found = client.get(reverse("inspections:plan_list"), {"search": "dot XUAT"}).context["page"].object_list
    assert [plan.pk for plan in found] == [remediation.plan.pk]
