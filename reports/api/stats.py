"""API v1 `stats/`: the dashboard's figures as JSON, the same numbers as the page (API.md, "Figures")."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..figures import cached_figures
from ..forms import FiguresForm
from ..tasks import recount_later


class VisitCountsSerializer(serializers.Serializer):
    planned = serializers.IntegerField()
    concluded = serializers.IntegerField()


class AreaFiguresSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="Reform-area code, e.g. PROCEDURES.")
    name = serializers.CharField()
    strengths = serializers.IntegerField()
    shortcomings = serializers.IntegerField()
    repeated = serializers.IntegerField(help_text="Shortcomings marked as repeating one of an earlier year.")


class TaskCountsSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    accepted = serializers.IntegerField()
    overdue = serializers.IntegerField()
    tasks = serializers.IntegerField(help_text="All tasks.")
    on_time = serializers.IntegerField(help_text="Accepted by their deadline.")
    on_time_share = serializers.IntegerField(
        allow_null=True, help_text="Percent of the tasks accepted or past their deadline that were accepted on time."
    )


class DepartmentFiguresSerializer(TaskCountsSerializer):
    unit = serializers.IntegerField(help_text="The unit one level below the focus (a department of the province).")
    name = serializers.CharField()
    visits = serializers.IntegerField()
    concluded = serializers.IntegerField()
    strengths = serializers.IntegerField()
    shortcomings = serializers.IntegerField()
    repeated = serializers.IntegerField()
    shortcomings_by_area = serializers.DictField(child=serializers.IntegerField(), help_text="Area code → count.")


class TrendSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    visits = serializers.IntegerField()
    concluded = serializers.IntegerField()
    shortcomings = serializers.IntegerField()
    tasks = serializers.IntegerField()
    accepted = serializers.IntegerField()
    overdue = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_share = serializers.IntegerField(allow_null=True)


class FrequentSerializer(serializers.Serializer):
    text = serializers.CharField()
    area = serializers.CharField()
    count = serializers.IntegerField(help_text="Visits' shortcomings written this way (diacritics and case aside).")
    units = serializers.IntegerField()


class RepeatedSerializer(serializers.Serializer):
    finding = serializers.IntegerField()
    text = serializers.CharField()
    area = serializers.CharField()
    unit_name = serializers.CharField()
    year = serializers.IntegerField()
    first_year = serializers.IntegerField(help_text="The year of the shortcoming it repeats.")


class StatsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    plan = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    focus = serializers.IntegerField(
        allow_null=True, help_text="The unit whose subunits are the rows (null: the province)."
    )
    as_of = serializers.DateTimeField(help_text="When these figures were counted.")
    visits = VisitCountsSerializer()
    visits_by_kind = serializers.DictField(
        child=VisitCountsSerializer(),
        help_text="The same counts by kind of plan: province (the province's inspections), self (self-inspections).",
    )
    by_area = AreaFiguresSerializer(many=True)
    by_department = DepartmentFiguresSerializer(many=True)
    tasks = TaskCountsSerializer()
    trends = TrendSerializer(many=True)
    frequent_shortcomings = FrequentSerializer(many=True)
    repeated_shortcomings = RepeatedSerializer(many=True)


PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="The year of the visits (default: this year)."),
    OpenApiParameter("plan", OpenApiTypes.INT, description="One plan's visits."),
    OpenApiParameter("unit", OpenApiTypes.INT, description="A unit's subtree and the units merged into it."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Visits on or after this date."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Visits on or before this date."),
    OpenApiParameter(
        "fresh", OpenApiTypes.BOOL, description="Count now rather than reuse figures of the last minutes."
    ),
]


class StatsView(APIView):
    """The dashboard's figures, scoped to what the caller may see."""

    @extend_schema(parameters=PARAMETERS, responses=StatsSerializer)
    def get(self, request):
        form = FiguresForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        fresh = request.query_params.get("fresh") in ("1", "true")
        figures = cached_figures(request.user, form.selection(), fresh=fresh, on_stale=recount_later)
        return Response(StatsSerializer(figures).data)
