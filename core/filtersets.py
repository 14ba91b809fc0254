"""FilterSets for reference data and the change log."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import ChangeAction, IndustryLevel, RegionLevel
from core.filters import SearchFilterSet
from core.models import ChangeLog, Industry, Region
from core.scoping import region_prefix


class RegionFilterSet(SearchFilterSet):
    search_fields = ("code", "name_zh", "name_en")
    level = django_filters.ChoiceFilter(label=_("level"), choices=RegionLevel.choices)
    within = django_filters.CharFilter(
        label=_("within region code"), method="filter_within", max_length=6
    )

    class Meta:
        model = Region
        fields = ["q", "level", "within"]

    def filter_within(self, queryset, name, value):
        region = Region.objects.filter(code=value.strip()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(code__startswith=region_prefix(region))


class IndustryFilterSet(SearchFilterSet):
    search_fields = ("code", "name_zh", "name_en")
    level = django_filters.ChoiceFilter(label=_("level"), choices=IndustryLevel.choices)

    class Meta:
        model = Industry
        fields = ["q", "level"]


class ChangeLogFilterSet(SearchFilterSet):
    search_fields = ("object_repr", "object_id", "actor__username")
    action = django_filters.ChoiceFilter(label=_("action"), choices=ChangeAction.choices)
    since = django_filters.DateFilter(label=_("from"), field_name="time", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("to"), field_name="time", lookup_expr="date__lte")

    class Meta:
        model = ChangeLog
        fields = ["q", "action", "content_type", "since", "until"]
