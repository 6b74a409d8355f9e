from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api import (
    PrefetchedListSerializer,
    PrefetchedSlugRelatedField,
    ScopedPrimaryKeyRelatedField,
    SmallTableSlugField,
    VersionField,
)
from core.serializers import ModelSerializer
from units.models import Unit
from units.selectors import units_visible_to

from ..models import (
    Finding,
    FindingEvidence,
    FindingKind,
    Indicator,
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    ReformArea,
    TeamMember,
    VisitAttendee,
)
from ..selectors import plans_visible_to, visits_visible_to


class ReformAreaSerializer(ModelSerializer):
    class Meta:
        model = ReformArea
        fields = ["id", "code", "name", "position", "is_active"]


class TeamMemberSerializer(ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "user", "full_name", "title", "agency", "role"]


class TeamSerializer(ModelSerializer):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionTeam
        fields = ["id", "name", "members"]


class PlanSerializer(ModelSerializer):
    areas = PrefetchedSlugRelatedField(slug_field="code", many=True, queryset=ReformArea.objects.all(), required=False)
    teams = TeamSerializer(many=True, read_only=True)
    issuer = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), scope=units_visible_to)

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


class PlanSummarySerializer(PlanSerializer):
    """A row of the plans list; the teams and the texts are on the detail."""

    class Meta(PlanSerializer.Meta):
        fields = ["id", "title", "year", "issuer", "number", "issued_on", "status", "kind", "areas", "copied_from"]


class PlanCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttendeeSerializer(ModelSerializer):
    class Meta:
        model = VisitAttendee
        fields = ["full_name", "title"]


class InspectionSerializer(ModelSerializer):
    """An inspection visit: one unit, one date, one team."""

    plan = ScopedPrimaryKeyRelatedField(queryset=InspectionPlan.objects.all(), scope=plans_visible_to)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), scope=units_visible_to)
    team = ScopedPrimaryKeyRelatedField(
        queryset=InspectionTeam.objects.all(),
        scope=lambda user: InspectionTeam.objects.filter(plan__in=plans_visible_to(user).values("pk")),
        required=False,
    )
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

    def get_unit_name(self, visit) -> str:
        return getattr(visit, "unit_label", None) or visit.unit_name()


class InspectionSummarySerializer(InspectionSerializer):
    """A row of the visits list; the unit's side and its summary are on the detail."""

    class Meta(InspectionSerializer.Meta):
        fields = [
            "id",
            "plan",
            "unit",
            "unit_name",
            "team",
            "scheduled_on",
            "place",
            "status",
            "concluded_at",
            "version",
        ]


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class IndicatorSerializer(ModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = Indicator
        fields = ["name", "value", "unit"]
        list_serializer_class = PrefetchedListSerializer


class EvidenceSerializer(ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The download for a signed-in browser.")
    api_url = serializers.SerializerMethodField(help_text="The download for API clients (token).")

    class Meta:
        model = FindingEvidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url", "api_url"]
        list_serializer_class = PrefetchedListSerializer

    def get_url(self, evidence) -> str:
        return reverse("inspections:evidence_download", args=[evidence.pk])

    def get_api_url(self, evidence) -> str:
        return reverse("finding-evidence-file", args=[evidence.finding_id, evidence.pk])


class FindingSerializer(ModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(
        source="visit", queryset=InspectionVisit.objects.all(), scope=visits_visible_to
    )
    area = SmallTableSlugField(slug_field="code", queryset=ReformArea.objects.all())
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

    def validate(self, data):
        if self.instance is not None and "visit" in data and data["visit"] != self.instance.visit:
            raise serializers.ValidationError({"inspection": [_("A finding cannot move to another visit.")]})
        return data


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
