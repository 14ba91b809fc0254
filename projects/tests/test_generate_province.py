"""`manage.py generate_province`: a reproducible province whose rows keep the app's invariants."""

import datetime
import hashlib
import io
import statistics
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from core.models import ChangeLog, Industry, Region
from core.reference import load_industries, region_entries, sync
from core.validators import PROJECT_CODE, validate_credit_code
from enterprises.models import Enterprise
from problems.models import Problem
from projects.choices import STARTED_OR_LATER, TRANSITIONS, HistoryKind, Status
from projects.models import Membership, Milestone, Project, ProjectList, StatusChange
from projects.province import generated_models
from promotion.models import Contract, Lead
from reports.choices import PeriodStatus, ReportStatus
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision

UNTIL = "2025-06"
AS_OF = datetime.date(2025, 6, 30)
SIZE = 300


def _load_liaoning():
    """The reference data the generator needs: Liaoning's regions and the industries."""
    sync(Region, [e for e in region_entries() if e.code.startswith("21")])
    load_industries()


def _generate(seed=7, clear=False, rollups=False):
    out = io.StringIO()
    call_command(
        "generate_province",
        projects=SIZE,
        years=2,
        until=UNTIL,
        seed=seed,
        clear=clear,
        rollups=rollups,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def province(db):
    _load_liaoning()
    return _generate()


def digest():
    """sha256 of every generated row's values, ids left out and foreign keys replaced by what
    the row they point at says (regions and industries by code)."""
    shallow = {
        Region: dict(Region.objects.values_list("pk", "code")),
        Industry: dict(Industry.objects.values_list("pk", "code")),
    }
    models = sorted(generated_models(), key=lambda m: m._meta.label)
    for model in models:
        plain = [f for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key]
        rows = model._base_manager.values_list("pk", *[f.attname for f in plain])
        shallow[model] = {row[0]: repr([str(v) for v in row[1:]]) for row in rows}
    total = hashlib.sha256()
    for model in models:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        natural = []
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            natural.append(
                repr(
                    [
                        shallow.get(f.related_model, {}).get(v, v) if f.is_relation else str(v)
                        for f, v in zip(fields, row, strict=True)
                    ]
                )
            )
        total.update(model._meta.label.encode())
        for text in sorted(natural):
            total.update(text.encode())
    return total.hexdigest()


def test_it_writes_every_part_of_a_province_without_change_log_entries(province):
    assert Project.objects.count() == SIZE
    assert ReportingPeriod.objects.count() == 24
    assert Project.objects.values("region").distinct().count() > 50
    for model in (StatusChange, ProjectList, Membership, Milestone, MonthlyReport, Problem, Lead):
        assert model.objects.exists(), model
    assert Contract.objects.exclude(project=None).exists()
    assert (
        Enterprise.objects.count()
        >= Project.objects.values("investor_credit_code").distinct().count()
    )
    assert not ChangeLog.objects.exclude(content_type__app_label="core").exists()
    assert "rows in" in province


def test_codes_are_well_formed_and_investors_are_enterprises(province):
    for code, region in Project.objects.exclude(code=None).values_list("code", "region__code"):
        assert PROJECT_CODE.match(code) and code[5:11] == region, code
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    investors = set(Project.objects.exclude(investor_credit_code="").values_list(
        "investor_credit_code", flat=True))  # fmt: skip
    leads = set(Lead.objects.exclude(investor_credit_code="").values_list(
        "investor_credit_code", flat=True))  # fmt: skip
    assert investors | leads <= set(Enterprise.objects.values_list("credit_code", flat=True))


def test_each_status_is_the_end_of_its_history(province):
    history = {}
    for change in StatusChange.objects.order_by("on", "pk"):
        history.setdefault(change.project_id, []).append(change)
    for project in Project.objects.all():
        status, stalled, last = Status.RESERVE, False, None
        dates = {}
        for change in history.get(project.pk, []):
            assert last is None or change.on >= last
            assert change.from_status == status, project
            if change.kind == HistoryKind.STATUS:
                assert change.to_status in TRANSITIONS[Status(status)], project
                status, dates[change.to_status] = change.to_status, change.on
                stalled = stalled and change.to_status not in (Status.CANCELLED, Status.COMPLETED)
            else:
                assert status == Status.STARTED and change.reason
                stalled = change.kind == HistoryKind.STALL
            last = change.on
        assert (project.status, project.stalled) == (status, stalled), project
        assert project.actual_start == dates.get(Status.STARTED)
        assert project.actual_completion == dates.get(Status.COMPLETED)
        assert last is None or last <= AS_OF


def test_reports_only_for_months_under_construction(province):
    reports = MonthlyReport.objects.select_related("project", "period")
    assert reports.exists()
    for report in reports:
        project, period = report.project, report.period
        assert project.status in STARTED_OR_LATER | {Status.CANCELLED}
        assert project.actual_start <= period.last_day
        assert project.actual_completion is None or period.first_day <= project.actual_completion
    cancelled = reports.filter(project__status=Status.CANCELLED)
    for report in cancelled:
        on = report.project.history.get(to_status=Status.CANCELLED).on
        assert report.period.first_day <= on


def test_approved_reports_have_their_revisions(province):
    approved = MonthlyReport.objects.filter(status=ReportStatus.APPROVED)
    assert approved.count() > 0.9 * MonthlyReport.objects.count()
    assert not approved.filter(Q(approved_completed=None) | Q(revision=0)).exists()
    missing = approved.exclude(Exists(ReportRevision.objects.filter(report=OuterRef("pk"))))
    assert not missing.exists()
    counted = approved.annotate(n=Count("revisions")).exclude(n=F("revision"))
    assert not counted.exists()
    for report in approved.filter(revision__gte=2):
        assert report.revisions.get(number=report.revision).completed == report.approved_completed
    assert (
        not MonthlyReport.objects.exclude(status=ReportStatus.APPROVED)
        .filter(Q(approved_completed__isnull=False) | Q(revisions__isnull=False))
        .exists()
    )
    assert ReportRevision.objects.count() == approved.aggregate(n=Sum("revision"))["n"]


def test_past_periods_are_locked_and_the_last_one_is_open(province):
    open_ = ReportingPeriod.objects.get(status=PeriodStatus.OPEN)
    assert (open_.year, open_.month) == (2025, 6)
    locked = MonthlyReport.objects.filter(period__status=PeriodStatus.LOCKED)
    assert not locked.exclude(status=ReportStatus.APPROVED).exists()
    latest = set(open_.reports.values_list("status", flat=True))
    assert {ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT} <= latest
    assert MonthlyReport.objects.filter(late=True).exists()
    for report in MonthlyReport.objects.filter(late=True).select_related("period"):
        assert report.submitted_at.date() > report.period.deadline


def test_the_shapes_are_skewed_not_uniform(province):
    per_county = dict(Project.objects.values_list("region").annotate(n=Count("pk")))
    counts = sorted(per_county.get(c, 0) for c in Region.objects.filter(level="county")
                    .values_list("pk", flat=True))  # fmt: skip
    assert counts[-1] >= 4 * max(statistics.median(counts), 1)
    totals = [float(t) for t in Project.objects.filter(parent=None).values_list(
        "total_investment", flat=True)]  # fmt: skip
    median = statistics.median(totals)
    assert 5000 <= median <= 100000
    assert statistics.mean(totals) > 1.5 * median and max(totals) > 20 * median
    by_month = dict(MonthlyReport.objects.values_list("period__month").annotate(t=Sum("completed")))
    assert by_month[12] > 2 * by_month[2] and by_month[1] < by_month[6]
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {Status.RESERVE, Status.STARTED, Status.COMPLETED, Status.CANCELLED} <= statuses


def test_milestones_problems_and_leads_look_like_work_in_progress(province):
    overdue = Milestone.objects.filter(done_date=None, due_date__lt=AS_OF)
    assert overdue.exists() and Milestone.objects.exclude(done_date=None).exists()
    assert not Milestone.objects.filter(done_date__gt=AS_OF).exists()
    assert Problem.objects.open().filter(deadline__lt=AS_OF).exists()
    assert Problem.objects.filter(status="closed").exclude(satisfaction=None).exists()
    assert Lead.objects.values("stage").distinct().count() >= 5
    for lead in Lead.objects.annotate(steps=Count("stages")).filter(steps__gt=0):
        assert lead.stages.order_by("on", "pk").last().to_stage == lead.stage
    assert Membership.objects.filter(project__parent__isnull=False).exists()  # bundles' phases
    plans = Membership.objects.aggregate(total=Sum("annual_plan"))["total"]
    assert plans > Decimal(0)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(province):
    first = digest()
    _generate(seed=7, clear=True)
    assert digest() == first
    assert Project.objects.count() == SIZE
    _generate(seed=8, clear=True)
    assert digest() != first


def test_a_second_run_is_refused_without_clear(province):
    with pytest.raises(CommandError, match="--clear"):
        _generate(seed=7)
    assert Project.objects.count() == SIZE


@pytest.mark.django_db
def test_it_refuses_without_the_reference_data():
    with pytest.raises(CommandError, match="load_reference"):
        _generate()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_month_not_begun():
    with pytest.raises(CommandError, match="not begun"):
        call_command("generate_province", until="2999-01", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_dashboards_rollups_are_ready_after_generating():
    from dashboards.models import ProjectYear
    from projects.models import Membership

    _load_liaoning()
    _generate(rollups=True)
    on_lists = set(Membership.objects.values_list("project", "project_list__year"))
    rows = set(ProjectYear.objects.values_list("project", "year"))
    assert on_lists and rows == on_lists
    assert not ProjectYear.objects.filter(stale=True).exists()
