"""Every API serializer writes, through core.serializers' planned reads, the JSON DRF's own reading writes."""

import io

import pytest
from django.core.management import call_command
from django.urls import get_resolver
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.serializers import ModelSerializer
from inspections.api.serializers import FindingSerializer
from inspections.models import Finding, FindingEvidence, ReformArea
from remediation.api.serializers import DirectiveSerializer
from remediation.models import Directive
from remediation.rules import allowed_actions
from units.models import User


def _all_subclasses(cls) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    finding = Finding.objects.first()  # the demo has no evidence file: a row is enough here
    FindingEvidence.objects.create(
        finding=finding, file="evidence/x.pdf", original_name="Báo cáo.pdf", content_type="application/pdf", size=3
    )
    assert get_resolver().url_patterns  # imports every API module, so every serializer is defined


@pytest.mark.parametrize("username", ["admin", "donvi"])
def test_every_serializer_writes_what_drf_writes(demo, username):
    request = Request(APIRequestFactory().get("/api/v1/"))
    request.user = User.objects.get(username=username)
    # What the viewsets add (remediation.api.views.TaskViewSet: the actions open to the caller).
    context = {"request": request, "actions": lambda task: allowed_actions(request.user, task)}
    compared = {}
    for serializer_class in set(_all_subclasses(ModelSerializer)):
        model = serializer_class.Meta.model
        for instance in model.objects.all()[:25]:
            serializer = serializer_class(context=context)
            planned = serializer.to_representation(instance)
            by_drf = serializers.ModelSerializer.to_representation(serializer, instance)
            assert planned == by_drf, f"{serializer_class.__name__} #{instance.pk}"
            compared[serializer_class.__name__] = compared.get(serializer_class.__name__, 0) + 1
    untried = {cls.__name__ for cls in _all_subclasses(ModelSerializer)} - set(compared)
    assert untried == set() and len(compared) >= 15  # each tried on real rows


def test_plain_columns_and_ids_are_read_directly_the_rest_by_drf(demo):
    from inspections.api.serializers import PlanSerializer

    plan = {name: read for name, read, _, _ in PlanSerializer()._representation_plan}
    assert plan["title"] is not None and plan["issuer"] is not None  # a column, a foreign key's id
    assert plan["areas"] is None and plan["teams"] is None  # codes of a many-to-many, nested objects
    from units.api.serializers import UnitSerializer

    unit = {name: read for name, read, _, _ in UnitSerializer()._representation_plan}
    assert unit["kind_display"] is not None and unit["is_active"] is not None  # a method, a property


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "America/St_Johns"])
def test_datetimes_are_written_as_drf_writes_them_in_the_requests_zone(demo, zone):
    """Datetimes are written by core.serializers with the zone looked up once per serializer (issue 9):
    the same string as DRF's in any zone ("Z" for UTC, a half-hour offset), a naive value made aware."""
    from django.utils import timezone

    from inspections.api.serializers import FindingSerializer

    finding = Finding.objects.first()
    with timezone.override(zone):
        serializer = FindingSerializer()
        writers = {name: write for name, _, write, field in serializer._representation_plan}
        assert writers["recorded_at"] != serializer.fields["recorded_at"].to_representation  # the fast way
        planned = serializer.to_representation(finding)
        assert planned == serializers.ModelSerializer.to_representation(serializer, finding)
        assert planned["recorded_at"].endswith("Z") == (zone == "UTC")
        naive = timezone.make_naive(finding.recorded_at)
        assert writers["recorded_at"](naive) == serializer.fields["recorded_at"].to_representation(naive)


def test_an_area_is_written_by_its_code_from_the_rows_id_without_reading_the_area(demo, django_assert_num_queries):
    """SmallTableSlugField: the code DRF's SlugRelatedField writes from the related object, read from the
    row's id and the areas' codes read once per serializer; no area: null; an area added since: read again."""
    codes = [finding.area.code for finding in Finding.objects.select_related("area").order_by("pk")]
    findings = list(Finding.objects.order_by("pk"))  # no area object: reading one would be a query a row
    field = FindingSerializer().fields["area"]
    assert field.to_representation(field.get_attribute(findings[0])) == codes[0]  # reads the codes, once
    with django_assert_num_queries(0):
        assert [field.to_representation(field.get_attribute(f)) for f in findings] == codes

    directive = Directive.objects.exclude(area=None).first()
    directive_field = DirectiveSerializer().fields["area"]
    assert directive_field.to_representation(directive_field.get_attribute(directive)) == directive.area.code
    directive.area = None
    assert DirectiveSerializer().to_representation(directive)["area"] is None

    added = ReformArea.objects.create(code="TEST_AREA", name="Lĩnh vực thử", position=99)
    findings[0].area = added
    assert field.to_representation(field.get_attribute(findings[0])) == "TEST_AREA"
