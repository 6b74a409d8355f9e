from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api import AnyFileRenderer, KeepsPageLists, request_version
from core.prefetch import keep_children, keep_related_values
from core.uploads import evidence_response
from units.api.permissions import UnitPeopleReadOnly

from .. import services
from ..filters import FindingFilter, PlanFilter, VisitFilter
from ..models import ReformArea
from ..selectors import (
    can_create_plans,
    can_manage_plan,
    findings_visible_to,
    is_team_leader,
    is_team_member,
    plans_visible_to,
    visit_unit_names,
    visits_visible_to,
)
from . import serializers as s


class ReformAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The reform areas, in order (reference data; administrators edit them in the admin)."""

    serializer_class = s.ReformAreaSerializer
    queryset = ReformArea.objects.order_by("position", "pk")
    filterset_fields = ["is_active"]
    search_fields = ["code", "name"]


class PlanViewSet(KeepsPageLists, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection plans the caller may see; Home Affairs staff, authors and team leaders change them."""

    permission_classes = [permissions.IsAuthenticated, UnitPeopleReadOnly]
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["year", "title", "issued_on"]
    ordering = ["-year", "-pk"]

    def get_queryset(self):
        plans = plans_visible_to(self.request.user)
        if self.action == "list":  # the areas' codes: `keep_page_lists`
            return plans
        return plans.prefetch_related("areas", "teams__members")

    def keep_page_lists(self, plans):
        keep_related_values(plans, "areas", "code")

    def get_serializer_class(self):
        return s.PlanSummarySerializer if self.action == "list" else s.PlanSerializer

    def perform_create(self, serializer):
        if not can_create_plans(self.request.user):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        serializer.instance = services.plan_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        areas = data.pop("areas", None)
        serializer.instance = services.plan_update(
            actor=self.request.user, plan=serializer.instance, areas=areas, **data
        )

    @extend_schema(request=s.PlanCopySerializer, responses={201: s.PlanSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """Copy the plan to another year: areas, teams and units, with fresh dates and statuses."""
        plan = self.get_object()
        if not can_manage_plan(request.user, plan):
            raise PermissionDenied  # before the body is read: the answer must not depend on it
        serializer = s.PlanCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copy = services.plan_copy(
            actor=request.user,
            plan=plan,
            year=serializer.validated_data["year"],
            title=serializer.validated_data.get("title"),
        )
        return Response(s.PlanSerializer(copy, context={"request": request}).data, status=status.HTTP_201_CREATED)


class InspectionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection visits. Members of the team record in them; the team leader concludes and reopens."""

    permission_classes = [permissions.IsAuthenticated, UnitPeopleReadOnly]
    serializer_class = s.InspectionSerializer
    filterset_class = VisitFilter
    # `?search=` is the FilterSet's, without diacritics (DRF's SearchFilter would add an accented icontains).
    ordering_fields = ["scheduled_on"]
    ordering = ["scheduled_on", "pk"]

    def get_queryset(self):
        visits = visits_visible_to(self.request.user).select_related("unit", "plan")
        return visits if self.action == "list" else visits.prefetch_related("attendees")

    def get_serializer_class(self):
        return s.InspectionSummarySerializer if self.action == "list" else s.InspectionSerializer

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        visit_unit_names(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.visit_schedule(
            actor=self.request.user,
            plan=data["plan"],
            unit=data["unit"],
            scheduled_on=data["scheduled_on"],
            team=data.get("team"),
            place=data.get("place", ""),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.visit_reschedule(
            actor=self.request.user,
            visit=serializer.instance,
            scheduled_on=data.get("scheduled_on", serializer.instance.scheduled_on),
            place=data.get("place"),
            team=data.get("team"),
        )

    def _status_change(self, request, run):
        visit = self.get_object()
        run(visit)
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(self.get_serializer(visit).data)

    @extend_schema(request=None, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        """The team leader concludes the visit; its findings lock."""
        return self._status_change(request, lambda visit: services.visit_conclude(actor=request.user, visit=visit))

    @extend_schema(request=s.ReopenSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The team leader reopens a concluded visit, with a reason."""
        if not is_team_leader(request.user, self.get_object()):
            raise PermissionDenied
        serializer = s.ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._status_change(
            request, lambda visit: services.visit_reopen(actor=request.user, visit=visit, reason=reason)
        )

    @extend_schema(request=None, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._status_change(request, lambda visit: services.visit_start(actor=request.user, visit=visit))


class FindingViewSet(KeepsPageLists, viewsets.ModelViewSet):
    """Findings of the visits the caller may see. Writes need the current `version` (409 if stale or missing)."""

    permission_classes = [permissions.IsAuthenticated, UnitPeopleReadOnly]
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ["recorded_at", "position"]
    # The order of the findings' index (visit, area, kind, position): a page is read, not sorted.
    ordering = ["visit_id", "area_id", "kind", "position", "pk"]

    def get_queryset(self):
        findings = findings_visible_to(self.request.user)
        if self.action == "list":
            # A page of up to 200 shows each finding's visit by its id, its area by its code (read once:
            # SmallTableSlugField), and never its folded text; its indicators and evidence: `keep_page_lists`.
            return findings.defer("search_text", "entry_token")
        return findings.select_related("area", "visit").prefetch_related("indicators", "evidence")

    def keep_page_lists(self, findings):
        keep_children(findings, "indicators")
        keep_children(findings, "evidence")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.finding_create(
            actor=self.request.user,
            visit=data["visit"],
            area=data["area"],
            kind=data["kind"],
            text=data["text"],
            indicators=data.get("indicators", []),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.finding_update(
            actor=self.request.user,
            finding=serializer.instance,
            expected_version=data.get("version"),
            text=data.get("text"),
            kind=data.get("kind"),
            area=data.get("area"),
            indicators=data.get("indicators"),
        )

    @extend_schema(parameters=[OpenApiParameter("version", int, required=True)])
    def destroy(self, request, *args, **kwargs):
        finding = self.get_object()
        services.finding_delete(actor=request.user, finding=finding, expected_version=request_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": s.EvidenceUploadSerializer}, responses={201: s.EvidenceSerializer(many=True)}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Attach evidence files (PDF, DOC/DOCX, XLS/XLSX, JPG, PNG); all are checked before any is kept."""
        finding = self.get_object()
        if not is_team_member(request.user, finding.visit):
            raise PermissionDenied
        serializer = s.EvidenceUploadSerializer(data={"files": request.FILES.getlist("files")})
        serializer.is_valid(raise_exception=True)
        created = services.finding_attach(actor=request.user, finding=finding, files=serializer.validated_data["files"])
        return Response(s.EvidenceSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>\d+)",
        renderer_classes=[JSONRenderer, AnyFileRenderer],
    )
    def evidence_file(self, request, pk=None, evidence_id=None):
        """Download one evidence file of the finding (token or session)."""
        finding = self.get_object()
        return evidence_response(get_object_or_404(finding.evidence, pk=evidence_id))
