"""The API's figures from the rollups equal those of the board, whatever was written before."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dashboards import facts, queries
from dashboards.filtersets import DashboardFilterSet
from dashboards.models import PlanVariant, ProjectYear
from dashboards.rollups import headline_from_rollups, mark_stale, refresh
from dashboards.tests import test_figures
from exchange.report_batch import import_reports
from exchange.tests.test_report_batch import row, upload
from problems.choices import Category as ProblemCategory
from problems.models import Department, Problem
from projects.choices import Status
from projects.models import Membership, Person, Project
from projects.services import change_status, resume_project, stall_project
from projects.tests.factories import MembershipFactory, MilestoneFactory, ProjectFactory
from promotion.tests.factories import ChainFactory, ContractFactory
from reports import services
from reports.models import MonthlyReport, WarningRules

D = datetime.date
MONTHS = range(1, 13)

# The hand-computed city of test_figures (bundle and phases, two lists of 2024, a list of 2023,
# starts, a stall, a completion, a cancellation) and its seasonal project.
city = test_figures.city
seasonal = test_figures.seasonal
approved, submitted, period = test_figures.approved, test_figures.submitted, test_figures.period


def chosen(*projects):
    return Project.objects.filter(pk__in=[p.pk for p in projects])


def by_board(projects, year, month, project_list=None):
    return queries.headline(queries.board(projects, year, month, project_list))


def api(user, **params):
    """The API's figures, without the promotion part."""
    client = APIClient()
    client.force_login(user)
    response = client.get("/api/v1/dashboard/", params)
    assert response.status_code == 200, response.json()
    data = response.json()
    data.pop("promotion")
    return data


def raw(user, **params):
    """The board's figures over the API's set of projects, as JSON."""
    request = RequestFactory().get("/api/v1/dashboard/", params)
    request.user = user
    filterset = DashboardFilterSet(request.GET, request=request)
    assert filterset.is_valid(), filterset.errors
    return json.loads(json.dumps(queries.headline(filterset.board())))


def rows_of(project, year=2024):
    return ProjectYear.objects.get(project=project, year=year)


# ---------------------------------------------------------------- the same figures


@pytest.mark.parametrize("year", [2023, 2024])
def test_rollups_equal_the_board_every_month_for_every_set(city, year):
    sets = [
        city.everything,
        city.no_bundle,
        [city.b, city.b1, city.b2],  # the bundle's money only
        [city.b1, city.b2],  # phases without their bundle: their own
        [city.b, city.b2],
        [city.a],
        [city.e],  # cancelled: no colour
    ]
    for projects in sets:
        for month in MONTHS:
            expected = by_board(chosen(*projects), year, month)
            assert headline_from_rollups(chosen(*projects), year, month) == expected


def test_rollups_equal_the_board_with_last_years_seasonal_profile(seasonal):
    for month in MONTHS:
        expected = by_board(chosen(seasonal), 2024, month)
        assert headline_from_rollups(chosen(seasonal), 2024, month) == expected
    # hand-computed in test_figures: 200 ÷ (0.1 + 0.3) = 500 at July
    assert headline_from_rollups(chosen(seasonal), 2024, 7)["forecast"] == "500.0000"


def test_a_list_filter_takes_that_lists_plan(city):
    for project_list in (city.municipal, city.provincial):
        members = Project.objects.filter(memberships__project_list=project_list)
        for month in MONTHS:
            expected = by_board(members, 2024, month, project_list)
            assert headline_from_rollups(members, 2024, month, project_list) == expected
    # A is 1,000 on the municipal list, 1,200 (its largest) on the provincial one
    [variant] = PlanVariant.objects.all()
    assert (variant.project, variant.project_list, variant.plan) == (city.a, city.municipal, 1000)
    # hand-computed in test_figures: A 1,000 + B 2,000 + C 1,500 + D 1,000 + E 500
    members = Project.objects.filter(memberships__project_list=city.municipal)
    assert headline_from_rollups(members, 2024, 6, city.municipal)["annual_plan"] == "6000.0000"


@pytest.fixture
def filters(city, cast):
    """A leader for A and C, a chain that C's contract is on."""
    leader = Person.objects.create(name="王市长", region=cast.regions["anshan"])
    Project.objects.filter(pk__in=[city.a.pk, city.c.pk]).update(leader=leader)
    Project.objects.filter(pk=city.e.pk).update(category="infrastructure")
    chain = ChainFactory(region=cast.regions["anshan"])
    ContractFactory(chain=chain, project=city.c, region=cast.regions["haicheng"])
    return {
        "none": {},
        "region": {"region": "210381"},
        "category": {"category": "industrial"},
        "list": {"list": city.municipal.pk},
        "level": {"level": "provincial"},
        "chain": {"chain": chain.pk},
        "leader": {"leader": leader.pk},
    }


@pytest.mark.parametrize("name", ["none", "region", "category", "list", "level", "chain", "leader"])
def test_the_api_equals_the_board_with_each_filter(cast, filters, name):
    params = dict(filters[name])
    board_params = {"project_list": params.pop("list")} if "list" in filters[name] else {}
    for month in MONTHS:
        expected = raw(cast.office, year=2024, month=month, **params, **board_params)
        assert api(cast.office, year=2024, month=month, **filters[name]) == expected
        assert expected["projects"] > 0


def test_the_api_still_answers_the_promotion_figures(city, cast):
    client = APIClient()
    client.force_login(cast.office)
    promotion = client.get("/api/v1/dashboard/", {"year": 2024, "month": 6}).json()["promotion"]
    assert (promotion["from"], promotion["to"]) == ("2024-01-01", "2024-06-30")
    assert {"leads", "contracts", "funnel", "landing_rate"} <= set(promotion)


# ---------------------------------------------------------------- computed when needed


def test_missing_rows_are_computed_on_demand(city, cast):
    assert not ProjectYear.objects.exists()
    figures = api(cast.office, year=2024, month=6)
    assert figures == raw(cast.office, year=2024, month=6)
    assert set(ProjectYear.objects.values_list("project", flat=True)) == {
        p.pk for p in city.everything
    }
    assert not ProjectYear.objects.filter(stale=True).exists()


def test_fresh_rows_are_summed_in_one_query(city):
    everything = chosen(*city.everything)
    expected = headline_from_rollups(everything, 2024, 6)
    with CaptureQueriesContext(connection) as context:
        assert headline_from_rollups(everything, 2024, 6) == expected
    # besides the transaction around it and, on PostgreSQL, a planner setting for it
    reads = [q["sql"] for q in context if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))]
    assert len(reads) == 1


def test_computing_missing_rows_reads_as_many_queries_for_few_projects_as_for_many(city):
    def queries_of(projects):
        with CaptureQueriesContext(connection) as context:
            headline_from_rollups(projects, 2024, 6)
        return len(context)

    WarningRules.objects.current()  # created on first use
    few = queries_of(chosen(city.a, city.c))
    ProjectYear.objects.all().delete()
    assert queries_of(chosen(*city.everything)) == few


def test_refresh_rollups_computes_the_rows_of_each_years_lists(city):
    call_command("refresh_rollups", year=[2023, 2024], stdout=io.StringIO())
    assert set(ProjectYear.objects.filter(year=2024).values_list("project", flat=True)) == {
        p.pk for p in city.everything
    }
    assert list(ProjectYear.objects.filter(year=2023).values_list("project", flat=True)) == [
        city.a.pk
    ]
    assert not ProjectYear.objects.filter(stale=True).exists()


def test_a_refresh_that_races_a_write_leaves_the_row_stale(city, monkeypatch):
    """A write committed while the facts were being read: the row must not pass for fresh."""
    collect_months = facts.collect_months

    def collect_during_a_write(*args, **kwargs):
        found = collect_months(*args, **kwargs)
        rows = ProjectYear.objects.filter(project=city.a)
        rows.update(stale=True, marks=F("marks") + 1)  # as a write's commit does
        return found

    monkeypatch.setattr("dashboards.rollups.collect_months", collect_during_a_write)
    refresh([city.a.pk, city.c.pk], [2024])
    assert rows_of(city.a).stale
    assert not rows_of(city.c).stale


def test_a_write_that_rolls_back_marks_nothing(city, django_capture_on_commit_callbacks):
    refresh([city.a.pk], [2024])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        approved(city.a, 2024, 9, "100")
        raise RuntimeError
    assert not rows_of(city.a).stale


def test_marks_fall_on_the_projects_written_only(city, django_capture_on_commit_callbacks):
    refresh([p.pk for p in city.everything], [2023, 2024])
    with django_capture_on_commit_callbacks(execute=True):
        approved(city.a, 2024, 9, "100")
    stale = ProjectYear.objects.filter(stale=True)
    assert set(stale.values_list("project", "year")) == {(city.a.pk, 2023), (city.a.pk, 2024)}


def test_the_report_batch_marks_the_projects_it_wrote(
    city, cast, django_capture_on_commit_callbacks
):
    refresh([p.pk for p in city.everything], [2024])
    with django_capture_on_commit_callbacks(execute=True):
        result = import_reports(upload(row(city.c)), period(2024, 9), user=cast.office)
    assert (result.errors, result.created) == ([], 1)
    assert list(ProjectYear.objects.filter(stale=True).values_list("project", flat=True)) == [
        city.c.pk
    ]


def test_mark_stale_of_everything(city, django_capture_on_commit_callbacks):
    refresh([p.pk for p in city.everything], [2024])
    with django_capture_on_commit_callbacks(execute=True):
        mark_stale()
    assert not ProjectYear.objects.filter(stale=False).exists()


# ---------------------------------------------------------------- after every kind of write


@pytest.fixture
def department(cast):
    return Department.objects.create(name="鞍山市自然资源局", region=cast.regions["anshan"])


def raise_problem(project, department, deadline):
    return Problem.objects.create(
        project=project,
        category=ProblemCategory.LAND,
        description="用地指标未落实",
        department=department,
        raised_on=D(2024, 2, 1),
        deadline=deadline,
    )


def report_submitted(city, cast, department):
    return lambda: submitted(city.c, 2024, 8, "300")


def report_approved(city, cast, department):
    report = MonthlyReport.objects.get(project=city.d, period__year=2024, period__month=6)
    return lambda: services.approve_report(report, actor=cast.office)


def report_returned(city, cast, department):
    report = MonthlyReport.objects.get(project=city.b, period__year=2024, period__month=6)
    return lambda: services.return_report(report, reason="数据有误", actor=cast.office)


def report_corrected(city, cast, department):
    report = MonthlyReport.objects.get(project=city.a, period__year=2024, period__month=6)

    def correct():
        draft = services.start_correction(report, reason="多报", actor=cast.office)
        draft.completed = Decimal("20")
        services.save_report(draft, actor=cast.office)
        services.submit_report(draft, actor=cast.office)
        services.approve_report(draft, actor=cast.office)

    return correct


def report_deleted(city, cast, department):
    report = MonthlyReport.objects.get(project=city.d, period__year=2024, period__month=4)
    return report.delete


def last_years_report(city, cast, department):
    return lambda: approved(city.a, 2023, 9, "900")


def status_changed(city, cast, department):
    return lambda: change_status(city.b2, Status.STARTED, on=D(2024, 9, 10), actor=None)


def stalled(city, cast, department):
    return lambda: stall_project(city.b1, on=D(2024, 6, 15), reason="资金未到位", actor=None)


def resumed(city, cast, department):
    stall_project(city.b1, on=D(2024, 6, 15), reason="资金未到位", actor=None)
    return lambda: resume_project(city.b1, on=D(2024, 8, 1), actor=None)


def milestone_added(city, cast, department):
    return lambda: MilestoneFactory(project=city.a, due_date=D(2024, 3, 1))


def milestone_done(city, cast, department):
    milestone = MilestoneFactory(project=city.a, due_date=D(2024, 3, 1))

    def done():
        milestone.done_date = D(2024, 5, 10)
        milestone.save()

    return done


def milestone_deleted(city, cast, department):
    return MilestoneFactory(project=city.a, due_date=D(2024, 3, 1)).delete


def problem_raised(city, cast, department):
    return lambda: raise_problem(city.a, department, D(2024, 3, 1))


def problem_resolved(city, cast, department):
    problem = raise_problem(city.a, department, D(2024, 3, 1))

    def resolve():
        problem.status, problem.resolved_on = "resolved", D(2024, 8, 20)
        problem.save()

    return resolve


def problem_deadline_moved(city, cast, department):
    problem = raise_problem(city.a, department, D(2024, 3, 1))

    def move():
        problem.deadline = D(2024, 9, 30)
        problem.save()

    return move


def problem_moved_to_another_project(city, cast, department):
    problem = raise_problem(city.a, department, D(2024, 3, 1))

    def move():
        problem.project = city.d
        problem.save()

    return move


def plan_changed(city, cast, department):
    membership = Membership.objects.get(project=city.c, project_list=city.municipal)

    def change():
        membership.annual_plan = Decimal("3000")
        membership.save()

    return change


def put_on_a_list(city, cast, department):
    newcomer = ProjectFactory(region=cast.regions["haicheng"], planned_start=D(2024, 2, 1))
    change_status(newcomer, Status.STARTED, on=D(2024, 2, 10), actor=None)
    approved(newcomer, 2024, 3, "700")
    return lambda: MembershipFactory(
        project=newcomer, project_list=city.municipal, annual_plan=Decimal("900")
    )


def taken_off_a_list(city, cast, department):
    return Membership.objects.get(project=city.d, project_list=city.municipal).delete


def planned_start_moved(city, cast, department):
    def move():
        city.c.refresh_from_db()
        city.c.planned_start = D(2024, 3, 1)
        city.c.save()

    return move


def actual_start_moved(city, cast, department):
    def move():
        city.d.refresh_from_db()
        city.d.actual_start = D(2024, 7, 1)
        city.d.save()

    return move


def bundle_changed(city, cast, department):
    def move():
        city.c.refresh_from_db()
        city.c.parent = city.b
        city.c.save()

    return move


def total_investment_changed(city, cast, department):
    def change():
        city.d.refresh_from_db()
        city.d.total_investment = Decimal("200000")
        city.d.save()

    return change


def warning_rules_changed(city, cast, department):
    def change():
        rules = WarningRules.objects.current()
        rules.red_lag_points, rules.yellow_lag_points = Decimal("60"), Decimal("40")
        rules.save()

    return change


def list_moved_to_another_year(city, cast, department):
    def move():
        city.provincial.year = 2025
        city.provincial.save()

    return move


WRITES = [
    report_submitted,
    report_approved,
    report_returned,
    report_corrected,
    report_deleted,
    last_years_report,
    status_changed,
    stalled,
    resumed,
    milestone_added,
    milestone_done,
    milestone_deleted,
    problem_raised,
    problem_resolved,
    problem_deadline_moved,
    problem_moved_to_another_project,
    plan_changed,
    put_on_a_list,
    taken_off_a_list,
    planned_start_moved,
    actual_start_moved,
    bundle_changed,
    total_investment_changed,
    warning_rules_changed,
    list_moved_to_another_year,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_the_api_shows_every_write_at_once(
    city, cast, department, write, django_capture_on_commit_callbacks
):
    """Each write, then the API (which refreshes what the write marked) against the board."""
    with django_capture_on_commit_callbacks(execute=True):
        change = write(city, cast, department)
    by_list = [(m, {"list": city.municipal.pk}) for m in (6, 12)]
    checks = [(m, {}) for m in MONTHS] + by_list
    before = [api(cast.office, year=2024, month=m, **params) for m, params in checks]
    assert not ProjectYear.objects.filter(year=2024, stale=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    after = [api(cast.office, year=2024, month=m, **params) for m, params in checks]
    for (month, params), figures in zip(checks, after, strict=True):
        board_params = {"project_list": params["list"]} if params else {}
        assert figures == raw(cast.office, year=2024, month=month, **board_params)
    assert after != before  # the write changed the figures: the rollups followed
