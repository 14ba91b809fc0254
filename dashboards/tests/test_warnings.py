"""The three colours of domain.md, one rule at a time, each with its reason in words."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from dashboards import queries
from projects.choices import Status, YearPlan
from projects.models import Project
from projects.services import change_status, resume_project, stall_project
from projects.tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectListFactory,
)
from reports.models import MonthlyReport, ReportingPeriod, WarningRules, default_deadline

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Every project below has an annual plan of 1,000 万元 for 2024; read at June 2024, a project whose
# working year starts in January has an own time progress of 6 ÷ 12 × 100 = 50.
PLAN = Decimal("1000")
LAST_SPRING, STARTED_LAST_SPRING = D(2023, 3, 1), D(2023, 3, 10)

LAGGING_REASON = "%s points behind its own time progress"
NO_REPORT_REASON = "no approved report for the last %d months"
OVERDUE_REASON = "a milestone is %d days overdue"
LATE_REASON = "this month's report came after the deadline"


def period(year, month):
    found = ReportingPeriod.objects.filter(year=year, month=month).first()
    return found or ReportingPeriod.objects.create(
        year=year, month=month, deadline=default_deadline(year, month)
    )


def approved(project, year, month, amount, *, submitted_on=None):
    """An approved report; ``submitted_on`` after the period's deadline makes it late."""
    amount, reporting = Decimal(amount), period(year, month)
    submitted_at = late = None
    if submitted_on is not None:
        submitted_at = datetime.datetime.combine(submitted_on, datetime.time(10), SHANGHAI)
        late = reporting.is_late(submitted_at)
    return MonthlyReport.objects.create(
        project=project,
        period=reporting,
        completed=amount,
        approved_completed=amount,
        status="approved",
        revision=1,
        submitted_at=submitted_at,
        late=bool(late),
    )


def submitted(project, year, month, amount):
    return MonthlyReport.objects.create(
        project=project,
        period=period(year, month),
        completed=Decimal(amount),
        approved_completed=None,
        status="submitted",
    )


@pytest.fixture
def plan_list(cast):
    return ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])


@pytest.fixture
def make(cast, plan_list):
    """make(): a project on the 2024 list with a plan of 1,000, started as asked."""

    def build(*, planned_start=LAST_SPRING, started_on=STARTED_LAST_SPRING, kind=YearPlan.CONTINUE):
        project = ProjectFactory(region=cast.regions["haicheng"], planned_start=planned_start)
        MembershipFactory(project=project, project_list=plan_list, annual_plan=PLAN, plan=kind)
        if started_on is not None:
            change_status(project, Status.STARTED, on=started_on, actor=None)
        return project

    return build


def read(*projects, year=2024, month=6):
    with translation.override("en"):
        return queries.board(Project.objects.filter(pk__in=[p.pk for p in projects]), year, month)


def fact_at(project, year=2024, month=6):
    return read(project, year=year, month=month).facts[project.pk]


def on_pace(project):
    """May 250 + June 250 = 500 ÷ 1,000 × 100 = 50: no lag at June."""
    approved(project, 2024, 5, "250")
    approved(project, 2024, 6, "250")


# ---------------------------------------------------------------- green


def test_project_on_pace_is_green_without_reasons(make):
    project = make()
    on_pace(project)
    fact = fact_at(project)
    assert (fact.colour, fact.reasons) == ("green", [])


# ---------------------------------------------------------------- lag


def test_lag_of_more_than_15_points_is_red(make):
    project = make()
    approved(project, 2024, 5, "140")
    approved(project, 2024, 6, "200")
    fact = fact_at(project)
    # 50 − (140 + 200) ÷ 1,000 × 100 = 50 − 34 = 16 > 15
    assert fact.colour == "red"
    assert fact.reasons == [LAGGING_REASON % "16.0"]


def test_lag_of_exactly_15_points_is_only_yellow(make):
    project = make()
    approved(project, 2024, 5, "150")
    approved(project, 2024, 6, "200")
    fact = fact_at(project)
    # 50 − 350 ÷ 1,000 × 100 = 15, not more than 15; more than 5
    assert fact.colour == "yellow"
    assert fact.reasons == [LAGGING_REASON % "15.0"]


def test_lag_of_more_than_5_points_is_yellow(make):
    project = make()
    approved(project, 2024, 5, "200")
    approved(project, 2024, 6, "200")
    fact = fact_at(project)
    # 50 − 400 ÷ 1,000 × 100 = 10 > 5
    assert fact.colour == "yellow"
    assert fact.reasons == [LAGGING_REASON % "10.0"]


def test_lag_of_exactly_5_points_is_green(make):
    project = make()
    approved(project, 2024, 5, "200")
    approved(project, 2024, 6, "250")
    fact = fact_at(project)
    # 50 − 450 ÷ 1,000 × 100 = 5, not more than 5
    assert (fact.colour, fact.reasons) == ("green", [])


def test_lag_is_measured_against_the_projects_own_time_progress(make):
    project = make(planned_start=D(2024, 5, 1), started_on=D(2024, 5, 6), kind=YearPlan.START)
    approved(project, 2024, 5, "100")
    approved(project, 2024, 6, "100")
    fact = fact_at(project)
    # own time progress 2 ÷ 8 × 100 = 25; 25 − 200 ÷ 1,000 × 100 = 5 → green
    # (against the city's 50 it would be 30 points, red)
    assert (fact.colour, fact.reasons) == ("green", [])


# ---------------------------------------------------------------- stalled


def test_stalled_project_is_red(make):
    project = make()
    on_pace(project)
    stall_project(project, on=D(2024, 5, 10), reason="环评未批", actor=None)
    fact = fact_at(project)
    assert fact.colour == "red"
    assert fact.reasons == ["stalled"]


def test_resumed_project_is_no_longer_red_for_the_stall(make):
    project = make()
    on_pace(project)
    stall_project(project, on=D(2024, 5, 10), reason="环评未批", actor=None)
    resume_project(project, on=D(2024, 6, 10), actor=None)
    assert (fact_at(project).colour, fact_at(project).reasons) == ("green", [])
    # May is read as it was: stalled at the end of May
    may = fact_at(project, month=5)
    assert may.colour == "red"
    assert "stalled" in may.reasons


# ---------------------------------------------------------------- planned start missed


def test_planned_start_passed_without_a_start_is_red(make):
    project = make(planned_start=D(2024, 4, 15), started_on=None, kind=YearPlan.START)
    change_status(project, Status.SIGNED, on=D(2024, 2, 1), actor=None)
    fact = fact_at(project)
    assert fact.colour == "red"
    assert fact.reasons == ["planned to start on 2024-04-15 and not started"]


def test_planned_start_still_ahead_is_not_red(make):
    project = make(planned_start=D(2024, 4, 15), started_on=None, kind=YearPlan.START)
    change_status(project, Status.SIGNED, on=D(2024, 2, 1), actor=None)
    fact = fact_at(project, month=3)
    assert (fact.colour, fact.reasons) == ("green", [])


def test_planned_start_met_late_is_not_red_once_started(make):
    project = make(planned_start=D(2024, 4, 15), started_on=D(2024, 6, 3), kind=YearPlan.START)
    # at May it had not started yet
    assert fact_at(project, month=5).colour == "red"
    june = fact_at(project, month=6)
    assert not any("planned to start" in reason for reason in june.reasons)


# ---------------------------------------------------------------- months without a report


def test_no_approved_report_for_the_last_2_months_is_red(make):
    project = make()
    approved(project, 2024, 3, "200")
    approved(project, 2024, 4, "300")
    submitted(project, 2024, 6, "100")  # submitted is not approved
    fact = fact_at(project)
    # May and June have no approved report; lag 50 − 500 ÷ 1,000 × 100 = 0
    assert fact.colour == "red"
    assert fact.reasons == [NO_REPORT_REASON % 2]


def test_one_approved_report_in_the_last_2_months_is_enough(make):
    project = make()
    approved(project, 2024, 5, "500")
    fact = fact_at(project)
    # May approved, June missing; lag 50 − 500 ÷ 1,000 × 100 = 0
    assert (fact.colour, fact.reasons) == ("green", [])


def test_project_started_in_the_month_read_is_not_red_for_missing_reports(make):
    project = make(planned_start=D(2024, 6, 1), started_on=D(2024, 6, 3), kind=YearPlan.START)
    fact = fact_at(project)
    # only June since its start: not 2 months yet. Its lag: own time progress 1 ÷ 7 × 100 =
    # 14.29 (working year June–December), − 0 = 14.3 points → yellow
    assert fact.colour == "yellow"
    assert fact.reasons == [LAGGING_REASON % "14.3"]


def test_project_started_the_month_before_without_reports_is_red(make):
    # domain.md: "no approved report for the last 2 months since its start". Started in May,
    # read at June: May and June are both since its start, and neither has an approved report.
    project = make(planned_start=D(2024, 5, 1), started_on=D(2024, 5, 6), kind=YearPlan.START)
    fact = fact_at(project)
    assert fact.colour == "red"
    assert NO_REPORT_REASON % 2 in fact.reasons


def test_no_approved_report_across_the_new_year_is_red(make):
    project = make()
    for month in range(3, 11):
        approved(project, 2023, month, "100")
    fact = fact_at(project, year=2024, month=1)
    # last 2 months at January 2024: December 2023 and January 2024, both since the start in
    # March 2023, neither approved → red
    assert fact.colour == "red"
    assert NO_REPORT_REASON % 2 in fact.reasons


def test_approved_december_report_counts_in_january(make):
    project = make()
    approved(project, 2023, 12, "100")
    fact = fact_at(project, year=2024, month=1)
    # December 2023 approved: not red for reports. Lag 1 ÷ 12 × 100 − 0 = 8.33 → yellow
    assert fact.colour == "yellow"
    assert fact.reasons == [LAGGING_REASON % "8.3"]


# ---------------------------------------------------------------- milestones


def test_milestone_overdue_more_than_30_days_is_red(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 5, 30))
    fact = fact_at(project)
    # 2024-06-30 − 2024-05-30 = 31 days > 30
    assert fact.colour == "red"
    assert fact.reasons == [OVERDUE_REASON % 31]


def test_milestone_overdue_30_days_is_yellow(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 5, 31))
    fact = fact_at(project)
    # 2024-06-30 − 2024-05-31 = 30 days: overdue, not more than 30
    assert fact.colour == "yellow"
    assert fact.reasons == [OVERDUE_REASON % 30]


def test_milestone_overdue_by_a_day_is_yellow(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 6, 29))
    fact = fact_at(project)
    # 2024-06-30 − 2024-06-29 = 1 day
    assert fact.colour == "yellow"
    assert fact.reasons == [OVERDUE_REASON % 1]


def test_milestone_done_by_the_end_of_the_month_is_not_overdue(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 5, 1), done_date=D(2024, 6, 15))
    assert (fact_at(project).colour, fact_at(project).reasons) == ("green", [])


def test_milestone_done_after_the_month_was_overdue_in_that_month(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 5, 1), done_date=D(2024, 7, 10))
    fact = fact_at(project)
    # at 2024-06-30 it was still open: 30 days of May + 30 of June = 60 days > 30
    assert fact.colour == "red"
    assert fact.reasons == [OVERDUE_REASON % 60]


# ---------------------------------------------------------------- late report


def test_report_for_the_month_submitted_late_is_yellow(make):
    project = make()
    approved(project, 2024, 5, "250")
    approved(project, 2024, 6, "250", submitted_on=D(2024, 7, 8))  # deadline 2024-07-05
    fact = fact_at(project)
    assert fact.colour == "yellow"
    assert fact.reasons == [LATE_REASON]


def test_report_for_the_month_submitted_on_time_is_green(make):
    project = make()
    approved(project, 2024, 5, "250")
    approved(project, 2024, 6, "250", submitted_on=D(2024, 7, 5))  # on the deadline
    assert (fact_at(project).colour, fact_at(project).reasons) == ("green", [])


def test_late_report_of_an_earlier_month_does_not_colour_this_month(make):
    project = make()
    approved(project, 2024, 5, "250", submitted_on=D(2024, 6, 20))  # deadline 2024-06-05
    approved(project, 2024, 6, "250", submitted_on=D(2024, 7, 1))
    assert (fact_at(project).colour, fact_at(project).reasons) == ("green", [])
    # read at May, it is May's report that came late (and 5 ÷ 12 × 100 − 25 = 16.7 behind)
    assert fact_at(project, month=5).reasons == [LAGGING_REASON % "16.7", LATE_REASON]


# ---------------------------------------------------------------- cancelled, counts, rules


def test_cancelled_project_has_no_colour(make):
    project = make()
    stall_project(project, on=D(2024, 3, 1), reason="资金链断裂", actor=None)
    change_status(project, Status.CANCELLED, on=D(2024, 4, 1), reason="投资方撤资", actor=None)
    b = read(project)
    assert (b.facts[project.pk].colour, b.facts[project.pk].reasons) == (None, [])
    assert queries.warnings(b) == {"red": 0, "yellow": 0, "green": 0}


def test_project_cancelled_after_the_month_keeps_that_months_colour(make):
    project = make()
    stall_project(project, on=D(2024, 3, 1), reason="资金链断裂", actor=None)
    change_status(project, Status.CANCELLED, on=D(2024, 8, 1), reason="投资方撤资", actor=None)
    fact = fact_at(project)
    assert fact.colour == "red"
    assert "stalled" in fact.reasons


def test_every_red_and_yellow_reason_is_listed(make):
    project = make()
    approved(project, 2024, 5, "200")
    approved(project, 2024, 6, "200", submitted_on=D(2024, 7, 8))
    stall_project(project, on=D(2024, 6, 1), reason="环评未批", actor=None)
    fact = fact_at(project)
    # lag 50 − 40 = 10 (yellow), stalled (red), June's report late (yellow)
    assert fact.colour == "red"
    assert sorted(fact.reasons) == sorted([LAGGING_REASON % "10.0", "stalled", LATE_REASON])


def test_colours_are_counted_over_the_set(make):
    green, yellow, red = make(), make(), make()
    on_pace(green)
    approved(yellow, 2024, 6, "400")  # lag 50 − 40 = 10
    approved(red, 2024, 6, "300")  # lag 50 − 30 = 20
    cancelled = make()
    change_status(cancelled, Status.CANCELLED, on=D(2024, 5, 1), reason="撤资", actor=None)
    assert queries.warnings(read(green, yellow, red, cancelled)) == {
        "red": 1,
        "yellow": 1,
        "green": 1,
    }


def test_raising_the_lag_thresholds_changes_the_colours(make):
    lag_16, lag_10 = make(), make()
    approved(lag_16, 2024, 6, "340")  # 50 − 34 = 16
    approved(lag_10, 2024, 6, "400")  # 50 − 40 = 10
    before = read(lag_16, lag_10)
    assert (before.facts[lag_16.pk].colour, before.facts[lag_10.pk].colour) == ("red", "yellow")
    rules = WarningRules.objects.current()
    rules.red_lag_points, rules.yellow_lag_points = Decimal("20"), Decimal("10")
    rules.save()
    after = read(lag_16, lag_10)
    # 16 ≤ 20 but > 10 → yellow; 10 is not more than 10 → green
    assert (after.facts[lag_16.pk].colour, after.facts[lag_10.pk].colour) == ("yellow", "green")


def test_raising_the_milestone_threshold_changes_the_colour(make):
    project = make()
    on_pace(project)
    MilestoneFactory(project=project, due_date=D(2024, 5, 30))  # 31 days at 2024-06-30
    assert fact_at(project).colour == "red"
    rules = WarningRules.objects.current()
    rules.red_milestone_overdue_days = 60
    rules.save()
    fact = fact_at(project)
    assert fact.colour == "yellow"
    assert fact.reasons == [OVERDUE_REASON % 31]


def test_changing_the_months_without_a_report_changes_the_colour(make):
    project = make()
    approved(project, 2024, 4, "500")  # lag 50 − 50 = 0; nothing approved in May or June
    assert fact_at(project).colour == "red"
    rules = WarningRules.objects.current()
    rules.red_months_without_report = 3
    rules.save()
    # April, May, June: April is approved → not red
    assert (fact_at(project).colour, fact_at(project).reasons) == ("green", [])
