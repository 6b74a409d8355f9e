"""The Jinja2 row templates (core/jinja.py) print what Django's templates would, and fail loudly on a typo."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template, engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from jinja2 import UndefinedError


def jinja(source: str, **values) -> str:
    return engines["jinja2"].from_string(source).render(values)


def django(source: str, **values) -> str:
    return Template(source).render(Context(values))


def test_filters_and_links_print_as_django_prints_them():
    values = {"day": datetime.date(2021, 2, 8), "text": "Cải cách hành chính " * 20, "pk": 42}
    assert jinja('{{ day|date("d/m/Y") }}', **values) == django('{{ day|date:"d/m/Y" }}', **values)
    assert jinja("{{ text|truncatechars(30) }}", **values) == django("{{ text|truncatechars:30 }}", **values)
    assert jinja('{{ url("units:detail", pk) }}', **values) == reverse("units:detail", args=[42])
    assert jinja('{{ url("units:list") }}') == reverse("units:list")
    with pytest.raises(NoReverseMatch):  # not an id: Django's own checks, as {% url %} does
        jinja('{{ url("units:detail", "../x") }}')


def test_times_are_printed_in_the_portals_time_zone_as_django_prints_them(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.USE_TZ
    recorded = datetime.datetime(2021, 2, 7, 23, 30, tzinfo=datetime.UTC)  # as the database returns it
    assert jinja('{{ at|date("d/m/Y H:i") }}', at=recorded) == "08/02/2021 06:30"
    assert django('{{ at|date:"d/m/Y H:i" }}', at=recorded) == "08/02/2021 06:30"


def test_translations_follow_the_language_and_are_escaped():
    source = '{{ _("overdue") }}|{{ _("due %(date)s") % {"date": "<b>"} }}'
    with translation.override("vi"):
        assert jinja(source) == "quá hạn|hạn &lt;b&gt;"
    with translation.override("en"):
        assert jinja(source) == "overdue|due &lt;b&gt;"


def test_values_are_escaped_and_safe_html_is_kept():
    from django.utils.safestring import mark_safe

    assert jinja("{{ a }}{{ b }}", a="<script>", b=mark_safe("<i>x</i>")) == "&lt;script&gt;<i>x</i>"


def test_a_misspelt_name_fails_in_development_and_tests(settings):
    assert settings.JINJA_STRICT  # from DJANGO_DEBUG=1, as `make test` and CI run
    with pytest.raises(UndefinedError):
        jinja("{{ nobody.name }}")


def test_the_jinja_tag_passes_only_what_it_is_given(rf, settings):
    probe = Path(__file__).parent / "jinja2"
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], probe]} if engine.get("NAME") == "jinja2" else engine
        for engine in settings.TEMPLATES
    ]
    rendered = Template('{% load jinja %}{% jinja "core/probe.html" items=items %}').render(
        Context({"items": ["<a>", "b"], "secret": "kept out", "request": rf.get("/")})
    )
    assert rendered.split()[:4] == ["&lt;a&gt;", "b", "/", "no-secret"]
    assert 'name="csrfmiddlewaretoken"' in rendered  # forms drawn by Jinja2 carry the token


def test_the_csrf_token_is_masked_once_a_response_and_anew_after_a_rotation(rf):
    from django.middleware.csrf import _unmask_cipher_token, rotate_token

    from core.templatetags.jinja import csrf_values

    request = rf.get("/")
    first = csrf_values(request)
    assert csrf_values(request) is first  # every Jinja2 part of the page prints the same masked token
    assert first["csrf_token"] in first["csrf_input"] and 'name="csrfmiddlewaretoken"' in first["csrf_input"]
    secret = _unmask_cipher_token(first["csrf_token"])
    rotate_token(request)  # as a login does
    rotated = csrf_values(request)
    assert _unmask_cipher_token(rotated["csrf_token"]) != secret
