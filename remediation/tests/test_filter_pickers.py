"""List filters: pickers drawn from kept options, and choices built only for filters in use."""

import re
from types import SimpleNamespace

from django.test import RequestFactory

from core.forms import LabelsIterator
from remediation.filters import TaskFilter
from remediation.models import Directive, RemediationTask


def request_as(user, path="/remediation/tasks/", **get):
    request = RequestFactory().get(path, get)
    request.user = user
    return request


def selected(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', html)


def test_a_picker_draws_its_kept_options_with_the_chosen_one_selected(cast, remediation):
    first = TaskFilter({"unit": str(cast.unit.pk)}, request=request_as(cast.home_affairs))
    html = str(first.form["unit"])
    assert selected(html) == [str(cast.unit.pk)]
    field = first.form.fields["unit"]
    assert isinstance(field.choices, LabelsIterator)
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == [str(value) for value, _label in field.choices]  # the empty choice first, then the units
    assert "Sở Tư pháp → Văn phòng Sở Tư pháp" in html
    # Drawn again from what was kept: another choice selected, the first one no longer.
    second = TaskFilter({"unit": str(cast.other_unit.pk)}, request=request_as(cast.home_affairs))
    again = str(second.form["unit"])
    assert selected(again) == [str(cast.other_unit.pk)]
    assert again.replace(" selected", "") == html.replace(" selected", "")
    nothing = str(TaskFilter({}, request=request_as(cast.home_affairs)).form["unit"])
    assert selected(nothing) == [""] and nothing.replace(" selected", "") == html.replace(" selected", "")


def test_a_filter_nobody_uses_or_sees_is_left_out_and_one_in_use_gets_the_users_choices(cast, remediation):
    unused = TaskFilter({}, request=request_as(cast.home_affairs))
    # Not shown on the page, not asked for: no field to build, clean or choose from.
    assert {"directive", "inspection", "due_before"}.isdisjoint(unused.form.fields)
    assert set(unused.form.fields) == set(TaskFilter.html_fields)
    assert unused.form.fields["plan"].queryset.exists()  # shown on the page
    directive = Directive.objects.get(pk=remediation.directive.pk)
    used = TaskFilter(
        {"directive": str(directive.pk)}, queryset=RemediationTask.objects.all(), request=request_as(cast.home_affairs)
    )
    assert used.is_valid() and set(used.qs) == set(directive.tasks.all())
    hidden = TaskFilter({"directive": str(directive.pk)}, request=request_as(cast.outside_inspector))
    assert not hidden.is_valid() and "directive" in hidden.errors  # not his to choose


def test_drfs_html_pages_draw_every_filter_with_its_choices(cast, remediation):
    request = request_as(cast.home_affairs, "/api/v1/tasks/")
    request.accepted_renderer = SimpleNamespace(format="api")
    browsable = TaskFilter({}, request=request)
    assert browsable.form.fields["directive"].queryset.filter(pk=remediation.directive.pk).exists()
