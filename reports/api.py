"""API of monthly scheduling: periods and reports, with the workflow as actions."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api import ScopedPrimaryKeyRelatedField, ScopedReadOnlyViewSet
from projects.models import Project
from reports import services
from reports.filtersets import PeriodFilterSet, ReportFilterSet
from reports.forms import MonthlyReportForm
from reports.models import MonthlyReport, ReportingPeriod


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "year", "month", "deadline", "status", "locked_at"]


class ReportSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "period",
            "completed",
            "progress_percent",
            "progress_text",
            "workers",
            "narrative",
            "over_total_explanation",
            "status",
            "revision",
            "late",
            "submitted_at",
            "return_reason",
            "correction_reason",
            "approved_completed",
        ]
        read_only_fields = [
            "status",
            "revision",
            "late",
            "submitted_at",
            "return_reason",
            "correction_reason",
            "approved_completed",
        ]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PeriodViewSet(ScopedReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilterSet


def _run(service):
    """Service errors become 400 (validation) or 403 (permission)."""
    try:
        return service()
    except PermissionDenied as error:
        raise ApiPermissionDenied from error
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise serializers.ValidationError(detail) from error


class ReportViewSet(viewsets.ModelViewSet):
    """Create and edit drafts through the same form as the page; submit, approve, return."""

    queryset = MonthlyReport.objects.select_related("project", "period")
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def _save(self, report, data):
        form = MonthlyReportForm(data=data, instance=report)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        _run(lambda: services.save_report(form.instance, actor=self.request.user))
        return Response(ReportSerializer(form.instance, context=self.get_serializer_context()).data)

    def _with_changes(self, report):
        """The report's fields with the request's on top: the form always sees a whole report."""
        data = self.request.data
        if not isinstance(data, Mapping):  # a JSON list or number is a 400, as DRF words it
            message = serializers.Serializer.default_error_messages["invalid"]
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [message.format(datatype=type(data).__name__)]}
            )
        return {**report_fields(report), **data}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project, period = serializer.validated_data["project"], serializer.validated_data["period"]
        report = _run(lambda: services.start_report(project, period, actor=request.user))
        response = self._save(report, self._with_changes(report))
        response.status_code = status.HTTP_201_CREATED
        return response

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        return self._save(report, self._with_changes(report))

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _act(self, service):
        report = _run(service)
        return Response(ReportSerializer(report, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        return self._act(lambda: services.submit_report(report, actor=request.user))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = self.get_object()
        return self._act(lambda: services.approve_report(report, actor=request.user))

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer, url_path="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._act(
            lambda: services.return_report(
                report, reason=reason.validated_data["reason"], actor=request.user
            )
        )


def report_fields(report):
    """The report's current figures as form data, so a PATCH may send only what changes."""
    return {name: getattr(report, name) for name in MonthlyReportForm.Meta.fields}
