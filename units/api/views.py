from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import JSONParser

from .. import importing, services
from ..filters import UnitFilter
from ..selectors import unit_history, units_visible_to
from . import serializers as s


class IsAdministratorForWrites(permissions.BasePermission):
    """Anyone signed in reads what their scope allows; only administrators change the registry.

    On a single unit the check waits until the unit is found, so a unit outside
    the caller's scope is a 404 before it can be a 403.
    """

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or view.detail:
            return True
        return request.user.is_administrator

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or request.user.is_administrator


class UnitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The organisation registry. Reads are scoped to the caller; changes are for administrators."""

    serializer_class = s.UnitSerializer
    permission_classes = [permissions.IsAuthenticated, IsAdministratorForWrites]
    filterset_class = UnitFilter
    ordering_fields = ["name", "code", "path"]
    ordering = ["path"]

    def get_queryset(self):
        return units_visible_to(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.unit_create(
            actor=self.request.user,
            name=data["name"],
            code=data["code"],
            kind=data["kind"],
            parent=data.get("parent"),
            short_name=data.get("short_name", ""),
            place_name=data.get("place_name", ""),
            valid_from=data.get("valid_from"),
        )

    def _reorganise(self, request, serializer_class, run):
        unit = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        reorganisation = run(unit, dict(serializer.validated_data))
        return Response(s.ReorganisationSerializer(reorganisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RenameSerializer, responses={201: s.ReorganisationSerializer})
    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        return self._reorganise(
            request, s.RenameSerializer, lambda unit, data: services.unit_rename(actor=request.user, unit=unit, **data)
        )

    @extend_schema(request=s.MoveSerializer, responses={201: s.ReorganisationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        def run(unit, data):
            data["new_parent"] = data.pop("parent")
            return services.unit_move(actor=request.user, unit=unit, **data)

        return self._reorganise(request, s.MoveSerializer, run)

    @extend_schema(request=s.SplitSerializer, responses={201: s.ReorganisationSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        return self._reorganise(
            request, s.SplitSerializer, lambda unit, data: services.unit_split(actor=request.user, unit=unit, **data)
        )

    @extend_schema(request=s.ReorganisationInputSerializer, responses={201: s.ReorganisationSerializer})
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        return self._reorganise(
            request,
            s.ReorganisationInputSerializer,
            lambda unit, data: services.unit_dissolve(actor=request.user, unit=unit, **data),
        )

    @extend_schema(request=s.MergeSerializer, responses={201: s.ReorganisationSerializer})
    @action(detail=False, methods=["post"])
    def merge(self, request):
        serializer = s.MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reorganisation = services.units_merge(actor=request.user, **serializer.validated_data)
        return Response(s.ReorganisationSerializer(reorganisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.UnitHistorySerializer)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        return Response(s.UnitHistorySerializer(unit_history(self.get_object())).data)

    @extend_schema(request={"multipart/form-data": s.ImportSerializer}, responses=s.ImportResultSerializer)
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser, JSONParser])
    def import_units(self, request):
        """Check (dry_run=true, the default) or import a CSV/XLSX unit list; all rows or none."""
        serializer = s.ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            rows = importing.read_unit_rows(serializer.validated_data["file"])
        except ValidationError as error:
            return Response({"file": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        dry_run = serializer.validated_data["dry_run"]
        report = importing.import_units(actor=request.user, rows=rows, dry_run=dry_run)
        result = {
            "valid": report.is_valid,
            "dry_run": dry_run,
            "rows": len(report.rows),
            "created": [unit.pk for unit in report.created],
            "errors": [vars(error) for error in report.errors],
        }
        code = status.HTTP_200_OK if report.is_valid else status.HTTP_400_BAD_REQUEST
        return Response(s.ImportResultSerializer(result).data, status=code)


class MeView(APIView):
    """The signed-in user, with role and home unit."""

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)
