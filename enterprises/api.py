"""API of the enterprise side: the same scoping, filters and forms as the pages."""

import copy

from rest_framework import permissions, serializers, viewsets

from accounts.choices import Role
from accounts.models import User
from core.api import (
    CodeRelatedField,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ScopedSlugRelatedField,
    ScopedViewSetMixin,
)
from core.changelog import acting_as
from core.models import Industry, Region
from enterprises.filtersets import (
    EnterpriseFilterSet,
    EnterpriseYearFilterSet,
    PolicyBenefitFilterSet,
    VisitFilterSet,
)
from enterprises.forms import EnterpriseForm, EnterpriseYearForm, assignable_commissioners
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Request, Visit
from enterprises.permissions import keeps_registry
from projects.api import ModelCleanMixin
from promotion.api import FormRulesMixin
from promotion.models import Chain


class KeeperOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or keeps_registry(request.user)


def _form_errors(form):
    return {
        "non_field_errors" if name == "__all__" else name: [e["message"] for e in errors]
        for name, errors in form.errors.get_json_data().items()
    }


class EnterpriseSerializer(FormRulesMixin, serializers.ModelSerializer):
    form_class = EnterpriseForm
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    industry = CodeRelatedField(
        slug_field="code",
        queryset=Industry.objects.filter(level="division"),
        required=False,
        allow_null=True,
    )
    chain = ScopedPrimaryKeyRelatedField(
        queryset=Chain.objects.all(), required=False, allow_null=True
    )
    commissioner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.COMMISSIONER),
        required=False,
        allow_null=True,
        help_text="A commissioner of the enterprise's region or of a region above it.",
    )

    class Meta:
        model = Enterprise
        fields = ["id", *EnterpriseForm.Meta.fields, "commissioner"]
        # The form checks the code and its uniqueness, with the page's messages.
        extra_kwargs = {"credit_code": {"validators": []}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        commissioner = attrs.get("commissioner")
        if commissioner is not None:
            region = attrs.get("region") or getattr(self.instance, "region", None)
            allowed = assignable_commissioners(self.context["request"].user, region)
            if not allowed.filter(pk=commissioner.pk).exists():
                raise serializers.ValidationError(
                    {"commissioner": "Not a commissioner who may serve this enterprise."}
                )
        return attrs


class EnterpriseYearSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = EnterpriseYear
        fields = ["id", "enterprise", *EnterpriseYearForm.Meta.fields]
        validators = []  # the form refuses a second row for the same year, in its own words

    def validate(self, attrs):
        """The page's form decides: a future year, a negative head count, a year twice."""
        attrs = super().validate(attrs)
        enterprise = attrs.get("enterprise") or self.instance.enterprise
        data = {}
        for name in EnterpriseYearForm.Meta.fields:
            value = attrs[name] if name in attrs else getattr(self.instance, name, None)
            data[name] = "" if value is None else value
        instance = copy.copy(self.instance) if self.instance is not None else None
        form = EnterpriseYearForm(data=data, instance=instance, enterprise=enterprise)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        return attrs


class RequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Request
        fields = ["id", "description", "problem"]


class VisitSerializer(serializers.ModelSerializer):
    requests = RequestSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "enterprise", "commissioner", "visited_on", "content", "requests"]


class PolicyBenefitSerializer(ModelCleanMixin, serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = PolicyBenefit
        fields = ["id", "enterprise", "kind", "granted_on", "amount", "bank"]


class KeptViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Registry keepers write, attributed to them in the change log; everyone in scope reads."""

    permission_classes = [permissions.IsAuthenticated, KeeperOrReadOnly]

    def perform_create(self, serializer):
        with acting_as(self.request.user):
            serializer.save()

    def perform_update(self, serializer):
        with acting_as(self.request.user):
            serializer.save()

    def perform_destroy(self, instance):
        with acting_as(self.request.user):
            instance.delete()


class EnterpriseViewSet(KeptViewSet):
    """Enterprises in scope (a commissioner: their own); keepers register and edit them."""

    queryset = Enterprise.objects.select_related("region", "industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    # An enterprise stays: its problems, visits and benefits refer to it.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class EnterpriseYearViewSet(KeptViewSet):
    queryset = EnterpriseYear.objects.select_related("enterprise")
    serializer_class = EnterpriseYearSerializer
    filterset_class = EnterpriseYearFilterSet


class VisitViewSet(ScopedReadOnlyViewSet):
    """Visits with their requests; logged on the pages through the service."""

    queryset = Visit.objects.prefetch_related("requests")
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet


class PolicyBenefitViewSet(KeptViewSet):
    queryset = PolicyBenefit.objects.all()
    serializer_class = PolicyBenefitSerializer
    filterset_class = PolicyBenefitFilterSet
