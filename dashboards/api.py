"""GET /api/v1/dashboard/: the dashboard's headline figures as JSON, for the user's scope."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards.filtersets import DashboardFilterSet
from dashboards.rollups import headline_from_rollups
from projects.choices import Category, ListLevel, Status
from promotion import figures as promotion_figures

MONEY = 'Decimal 万元 as a string, e.g. "12345.6789".'
PERCENT = "Percent, rounded to 2 places; null when the base is zero."


class WarningsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()


class ContractsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Contracts signed in the period.")
    value = serializers.CharField(help_text="Their contracted investment. " + MONEY)


class FunnelStepSerializer(serializers.Serializer):
    stage = serializers.CharField(
        help_text="lead, assessment, negotiation, signed, registered, started."
    )
    count = serializers.IntegerField(
        help_text="Leads received in the period that reached this stage or a later one by its end."
    )


class PromotionSerializer(serializers.Serializer):
    """Investment promotion from January 1 of Y to the end of M, in the region, scoped."""

    to_date = serializers.DateField(help_text="Last day of month M.")
    activities = serializers.IntegerField(help_text="Activities held.")
    leads = serializers.IntegerField(help_text="Leads received.")
    contracts = ContractsSerializer()
    landing_rate = serializers.FloatField(
        allow_null=True, help_text="Signed, then registered or started by the end. " + PERCENT
    )
    start_rate = serializers.FloatField(
        allow_null=True, help_text="Signed, project started by the end. " + PERCENT
    )
    funds_arrived = serializers.CharField(
        help_text="Funds arrived by the end under those contracts. " + MONEY
    )
    funds_arrival_rate = serializers.FloatField(
        allow_null=True, help_text="Funds arrived ÷ contracted investment. " + PERCENT
    )
    median_days_to_start = serializers.FloatField(
        allow_null=True, help_text="Exact median, over the contracts whose project started."
    )
    funnel = FunnelStepSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="January 1 of year Y.")
        fields["to"] = fields.pop("to_date")
        return fields


class HeadlineSerializer(serializers.Serializer):
    """The shape of the answer (documentation only: ``queries.headline_of`` builds it)."""

    year = serializers.IntegerField()
    month = serializers.IntegerField()
    annual_plan = serializers.CharField(help_text="Annual plan of year Y. " + MONEY)
    ytd_completed = serializers.CharField(help_text="Approved, months 1..M. " + MONEY)
    pending = serializers.CharField(help_text="Submitted, not yet approved. " + MONEY)
    completion_rate = serializers.FloatField(allow_null=True, help_text=PERCENT)
    time_progress = serializers.FloatField(help_text="M ÷ 12 × 100.")
    ahead_points = serializers.FloatField(
        allow_null=True, help_text="Completion rate − time progress, in points."
    )
    double_over_half = serializers.BooleanField(
        allow_null=True, help_text="From June on: half the plan done by June; null before."
    )
    projects = serializers.IntegerField(help_text="Projects in the set.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Projects by status at the end of M: " + ", ".join(Status.values) + ".",
    )
    by_band = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Projects whose total investment is at least 5000, 10000, 100000 万元.",
    )
    start_rate = serializers.FloatField(allow_null=True, help_text=PERCENT)
    start_resume_rate = serializers.FloatField(allow_null=True, help_text=PERCENT)
    yoy_growth = serializers.FloatField(allow_null=True, help_text=PERCENT)
    warnings = WarningsSerializer(help_text="Projects of each colour at month M.")
    forecast = serializers.CharField(help_text="Year-end forecast of the set. " + MONEY)
    promotion = PromotionSerializer(
        help_text="Investment promotion, year Y to month M, in the region filter (other filters "
        "choose projects and do not apply)."
    )


PARAMETERS = [
    OpenApiParameter(
        "year", OpenApiTypes.INT, description="Year Y (default: the latest reporting period's)."
    ),
    OpenApiParameter(
        "month",
        OpenApiTypes.INT,
        description="Month M, 1–12 (default: the latest reporting period's month of Y).",
    ),
    OpenApiParameter(
        "region", OpenApiTypes.STR, description="GB/T 2260 code: the region and all below it."
    ),
    OpenApiParameter("list", OpenApiTypes.INT, description="Id of a key-project list of year Y."),
    OpenApiParameter("level", OpenApiTypes.STR, enum=ListLevel.values, description="List level."),
    OpenApiParameter("category", OpenApiTypes.STR, enum=Category.values),
    OpenApiParameter("chain", OpenApiTypes.INT, description="Id of an industrial chain."),
    OpenApiParameter("leader", OpenApiTypes.INT, description="Id of the leader (a person)."),
]


class DashboardView(APIView):
    """The dashboard's headline figures over the projects the user may see."""

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=PARAMETERS,
        responses={
            200: OpenApiResponse(
                HeadlineSerializer,
                description=(
                    "The figures for year Y as of the end of month M, over the projects in the "
                    "user's scope on a list of year Y (narrowed by the filters). Money is Decimal "
                    "万元 as strings; rates are percent numbers."
                ),
            ),
            400: OpenApiResponse(description="A filter value is not valid: errors by parameter."),
        },
    )
    def get(self, request):
        data = request.query_params.copy()
        if "list" in data:
            data.setlist("project_list", data.pop("list"))
        filterset = DashboardFilterSet(data, request=request)
        if not filterset.is_valid():
            errors = dict(filterset.errors)
            if "project_list" in errors:
                errors["list"] = errors.pop("project_list")
            raise serializers.ValidationError(errors)
        project_list = filterset.form.cleaned_data.get("project_list")
        data = headline_from_rollups(filterset.qs, *filterset.as_of, project_list=project_list)
        data["promotion"] = promotion_figures.headline(promotion_figures.for_dashboard(filterset))
        return Response(data)
