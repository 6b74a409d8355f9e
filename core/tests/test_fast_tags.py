"""The fast `url` tag writes what Django's tag writes."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, get_resolver, reverse

from core.templatetags.fast_tags import reverse_ids


def routes_with_ids():
    """(name, number of ids) of every named route whose arguments are all ids."""
    found = set()

    def walk(resolver, namespace):
        for name, entries in resolver.reverse_dict.lists():
            if not isinstance(name, str):
                continue
            for possibility, *_ in entries:
                for _text, params in possibility:
                    if params:
                        found.add((f"{namespace}{name}", len(params)))
        for key, (_prefix, sub) in resolver.namespace_dict.items():
            walk(sub, f"{namespace}{key}:")

    walk(get_resolver(), "")
    return sorted(found)


ROUTES = routes_with_ids()


def test_there_are_routes_with_ids_to_compare():
    assert ("remediation:task_detail", 1) in ROUTES and len(ROUTES) > 40


@pytest.mark.parametrize(("name", "count"), ROUTES)
def test_a_path_built_from_ids_is_the_one_reverse_builds(name, count):
    for ids in ([0] * count, [1] * count, list(range(7, 7 + count)), [123456789012] * count):
        try:
            expected = reverse(name, args=ids)
        except (NoReverseMatch, TypeError) as error:  # e.g. the admin's app labels, DRF's format suffixes
            with pytest.raises(type(error)):
                reverse_ids(name, ids)
        else:
            assert reverse_ids(name, ids) == expected


def render(text, **context):
    request = RequestFactory().get("/")
    return engines["django"].from_string(text).render({**context, "request": request})


def test_the_url_tag_takes_the_fast_path_for_ids_and_djangos_for_the_rest():
    assert render("{% url 'remediation:task_detail' pk %}", pk=42) == reverse("remediation:task_detail", args=[42])
    assert render("{% url 'remediation:task_detail' pk=5 %}") == reverse("remediation:task_detail", args=[5])
    assert render("{% url 'remediation:task_detail' '7' %}") == reverse("remediation:task_detail", args=[7])
    text = "{% url 'remediation:task_detail' 9 as link %}<a href='{{ link }}'>"
    assert render(text) == f"<a href='{reverse('remediation:task_detail', args=[9])}'>"
    assert render("{% url 'remediation:task_list' %}") == reverse("remediation:task_list")
