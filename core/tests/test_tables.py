"""PageTable and DateColumn write exactly what django-tables2's bootstrap template writes."""

import datetime
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

from core.tables import DateColumn, KeysFirst, MoneyColumn, PageTable
from projects.models import Project
from projects.tables import ProjectTable
from projects.tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    ProjectFactory,
)


class Written(PageTable):
    """Every kind of cell: a link, a choice, an amount, a date, a missing value, a number
    localised or not, and td attributes computed from the row."""

    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    status = tables.Column()
    total_investment = MoneyColumn()
    planned_start = DateColumn()
    planned_completion = DateColumn(format="Y-m-d")
    leader = tables.Column()
    promised_jobs = tables.Column(localize=False)
    land_area_mu = tables.Column(localize=True)
    stalled = tables.Column(attrs={"td": {"data-stalled": lambda record: record.stalled}})

    class Meta(PageTable.Meta):
        model = Project
        fields = ("code", "category")


class Templated(Written):
    """The same table as django-tables2 writes it: its template, its DateColumn."""

    planned_start = tables.DateColumn()
    planned_completion = tables.DateColumn(format="Y-m-d")

    class Meta(Written.Meta):
        template_name = "django_tables2/bootstrap5.html"


class ProjectsTemplated(ProjectTable):
    planned_start = tables.DateColumn()

    class Meta(ProjectTable.Meta):
        template_name = "django_tables2/bootstrap5.html"


def rendered(table_class, rows):
    request = RequestFactory().get("/projects/", {"sort": "-total_investment"})
    table = table_class(rows)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture
def varied(cast):
    regions = cast.regions
    leader = PersonFactory(name="吴<市长>", region=regions["anshan"])
    ProjectFactory(
        name="西鞍山铁矿 & <选厂>",
        code="2024-210300-08-01-000001",
        region=regions["tiedong"],
        total_investment=Decimal("1234567.8900"),
        planned_completion=datetime.date(2026, 12, 31),
        leader=leader,
        status="started",
        stalled=True,
        promised_jobs=12000,
        land_area_mu=Decimal("1234.50"),
    )
    overdue = ProjectFactory(region=regions["haicheng"], planned_start=None, status="completed")
    MilestoneFactory(project=overdue, due_date=datetime.date(2020, 1, 1))
    return Project.objects.with_overdue_milestone().select_related("region", "leader")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_page_table_writes_what_the_template_writes(varied, language):
    with translation.override(language):
        assert rendered(Written, varied) == rendered(Templated, varied)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_project_table_writes_what_the_template_writes(varied, language):
    with translation.override(language):
        assert rendered(ProjectTable, varied) == rendered(ProjectsTemplated, varied)


def test_an_empty_page_table_says_so_in_one_row(db):
    class Empty(Written):
        class Meta(Written.Meta):
            empty_text = "nothing <here>"

    class EmptyTemplated(Templated):
        class Meta(Templated.Meta):
            empty_text = "nothing <here>"

    none = Project.objects.none()
    assert "nothing &lt;here&gt;" in rendered(Empty, none)
    assert rendered(Empty, none) == rendered(EmptyTemplated, none)


def test_page_table_exports_what_django_tables2_exports(varied):
    rows = varied.order_by("pk")
    exported = list(Written(rows).as_values())
    assert exported == list(Templated(rows).as_values())
    assert "2026-12-31" in exported[1]  # dates in ISO form


@pytest.fixture
def many(cast, library):
    people = [PersonFactory(name=name, region=cast.regions["anshan"]) for name in "甲乙丙"]
    for n in range(12):
        project = ProjectFactory(
            region=cast.regions[("haicheng", "tiedong")[n % 2]],
            total_investment=Decimal(1000 * (n % 5)),
            leader=people[n % 3] if n % 4 else None,
        )
        MembershipFactory(project=project, project_list=library.anshan_list)
        if n % 3 == 0:
            MilestoneFactory(project=project, due_date=datetime.date(2020, 1, 1))
    return Project.objects.with_overdue_milestone().select_related("region", "leader")


@pytest.mark.parametrize("sort", ["-total_investment", "name", "region__code", "-leader__name"])
@pytest.mark.parametrize("distinct", [False, True])
def test_a_page_read_by_its_keys_is_the_slice(many, sort, distinct):
    rows = many.filter(memberships__project_list__year=2024).distinct() if distinct else many
    rows = rows.order_by(sort, "pk")
    for page in (slice(0, 5), slice(5, 10), slice(10, 50)):
        read = KeysFirst(rows)[page]
        assert read == list(rows[page])
        assert [row.has_overdue_milestone for row in read] == [
            row.has_overdue_milestone for row in rows[page]
        ]


def test_a_page_read_by_its_keys_costs_two_queries(many, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = KeysFirst(many.order_by("-total_investment"))[0:5]
        assert [row.region.code for row in page]  # the related rows came with them
