"""API v1: directives and remediation tasks (submit / accept / return), reading the same filters and rules as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api import AnyFileRenderer, KeepsPageLists, request_version
from core.parsers import JSONParser
from core.prefetch import keep_children, keep_related_values
from core.uploads import evidence_response
from units.api.permissions import UnitPeopleReadOnly

from .. import services
from ..filters import DirectiveFilter, TaskFilter
from ..models import TaskEvidence
from ..rules import allowed_actions, can_delegate, can_extend, require_side
from ..selectors import directive_id_prefetches, directive_tasks, directives_visible_to, task_timeline, tasks_visible_to
from ..states import LISTING_ORDER
from . import serializers as s

DIRECTIVE_FIELDS = ("text", "units", "findings", "area", "due_on", "due_days", "requires_evidence")


class DirectiveViewSet(KeepsPageLists, viewsets.ModelViewSet):
    """Directives; each target unit gets its own task. Writes need the current `version` (409 if stale or missing)."""

    permission_classes = [permissions.IsAuthenticated, UnitPeopleReadOnly]
    serializer_class = s.DirectiveSerializer
    filterset_class = DirectiveFilter
    # `?search=` is the FilterSet's, without diacritics (DRF's SearchFilter would add an accented icontains).
    ordering = ["visit_id", "position", "pk"]  # the index's order: a page is read, not sorted

    def get_queryset(self):
        directives = directives_visible_to(self.request.user)
        if self.action == "list":
            # The visit by its id, the area by its code; units, findings and tasks: `keep_page_lists`.
            return directives
        return directives.select_related("area", "visit").prefetch_related(*directive_id_prefetches())

    def keep_page_lists(self, directives):
        keep_related_values(directives, "units")
        keep_related_values(directives, "findings")
        keep_children(directives, "tasks", directive_tasks())

    def perform_create(self, serializer):
        data = serializer.validated_data
        values = {key: data[key] for key in DIRECTIVE_FIELDS if key in data}
        serializer.instance = services.directive_create(actor=self.request.user, visit=data["visit"], **values)

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.directive_update(
            actor=self.request.user,
            directive=serializer.instance,
            expected_version=data.get("version"),
            **{key: data[key] for key in DIRECTIVE_FIELDS if key in data},
        )

    @extend_schema(parameters=[OpenApiParameter("version", int, required=True)])
    def destroy(self, request, *args, **kwargs):
        services.directive_delete(
            actor=request.user, directive=self.get_object(), expected_version=request_version(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.HandOverSerializer, responses=s.DirectiveSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="hand-over")
    def hand_over(self, request):
        """The units of a concluded `inspection` meet their tasks now, without waiting for the letter."""
        serializer = s.HandOverSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        handed = services.directives_hand_over(actor=request.user, visit=serializer.validated_data["inspection"])
        directives = self.get_queryset().filter(pk__in=[d.pk for d in handed])
        return Response(self.get_serializer(directives, many=True).data)

    @extend_schema(request=s.ExtendSerializer, responses=s.DirectiveSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Move the deadline later, with a reason (also after the letter is issued)."""
        directive = self.get_object()
        if not can_extend(request.user, directive):
            raise PermissionDenied
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


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Remediation tasks the caller may see. Units submit; inspectors accept or return. Every change needs `version`."""

    filterset_class = TaskFilter
    # `?search=` is the FilterSet's, without diacritics (DRF's SearchFilter would add an accented icontains).
    ordering_fields = ["due_on", "updated_at"]

    def get_queryset(self):
        return tasks_visible_to(self.request.user).select_related("directive", "unit").order_by(*LISTING_ORDER)

    def get_serializer_class(self):
        return s.TaskSerializer if self.action == "list" else s.TaskDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actions": lambda task: allowed_actions(self.request.user, task)}

    def _respond(self, task):
        return Response(
            s.TaskDetailSerializer(self.get_queryset().get(pk=task.pk), context=self.get_serializer_context()).data
        )

    def _report(self, request, service, action_name):
        task = self.get_object()
        require_side(request.user, task, action_name)
        data = request.data
        if hasattr(data, "dict"):
            data = {**data.dict(), "files": request.FILES.getlist("files")}
        serializer = s.TaskReportSerializer(data=data)
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

    @extend_schema(request={"multipart/form-data": s.TaskReportSerializer}, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def submit(self, request, pk=None):
        """The unit reports the task done: `note`, optional `effective_on`, evidence as multipart `files`."""
        return self._report(request, services.task_submit, "submit")

    @extend_schema(request={"multipart/form-data": s.TaskReportSerializer}, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def progress(self, request, pk=None):
        """A progress note, with optional evidence; the task is then in progress."""
        return self._report(request, services.task_progress, "progress")

    @extend_schema(request=s.TaskVersionSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        task = self.get_object()
        require_side(request.user, task, "accept")
        serializer = s.TaskVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.task_accept(actor=request.user, task=task, expected_version=serializer.validated_data.get("version"))
        return self._respond(task)

    @extend_schema(request=s.TaskReturnSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Send the report back with a `reason`."""
        task = self.get_object()
        require_side(request.user, task, "return")
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

    @extend_schema(request=s.DelegateSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def delegate(self, request, pk=None):
        task = self.get_object()
        if not can_delegate(request.user, task):
            raise PermissionDenied
        serializer = s.DelegateSerializer(data=request.data, task=task)
        serializer.is_valid(raise_exception=True)
        services.task_delegate(
            actor=request.user,
            task=task,
            delegate=serializer.validated_data["delegate"],
            expected_version=serializer.validated_data.get("version"),
        )
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

    @extend_schema(responses=s.TaskEventSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request, pk=None):
        """The task's timeline, oldest first, in pages like every list."""
        page = self.paginate_queryset(task_timeline(self.get_object()).prefetch_related("evidence"))
        return self.get_paginated_response(s.TaskEventSerializer(page, many=True, context={"request": request}).data)
