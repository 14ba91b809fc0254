"""The dashboard's set of projects: year, month, region, list, level, category, chain, leader."""

import functools

import django_filters
from django.db.models import Exists, Max, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.filters import FIRST_YEAR, LAST_YEAR
from core.models import Region
from core.scoping import region_prefix
from dashboards import queries, rollup_board
from enterprises.models import Enterprise
from projects.choices import Category, ListLevel
from projects.models import Membership, Person, Project, ProjectList
from promotion.models import Chain
from reports.models import ReportingPeriod

MONTHS = [(m, str(m)) for m in range(1, 13)]
# The filters a drill-down link carries along, in this order.
PARAMETERS = ("year", "month", "region", "project_list", "level", "category", "chain", "leader")


def default_year():
    """The year of the latest reporting period, else this year."""
    latest = ReportingPeriod.objects.aggregate(year=Max("year"))["year"]
    return latest or timezone.localdate().year


def default_month(year):
    """The latest period's month of the year; a year without periods reads as of its end so far."""
    latest = ReportingPeriod.objects.filter(year=year).aggregate(month=Max("month"))["month"]
    if latest:
        return latest
    today = timezone.localdate()
    return 12 if year < today.year else today.month


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class DashboardFilterSet(django_filters.FilterSet):
    """Projects of the user's scope on a list of year Y, narrowed by the filters.

    Year and month always have a value (the latest reporting period by default), so every page,
    link and API call reads a definite month.
    """

    year = django_filters.TypedChoiceFilter(label=_("year"), coerce=int, method="keep")
    month = django_filters.TypedChoiceFilter(
        label=_("month"), choices=MONTHS, coerce=int, method="keep"
    )
    region = django_filters.ChoiceFilter(
        label=_("county or district"), method="filter_region", empty_label=_("all")
    )
    project_list = django_filters.ModelChoiceFilter(
        label=_("list"), queryset=ProjectList.objects.none(), method="keep", empty_label=_("all")
    )
    level = django_filters.ChoiceFilter(
        label=_("list level"), choices=ListLevel.choices, method="keep", empty_label=_("all")
    )
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=Category.choices, empty_label=_("all")
    )
    chain = django_filters.ModelChoiceFilter(
        label=_("industrial chain"),
        queryset=Chain.objects.none(),
        method="filter_chain",
        empty_label=_("all"),
    )
    leader = django_filters.ModelChoiceFilter(
        label=_("leader"), queryset=Person.objects.none(), empty_label=_("all")
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = request.user
        visible = Project.objects.visible_to(user)
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("year"):
            data["year"] = str(default_year())
        year = _int(data["year"], default_year())
        if not data.get("month"):
            data["month"] = str(default_month(year))
        super().__init__(data, queryset if queryset is not None else visible, request=request)
        years = set(ProjectList.objects.values_list("year", flat=True).distinct())
        years.add(timezone.localdate().year)
        if FIRST_YEAR <= year <= LAST_YEAR:  # year 0 is refused as a choice, not read as a date
            years.add(year)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in sorted(years, reverse=True)]
        # read once, and only when a region is asked for or the form is shown
        regions = functools.cache(lambda: self._regions(visible))
        self.filters["region"].extra["choices"] = CallableChoiceIterator(regions)
        # Lists and leaders of the projects the user sees, whoever issued or employs them; asked
        # with EXISTS, which stops at a list's first such project (a province's lists hold tens
        # of thousands: DISTINCT over their memberships took most of a second).
        seen = Membership.objects.filter(project_list=OuterRef("pk"), project__in=visible)
        self.filters["project_list"].queryset = ProjectList.objects.filter(Exists(seen), year=year)
        led = visible.filter(leader=OuterRef("pk"))
        self.filters["leader"].queryset = Person.objects.filter(Exists(led))
        self.filters["chain"].queryset = Chain.objects.visible_to(user)

    @staticmethod
    def _regions(visible):
        """Counties with projects in scope, and the cities and provinces above them."""
        counties = list(visible.order_by().values_list("region", flat=True).distinct())
        regions = Region.objects.filter(
            Q(pk__in=counties) | Q(children__in=counties) | Q(children__children__in=counties)
        ).distinct()
        indent = {"province": "", "city": "\u3000", "county": "\u3000\u3000"}
        return [(r.code, f"{indent.get(r.level, '')}{r.code} {r}") for r in regions]

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        return form

    def keep(self, queryset, name, value):
        """Year, month, list and level choose the memberships (see ``filter_queryset``)."""
        return queryset

    def filter_chain(self, queryset, name, value):
        """A project is on a chain through its promotion contract or its investor enterprise."""
        investors = Enterprise.objects.filter(chain=value).values("credit_code")
        return queryset.filter(Q(contract__chain=value) | Q(investor_credit_code__in=investors))

    def filter_region(self, queryset, name, value):
        region = Region.objects.get(code=value)
        return queryset.filter(region__code__startswith=region_prefix(region))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        lists = ProjectList.objects.filter(year=data["year"])
        if data.get("project_list"):
            lists = lists.filter(pk=data["project_list"].pk)
        if data.get("level"):
            lists = lists.filter(level=data["level"])
        # The lists' ids, not a subquery: PostgreSQL then finds the memberships by list instead
        # of probing each project's memberships for one of the year's lists.
        lists = list(lists.values_list("pk", flat=True))
        on_lists = Membership.objects.filter(project_list__in=lists).values("project")
        return super().filter_queryset(queryset.filter(pk__in=on_lists)).distinct()

    # ------------------------------------------------------------ for views and the API

    @property
    def as_of(self):
        """(year, month) of a valid filterset."""
        return self.form.cleaned_data["year"], self.form.cleaned_data["month"]

    def board(self):
        """The figures' board; a list filter makes the plan that list's."""
        project_list = self.form.cleaned_data.get("project_list")
        return queries.board(self.qs, *self.as_of, project_list=project_list)

    def rollup_board(self):
        """The board of the dashboard page's figures, read from the rollups (``rollup_board``)."""
        project_list = self.form.cleaned_data.get("project_list")
        return rollup_board.board(self.qs, *self.as_of, project_list=project_list)

    def query(self, **changes):
        """The filters as a query string, for links that keep them (with ``changes`` applied)."""
        query = QueryDict(mutable=True)
        for name in PARAMETERS:
            value = changes.get(name, self.data.get(name, ""))
            if value not in ("", None):
                query[name] = str(value)
        return query
