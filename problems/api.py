"""API of problem solving: problems with their workflow as actions, departments, meetings."""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from accounts.models import User
from core.api import (
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ScopedSlugRelatedField,
    ScopedViewSetMixin,
)
from core.changelog import acting_as
from core.models import Region
from core.uploads import check_upload
from problems import services
from problems.choices import Level, Webhook
from problems.filtersets import (
    DepartmentFilterSet,
    MeetingFilterSet,
    ProblemFilterSet,
    with_counts,
)
from problems.forms import webhook_errors
from problems.models import AgendaItem, Department, Meeting, Problem
from problems.permissions import is_office
from projects.models import Person, Project
from reports.models import MonthlyReport


def _run(service):
    """Service errors become 400 (validation) or 403 (permission)."""
    try:
        return service()
    except PermissionDenied as error:
        raise ApiPermissionDenied from error
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise serializers.ValidationError(detail) from error


class ReachableDepartmentField(serializers.PrimaryKeyRelatedField):
    """The departments a problem may be sent to: the user's region's and those above it."""

    def get_queryset(self):
        return super().get_queryset().reachable_by(self.context["request"].user)


class ProblemSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    department = ReachableDepartmentField(queryset=Department.objects.all())
    lead_leader = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    source_report = ScopedPrimaryKeyRelatedField(
        queryset=MonthlyReport.objects.all(), required=False, allow_null=True
    )
    deadline = serializers.DateField(
        required=False, allow_null=True, help_text="Empty: the category's default."
    )
    level = serializers.IntegerField(
        read_only=True,
        help_text="Escalation level: 1 department, 2 county coordination, "
        "3 municipal coordination meeting, 4 provincial.",
    )
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "project",
            "category",
            "description",
            "raised_by",
            "raised_on",
            "source_report",
            "department",
            "lead_leader",
            "deadline",
            "overdue",
            "status",
            "level",
            "resolution",
            "has_evidence",
            "resolved_on",
            "closed_on",
            "satisfaction",
        ]
        read_only_fields = ["raised_by", "raised_on"]

    def get_has_evidence(self, problem) -> bool:
        return bool(problem.evidence)

    def validate(self, attrs):
        report = attrs.get("source_report")
        if report is not None and report.project_id != attrs["project"].pk:
            raise serializers.ValidationError(
                {"source_report": "The monthly report is of another project."}
            )
        return attrs


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=4000)
    evidence = serializers.FileField(required=False)

    def validate_evidence(self, evidence):
        try:
            return check_upload(evidence, field="evidence")
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class EscalateSerializer(serializers.Serializer):
    to_level = serializers.ChoiceField(choices=Level.choices)


class CloseSerializer(serializers.Serializer):
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ProblemViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Problems the user may see; raised through the service, changed only by the actions."""

    queryset = Problem.objects.select_related("project", "department")
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = _run(
            lambda: services.raise_problem(project, actor=self.request.user, **data)
        )

    def _act(self, request, payload_class, service):
        problem = self.get_object()  # another department's problem is 404 before anything
        arguments = {}
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            arguments = payload.validated_data
        changed = _run(lambda: service(problem, actor=request.user, **arguments))
        return Response(self.get_serializer(changed).data)

    @extend_schema(request=None, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Take the problem in hand (the responsible department)."""
        return self._act(request, None, services.start_work)

    @extend_schema(request=ResolveSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve with a resolution text and, optionally, an evidence file (multipart)."""
        return self._act(request, ResolveSerializer, services.resolve_problem)

    @extend_schema(request=EscalateSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Up one level: department → county → municipal → provincial."""
        return self._act(request, EscalateSerializer, services.escalate_problem)

    @extend_schema(request=CloseSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The raiser verifies the resolution and rates it from 1 to 5."""
        return self._act(request, CloseSerializer, services.close_problem)

    @extend_schema(request=ReopenSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The raiser sends the resolution back to the department, with a reason."""
        return self._act(request, ReopenSerializer, services.reopen_problem)


class OfficeOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_office(request.user)


class DepartmentSerializer(serializers.ModelSerializer):
    """The signing secret may be written, never read back."""

    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    members = ScopedPrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(role=Role.DEPARTMENT), required=False
    )
    webhook_secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    has_webhook_secret = serializers.SerializerMethodField()
    open_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Department
        fields = [
            "id",
            "name",
            "region",
            "email",
            "webhook",
            "webhook_url",
            "webhook_secret",
            "has_webhook_secret",
            "members",
            "open_count",
            "overdue_count",
        ]

    def get_has_webhook_secret(self, department) -> bool:
        return bool(department.webhook_secret)

    def validate(self, attrs):
        kind = attrs.get("webhook", getattr(self.instance, "webhook", ""))
        url = attrs.get("webhook_url", getattr(self.instance, "webhook_url", ""))
        errors = dict(webhook_errors(kind, url))
        if errors:
            raise serializers.ValidationError(errors)
        if kind != Webhook.DINGTALK:
            attrs["webhook_secret"] = ""
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not is_office(request.user):
            data["webhook_url"] = ""  # the address carries the robot's access token
        return data


class DepartmentViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Departments in scope with their open and overdue counts; offices may change them."""

    queryset = Department.objects.select_related("region").prefetch_related("members")
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    permission_classes = [permissions.IsAuthenticated, OfficeOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return with_counts(super().get_queryset())

    def _save(self, serializer):
        with acting_as(self.request.user):
            department = serializer.save()
        # Counts are annotations: read the saved department back through the queryset.
        serializer.instance = self.get_queryset().get(pk=department.pk)

    perform_create = _save
    perform_update = _save


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "problem", "decision", "owner", "new_deadline"]


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "title", "held_on", "level", "region", "chair", "notes", "items"]


class MeetingViewSet(ScopedReadOnlyViewSet):
    queryset = Meeting.objects.select_related("region").prefetch_related("items")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
