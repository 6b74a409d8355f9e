from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from cchc_portal.api import VersionField
from units.models import Unit, User

from ..models import (
    Directive,
    Finding,
    FindingEvidence,
    FindingKind,
    Indicator,
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    Notification,
    ReformArea,
    RemediationTask,
    TaskEvent,
    TaskEvidence,
    TeamMember,
    VisitAttendee,
)


class ReformAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReformArea
        fields = ["id", "code", "name", "position", "is_active"]


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "user", "full_name", "title", "agency", "role"]


class TeamSerializer(serializers.ModelSerializer):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionTeam
        fields = ["id", "name", "members"]


class PlanSerializer(serializers.ModelSerializer):
    areas = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ReformArea.objects.all(), required=False
    )
    teams = TeamSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "title",
            "year",
            "issuer",
            "number",
            "issued_on",
            "status",
            "kind",
            "purpose",
            "scope",
            "areas",
            "teams",
            "copied_from",
        ]
        read_only_fields = ["copied_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from units.selectors import units_visible_to

            self.fields["issuer"].queryset = units_visible_to(request.user)


class PlanCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitAttendee
        fields = ["full_name", "title"]


class InspectionSerializer(serializers.ModelSerializer):
    """An inspection visit: one unit, one date, one team."""

    unit_name = serializers.SerializerMethodField(help_text="The unit's name on the date of the visit.")
    attendees = AttendeeSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = InspectionVisit
        fields = [
            "id",
            "plan",
            "unit",
            "unit_name",
            "team",
            "scheduled_on",
            "place",
            "status",
            "unit_summary",
            "attendees",
            "concluded_at",
            "version",
        ]
        read_only_fields = ["status", "concluded_at", "unit_summary"]
        extra_kwargs = {"team": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from units.selectors import units_visible_to

            from ..selectors import plans_visible_to

            self.fields["plan"].queryset = plans_visible_to(request.user)
            self.fields["unit"].queryset = units_visible_to(request.user)
            self.fields["team"].queryset = InspectionTeam.objects.filter(plan__in=plans_visible_to(request.user))

    def get_unit_name(self, visit) -> str:
        return getattr(visit, "unit_label", None) or visit.unit_name()


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class IndicatorSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = Indicator
        fields = ["name", "value", "unit"]


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The download for a signed-in browser.")
    api_url = serializers.SerializerMethodField(help_text="The download for API clients (token).")

    class Meta:
        model = FindingEvidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url", "api_url"]

    def get_url(self, evidence) -> str:
        return reverse("inspections:evidence_download", args=[evidence.pk])

    def get_api_url(self, evidence) -> str:
        return reverse("finding-evidence-file", args=[evidence.finding_id, evidence.pk])


class FindingSerializer(serializers.ModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(source="visit", queryset=InspectionVisit.objects.none())
    area = serializers.SlugRelatedField(slug_field="code", queryset=ReformArea.objects.all())
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    indicators = IndicatorSerializer(many=True, required=False)
    evidence = EvidenceSerializer(many=True, read_only=True)
    version = VersionField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "area",
            "kind",
            "text",
            "position",
            "indicators",
            "evidence",
            "repeats",
            "recorded_by",
            "recorded_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["position", "repeats", "recorded_by", "recorded_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from ..selectors import visits_visible_to

            self.fields["inspection"].queryset = visits_visible_to(request.user)

    def validate(self, data):
        if self.instance is not None:
            if "version" not in data:
                raise serializers.ValidationError(
                    {"version": [_("Send the version you read, so that nothing is overwritten.")]}
                )
            if "visit" in data and data["visit"] != self.instance.visit:
                raise serializers.ValidationError({"inspection": [_("A finding cannot move to another visit.")]})
        return data


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class DirectiveTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = RemediationTask
        fields = ["id", "unit", "status"]


class DirectiveSerializer(serializers.ModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(source="visit", queryset=InspectionVisit.objects.none())
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=ReformArea.objects.all(), required=False, allow_null=True
    )
    units = serializers.PrimaryKeyRelatedField(many=True, queryset=Unit.objects.none())
    findings = serializers.PrimaryKeyRelatedField(many=True, queryset=Finding.objects.none(), required=False)
    tasks = serializers.SerializerMethodField()
    is_locked = serializers.BooleanField(read_only=True)
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
            "version",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from units.selectors import units_visible_to

            from ..selectors import findings_visible_to, visits_visible_to

            self.fields["inspection"].queryset = visits_visible_to(request.user)
            self.fields["units"].child_relation.queryset = units_visible_to(request.user)
            self.fields["findings"].child_relation.queryset = findings_visible_to(request.user)

    def validate(self, data):
        if self.instance is not None and "version" not in data:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that nothing is overwritten.")]}
            )
        return data

    def get_tasks(self, directive) -> list[dict]:
        """Only the tasks the caller may see (a unit sees its own, not the other units')."""
        request = self.context.get("request")
        tasks = list(directive.tasks.all())
        if request is not None and request.user.is_unit_user:
            from ..selectors import tasks_visible_to

            # One query per request, not per directive.
            if not hasattr(request, "_cchc_visible_task_ids"):
                request._cchc_visible_task_ids = set(tasks_visible_to(request.user).values_list("pk", flat=True))
            tasks = [task for task in tasks if task.pk in request._cchc_visible_task_ids]
        return DirectiveTaskSerializer(tasks, many=True).data


class ExtendSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False, min_value=1)


class TaskSerializer(serializers.ModelSerializer):
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


class TaskEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The download for a signed-in browser.")
    api_url = serializers.SerializerMethodField(help_text="The download for API clients (token).")

    class Meta:
        model = TaskEvidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url", "api_url"]

    def get_url(self, evidence) -> str:
        return reverse("inspections:task_evidence_download", args=[evidence.pk])

    def get_api_url(self, evidence) -> str:
        return reverse("task-evidence-file", args=[evidence.event.task_id, evidence.pk])


class TaskEventSerializer(serializers.ModelSerializer):
    evidence = TaskEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = TaskEvent
        fields = ["id", "kind", "note", "effective_on", "actor", "at", "evidence"]


class TaskReportSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)
    version = serializers.IntegerField(required=False, min_value=1)


class TaskVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class TaskReturnSerializer(TaskVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class DelegateSerializer(serializers.Serializer):
    delegate = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), allow_null=True)

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            from units.selectors import unit_lineage_ids

            # Only the task unit's own people can be chosen; others are "not found" alike.
            self.fields["delegate"].queryset = User.objects.filter(
                is_active=True, unit_id__in=unit_lineage_ids(task.unit)
            )


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "message", "url", "task", "created_at", "read_at"]
        read_only_fields = fields
