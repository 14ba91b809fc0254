"""Filters of the project library, shared by the list page, its export and the API."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.filters import (
    FIRST_YEAR,
    LAST_YEAR,
    SearchFilterSet,
    YearFilter,
    YesNoFilter,
    offer_only,
    whole_number,
)
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
        self.offer_nearby_lists_and_leaders()

    def offer_nearby_lists_and_leaders(self):
        """Offer the lists and people that fit the region, year and level asked for: a province
        has a thousand lists and hundreds of people, and a <select> of all of them cost the page
        more than its rows. The region's own, those of its subtree and those of the regions
        above it (a county's projects are on provincial lists and led by city officials)."""
        lists = self.filters["project_list"].queryset
        people = self.filters["leader"].queryset
        if self.chosen_region is not None:
            nearby = Q(region__code__startswith=region_prefix(self.chosen_region)) | Q(
                region__code__in=_codes_above(self.chosen_region)
            )
            lists, people = lists.filter(nearby), people.filter(nearby)
        year = whole_number(self.data.get("year"), low=FIRST_YEAR, high=LAST_YEAR)
        if year is not None:
            lists = lists.filter(year=year)
        if self.data.get("level") in ListLevel.values:
            lists = lists.filter(level=self.data["level"])
        offer_only(self.form.fields["project_list"], lists, self.data.get("project_list"))
        offer_only(self.form.fields["leader"], people, self.data.get("leader"))

    @cached_property
    def chosen_region(self):
        """The region of the region filter, or None (none asked for, or not a region)."""
        try:  # the field's own checks (length, NUL) before the database sees the code
            code = self.form.fields["region"].clean(self.data.get("region"))
        except ValidationError:
            return None
        return Region.objects.filter(code=code).first() if code else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # List filters join memberships: one row per project all the same. Only they: DISTINCT
        # over every column of the page, its count and its total is slow on a province.
        if any(self.form.cleaned_data.get(name) not in (None, "") for name in LIST_FILTERS):
            queryset = queryset.distinct()
        return queryset

    def filter_region(self, queryset, name, value):
        if self.chosen_region is None:
            return queryset.none()
        return queryset.filter(region__code__startswith=region_prefix(self.chosen_region))

    def filter_industry(self, queryset, name, value):
        value = value.strip().upper()
        if not Industry.objects.filter(code=value).exists():
            return queryset.none()
        return queryset.filter(Q(industry__code=value) | Q(industry__parent__code=value))


def _codes_above(region):
    """The codes of the city and province above ``region``: GB/T 2260 writes them into its code
    (210102 is in 210100, which is in 210000)."""
    code = region.code
    return [above for above in (code[:2] + "0000", code[:4] + "00") if above != code]


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
