from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api import ScopedPrimaryKeyRelatedField, VersionField
from core.serializers import ModelSerializer
from inspections.models import InspectionPlan, InspectionVisit
from inspections.selectors import plans_visible_to, visits_visible_to
from units.models import Unit
from units.selectors import units_visible_to

from ..models import PROVINCE_REPORTS, Document, PdfStatus


class DocumentSerializer(ModelSerializer):
    number = serializers.CharField(
        source="number_text", read_only=True, help_text="e.g. 123/SKHCN-TTr; empty while draft"
    )
    pdf_url = serializers.SerializerMethodField()
    plan = ScopedPrimaryKeyRelatedField(
        queryset=InspectionPlan.objects.all(), scope=plans_visible_to, required=False, allow_null=True,
        help_text="The plan a document belongs to; for a province report, optionally the one plan it covers.",
    )  # fmt: skip
    subject_unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(), scope=units_visible_to, required=False, allow_null=True,
        help_text="A province report's unit: the unit of a unit_history, or the subtree a report covers.",
    )  # fmt: skip
    report_year = serializers.IntegerField(
        write_only=True, required=False, min_value=2000, max_value=2100,
        help_text="The year an annual_report or remediation_report covers (on creation).",
    )  # fmt: skip
    visit = ScopedPrimaryKeyRelatedField(
        queryset=InspectionVisit.objects.all(), scope=visits_visible_to, required=False, allow_null=True
    )
    version = VersionField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "status",
            "number",
            "issued_on",
            "pdf_status",
            "pdf_url",
            "pdf_error",
            "plan",
            "visit",
            "subject_unit",
            "report_year",
            "issuer",
            "subject",
            "recipients",
            "body",
            "copies_to",
            "authority",
            "authority_title",
            "signer_title",
            "signer_name",
            "second_signature_title",
            "second_signer_name",
            "drafter_code",
            "register_note",
            "withdrawn_on",
            "withdrawal_reason",
            "replaces",
            "version",
        ]
        read_only_fields = [
            "status", "issued_on", "pdf_status", "pdf_error", "issuer", "withdrawn_on", "withdrawal_reason", "replaces",
        ]  # fmt: skip
        # Generated from the data on creation; edited afterwards.
        extra_kwargs = {"subject": {"required": False}, "body": {"required": False}}

    def get_pdf_url(self, document) -> str | None:
        if document.pdf_status != PdfStatus.DONE:
            return None
        return reverse("document-pdf", args=[document.pk])

    def validate(self, data):
        if self.instance is not None:
            for field in ("kind", "plan", "visit", "subject_unit"):
                if field in data and data[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [_("Draw up a new document instead.")]})
            return data
        if data.get("kind") not in PROVINCE_REPORTS and not data.get("plan"):
            raise serializers.ValidationError({"plan": [_("Choose the plan this document belongs to.")]})
        return data


class IssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(required=False, allow_null=True)
    version = VersionField()
    confirm = serializers.BooleanField(
        default=False, help_text="Issue despite the warnings of `issue-check` (otherwise they come back as errors)."
    )


class IssueCheckQuerySerializer(serializers.Serializer):
    issued_on = serializers.DateField(required=False, help_text="The date of issue to check; today when absent.")


class IssueCheckSerializer(serializers.Serializer):
    """What issuing would do: the number, and what refuses the date or needs `confirm`."""

    issued_on = serializers.DateField()
    number = serializers.CharField(source="number_text")
    can_issue = serializers.BooleanField()
    refusals = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the document is withdrawn (printed on its PDF).")
    replace = serializers.BooleanField(
        default=False, help_text="Also draw up a corrected replacement: the answer is then that new draft."
    )
    version = VersionField(required=False)


class DocumentSummarySerializer(DocumentSerializer):
    """A row of the documents list: what identifies the document and its PDF; the text is on the detail."""

    class Meta(DocumentSerializer.Meta):
        fields = [
            "id",
            "kind",
            "status",
            "number",
            "issued_on",
            "pdf_status",
            "pdf_url",
            "plan",
            "visit",
            "issuer",
            "subject",
            "version",
        ]
        read_only_fields = fields


# The columns a list row reads (the body, table and lists stay in the database).
SUMMARY_FIELDS = [
    "id",
    "kind",
    "status",
    "number_text",
    "issued_on",
    "pdf_status",
    "plan",
    "visit",
    "issuer",
    "subject",
    "version",
    "created_at",
]
