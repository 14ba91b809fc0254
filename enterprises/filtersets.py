"""Filters of enterprises, yearly figures, visits and benefits: the pages, exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import User
from core.filters import SearchFilterSet, YearFilter, YesNoFilter
from core.models import Industry, Region
from core.scoping import region_prefix
from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Visit
from promotion.models import Chain


def in_region(queryset, code, field):
    """Rows whose region is in the subtree of the region with this code."""
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__code__startswith": region_prefix(region)})


def commissioners():
    return User.objects.filter(role=Role.COMMISSIONER)


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code")
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)
    industry = django_filters.CharFilter(
        label=_("industry code"), method="filter_industry", max_length=4
    )
    chain = django_filters.ModelChoiceFilter(label=_("chain"), queryset=Chain.objects.all())
    above_designated_size = YesNoFilter(label=_("above designated size"))
    commissioner = django_filters.ModelChoiceFilter(
        label=_("commissioner"), queryset=commissioners()
    )

    class Meta:
        model = Enterprise
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["chain"].queryset = Chain.objects.visible_to(user)
            self.filters["commissioner"].queryset = commissioners().filter(
                pk__in=Enterprise.objects.visible_to(user).values("commissioner")
            )

    def filter_region(self, queryset, name, value):
        return in_region(queryset, value, "region")

    def filter_industry(self, queryset, name, value):
        value = value.strip().upper()
        if not Industry.objects.filter(code=value).exists():
            return queryset.none()
        return queryset.filter(Q(industry__code=value) | Q(industry__parent__code=value))


class EnterprisePartFilterSet(SearchFilterSet):
    """Rows that belong to an enterprise: filtered by its region and found by its name or code."""

    search_fields = ("enterprise__name", "enterprise__credit_code")
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)

    def filter_region(self, queryset, name, value):
        return in_region(queryset, value, "enterprise__region")


class EnterpriseYearFilterSet(EnterprisePartFilterSet):
    year = YearFilter(label=_("year"))
    above_designated_size = YesNoFilter(
        label=_("above designated size"), field_name="enterprise__above_designated_size"
    )

    class Meta:
        model = EnterpriseYear
        fields = []


class VisitFilterSet(EnterprisePartFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "content")
    since = django_filters.DateFilter(label=_("from"), field_name="visited_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("to"), field_name="visited_on", lookup_expr="lte")
    commissioner = django_filters.ModelChoiceFilter(
        label=_("commissioner"), queryset=commissioners()
    )

    class Meta:
        model = Visit
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["commissioner"].queryset = commissioners().filter(
                pk__in=Visit.objects.visible_to(user).values("commissioner")
            )


class PolicyBenefitFilterSet(EnterprisePartFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "bank")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=BenefitKind.choices)
    since = django_filters.DateFilter(label=_("from"), field_name="granted_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("to"), field_name="granted_on", lookup_expr="lte")
    enterprise = django_filters.ModelChoiceFilter(
        label=_("enterprise"), queryset=Enterprise.objects.all()
    )

    class Meta:
        model = PolicyBenefit
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["enterprise"].queryset = Enterprise.objects.visible_to(user)
