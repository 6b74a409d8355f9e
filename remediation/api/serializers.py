from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import ScopedPrimaryKeyRelatedField, SmallTableSlugField, VersionField
from core.prefetch import prefetched_list
from core.serializers import ModelSerializer
from inspections.models import Finding, InspectionVisit, ReformArea
from inspections.selectors import findings_visible_to, visits_visible_to
from units.models import Unit, User
from units.selectors import units_visible_to

from ..models import Directive, RemediationTask, TaskEvent, TaskEvidence
from ..selectors import delegate_candidates, tasks_visible_to


class DirectiveTaskSerializer(ModelSerializer):
    class Meta:
        model = RemediationTask
        fields = ["id", "unit", "status"]


class DirectiveSerializer(ModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(
        source="visit", queryset=InspectionVisit.objects.all(), scope=visits_visible_to
    )
    area = SmallTableSlugField(slug_field="code", queryset=ReformArea.objects.all(), required=False, allow_null=True)
    units = ScopedPrimaryKeyRelatedField(many=True, queryset=Unit.objects.all(), scope=units_visible_to)
    findings = ScopedPrimaryKeyRelatedField(
        many=True, queryset=Finding.objects.all(), scope=findings_visible_to, required=False
    )
    tasks = serializers.SerializerMethodField()
    is_locked = serializers.BooleanField(read_only=True)
    handed_over_at = serializers.DateTimeField(
        read_only=True, help_text="When the units met their tasks (letter issued or handed over); null while a draft."
    )
    version = VersionField()

    class Meta:
        model = Directive
        fields = [
            "id",
            "inspection",
            "text",
            "area",
            "due_on",
            "due_days",
            "requires_evidence",
            "units",
            "findings",
            "tasks",
            "is_locked",
            "handed_over_at",
            "version",
        ]

    @extend_schema_field(DirectiveTaskSerializer(many=True))
    def get_tasks(self, directive) -> list[dict]:
        """Only the tasks the caller may see (a unit sees its own, not the other units')."""
        request = self.context.get("request")
        tasks = prefetched_list(directive, "tasks")
        if request is not None and request.user.is_unit_user:
            # One query per request, not per directive.
            if not hasattr(request, "_cchc_visible_task_ids"):
                request._cchc_visible_task_ids = set(tasks_visible_to(request.user).values_list("pk", flat=True))
            tasks = [task for task in tasks if task.pk in request._cchc_visible_task_ids]
        # DirectiveTaskSerializer's fields, written directly: a serializer per directive of a page
        # cost more than the page's queries.
        return [{"id": task.pk, "unit": task.unit_id, "status": task.status} for task in tasks]


class HandOverSerializer(serializers.Serializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=InspectionVisit.objects.all(), scope=visits_visible_to)


class ExtendSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    reason = serializers.CharField()
    version = VersionField()


class TaskSerializer(ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    directive_text = serializers.CharField(source="directive.text", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = RemediationTask
        fields = [
            "id",
            "directive",
            "directive_text",
            "unit",
            "unit_name",
            "status",
            "due_on",
            "is_overdue",
            "delegate",
            "submitted_at",
            "completed_on",
            "version",
        ]
        read_only_fields = fields


class TaskDetailSerializer(TaskSerializer):
    actions = serializers.SerializerMethodField(help_text="The actions the caller may take on the task now.")

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, task) -> list[str]:
        return self.context["actions"](task)


class TaskEvidenceSerializer(ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The download for a signed-in browser.")
    api_url = serializers.SerializerMethodField(help_text="The download for API clients (token).")

    class Meta:
        model = TaskEvidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url", "api_url"]

    def get_url(self, evidence) -> str:
        return reverse("remediation:task_evidence_download", args=[evidence.pk])

    def get_api_url(self, evidence) -> str:
        return reverse("task-evidence-file", args=[evidence.event.task_id, evidence.pk])


class TaskEventSerializer(ModelSerializer):
    evidence = TaskEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = TaskEvent
        fields = ["id", "kind", "note", "effective_on", "actor", "at", "evidence"]


class TaskReportSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)
    version = VersionField()


class TaskVersionSerializer(serializers.Serializer):
    version = VersionField()


class TaskReturnSerializer(TaskVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class DelegateSerializer(TaskVersionSerializer):
    delegate = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), allow_null=True)

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            # Only the task unit's own people can be chosen; others are "not found" alike.
            self.fields["delegate"].queryset = delegate_candidates(task)
