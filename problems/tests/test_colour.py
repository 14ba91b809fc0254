"""Overdue problems feed the project's colour (domain.md) and the circular's list of them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dashboards import queries
from dashboards.circular import circular_context, overdue_problems
from problems.choices import Category, ProblemStatus
from problems.models import Department, Problem
from projects.choices import Status, YearPlan
from projects.models import Project
from projects.services import change_status
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory
from reports.models import MonthlyReport, ReportingPeriod, WarningRules, default_deadline

D = datetime.date
PLAN = Decimal("1000")

ONE = "1 problem overdue"
SEVERAL = "%d problems overdue"
ONE_RED = "1 problem overdue by %d days"
SEVERAL_RED = "%d problems overdue, the longest by %d days"


def approved(project, year, month, amount):
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    period = period or ReportingPeriod.objects.create(
        year=year, month=month, deadline=default_deadline(year, month)
    )
    return MonthlyReport.objects.create(
        project=project,
        period=period,
        completed=Decimal(amount),
        approved_completed=Decimal(amount),
        status="approved",
        revision=1,
    )


@pytest.fixture
def plan_list(cast):
    return ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])


@pytest.fixture
def make(cast, plan_list):
    """make(): a project on pace at June 2024, green but for its problems.

    Plan 1,000, started 2023-03-10, May 250 + June 250 = 500 ÷ 1,000 = 50 % at a time progress
    of 6 ÷ 12 = 50 %: no lag.
    """

    def build(name=None, region="haicheng"):
        extra = {"name": name} if name else {}
        project = ProjectFactory(region=cast.regions[region], planned_start=D(2023, 3, 1), **extra)
        MembershipFactory(
            project=project, project_list=plan_list, annual_plan=PLAN, plan=YearPlan.CONTINUE
        )
        change_status(project, Status.STARTED, on=D(2023, 3, 10), actor=None)
        approved(project, 2024, 5, "250")
        approved(project, 2024, 6, "250")
        return project

    return build


@pytest.fixture
def land(cast):
    return Department.objects.create(name="鞍山市自然资源局", region=cast.regions["anshan"])


@pytest.fixture
def power(cast):
    return Department.objects.create(name="鞍山供电公司", region=cast.regions["anshan"])


def problem(project, department, raised, deadline, *, resolved=None, category=Category.LAND):
    """Written directly: the services refuse the past dates a history needs."""
    return Problem.objects.create(
        project=project,
        category=category,
        description="问题",
        department=department,
        raised_on=raised,
        deadline=deadline,
        status=ProblemStatus.RESOLVED if resolved else ProblemStatus.OPEN,
        resolution="已解决" if resolved else "",
        resolved_on=resolved,
    )


def read(*projects, year=2024, month=6):
    with translation.override("en"):
        return queries.board(Project.objects.filter(pk__in=[p.pk for p in projects]), year, month)


def fact_at(project, year=2024, month=6):
    return read(project, year=year, month=month).facts[project.pk]


# ---------------------------------------------------------------- the colour


def test_without_problems_the_project_is_green(make, land):
    project = make()
    problem(project, land, D(2024, 6, 1), D(2024, 7, 15))  # not due yet
    fact = fact_at(project)
    assert (fact.colour, fact.reasons, fact.overdue_problems) == ("green", [], 0)


def test_a_problem_overdue_is_yellow(make, land):
    project = make()
    problem(project, land, D(2024, 6, 1), D(2024, 6, 20))
    fact = fact_at(project)
    # 2024-06-30 − 2024-06-20 = 10 days: overdue, not more than 30
    assert (fact.overdue_problems, fact.problem_overdue_days) == (1, 10)
    assert (fact.colour, fact.reasons) == ("yellow", [ONE])


def test_problems_overdue_are_counted(make, land, power):
    project = make()
    problem(project, land, D(2024, 5, 1), D(2024, 6, 1))  # 29 days
    problem(project, power, D(2024, 6, 1), D(2024, 6, 16), category=Category.POWER)  # 14 days
    problem(project, power, D(2024, 6, 1), D(2024, 6, 30))  # due on the last day: not overdue
    fact = fact_at(project)
    assert (fact.colour, fact.reasons) == ("yellow", [SEVERAL % 2])


def test_overdue_by_exactly_the_threshold_is_yellow(make, land):
    project = make()
    problem(project, land, D(2024, 5, 1), D(2024, 5, 31))
    # 2024-06-30 − 2024-05-31 = 30 days: not more than 30
    assert fact_at(project).colour == "yellow"


def test_a_problem_overdue_by_more_than_the_threshold_is_red(make, land, power):
    project = make()
    problem(project, land, D(2024, 4, 20), D(2024, 5, 30))  # 31 days
    problem(project, power, D(2024, 6, 1), D(2024, 6, 16))  # 14 days
    fact = fact_at(project)
    # 2024-06-30 − 2024-05-30 = 31 > 30: red, and one reason counts both
    assert fact.problem_overdue_days == 31
    assert (fact.colour, fact.reasons) == ("red", [SEVERAL_RED % (2, 31)])


def test_a_single_problem_long_overdue_is_red(make, land):
    project = make()
    problem(project, land, D(2024, 3, 1), D(2024, 4, 1))
    # April 29 remaining + May 31 + June 30 = 90 days
    assert fact_at(project).reasons == [ONE_RED % 90]


def test_the_red_threshold_is_the_milestones(make, land):
    project = make()
    problem(project, land, D(2024, 3, 1), D(2024, 4, 1))  # 90 days
    rules = WarningRules.objects.current()
    rules.red_milestone_overdue_days = 90
    rules.save()
    assert (fact_at(project).colour, fact_at(project).reasons) == ("yellow", [ONE])


def test_a_problem_resolved_after_the_month_was_overdue_in_it(make, land):
    project = make()
    problem(project, land, D(2024, 5, 1), D(2024, 6, 10), resolved=D(2024, 7, 10))
    # at 2024-06-30 it was still open, 20 days late; by 2024-07-31 it was resolved
    assert fact_at(project).reasons == [ONE]
    assert fact_at(project, month=7).overdue_problems == 0


def test_a_problem_resolved_by_the_end_of_the_month_is_not_overdue(make, land):
    project = make()
    problem(project, land, D(2024, 5, 1), D(2024, 6, 10), resolved=D(2024, 6, 30))
    assert fact_at(project).colour == "green"


def test_a_problem_raised_after_the_month_does_not_count(make, land):
    project = make()
    problem(project, land, D(2024, 7, 2), D(2024, 7, 20))
    # read at July, 11 days overdue; at June it did not exist yet
    assert fact_at(project, month=7).overdue_problems == 1
    assert fact_at(project, month=6).overdue_problems == 0


def test_a_cancelled_project_has_no_colour_whatever_its_problems(make, land):
    project = make()
    problem(project, land, D(2024, 3, 1), D(2024, 4, 1))
    change_status(project, Status.CANCELLED, on=D(2024, 6, 5), actor=None, reason="撤销")
    assert fact_at(project).colour is None


def test_other_reasons_are_kept(make, land):
    project = make()
    problem(project, land, D(2024, 6, 1), D(2024, 6, 20))
    approved(project, 2024, 4, "0")  # no effect on the lag: still 500 of 1,000
    MonthlyReport.objects.filter(project=project, period__month=6).update(late=True)
    assert fact_at(project).reasons == [ONE, "this month's report came after the deadline"]


def test_the_board_reads_a_constant_number_of_queries(make, land, power):
    def count(projects):
        with CaptureQueriesContext(connection) as captured:
            read(*projects)
        return len(captured)

    first = make()
    problem(first, land, D(2024, 6, 1), D(2024, 6, 20))
    read(first)  # the warning rules are created on first use
    one = count([first])
    more = [make() for _ in range(4)]
    for index, project in enumerate(more):
        for day in range(1, index + 3):
            problem(project, power, D(2024, 5, day), D(2024, 6, day))
    assert count([first, *more]) == one
    board = read(first, *more)
    assert [board.facts[p.pk].overdue_problems for p in more] == [2, 3, 4, 5]


# ---------------------------------------------------------------- the circular


@pytest.fixture
def late(make, land, power):
    """Two projects with problems, one more project out of the board."""
    a, b = make("丰帆储能装备制造项目"), make("铁东智慧物流园", region="tiedong")
    elsewhere = make("双鸭山石墨负极材料项目", region="jianshan")
    problem(a, land, D(2024, 5, 1), D(2024, 6, 10))  # 20 days
    problem(b, power, D(2024, 4, 1), D(2024, 5, 15), category=Category.POWER)  # 46 days
    problem(b, land, D(2024, 6, 1), D(2024, 7, 1))  # not due at June
    problem(a, power, D(2024, 5, 1), D(2024, 6, 1), resolved=D(2024, 6, 5))  # resolved in time
    problem(elsewhere, land, D(2024, 4, 1), D(2024, 5, 1))
    return a, b


def test_circular_lists_overdue_problems_most_overdue_first(late, django_assert_num_queries):
    a, b = late
    board = read(a, b)
    with translation.override("en"), django_assert_num_queries(1):
        rows = overdue_problems(board)
    # 2024-06-30 − 2024-05-15 = 16 + 30 = 46; 2024-06-30 − 2024-06-10 = 20
    assert [
        (r["project"], r["problem"], r["department"], r["deadline"], r["days_overdue"])
        for r in rows
    ] == [
        ("铁东智慧物流园", "Power", "鞍山供电公司", D(2024, 5, 15), 46),
        ("丰帆储能装备制造项目", "Land", "鞍山市自然资源局", D(2024, 6, 10), 20),
    ]


def test_circular_has_an_overdue_problems_section(late):
    a, b = late
    context = circular_context(Project.objects.filter(pk__in=[a.pk, b.pk]), 2024, 6, language="en")
    [section] = [s for s in context["sections"] if s["heading"] == "Overdue problems"]
    assert [row[1:] for row in section["table"]["rows"]] == [
        ["铁东智慧物流园", "Power", "鞍山供电公司", "05/15/2024", "46"],
        ["丰帆储能装备制造项目", "Land", "鞍山市自然资源局", "06/10/2024", "20"],
    ]


def test_circular_without_overdue_problems_has_no_such_section(make, land):
    project = make()
    problem(project, land, D(2024, 6, 1), D(2024, 7, 15))
    context = circular_context(Project.objects.filter(pk=project.pk), 2024, 6, language="en")
    assert "Overdue problems" not in [s["heading"] for s in context["sections"]]
