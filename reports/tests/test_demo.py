"""The demo monthly reports: two years of believable monthly scheduling, loaded once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count, F, Max, Q, Sum

from accounts.models import User
from core.models import ChangeLog
from projects.models import Membership, Project
from reports.anomalies import Code, anomalies
from reports.choices import PeriodStatus, ReportStatus
from reports.demo import SEEDED_ANOMALIES
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision
from reports.services import missing_projects


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (ReportingPeriod, MonthlyReport, ReportRevision, ChangeLog)
    }


def _plan(projects, year):
    """The annual plan of a set of outermost projects: each project's largest list plan."""
    rows = (
        Membership.objects.filter(project__in=projects, project_list__year=year)
        .values("project")
        .annotate(plan=Max("annual_plan"))
    )
    return sum(row["plan"] for row in rows)


def _done(projects, year, through=12):
    reports = MonthlyReport.objects.approved().filter(
        project__in=projects, period__year=year, period__month__lte=through
    )
    return reports.aggregate(t=Sum("approved_completed"))["t"] or Decimal(0)


@pytest.mark.django_db
def test_seed_demo_writes_two_years_of_monthly_reports_once():
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo reports:" in out.getvalue()
    reports = MonthlyReport.objects.all()

    # 2023-01 … 2024-12 with the default deadline, all locked but December 2024
    periods = ReportingPeriod.objects.filter(year__in=[2023, 2024])
    assert periods.count() == 24
    december = periods.get(year=2024, month=12)
    assert december.status == PeriodStatus.OPEN
    assert december.deadline == datetime.date(2025, 1, 5)
    assert set(periods.exclude(pk=december.pk).values_list("status", flat=True)) == {"locked"}

    # the workflow's invariants: approved figures, one revision per approval, late, returned
    approved = reports.filter(status=ReportStatus.APPROVED)
    assert approved.count() > 0.95 * reports.count()
    assert not approved.filter(Q(revision=0) | Q(approved_completed=None)).exists()
    assert not approved.exclude(approved_completed=F("completed")).exists()
    assert not approved.annotate(n=Count("revisions")).exclude(n=F("revision")).exists()
    assert not reports.exclude(status=ReportStatus.APPROVED).exclude(approved_completed=None)
    assert not reports.filter(status=ReportStatus.RETURNED, return_reason="").exists()
    for report in reports.exclude(submitted_at=None).select_related("period"):
        assert report.late == report.period.is_late(report.submitted_at), report
        assert report.reviewed_at is None or report.reviewed_at >= report.submitted_at

    # a report for every month a project was under way, never before its start or after its end
    assert not reports.filter(period__year=2023, project__actual_start__gt="2023-12-31").exists()
    for report in reports.filter(project__actual_completion__isnull=False).select_related(
        "period", "project"
    ):
        assert report.period.first_day <= report.project.actual_completion, report
        if report.period.last_day >= report.project.actual_completion:
            assert report.progress_percent == 100, report

    # since start never passes the total investment without a written reason
    over = Project.objects.annotate(since=Sum("reports__approved_completed")).filter(
        since__gt=F("total_investment")
    )
    for project in over:
        assert project.reports.exclude(over_total_explanation="").exists(), project

    # Anshan in 2023: close to its plan, about half by June (article 000: "double over half"),
    # and the Xi'anshan and Chentaigou iron mines got "nearly 4 billion yuan" in the first half
    anshan = Project.objects.filter(region__code__startswith="2103").outermost()
    plan = _plan(anshan, 2023)
    assert 0.85 <= _done(anshan, 2023) / plan <= 1.15
    assert 0.4 <= _done(anshan, 2023, through=6) / plan <= 0.6
    mines = Project.objects.filter(name__in=["西鞍山铁矿项目", "五矿陈台沟铁矿项目"])
    assert 350000 <= _done(mines, 2023, through=6) <= 420000  # 万元

    # seasons: the northern winter is near zero, May–October carries the year
    north = Project.objects.filter(region__code__startswith="2305").outermost()
    winter = _done(north, 2024, through=2)
    season = _done(north, 2024, through=10) - _done(north, 2024, through=4)
    assert winter < Decimal("0.03") * season

    # most projects' 2023 come close to their plans, a few lag, a few are ahead
    done = dict(
        MonthlyReport.objects.approved()
        .filter(period__year=2023)
        .values("project")
        .annotate(t=Sum("approved_completed"))
        .values_list("project", "t")
    )
    plans = Membership.objects.filter(project_list__year=2023, project__in=list(done))
    rows = plans.values("project").annotate(plan=Max("annual_plan"))
    shares = [done[row["project"]] / row["plan"] for row in rows]
    assert sum(0.8 <= s <= 1.1 for s in shares) >= 0.6 * len(shares)
    assert any(s < 0.7 for s in shares) and any(s > 1.1 for s in shares)

    # some late, returned-then-approved and corrected reports ("as reported then" kept)
    assert approved.filter(late=True).exists()
    assert ChangeLog.objects.filter(after__status="returned").exists()
    corrected = approved.filter(revision=2)
    assert 3 <= corrected.count() <= 30
    for report in corrected:
        first, second = report.revisions.order_by("number")
        assert first.reason == "" and second.reason == report.correction_reason != ""
        assert first.completed != second.completed == report.approved_completed

    # the open month: drafts, submitted, approved, and some projects still missing
    statuses = set(reports.filter(period=december).values_list("status", flat=True))
    assert {"draft", "submitted", "approved"} <= statuses
    admin = User.objects.get(username="admin")
    assert missing_projects(december, admin).exists()

    # one "create" in the change log per report, by a county or office user
    content_type = ContentType.objects.get_for_model(MonthlyReport)
    created = ChangeLog.objects.filter(content_type=content_type, action="create")
    assert created.count() == reports.count()
    assert set(created.values_list("actor__role", flat=True)) <= {"project_office", "county_office"}

    # the anomalies are exactly the ones seeded on purpose, one of each kind
    checked = reports.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
    checked = list(checked.select_related("project", "period"))
    found = anomalies(checked)
    raised = {(r.project.code, f"{r.period}", flag.code) for r in checked for flag in found[r.pk]}
    codes = dict(Project.objects.values_list("name", "code"))
    assert raised == {
        (codes[name], f"{year}-{month:02d}", code) for name, year, month, code in SEEDED_ANOMALIES
    }
    assert {code for *_, code in SEEDED_ANOMALIES} == set(Code)

    # a second run creates nothing
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo reports: already loaded" in out.getvalue()
    assert _counts() == before
