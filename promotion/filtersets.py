"""Filters of activities, leads, contracts and chains, shared by the pages, exports and the API."""

import datetime

import django_filters
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet, YesNoFilter
from core.models import Region
from core.scoping import region_prefix
from promotion.choices import ActivityKind, Stage, TargetRegion
from promotion.forms import STEPS
from promotion.models import Activity, Chain, Contract, Lead, LeadRules, PromotionGroup


def with_overdue(leads, rules=None, today=None):
    """Leads annotated with ``is_overdue``: Lead.overdue_steps is not empty, in SQL."""
    rules = rules or LeadRules.objects.current()
    today = today or timezone.localdate()
    late = Q(pk__in=[])
    for field, days_field, _label in STEPS.values():
        days = datetime.timedelta(days=getattr(rules, days_field))
        took = ExpressionWrapper(F(field) - F("received_on"), output_field=DurationField())
        leads = leads.annotate(**{f"{field}_took": took})
        late |= Q(**{f"{field}__isnull": True, "received_on__lt": today - days})
        late |= Q(**{f"{field}__isnull": False, f"{field}_took__gt": days})
    return leads, late


def in_region(queryset, code, field="region"):
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__code__startswith": region_prefix(region)})


class ScopedChoicesFilterSet(SearchFilterSet):
    """The chain and group to choose from are those the user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None:
            return
        for name, model in (("chain", Chain), ("group", PromotionGroup)):
            if name in self.filters:
                self.filters[name].queryset = model.objects.visible_to(user)

    def filter_region(self, queryset, name, value):
        return in_region(queryset, value)


def region_filter():
    return django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)


def chain_filter(field_name="chain"):
    return django_filters.ModelChoiceFilter(
        label=_("chain"), field_name=field_name, queryset=Chain.objects.all()
    )


def group_filter():
    return django_filters.ModelChoiceFilter(
        label=_("promotion group"), queryset=PromotionGroup.objects.all()
    )


class ActivityFilterSet(ScopedChoicesFilterSet):
    search_fields = ("title", "place", "target_place", "participants", "enterprises_met")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ActivityKind.choices)
    since = django_filters.DateFilter(label=_("from"), field_name="held_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("to"), field_name="held_on", lookup_expr="lte")
    target_region = django_filters.ChoiceFilter(
        label=_("target region"), choices=TargetRegion.choices
    )
    group = group_filter()
    region = region_filter()

    class Meta:
        model = Activity
        fields = []


class LeadFilterSet(ScopedChoicesFilterSet):
    search_fields = ("investor_name", "investor_credit_code", "source", "content")
    stage = django_filters.ChoiceFilter(label=_("stage"), choices=Stage.choices)
    chain = chain_filter()
    group = group_filter()
    overdue = YesNoFilter(label=_("overdue"), method="filter_overdue")
    region = region_filter()

    class Meta:
        model = Lead
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        queryset, late = with_overdue(queryset)
        return queryset.filter(late) if value else queryset.exclude(late)


class ContractFilterSet(ScopedChoicesFilterSet):
    search_fields = ("name", "counterparty", "counterparty_credit_code", "signing_event")
    since = django_filters.DateFilter(
        label=_("signed from"), field_name="signed_on", lookup_expr="gte"
    )
    until = django_filters.DateFilter(
        label=_("signed to"), field_name="signed_on", lookup_expr="lte"
    )
    signing_event = django_filters.CharFilter(
        label=_("signing event or batch"), lookup_expr="icontains"
    )
    chain = chain_filter()
    group = group_filter()
    region = region_filter()
    converted = YesNoFilter(
        label=_("converted to a project"), field_name="project", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Contract
        fields = []


class ChainFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "leader__name")
    region = region_filter()

    class Meta:
        model = Chain
        fields = ["q", "region"]

    def filter_region(self, queryset, name, value):
        return in_region(queryset, value)
