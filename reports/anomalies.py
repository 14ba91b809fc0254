"""Anomalies in reported figures: checks a reviewer reads before approving, listed on dashboards.

Each report's own figure counts as reported (``completed``); the other months count with their
approved figures only, as in ``MonthlyReport.derived()``. The checks:

- since_start_down: the since-start total recorded with this report is below the one recorded
  with the project's previous approved report (the latest earlier month approved). The total
  recorded with a report sums the figures of its month and every month before it, each as
  approved at the time the report was last approved; a report not approved yet (submitted, or a
  correction under review) reads the months before it as approved now. Figures are never
  negative, so the total goes down only when corrections lower earlier months by more than the
  months added since: the circular's "since start" would shrink from one month to the next.
- month_share: the month's figure is above the configured share (WarningRules) of the project's
  total investment.
- ytd_over_plan: the year to date, this month counted, is above 1.5 × the year's annual plan
  (the largest of the project's lists' for that year), when there is a plan.
- repeated_figure: the same non-zero figure this month and in each of the two months before.
- outside_construction: a non-zero figure for a month before the month of the actual start or
  after the month of the actual completion, or while the project has no actual start.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import money
from projects.models import Membership
from reports.choices import ReportStatus
from reports.models import MonthlyReport, ReportRevision, WarningRules

YTD_PLAN_LIMIT = Decimal("1.5")
REPEATS = 3  # months running
ZERO = Decimal(0)


class Code(models.TextChoices):
    SINCE_START_DOWN = "since_start_down", gettext_lazy("since-start total went down")
    MONTH_SHARE = "month_share", gettext_lazy("one month, a large share of the total investment")
    YTD_OVER_PLAN = "ytd_over_plan", gettext_lazy("year to date far above the annual plan")
    REPEATED_FIGURE = "repeated_figure", gettext_lazy("the same figure three months running")
    OUTSIDE_CONSTRUCTION = "outside_construction", gettext_lazy("investment outside construction")


@dataclass(frozen=True)
class Anomaly:
    code: str
    text: str

    @property
    def label(self):
        return Code(self.code).label


@dataclass
class _Month:
    """Another month of the project, as the checks need it."""

    pk: int
    approved: Decimal | None
    last_approved_at: object  # the time of its latest revision, None without revisions


def anomalies(reports, rules=None):
    """{report pk: [Anomaly, …]} for reports with their project and period loaded.

    Five queries or fewer, however many reports: their projects' months up to the latest of
    them, those months' revisions, the annual plans and the rules.
    """
    reports = list(reports)
    if not reports:
        return {}
    rules = rules or WarningRules.objects.current()
    months, revisions = _months(reports)
    plans = _plans(reports)
    found = {}
    for report in reports:
        history = months[report.project_id]
        flags = [
            _since_start_down(report, history, revisions),
            _month_share(report, rules.anomaly_month_share_percent),
            _ytd_over_plan(report, history, plans.get((report.project_id, report.period.year))),
            _repeated_figure(report, history),
            _outside_construction(report),
        ]
        found[report.pk] = [flag for flag in flags if flag]
    return found


def reported_in(project_ids, year, month):
    """The submitted and approved reports of a month (what a dashboard of month M checks)."""
    return (
        MonthlyReport.objects.filter(
            project__in=project_ids,
            period__year=year,
            period__month=month,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        .select_related("project__region", "period")
        .order_by("project__name", "pk")
    )


# ---------------------------------------------------------------- reading


def _key(year, month):
    return year * 12 + month - 1


def _label(key):
    return f"{key // 12}-{key % 12 + 1:02d}"


def _report_key(report):
    return _key(report.period.year, report.period.month)


def _months(reports):
    """{project id: {month key: _Month}} up to the latest report, and {report pk: revisions}."""
    ids = {r.project_id for r in reports}
    last = max(_report_key(r) for r in reports)
    year, month = last // 12, last % 12 + 1
    until = Q(period__year__lt=year) | Q(period__year=year, period__month__lte=month)
    rows = MonthlyReport.objects.filter(until, project__in=ids).values_list(
        "pk", "project", "period__year", "period__month", "approved_completed"
    )
    months = defaultdict(dict)
    for pk, project_id, y, m, approved in rows:
        months[project_id][_key(y, m)] = _Month(pk, approved, None)
    revisions = defaultdict(list)
    for report_id, completed, approved_at in (
        ReportRevision.objects.filter(
            Q(report__period__year__lt=year)
            | Q(report__period__year=year, report__period__month__lte=month),
            report__project__in=ids,
        )
        .order_by("report", "number")
        .values_list("report", "completed", "approved_at")
    ):
        revisions[report_id].append((approved_at, completed))
    for history in months.values():
        for entry in history.values():
            if revisions[entry.pk]:
                entry.last_approved_at = revisions[entry.pk][-1][0]
    return months, revisions


def _plans(reports):
    """{(project id, year): the largest annual plan of its lists of that year}."""
    ids = {r.project_id for r in reports}
    years = {r.period.year for r in reports}
    rows = (
        Membership.objects.filter(project__in=ids, project_list__year__in=years)
        .values_list("project", "project_list__year")
        .annotate(plan=Max("annual_plan"))
        .order_by()
    )
    return {(project_id, year): plan for project_id, year, plan in rows}


def _figure_at(entry, revisions, when):
    """A month's figure as approved at ``when`` (now when None); a month approved without
    recorded revisions counts with its approved figure whenever it is read."""
    history = revisions.get(entry.pk) or []
    if when is None or not history:
        return entry.approved
    in_force = [completed for approved_at, completed in history if approved_at <= when]
    return in_force[-1] if in_force else None


def _recorded_since_start(history, revisions, key, own, when):
    """The since-start total through month ``key``, its own figure ``own``, as of ``when``."""
    earlier = (e for k, e in history.items() if k < key)
    return sum((_figure_at(e, revisions, when) or ZERO for e in earlier), ZERO) + own


# ---------------------------------------------------------------- the checks


def _since_start_down(report, history, revisions):
    key = _report_key(report)
    previous = max(
        (k for k, e in history.items() if k < key and e.approved is not None), default=None
    )
    if previous is None:
        return None
    entry = history[previous]
    before = _recorded_since_start(
        history, revisions, previous, entry.approved, entry.last_approved_at
    )
    own, when = report.completed, None
    if report.status == ReportStatus.APPROVED:
        own = report.approved_completed
        when = history[key].last_approved_at if key in history else None
    after = _recorded_since_start(history, revisions, key, own, when)
    if after >= before:
        return None
    text = _(
        "since start %(after)s with %(period)s, below the %(before)s recorded with %(previous)s"
    ) % {
        "after": money.wan(after),
        "period": _label(key),
        "before": money.wan(before),
        "previous": _label(previous),
    }
    return Anomaly(Code.SINCE_START_DOWN, text)


def _month_share(report, percent):
    total = report.project.total_investment
    if not total or report.completed * 100 <= total * percent:
        return None
    text = _(
        "completed %(amount)s in %(period)s, %(share)s of the total investment %(total)s "
        "(limit %(limit)s)"
    ) % {
        "amount": money.wan(report.completed),
        "period": _label(_report_key(report)),
        "share": money.percent(report.completed / total * 100),
        "total": money.wan(total),
        "limit": money.percent(percent, 0),
    }
    return Anomaly(Code.MONTH_SHARE, text)


def _ytd_over_plan(report, history, plan):
    if not plan:
        return None
    key = _report_key(report)
    january = _key(report.period.year, 1)
    earlier = (e.approved or ZERO for k, e in history.items() if january <= k < key)
    ytd = sum(earlier, ZERO) + report.completed
    if ytd <= plan * YTD_PLAN_LIMIT:
        return None
    text = _(
        "year to date %(ytd)s by %(period)s, %(share)s of the annual plan %(plan)s "
        "(limit %(limit)s)"
    ) % {
        "ytd": money.wan(ytd),
        "period": _label(key),
        "share": money.percent(ytd / plan * 100),
        "plan": money.wan(plan),
        "limit": money.percent(YTD_PLAN_LIMIT * 100, 0),
    }
    return Anomaly(Code.YTD_OVER_PLAN, text)


def _repeated_figure(report, history):
    figure, key = report.completed, _report_key(report)
    if not figure:
        return None
    before = [history.get(key - back) for back in range(1, REPEATS)]
    if not all(entry and entry.approved == figure for entry in before):
        return None
    text = _("completed the same %(amount)s in %(months)s") % {
        "amount": money.wan(figure),
        "months": ", ".join(_label(k) for k in range(key - REPEATS + 1, key + 1)),
    }
    return Anomaly(Code.REPEATED_FIGURE, text)


def _outside_construction(report):
    figure, key, project = report.completed, _report_key(report), report.project
    if not figure:
        return None
    start, end = project.actual_start, project.actual_completion
    values = {"amount": money.wan(figure), "period": _label(key)}
    if start is None:
        text = _("completed %(amount)s in %(period)s, but the project has not started") % values
    elif key < _key(start.year, start.month):
        values["date"] = start.isoformat()
        text = _("completed %(amount)s in %(period)s, before the start on %(date)s") % values
    elif end is not None and key > _key(end.year, end.month):
        values["date"] = end.isoformat()
        text = _("completed %(amount)s in %(period)s, after the completion on %(date)s") % values
    else:
        return None
    return Anomaly(Code.OUTSIDE_CONSTRUCTION, text)
