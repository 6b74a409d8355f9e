"""A list page's related rows read by its ids (core.prefetch) are what Django's prefetch_related reads,
in the same order; the API's lists write, item by item, what their detail pages write."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Prefetch

from core.prefetch import Represented, keep_children, keep_related_values, prefetched
from inspections.models import Finding, InspectionPlan, ReformArea
from remediation.models import Directive
from units.models import User


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_children_and_related_values_are_what_django_prefetches(demo):
    findings = list(Finding.objects.order_by("pk"))
    django = list(Finding.objects.order_by("pk").prefetch_related("indicators", "evidence"))
    keep_children(findings, "indicators")
    keep_children(findings, "evidence")
    assert any(finding.__dict__[prefetched("indicators")] for finding in findings)  # the demo has some
    for ours, theirs in zip(findings, django, strict=True):
        assert ours.__dict__[prefetched("indicators")] == list(theirs.indicators.all())
        assert ours.__dict__[prefetched("evidence")] == list(theirs.evidence.all())

    directives = list(Directive.objects.order_by("pk"))
    keep_related_values(directives, "units")
    keep_related_values(directives, "findings")
    for directive in Directive.objects.order_by("pk").prefetch_related("units", "findings"):
        kept = next(d for d in directives if d.pk == directive.pk).__dict__
        assert kept[prefetched("units")] == [unit.pk for unit in directive.units.all()]  # the units' order
        assert kept[prefetched("findings")] == [finding.pk for finding in directive.findings.all()]
        assert isinstance(kept[prefetched("units")], Represented)

    plans = list(InspectionPlan.objects.all())
    keep_related_values(plans, "areas", "code")
    prefetch = Prefetch("areas", ReformArea.objects.all(), to_attr="django_areas")
    for plan in InspectionPlan.objects.prefetch_related(prefetch):
        kept = next(p for p in plans if p.pk == plan.pk).__dict__[prefetched("areas")]
        assert kept == [area.code for area in plan.django_areas] and kept  # ordered by position


@pytest.mark.parametrize("username", ["noivu", "donvi", "truongdoan"])
@pytest.mark.parametrize("endpoint", ["findings", "directives", "plans"])
def test_a_list_writes_each_item_as_its_detail_does(demo, client, username, endpoint):
    client.force_login(User.objects.get(username=username))
    listed = client.get(f"/api/v1/{endpoint}/?page_size=200").json()["results"]
    assert listed or username == "donvi"
    detail_only = {"plans": {"purpose", "scope", "teams"}}.get(endpoint, set())  # the plans list is a summary
    for item in listed:
        detail = client.get(f"/api/v1/{endpoint}/{item['id']}/").json()
        assert item == {key: value for key, value in detail.items() if key not in detail_only and key in item}
        assert set(item) <= set(detail)
