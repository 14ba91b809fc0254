"""A project's year month by month: reported, approved, cumulative against its plan."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Sum

from reports.models import MonthlyReport, ReportRevision


@dataclass
class Month:
    month: int
    report: MonthlyReport | None
    approved: Decimal | None  # counts on dashboards
    pending: Decimal | None  # submitted, not yet approved
    cumulative: Decimal  # approved, January to this month
    planned_cumulative: Decimal | None  # annual plan × the project's own time progress


def project_year(project, year, as_reported=False):
    """Twelve months of one project, with the figures the S-curve draws.

    ``as_reported`` reads every approved month as first approved (revision 1), before any
    correction; otherwise months read as corrected (the last approved revision).
    """
    reports = {
        r.period.month: r
        for r in MonthlyReport.objects.filter(project=project, period__year=year).select_related(
            "period"
        )
    }
    first_approved = {}
    if as_reported:
        first_approved = dict(
            ReportRevision.objects.filter(
                report__project=project, report__period__year=year, number=1
            ).values_list("report__period__month", "completed")
        )
    plan = project.memberships.filter(project_list__year=year).aggregate(p=Max("annual_plan"))["p"]
    months, cumulative = [], Decimal(0)
    for month in range(1, 13):
        report = reports.get(month)
        approved = report.approved_completed if report else None
        if as_reported and approved is not None:
            approved = first_approved.get(month, approved)
        pending = report.completed if report and report.status == "submitted" else None
        cumulative += approved or 0
        planned = plan * project.time_progress(year, month) / 100 if plan is not None else None
        months.append(Month(month, report, approved, pending, cumulative, planned))
    return plan, months


def since_start(project):
    return MonthlyReport.objects.filter(project=project).approved().aggregate(
        t=Sum("approved_completed")
    )["t"] or Decimal(0)
