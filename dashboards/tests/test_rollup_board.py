"""The dashboard page's figures from the rollup board equal those from the raw board."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dashboards import views
from dashboards.filtersets import DashboardFilterSet
from dashboards.models import ProjectYear
from dashboards.tests import test_rollups
from dashboards.tests.test_rollups import WRITES, filters  # noqa: F401 (a fixture)
from projects.models import Person, Project
from projects.tests.factories import MembershipFactory, ProjectFactory

city = test_rollups.city
seasonal = test_rollups.seasonal
department = test_rollups.department
MONTHS = range(1, 13)


def filterset(user, **params):
    request = RequestFactory().get("/dashboard/", params)
    request.user = user
    found = DashboardFilterSet(request.GET, request=request)
    assert found.is_valid(), found.errors
    return found


def page_figures(user, **params):
    """(from the rollups, from the raw tables): every figure and chart of the dashboard page."""
    found = filterset(user, **params)
    return views._figures(found.rollup_board(), found), views._figures(found.board(), found)


@pytest.mark.parametrize("name", ["none", "region", "category", "list", "level", "chain", "leader"])
def test_the_page_figures_equal_the_boards_with_each_filter(cast, filters, name):  # noqa: F811
    params = dict(filters[name])
    if "list" in params:
        params["project_list"] = params.pop("list")
    for year in (2024,) if "project_list" in params else (2023, 2024):  # a list of 2024
        for month in MONTHS:
            from_rollups, from_raw = page_figures(cast.office, year=year, month=month, **params)
            assert from_rollups == from_raw, (year, month)
    assert from_raw["projects"] > 0


def test_the_page_figures_follow_last_years_seasonal_profile(cast, seasonal):
    for month in MONTHS:
        from_rollups, from_raw = page_figures(cast.office, year=2024, month=month)
        assert from_rollups == from_raw
    assert from_raw["forecast"] > 0


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_the_page_shows_every_write_at_once(
    city, cast, department, write, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = write(city, cast, department)
    before = [page_figures(cast.office, year=2024, month=m)[0] for m in MONTHS]
    assert not ProjectYear.objects.filter(year=2024, stale=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    checks = [(m, {}) for m in (6, 12)] + [(6, {"project_list": city.municipal.pk})]
    for month, params in checks:
        from_rollups, from_raw = page_figures(cast.office, year=2024, month=month, **params)
        assert from_rollups == from_raw, (write.__name__, month, params)
    after = [page_figures(cast.office, year=2024, month=m)[0] for m in MONTHS]
    assert after != before


def test_the_page_reads_as_many_queries_for_many_projects_as_for_few(city, cast):
    """Every field the figures read of a project comes with the rows (none deferred)."""

    def queries_of():
        found = filterset(cast.office, year=2024, month=6)
        found.rollup_board()  # rows computed where missing
        with CaptureQueriesContext(connection) as context:
            views._figures(found.rollup_board(), found)
        return len(context)

    leader = Person.objects.create(name="张三", title="副市长", region=city.a.region)
    Project.objects.filter(pk=city.a.pk).update(leader=leader)
    few = queries_of()
    for _ in range(5):
        phase = ProjectFactory(region=city.a.region, parent=city.b, leader=leader)
        MembershipFactory(project=phase, project_list=city.municipal)
    assert queries_of() == few


def test_what_the_figures_read_of_a_project_comes_with_the_rows(city, cast):
    Project.objects.filter(pk=city.a.pk).update(
        leader=Person.objects.create(name="张三", title="副市长", region=city.a.region)
    )
    board = filterset(cast.office, year=2024, month=6).rollup_board()
    with CaptureQueriesContext(connection) as context:
        read = [
            (
                str(p.region),
                p.region.code,
                str(p.leader),
                p.name,
                p.category,
                p.total_investment,
                p.planned_start,
                p.parent_id,
                p.parent and p.parent.parent_id,
            )
            for p in (fact.project for fact in board.facts.values())
        ]
    assert len(context) == 0 and len(read) == len(city.everything)
    assert {str(f.project.leader) for f in board.facts.values()} > {"None"}
