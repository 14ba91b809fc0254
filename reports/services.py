"""The monthly scheduling workflow: periods, and reports from draft to approved revisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import acting_as
from projects.choices import Status
from projects.models import Project
from reports.choices import EDITABLE, PeriodStatus, ReportStatus
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision, default_deadline
from reports.permissions import can_fill, can_manage_periods, can_review

NOT_REPORTING = {Status.RESERVE, Status.CANCELLED}


@transaction.atomic
def open_period(year, month, *, actor, deadline=None):
    if not can_manage_periods(actor):
        raise PermissionDenied
    period = ReportingPeriod(
        year=year, month=month, deadline=deadline or default_deadline(year, month)
    )
    if period.first_day > timezone.localdate():
        raise ValidationError({"month": _("A period cannot be opened before its month begins.")})
    if ReportingPeriod.objects.filter(year=year, month=month).exists():
        raise ValidationError(
            {"month": _("The period %(period)s is already open.") % {"period": period}}
        )
    if period.deadline <= period.last_day:
        raise ValidationError({"deadline": _("The deadline must fall after the end of the month.")})
    with acting_as(actor):
        period.save()
    return period


@transaction.atomic
def lock_period(period, *, actor):
    if not can_manage_periods(actor):
        raise PermissionDenied
    if period.is_locked:
        raise ValidationError(_("The period is already locked."))
    period.status, period.locked_at = PeriodStatus.LOCKED, timezone.now()
    with acting_as(actor):
        period.save(update_fields=["status", "locked_at"])
    return period


def check_reportable(project, period):
    """A project reports only once it is past reserve, and never when cancelled."""
    if project.status in NOT_REPORTING:
        raise ValidationError(
            _("“%(project)s” is %(status)s: it has no monthly report.")
            % {"project": project, "status": project.get_status_display()}
        )
    if period.is_locked:
        raise ValidationError(_("The period %(period)s is locked.") % {"period": period})


def _locked_for(report, user):
    # After locking, only a reviewer's correction of an approved report can change it.
    return report.period.is_locked and not (report.revision and can_review(user))


def editable_by(report, user):
    return (
        report.status in EDITABLE
        and not _locked_for(report, user)
        and can_fill(user, report.project)
    )


def _editable_by(report, actor):
    if report.status not in EDITABLE:
        raise ValidationError(_("Only a draft or returned report can be changed or submitted."))
    if _locked_for(report, actor):
        raise ValidationError(_("The period %(period)s is locked.") % {"period": report.period})
    if not can_fill(actor, report.project):
        raise PermissionDenied


def start_report(project, period, *, actor):
    """The draft of a project's report for a period (created on first use)."""
    check_reportable(project, period)
    if not can_fill(actor, project):
        raise PermissionDenied
    with acting_as(actor):
        report, _created = MonthlyReport.objects.get_or_create(
            project=project, period=period, defaults={"completed": 0}
        )
    return report


@transaction.atomic
def save_report(report, *, actor):
    """Save a report's figures from a validated form's instance."""
    _editable_by(MonthlyReport.objects.select_for_update().get(pk=report.pk), actor)
    with acting_as(actor):
        report.save()
    return report


@transaction.atomic
def submit_report(report, *, actor):
    report = (
        MonthlyReport.objects.select_for_update()
        .select_related("period", "project")
        .get(pk=report.pk)
    )
    _editable_by(report, actor)
    report.check_against_total(report.since_start_before())
    now = timezone.now()
    report.status, report.submitted_at, report.return_reason = ReportStatus.SUBMITTED, now, ""
    if not report.revision:
        report.late = report.period.is_late(now)
    with acting_as(actor):
        report.save(update_fields=["status", "submitted_at", "late", "return_reason"])
    return report


def _reviewable(report, actor):
    if not can_review(actor):
        raise PermissionDenied
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved or returned."))


@transaction.atomic
def approve_report(report, *, actor):
    """Lock the figures: they become the next revision and count on every dashboard."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _reviewable(report, actor)
    now = timezone.now()
    report.revision += 1
    report.status, report.reviewed_at, report.reviewed_by = ReportStatus.APPROVED, now, actor
    report.approved_completed = report.completed
    with acting_as(actor):
        report.save(
            update_fields=["revision", "status", "reviewed_at", "reviewed_by", "approved_completed"]
        )
        ReportRevision.objects.create(
            report=report,
            number=report.revision,
            completed=report.completed,
            progress_text=report.progress_text,
            progress_percent=report.progress_percent,
            workers=report.workers,
            narrative=report.narrative,
            reason=report.correction_reason,
            approved_at=now,
            approved_by=actor,
        )
    return report


@transaction.atomic
def return_report(report, *, reason, actor):
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _reviewable(report, actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
    report.status, report.return_reason = ReportStatus.RETURNED, reason.strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    with acting_as(actor):
        report.save(update_fields=["status", "return_reason", "reviewed_at", "reviewed_by"])
    return report


@transaction.atomic
def start_correction(report, *, reason, actor):
    """Reopen an approved report as a draft; the approved figures count until re-approval."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Only an approved report is corrected; change a draft directly."))
    if not can_review(actor):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A correction needs a reason.")})
    report.status, report.correction_reason = ReportStatus.DRAFT, reason.strip()
    with acting_as(actor):
        report.save(update_fields=["status", "correction_reason"])
    return report


def expected_projects(period, user=None):
    """Projects (in the user's scope, if given) that owe a report: under way during the period."""
    projects = Project.objects.all() if user is None else Project.objects.visible_to(user)
    return projects.filter(
        Q(actual_completion__isnull=True) | Q(actual_completion__gte=period.first_day),
        actual_start__lte=period.last_day,
    ).exclude(status=Status.CANCELLED)


def missing_projects(period, user=None):
    """Expected projects without a submitted or approved report for the period."""
    reported = MonthlyReport.objects.filter(
        period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    ).values("project")
    return expected_projects(period, user).exclude(pk__in=reported)
