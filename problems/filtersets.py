"""Filters and counts of problems, departments and meetings: pages, exports and the API."""

import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import IdFilter, SearchFilterSet, YearFilter, YesNoFilter
from core.models import Region
from core.scoping import region_prefix
from problems.choices import OPEN_STATUSES, Category, Level, ProblemStatus
from problems.models import Department, Meeting, Problem


def _in_region(queryset, field, code):
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__code__startswith": region_prefix(region)})


def overdue_q(today=None):
    return Q(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())


def with_counts(departments, today=None):
    """Open and overdue problems per department, in the same query as the departments."""
    today = today or timezone.localdate()
    still_open = Q(problems__status__in=OPEN_STATUSES)
    return departments.annotate(
        open_count=Count("problems", filter=still_open, distinct=True),
        overdue_count=Count(
            "problems", filter=still_open & Q(problems__deadline__lt=today), distinct=True
        ),
    ).order_by("name", "pk")  # a grouped query drops the model's default ordering


class ProblemFilterSet(SearchFilterSet):
    search_fields = ("description", "project__name", "project__code", "department__name")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ProblemStatus.choices)
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("problem", "category"), choices=Category.choices
    )
    level = django_filters.ChoiceFilter(label=_("escalation level"), choices=Level.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("department"), queryset=Department.objects.all()
    )
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)
    overdue = YesNoFilter(label=_("overdue"), method="filter_overdue")
    open = YesNoFilter(label=pgettext_lazy("problems", "open"), method="filter_open")
    project = IdFilter(label=_("project"), field_name="project_id")

    class Meta:
        model = Problem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            self.filters["department"].queryset = Department.objects.visible_to(user)

    def filter_region(self, queryset, name, value):
        return _in_region(queryset, "project__region", value)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        still_open = Q(status__in=OPEN_STATUSES)
        return queryset.filter(still_open) if value else queryset.exclude(still_open)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("name", "email")
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)

    class Meta:
        model = Department
        fields = ["q", "region"]

    def filter_region(self, queryset, name, value):
        return _in_region(queryset, "region", value)


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("title", "notes", "chair__name")
    level = django_filters.ChoiceFilter(
        label=_("level"),
        choices=[(Level.COUNTY, Level.COUNTY.label), (Level.MUNICIPAL, Level.MUNICIPAL.label)],
    )
    year = YearFilter(label=_("year"), field_name="held_on__year")
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)

    class Meta:
        model = Meeting
        fields = ["q", "level", "year", "region"]

    def filter_region(self, queryset, name, value):
        return _in_region(queryset, "region", value)
