"""API of the project library: the same scoping, filters and validation as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers

from core.api import (
    CodeRelatedField,
    ScopedModelViewSet,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
    delete_as,
)
from core.changelog import acting_as
from core.models import Industry, Region
from projects.filtersets import PersonFilterSet, ProjectFilterSet, ProjectListFilterSet
from projects.models import Membership, Milestone, Person, Project, ProjectList
from projects.permissions import can_edit_projects


class EditorOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_edit_projects(request.user)


class ModelCleanMixin:
    """Run the model's clean() so the API refuses what the form refuses."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        for name, value in attrs.items():
            if not isinstance(getattr(type(instance), name, None), property):
                try:
                    setattr(instance, name, value)
                except TypeError:  # many-to-many fields are set after saving
                    continue
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class ProjectSerializer(ModelCleanMixin, serializers.ModelSerializer):
    region = ScopedSlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level="county")
    )
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True
    )
    industry = CodeRelatedField(
        slug_field="code", queryset=Industry.objects.filter(level="division")
    )

    class Meta:
        model = Project
        exclude = ["working_group", "unit_members"]
        read_only_fields = [
            "status",
            "stalled",
            "stalled_since",
            "stall_reason",
            "actual_start",
            "actual_completion",
            "created_at",
            "updated_at",
        ]

    def validate_code(self, code):
        # No code is NULL, as the form stores it: a blank skips DRF's unique check, and a second
        # blank code would reach the database's unique constraint as a 500.
        return code or None


class ProjectListSerializer(serializers.ModelSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = ProjectList
        fields = ["id", "name", "level", "year", "batch", "region"]


class MembershipSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    project_list = ScopedPrimaryKeyRelatedField(queryset=ProjectList.objects.all())

    class Meta:
        model = Membership
        fields = ["id", "project_list", "project", "annual_plan", "plan"]


class MilestoneSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "name",
            "oc4ids_type",
            "oc4ids_code",
            "due_date",
            "responsible_unit",
            "done_date",
        ]


class PersonSerializer(serializers.ModelSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Person
        fields = ["id", "name", "title", "organisation", "phone", "region", "user"]


class AuditedViewSet(ScopedModelViewSet):
    """Writes are attributed to the API user in the change log."""

    permission_classes = [permissions.IsAuthenticated, EditorOrReadOnly]

    def perform_create(self, serializer):
        with acting_as(self.request.user):
            serializer.save()

    def perform_update(self, serializer):
        with acting_as(self.request.user):
            serializer.save()

    def perform_destroy(self, instance):
        delete_as(self.request.user, instance)


class ProjectViewSet(AuditedViewSet):
    queryset = Project.objects.with_overdue_milestone().select_related("region", "industry")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet


class ProjectListViewSet(AuditedViewSet):
    queryset = ProjectList.objects.select_related("region")
    serializer_class = ProjectListSerializer
    filterset_class = ProjectListFilterSet


class MembershipViewSet(AuditedViewSet):
    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_fields = ["project_list", "project", "plan"]


class MilestoneViewSet(AuditedViewSet):
    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_fields = ["project"]


class PersonViewSet(AuditedViewSet):
    queryset = Person.objects.select_related("region")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
