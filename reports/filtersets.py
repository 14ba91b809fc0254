"""Filters of reporting periods and monthly reports (pages, exports and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, SearchFilterSet, YearFilter, YesNoFilter
from core.models import Region
from core.scoping import region_prefix
from reports.choices import PeriodStatus, ReportStatus
from reports.models import MonthlyReport, ReportingPeriod


class PeriodFilterSet(SearchFilterSet):
    year = YearFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=PeriodStatus.choices)

    class Meta:
        model = ReportingPeriod
        fields = ["year", "status"]


class ReportFilterSet(SearchFilterSet):
    search_fields = ("project__name", "project__code")
    year = YearFilter(label=_("year"), field_name="period__year")
    month = django_filters.NumberFilter(label=_("month"), field_name="period__month")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ReportStatus.choices)
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)
    late = YesNoFilter(label=_("late"))
    project = IdFilter(label=_("project"), field_name="project_id")

    class Meta:
        model = MonthlyReport
        fields = []

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value.strip()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(project__region__code__startswith=region_prefix(region))
