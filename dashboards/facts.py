"""Per-project facts for year Y at the end of month M, read in a constant number of queries.

Every figure of domain.md is an aggregate of these facts: the plan of year Y, approved year-to-date,
status and stall as of the end of M (from the dated history, so a past month reads the same
tomorrow), milestones and problems overdue at the end of M, and the project's colour with its
reasons.
"""

import calendar
import datetime
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum

from problems.models import Problem
from projects.choices import STARTED_OR_LATER, HistoryKind, Status, YearPlan
from projects.models import Membership, Milestone, StatusChange
from reports.models import MonthlyReport, WarningRules

ZERO = Decimal(0)


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Facts:
    project: object
    plan: Decimal  # annual plan of year Y (the largest of its lists', or the filtered list's)
    planned_start_in_year: bool  # a list of year Y says it starts this year
    ytd: Decimal = ZERO  # approved, months 1..M of Y
    ytd_last_year: Decimal = ZERO  # approved, months 1..M of Y-1
    june: Decimal = ZERO  # approved, months 1..6 of Y
    pending: Decimal = ZERO  # submitted, not yet approved, months 1..M
    monthly: dict = field(default_factory=dict)  # month → approved, for charts and forecasts
    status: str = Status.RESERVE  # as of the end of M
    stalled: bool = False  # as of the end of M
    late_in_month: bool = False  # the report for M came after its deadline
    approved_periods: set = field(default_factory=set)  # (year, month) approved, Y-1 and Y
    overdue_days: int = 0  # the longest overdue milestone at the end of M
    overdue_problems: int = 0  # problems open past their deadline at the end of M
    problem_overdue_days: int = 0  # the longest overdue of them at the end of M
    colour: str = "green"
    reasons: list = field(default_factory=list)

    @property
    def started(self):
        return self.status in STARTED_OR_LATER

    @property
    def completion_rate(self):
        return self.ytd / self.plan * 100 if self.plan else None

    def time_progress(self, year, month):
        return self.project.time_progress(year, month)


def collect(projects, year, month, project_list=None):
    """Facts of every project in the queryset, keyed by project id."""
    return collect_months(projects, year, [month], project_list)[month]


def collect_months(projects, year, months, project_list=None):
    """{month: facts keyed by project id} for several months of year Y, all read at once.

    Each month's facts are exactly those ``collect`` gives for it; the queries grow with the
    number of months asked (milestones and problems are read month by month), never with the
    projects.
    """
    ends = {month: month_end(year, month) for month in sorted(set(months))}
    projects = list(projects.select_related("region", "leader", "parent"))
    ids = [p.pk for p in projects]
    memberships = Membership.objects.filter(project__in=ids, project_list__year=year)
    if project_list is not None:
        memberships = memberships.filter(project_list=project_list)
    plans, starting = plans_of(memberships.values_list("project", "annual_plan", "plan"))
    by_month = {
        month: {p.pk: Facts(p, plans[p.pk], p.pk in starting) for p in projects} for month in ends
    }
    _add_reports(by_month, ids, year)
    _add_history(by_month, ids, ends)
    _add_milestones(by_month, ids, ends)
    _add_problems(by_month, ids, ends)
    return by_month


def plans_of(memberships):
    """(plans, starting) from (key, annual plan, this year's plan) rows: the largest plan of each
    key, and the keys some membership plans to start this year."""
    plans = defaultdict(lambda: ZERO)
    starting = set()
    for key, plan, kind in memberships:
        plans[key] = max(plans[key], plan)
        if kind == YearPlan.START:
            starting.add(key)
    return plans, starting


def _add_reports(by_month, ids, year):
    # Year Y up to the last month asked; all of Y-1 (its first M months for growth, its last
    # ones for the gaps).
    this_year = Q(period__year=year, period__month__lte=max(by_month))
    rows = MonthlyReport.objects.filter(
        this_year | Q(period__year=year - 1), project__in=ids
    ).values_list(
        "project",
        "period__year",
        "period__month",
        "approved_completed",
        "completed",
        "status",
        "late",
    )
    months = sorted(by_month)
    for project_id, y, m, approved, completed, status, late in rows:
        for month in months if y == year - 1 else months[bisect_left(months, m) :]:
            fact = by_month[month][project_id]
            if approved is not None:
                fact.approved_periods.add((y, m))
            if y == year - 1:
                if m <= month:
                    fact.ytd_last_year += approved or ZERO
                continue
            if approved is not None:
                fact.ytd += approved
                fact.monthly[m] = approved
                if m <= 6:
                    fact.june += approved
            if status == "submitted":
                fact.pending += completed
            if m == month and late:
                fact.late_in_month = True


def _add_history(by_month, ids, ends):
    steps = StatusChange.objects.filter(project__in=ids, on__lte=max(ends.values()))
    rows = steps.order_by("on", "pk").values_list("project", "on", "kind", "to_status")
    for project_id, on, kind, to_status in rows:
        for month, facts in by_month.items():
            if on > ends[month]:
                continue
            fact = facts[project_id]
            if kind == HistoryKind.STATUS:
                fact.status = to_status
                if to_status in {Status.COMPLETED, Status.CANCELLED}:
                    fact.stalled = False
            else:
                fact.stalled = kind == HistoryKind.STALL


def _add_milestones(by_month, ids, ends):
    for month, end in ends.items():
        facts = by_month[month]
        open_at_end = Milestone.objects.filter(project__in=ids, due_date__lt=end).exclude(
            done_date__lte=end
        )
        for project_id, due in open_at_end.values_list("project", "due_date"):
            facts[project_id].overdue_days = max(facts[project_id].overdue_days, (end - due).days)


def overdue_problems_at(end):
    """Problems open past their deadline at the end of a day: raised by then, due before it,
    and not resolved by it (``resolved_on``, so a past month reads the same tomorrow)."""
    return Problem.objects.filter(raised_on__lte=end, deadline__lt=end).exclude(
        resolved_on__lte=end
    )


def _add_problems(by_month, ids, ends):
    for month, end in ends.items():
        facts = by_month[month]
        overdue = overdue_problems_at(end).filter(project__in=ids).order_by().values("project")
        for project_id, count, oldest in overdue.annotate(
            n=Count("pk"), d=Min("deadline")
        ).values_list("project", "n", "d"):
            facts[project_id].overdue_problems = count
            facts[project_id].problem_overdue_days = (end - oldest).days


def total(values):
    return sum(values, ZERO)


def approved_by_month(project_ids, year):
    """{month: approved total} of the projects in year Y (for seasonal profiles)."""
    rows = (
        MonthlyReport.objects.approved()
        .filter(project__in=project_ids, period__year=year)
        .values_list("period__month")
        .annotate(t=Sum("approved_completed"))
    )
    return dict(rows)


def rules():
    return WarningRules.objects.current()
