"""API of investment promotion: the same scoping, filters and forms as the pages, and the
pipeline's workflow (stage, funds, conversion) as actions calling the services."""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from core.api import (
    CodeRelatedField,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
    ScopedViewSetMixin,
)
from core.changelog import acting_as
from core.models import Industry, Region
from projects.models import Person
from promotion import services
from promotion.choices import Stage
from promotion.filtersets import ActivityFilterSet, ChainFilterSet, ContractFilterSet, LeadFilterSet
from promotion.forms import ActivityForm, ChainForm, ContractForm, LeadForm
from promotion.models import (
    Activity,
    Chain,
    Contract,
    FundsArrival,
    Gap,
    Lead,
    LeadRules,
    PromotionGroup,
    TargetEnterprise,
)
from promotion.permissions import can_promote


def _run(service):
    """Service errors become 400 (validation) or 403 (permission)."""
    try:
        return service()
    except PermissionDenied as error:
        raise ApiPermissionDenied from error
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise serializers.ValidationError(detail) from error


class PromoterOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_promote(request.user)


def _form_value(value):
    if isinstance(value, Model):
        return value.pk
    return "" if value is None else value


class FormRulesMixin:
    """Validate through the page's form too, so the API refuses exactly what the form refuses."""

    form_class = None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        names = self.form_class._meta.fields
        data = {}
        for name in names:
            if name in attrs:
                data[name] = _form_value(attrs[name])
            elif self.instance is not None:
                data[name] = _form_value(getattr(self.instance, name))
        # A copy: a refused form must not leave its values on the instance being updated.
        instance = copy.copy(self.instance) if self.instance is not None else None
        form = self.form_class(data=data, instance=instance, user=self.context["request"].user)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    "non_field_errors" if name == "__all__" else name: [
                        e["message"] for e in errors
                    ]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        for name in attrs:
            if name in form.cleaned_data:
                attrs[name] = form.cleaned_data[name]
        return attrs


def scoped(model, **kwargs):
    return ScopedPrimaryKeyRelatedField(
        queryset=model.objects.all(), required=False, allow_null=True, **kwargs
    )


class ActivitySerializer(FormRulesMixin, serializers.ModelSerializer):
    form_class = ActivityForm
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    group = scoped(PromotionGroup)
    leader = scoped(Person)

    class Meta:
        model = Activity
        fields = ["id", *ActivityForm.Meta.fields]


class LeadSerializer(FormRulesMixin, serializers.ModelSerializer):
    form_class = LeadForm
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    industry = CodeRelatedField(
        slug_field="code",
        queryset=Industry.objects.filter(level="division"),
        required=False,
        allow_null=True,
    )
    chain = scoped(Chain)
    target = scoped(TargetEnterprise)
    activity = scoped(Activity)
    group = scoped(PromotionGroup)
    overdue = serializers.SerializerMethodField(
        help_text="The response deadlines missed: respond, assess, answer."
    )
    contract = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            *LeadForm.Meta.fields,
            "responded_on",
            "assessed_on",
            "answered_on",
            "stage",
            "stage_reason",
            "overdue",
            "contract",
        ]
        read_only_fields = ["stage", "stage_reason"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        received = attrs.get("received_on") or getattr(self.instance, "received_on", None)
        errors = {}
        for name in ("responded_on", "assessed_on", "answered_on"):
            day = attrs.get(name)
            if day and (day > timezone.localdate() or (received and day < received)):
                errors[name] = _("The date must fall between the lead's receipt and today.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_overdue(self, lead):
        rules = self.context.get("rules") or LeadRules.objects.current()
        return lead.overdue_steps(rules)


# The lead's own ``stage`` names the enum in the schema; this field reuses its values inline.
@extend_schema_field({"type": "string", "enum": Stage.values})
class StageChoiceField(serializers.ChoiceField):
    pass


class StageSerializer(serializers.Serializer):
    to_stage = StageChoiceField(choices=Stage.choices)
    on = serializers.DateField()
    reason = serializers.CharField(max_length=300, allow_blank=True, default="")


class FundsSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundsArrival
        fields = ["id", "arrived_on", "amount", "explanation"]
        extra_kwargs = {"explanation": {"default": ""}}


class ContractSerializer(FormRulesMixin, serializers.ModelSerializer):
    form_class = ContractForm
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    chain = scoped(Chain)
    group = scoped(PromotionGroup)
    lead = serializers.PrimaryKeyRelatedField(read_only=True)
    project = serializers.PrimaryKeyRelatedField(read_only=True)
    funds_arrived = serializers.DecimalField(
        max_digits=18, decimal_places=4, read_only=True, allow_null=True
    )
    funds = FundsSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            *ContractForm.Meta.fields,
            "lead",
            "project",
            "funds_arrived",
            "funds",
        ]


class ConvertSerializer(serializers.Serializer):
    region = ScopedSlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level="county")
    )
    industry = CodeRelatedField(
        slug_field="code", queryset=Industry.objects.filter(level="division")
    )


class GapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gap
        fields = ["id", "segment", "description"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetEnterprise
        fields = ["id", "gap", "name", "credit_code", "location", "notes"]


class ChainSerializer(FormRulesMixin, serializers.ModelSerializer):
    form_class = ChainForm
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    leader = scoped(Person)
    gaps = GapSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Chain
        fields = ["id", *ChainForm.Meta.fields, "gaps", "targets"]


class PromotionViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Scoped reads for everyone in the region; writes for promoters, in the change log."""

    permission_classes = [permissions.IsAuthenticated, PromoterOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        with acting_as(self.request.user):
            serializer.save()

    def perform_update(self, serializer):
        with acting_as(self.request.user):
            serializer.save()


class ActivityViewSet(PromotionViewSet):
    queryset = Activity.objects.select_related("region", "group", "leader")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet


class LeadViewSet(PromotionViewSet):
    """Leads; the stage changes only through the ``stage`` action."""

    queryset = Lead.objects.select_related("region", "industry", "contract")
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "rules": LeadRules.objects.current()}

    @extend_schema(request=StageSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        """Move the lead; backwards, on hold or lost needs a reason, signed needs a contract."""
        lead = self.get_object()
        payload = StageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        lead = _run(
            lambda: services.change_stage(
                lead, data["to_stage"], on=data["on"], reason=data["reason"], actor=request.user
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=lead.pk)).data)


class ContractViewSet(PromotionViewSet):
    """Contracts with their funds arrived; ``funds`` records money, ``convert`` makes a project."""

    queryset = (
        Contract.objects.with_funds()
        .select_related("region", "chain", "group")
        .prefetch_related("funds")
        .order_by("-signed_on", "pk")
    )
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet

    def _fresh(self, contract):
        return Response(self.get_serializer(self.get_queryset().get(pk=contract.pk)).data)

    @extend_schema(request=FundsSerializer, responses={201: ContractSerializer})
    @action(detail=True, methods=["post"])
    def funds(self, request, pk=None):
        """Funds arrived; beyond the contracted investment only with an explanation."""
        contract = self.get_object()
        payload = FundsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _run(lambda: services.record_funds(contract, actor=request.user, **payload.validated_data))
        response = self._fresh(contract)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=ConvertSerializer, responses={201: ContractSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        """A project on the library from this contract, in the given county and industry."""
        contract = self.get_object()
        payload = ConvertSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        _run(
            lambda: services.convert_to_project(
                contract, actor=request.user, **payload.validated_data
            )
        )
        response = self._fresh(contract)
        response.status_code = status.HTTP_201_CREATED
        return response


class ChainViewSet(PromotionViewSet):
    queryset = Chain.objects.select_related("region", "leader").prefetch_related("gaps", "targets")
    serializer_class = ChainSerializer
    filterset_class = ChainFilterSet
