"""API v1 `documents/`: draft, edit (version), issue, render, download the PDF."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api import PDFRenderer
from units.api.permissions import UnitPeopleReadOnly

from .. import services
from ..figures import Selection
from ..filters import DocumentFilter
from ..issuing import check_issue
from ..models import PROVINCE_REPORTS, PdfStatus
from ..rendering import pdf_response
from ..selectors import can_draft, can_issue, documents_visible_to
from .serializers import (
    SUMMARY_FIELDS,
    DocumentSerializer,
    DocumentSummarySerializer,
    IssueCheckQuerySerializer,
    IssueCheckSerializer,
    IssueSerializer,
    WithdrawSerializer,
)


class DocumentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Official documents. A draft is generated from the data (POST with kind, plan, visit), edited
    with its `version`, issued (numbered and frozen) and rendered to PDF by a background worker."""

    permission_classes = [permissions.IsAuthenticated, UnitPeopleReadOnly]
    unit_actions = ("render",)  # a unit asks for the PDF of a document addressed to it
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    # `?search=` is the FilterSet's, without diacritics (DRF's SearchFilter would add an accented icontains).
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        documents = documents_visible_to(self.request.user)
        if self.action == "list":
            return documents.only(*SUMMARY_FIELDS)
        return documents.select_related("issuer")

    def get_serializer_class(self):
        return DocumentSummarySerializer if self.action == "list" else DocumentSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        if data["kind"] in PROVINCE_REPORTS:
            selection = Selection(year=data.get("report_year"), plan=data.get("plan"), unit=data.get("subject_unit"))
            serializer.instance = services.report_create(
                actor=self.request.user, kind=data["kind"], selection=selection
            )
            return
        if not can_draft(self.request.user, data["plan"]):
            raise PermissionDenied
        serializer.instance = services.document_create(
            actor=self.request.user,
            kind=data["kind"],
            plan=data["plan"],
            visit=data.get("visit"),
            drafter_code=data.get("drafter_code", ""),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        for field in ("kind", "plan", "visit", "subject_unit", "report_year"):
            data.pop(field, None)
        serializer.instance = services.document_update(
            actor=self.request.user, document=serializer.instance, expected_version=version, **data
        )

    @extend_schema(request=IssueSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Assign the next number of the issuer's series for the year and freeze the content."""
        document = self.get_object()
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_issue(
            actor=request.user,
            document=document,
            issued_on=serializer.validated_data.get("issued_on"),
            expected_version=serializer.validated_data.get("version"),
            confirmed=serializer.validated_data["confirm"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(parameters=[IssueCheckQuerySerializer], responses=IssueCheckSerializer)
    @action(detail=True, methods=["get"], url_path="issue-check")
    def issue_check(self, request, pk=None):
        """Before issuing: the number it would take on `issued_on` (today when absent), refusals and warnings."""
        document = self.get_object()
        if not can_issue(request.user, document):
            raise PermissionDenied(
                _("Only the issuing unit's clerk, the team leader or Home Affairs staff issue documents.")
            )
        if not document.is_draft:
            raise ValidationError(
                {"status": [_("The document has been issued and is frozen; a correction is a new document.")]}
            )
        query = IssueCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(IssueCheckSerializer(check_issue(document, query.validated_data.get("issued_on"))).data)

    @extend_schema(request=WithdrawSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Thu hồi with a `reason`: `status` becomes `withdrawn`, the number is never given again."""
        document = self.get_object()
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdraw = services.document_replace if serializer.validated_data["replace"] else services.document_withdraw
        result = withdraw(
            actor=request.user,
            document=document,
            reason=serializer.validated_data["reason"],
            expected_version=serializer.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(request=None, responses={202: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def render(self, request, pk=None):
        """Queue the PDF; `pdf_status` moves to `done` with a `pdf_url`, or to `failed` with a message."""
        document = services.document_request_render(actor=request.user, document=self.get_object())
        return Response(
            self.get_serializer(self.get_queryset().get(pk=document.pk)).data, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), 404: None})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request, pk=None):
        document = self.get_object()
        if document.pdf_status != PdfStatus.DONE or not document.pdf_file:
            raise Http404
        return pdf_response(document)
