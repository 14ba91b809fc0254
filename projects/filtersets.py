"""Filters of the project library, shared by the list page, its export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet, YearFilter, YesNoFilter
from core.models import Industry, Region
from core.scoping import region_prefix
from projects.choices import Category, ListLevel, Status
from projects.models import Person, Project, ProjectList

LIST_FILTERS = ("project_list", "level", "year")  # the filters that join memberships


class ProjectFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "investor_name", "address")
    region = django_filters.CharFilter(label=_("region code"), method="filter_region", max_length=6)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    project_list = django_filters.ModelChoiceFilter(
        label=_("list"), field_name="memberships__project_list", queryset=ProjectList.objects.all()
    )
    level = django_filters.ChoiceFilter(
        label=_("list level"),
        field_name="memberships__project_list__level",
        choices=ListLevel.choices,
    )
    year = YearFilter(label=_("list year"), field_name="memberships__project_list__year")
    category = django_filters.ChoiceFilter(label=_("category"), choices=Category.choices)
    industry = django_filters.CharFilter(
        label=_("industry code"), method="filter_industry", max_length=4
    )
    leader = django_filters.ModelChoiceFilter(label=_("leader"), queryset=Person.objects.all())
    min_investment = django_filters.NumberFilter(
        label=_("total investment from (万元)"), field_name="total_investment", lookup_expr="gte"
    )
    max_investment = django_filters.NumberFilter(
        label=_("total investment to (万元)"), field_name="total_investment", lookup_expr="lte"
    )
    stalled = YesNoFilter(label=_("stalled"))
    overdue = YesNoFilter(label=_("overdue milestone"), field_name="has_overdue_milestone")

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            self.filters["project_list"].queryset = ProjectList.objects.visible_to(user)
            self.filters["leader"].queryset = Person.objects.visible_to(user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # List filters join memberships: one row per project all the same. Only they: DISTINCT
        # over every column of the page, its count and its total is slow on a province.
        if any(self.form.cleaned_data.get(name) not in (None, "") for name in LIST_FILTERS):
            queryset = queryset.distinct()
        return queryset

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value.strip()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(region__code__startswith=region_prefix(region))

    def filter_industry(self, queryset, name, value):
        value = value.strip().upper()
        if not Industry.objects.filter(code=value).exists():
            return queryset.none()
        return queryset.filter(Q(industry__code=value) | Q(industry__parent__code=value))


class ProjectListFilterSet(SearchFilterSet):
    search_fields = ("name", "batch")
    level = django_filters.ChoiceFilter(label=_("level"), choices=ListLevel.choices)
    year = YearFilter(label=_("year"))

    class Meta:
        model = ProjectList
        fields = ["q", "level", "year"]


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name", "title", "organisation")

    class Meta:
        model = Person
        fields = ["q"]
