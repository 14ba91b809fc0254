"""The report workflow: draft → submitted → approved or returned; corrections as revisions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import ChangeLog
from projects.choices import Status
from reports import services
from reports.choices import ReportStatus
from reports.models import MonthlyReport


def filled(started, period, actor, completed="1200.5000"):
    report = services.start_report(started, period, actor=actor)
    report.completed = Decimal(completed)
    report.progress_percent = 10
    return services.save_report(report, actor=actor)


def test_unit_fills_and_submits_county_approves(started, periods, cast):
    report = filled(started, periods[1], cast.unit)
    report = services.submit_report(report, actor=cast.unit)
    assert report.status == ReportStatus.SUBMITTED
    report = services.approve_report(report, actor=cast.county)
    assert report.status == ReportStatus.APPROVED
    assert report.approved_completed == Decimal("1200.5000")
    assert [r.number for r in report.revisions.all()] == [1]


def test_project_unit_cannot_approve(started, periods, cast):
    report = services.submit_report(filled(started, periods[1], cast.unit), actor=cast.unit)
    with pytest.raises(PermissionDenied):
        services.approve_report(report, actor=cast.unit)


def test_unit_cannot_fill_a_project_it_does_not_build(library, periods, cast):
    from projects.services import change_status

    tiedong = change_status(
        library.tiedong, Status.STARTED, on=datetime.date(2024, 1, 5), actor=None
    )
    with pytest.raises(PermissionDenied):
        services.start_report(tiedong, periods[1], actor=cast.unit)


def test_return_needs_a_reason_and_allows_a_new_submission(started, periods, cast):
    report = services.submit_report(filled(started, periods[1], cast.unit), actor=cast.unit)
    with pytest.raises(ValidationError):
        services.return_report(report, reason=" ", actor=cast.county)
    report = services.return_report(report, reason="附件缺少现场照片", actor=cast.county)
    assert report.status == ReportStatus.RETURNED and report.return_reason == "附件缺少现场照片"
    report = services.submit_report(report, actor=cast.unit)
    assert report.status == ReportStatus.SUBMITTED and report.return_reason == ""


def test_nobody_edits_an_approved_report_in_place(started, periods, cast):
    report = services.submit_report(filled(started, periods[1], cast.unit), actor=cast.unit)
    report = services.approve_report(report, actor=cast.office)
    report.completed = Decimal("1")
    for actor in (cast.unit, cast.county, cast.office):
        with pytest.raises(ValidationError):
            services.save_report(report, actor=actor)
    with pytest.raises(ValidationError):
        services.submit_report(report, actor=cast.office)


def test_only_submitted_reports_are_reviewed(started, periods, cast):
    report = filled(started, periods[1], cast.unit)
    with pytest.raises(ValidationError):
        services.approve_report(report, actor=cast.county)


def test_correction_is_a_new_revision_and_keeps_the_old_figures(started, periods, cast):
    report = services.submit_report(filled(started, periods[1], cast.unit), actor=cast.unit)
    report = services.approve_report(report, actor=cast.county)
    with pytest.raises(ValidationError):
        services.start_correction(report, reason="", actor=cast.county)
    with pytest.raises(PermissionDenied):
        services.start_correction(report, reason="统计口径调整", actor=cast.unit)
    report = services.start_correction(report, reason="统计口径调整", actor=cast.county)
    assert report.approved_completed == Decimal("1200.5000")  # still counts meanwhile
    report.completed = Decimal("1000")
    services.save_report(report, actor=cast.county)
    services.submit_report(report, actor=cast.county)
    report = services.approve_report(report, actor=cast.office)
    first, second = report.revisions.all()
    assert (first.number, first.completed, first.reason) == (1, Decimal("1200.5000"), "")
    assert (second.number, second.completed, second.reason) == (2, Decimal("1000"), "统计口径调整")
    assert report.approved_completed == Decimal("1000")


def test_late_submission_is_marked_late(started, periods, cast):
    period = periods[1]
    period.deadline = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    report = services.submit_report(filled(started, period, cast.unit), actor=cast.unit)
    assert report.late


def test_on_time_submission_is_not_late(started, periods, cast):
    period = periods[1]
    period.deadline = timezone.localdate() + datetime.timedelta(days=1)
    period.save()
    assert not services.submit_report(filled(started, period, cast.unit), actor=cast.unit).late


def test_locked_period_refuses_new_reports_and_submissions(started, periods, cast):
    report = filled(started, periods[1], cast.unit)
    services.lock_period(periods[1], actor=cast.office)
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submit_report(report, actor=cast.unit)
    with pytest.raises(ValidationError):
        services.start_report(started, periods[1], actor=cast.unit)


def test_only_the_project_office_opens_and_locks_periods(db, cast):
    with pytest.raises(PermissionDenied):
        services.open_period(2024, 4, actor=cast.county)
    period = services.open_period(2024, 4, actor=cast.office)
    assert period.deadline == datetime.date(2024, 5, 5)
    with pytest.raises(ValidationError):
        services.open_period(2024, 4, actor=cast.office)
    with pytest.raises(PermissionDenied):
        services.lock_period(period, actor=cast.county)


def test_a_future_period_cannot_be_opened(db, cast):
    future = timezone.localdate() + datetime.timedelta(days=40)
    with pytest.raises(ValidationError):
        services.open_period(future.year, future.month, actor=cast.office)


@pytest.mark.parametrize("status", [Status.RESERVE, Status.CANCELLED])
def test_reserve_and_cancelled_projects_do_not_report(library, periods, cast, status):
    if status == Status.CANCELLED:
        from projects.services import change_status

        change_status(
            library.haicheng, status, on=datetime.date(2024, 1, 1), reason="撤资", actor=None
        )
    with pytest.raises(ValidationError):
        services.start_report(library.haicheng, periods[1], actor=cast.office)


def test_the_database_allows_one_report_per_project_and_period(started, periods, cast):
    from django.db import IntegrityError

    filled(started, periods[1], cast.unit)
    with pytest.raises(IntegrityError):
        MonthlyReport.objects.create(project=started, period=periods[1], completed=0)


def test_since_start_beyond_total_needs_an_explanation(started, periods, cast):
    report = filled(started, periods[1], cast.unit, completed="10000.0001")  # total is 10,000
    with pytest.raises(ValidationError) as error:
        services.submit_report(report, actor=cast.unit)
    assert "over_total_explanation" in error.value.message_dict
    report.over_total_explanation = "设备涨价，追加投资已报批"
    services.save_report(report, actor=cast.unit)
    assert services.submit_report(report, actor=cast.unit).status == ReportStatus.SUBMITTED


def test_every_step_is_in_the_change_log(started, periods, cast):
    report = services.submit_report(filled(started, periods[1], cast.unit), actor=cast.unit)
    services.approve_report(report, actor=cast.county)
    entries = ChangeLog.objects.for_object(report).order_by("pk")
    actors = [(e.actor.username, (e.after or {}).get("status")) for e in entries]
    assert ("unit", "submitted") in actors and ("county", "approved") in actors


def test_derived_figures_count_approved_months_only(started, periods, cast):
    for month, amount in [(1, "1000"), (2, "2000")]:
        report = services.submit_report(
            filled(started, periods[month], cast.unit, amount), actor=cast.unit
        )
        services.approve_report(report, actor=cast.county)
    pending = services.submit_report(filled(started, periods[3], cast.unit, "500"), actor=cast.unit)
    derived = pending.derived()
    assert derived["ytd"] == Decimal("3500")
    assert derived["since_start"] == Decimal("3500")
    assert derived["annual_plan"] == Decimal("5000")
    assert derived["plan_percent"] == Decimal("70")
    assert pending.since_start_before() == Decimal("3000")


def test_a_month_reads_as_reported_then_and_as_corrected(started, periods, cast):
    from reports.progress import project_year

    report = services.submit_report(filled(started, periods[1], cast.unit, "1200"), actor=cast.unit)
    report = services.approve_report(report, actor=cast.county)
    report = services.start_correction(report, reason="口径调整", actor=cast.county)
    report.completed = Decimal("900")
    services.save_report(report, actor=cast.county)
    services.approve_report(services.submit_report(report, actor=cast.county), actor=cast.office)
    _plan, corrected = project_year(started, 2024)
    _plan, reported = project_year(started, 2024, as_reported=True)
    assert corrected[0].approved == Decimal("900")
    assert reported[0].approved == Decimal("1200")
