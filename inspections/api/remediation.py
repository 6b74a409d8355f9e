"""API v1: directives, remediation tasks (submit / accept / return) and notifications."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cchc_portal.api import AnyFileRenderer
from cchc_portal.api import body_field as _body_field
from cchc_portal.forms import parse_id
from cchc_portal.uploads import evidence_response

from .. import services
from ..models import Directive, Notification, RemediationTask, TaskEvidence, TaskStatus
from ..selectors import directives_visible_to, task_timeline, tasks_visible_to
from . import serializers as s


class DirectiveFilter(filters.FilterSet):
    inspection = filters.NumberFilter(field_name="visit")
    plan = filters.NumberFilter(field_name="visit__plan")
    unit = filters.NumberFilter(field_name="units")
    area = filters.CharFilter(field_name="area__code")

    class Meta:
        model = Directive
        fields = ["inspection", "plan", "unit", "area"]


class DirectiveViewSet(viewsets.ModelViewSet):
    """Directives; each target unit gets its own task. Writes need the current `version` (409 if stale)."""

    serializer_class = s.DirectiveSerializer
    filterset_class = DirectiveFilter
    search_fields = ["text"]
    ordering = ["visit", "position", "pk"]

    def get_queryset(self):
        return (
            directives_visible_to(self.request.user)
            .select_related("area", "visit")
            .prefetch_related("units", "findings", "tasks")
            .distinct()
        )

    @staticmethod
    def _values(data):
        return {
            key: data[key]
            for key in ("text", "units", "findings", "area", "due_on", "due_days", "requires_evidence")
            if key in data
        }

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.directive_create(
            actor=self.request.user, visit=data["visit"], **self._values(data)
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.directive_update(
            actor=self.request.user,
            directive=serializer.instance,
            expected_version=data["version"],
            **self._values(data),
        )

    @extend_schema(parameters=[OpenApiParameter("version", int, required=True)])
    def destroy(self, request, *args, **kwargs):
        directive = self.get_object()
        version = parse_id(request.query_params.get("version") or _body_field(request, "version"))
        if version is None:
            return Response({"version": [_("Send the version you read, so that nothing is overwritten.")]}, status=400)
        services.directive_delete(actor=request.user, directive=directive, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.ExtendSerializer, responses=s.DirectiveSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Move the deadline later, with a reason (also after the letter is issued)."""
        directive = self.get_object()
        serializer = s.ExtendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.directive_extend(
            actor=request.user,
            directive=directive,
            new_due_on=serializer.validated_data["due_on"],
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=directive.pk)).data)


class TaskFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=TaskStatus.choices)
    overdue = filters.BooleanFilter(method="filter_overdue", label="overdue")
    unit = filters.NumberFilter()
    directive = filters.NumberFilter()
    inspection = filters.NumberFilter(field_name="directive__visit")
    plan = filters.NumberFilter(field_name="directive__visit__plan")
    year = filters.NumberFilter(
        field_name="directive__visit__scheduled_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    area = filters.CharFilter(field_name="directive__area__code")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = RemediationTask
        fields = ["status", "overdue", "unit", "directive", "inspection", "plan", "year", "area", "due_before"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Remediation tasks the caller may see, overdue first. Units submit; inspectors accept or return."""

    serializer_class = s.TaskSerializer
    filterset_class = TaskFilter
    search_fields = ["directive__text", "unit__name"]
    ordering_fields = ["due_on", "updated_at"]

    def get_queryset(self):
        return tasks_visible_to(self.request.user).select_related("directive", "unit").order_by("due_on", "pk")

    def _respond(self, task):
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    def _report(self, request, service):
        task = self.get_object()
        serializer = s.TaskReportSerializer(
            data={**request.data.dict(), "files": request.FILES.getlist("files")}
            if hasattr(request.data, "dict")
            else request.data
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service(
            actor=request.user,
            task=task,
            note=data["note"],
            expected_version=data.get("version"),
            effective_on=data.get("effective_on"),
            files=data.get("files", []),
        )
        return self._respond(task)

    @extend_schema(request={"multipart/form-data": s.TaskReportSerializer}, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def submit(self, request, pk=None):
        """The unit reports the task done: `note`, optional `effective_on`, evidence as multipart `files`."""
        return self._report(request, services.task_submit)

    @extend_schema(request={"multipart/form-data": s.TaskReportSerializer}, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def progress(self, request, pk=None):
        """A progress note, with optional evidence; the task is then in progress."""
        return self._report(request, services.task_progress)

    @extend_schema(request=s.TaskVersionSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        task = self.get_object()
        serializer = s.TaskVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.task_accept(actor=request.user, task=task, expected_version=serializer.validated_data.get("version"))
        return self._respond(task)

    @extend_schema(request=s.TaskReturnSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Send the report back with a `reason`."""
        task = self.get_object()
        serializer = s.TaskReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.task_return(
            actor=request.user,
            task=task,
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data.get("version"),
        )
        return self._respond(task)

    @extend_schema(request=s.CommentSerializer, responses={201: s.TaskEventSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        task = self.get_object()
        serializer = s.CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.task_comment(actor=request.user, task=task, note=serializer.validated_data["note"])
        return Response(s.TaskEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DelegateSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def delegate(self, request, pk=None):
        task = self.get_object()
        serializer = s.DelegateSerializer(data=request.data, task=task)
        serializer.is_valid(raise_exception=True)
        services.task_delegate(actor=request.user, task=task, delegate=serializer.validated_data["delegate"])
        return self._respond(task)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>\d+)",
        renderer_classes=[JSONRenderer, AnyFileRenderer],
    )
    def evidence_file(self, request, pk=None, evidence_id=None):
        """Download one evidence file handed in for the task (token or session)."""
        task = self.get_object()
        return evidence_response(get_object_or_404(TaskEvidence.objects.filter(event__task=task), pk=evidence_id))

    @extend_schema(responses=s.TaskEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        return Response(s.TaskEventSerializer(task_timeline(self.get_object()), many=True).data)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first; `?unread=true` for the unread ones."""

    serializer_class = s.NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the caller

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        notifications = Notification.objects.filter(user=self.request.user).order_by("-created_at", "-pk")
        if self.request.query_params.get("unread") in ("1", "true"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)
