"""Reporting periods, monthly reports and their approved revisions."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.changelog import audited
from core.concurrency import Versioned
from core.validators import money_field
from projects.models import ProjectPartQuerySet
from reports.choices import EDITABLE, PeriodStatus, ReportStatus


def default_deadline(year, month):
    """The 5th of the following month."""
    return datetime.date(year + month // 12, month % 12 + 1, 5)


class PeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reporting calendar is the same for everyone signed in."""
        return self.all() if user.is_authenticated else self.none()


@audited
class ReportingPeriod(models.Model):
    """One month of monthly scheduling, opened and later locked by the project office."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="one_period_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_1_12"),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    def get_absolute_url(self):
        return reverse("reports:period_detail", args=[self.year, self.month])

    @property
    def is_locked(self):
        return self.status == PeriodStatus.LOCKED

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def is_late(self, when):
        return timezone.localdate(when) > self.deadline


class ReportQuerySet(ProjectPartQuerySet):
    def approved(self):
        return self.filter(approved_completed__isnull=False)

    def in_year_to(self, year, month):
        return self.filter(period__year=year, period__month__lte=month)


@audited
class MonthlyReport(Versioned):
    """What one project completed in one month, as its unit reported it and as reviewed."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    completed = money_field(_("completed this month (万元)"))
    progress_text = models.TextField(_("physical progress"), blank=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("physical progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    workers = models.PositiveIntegerField(_("workers on site"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)
    over_total_explanation = models.TextField(
        _("why the total investment is exceeded"),
        blank=True,
        help_text=_("Needed when the investment since start exceeds the total investment."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    correction_reason = models.CharField(
        _("reason for correction"), max_length=300, blank=True, editable=False
    )
    return_reason = models.CharField(
        _("reason returned"), max_length=300, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    late = models.BooleanField(_("late"), default=False, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The figure every dashboard counts: the last approved revision's, None until approved.
    approved_completed = money_field(
        _("approved completed this month (万元)"), null=True, blank=True, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "-period__month", "project__name"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_report_per_period"),
            models.CheckConstraint(condition=Q(completed__gte=0), name="report_completed_gte_0"),
            models.CheckConstraint(
                condition=Q(approved_completed__isnull=True) | Q(approved_completed__gte=0),
                name="report_approved_gte_0",
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self._check_approved_figure()
        return super().save(*args, **kwargs)

    def _check_approved_figure(self):
        """The approved figure changes only together with a new revision (approve_report)."""
        before = MonthlyReport._base_manager.filter(pk=self.pk)
        before = before.values_list("approved_completed", "revision").first()
        if before and before[0] != self.approved_completed and self.revision != before[1] + 1:
            raise ValidationError(
                _("An approved figure changes only through a correction approved as a revision.")
            )

    @property
    def is_editable(self):
        return self.status in EDITABLE and not self.period.is_locked

    def others_of_project(self):
        return MonthlyReport.objects.filter(project_id=self.project_id).exclude(pk=self.pk)

    def since_start_before(self):
        """Approved investment of the months before this one."""
        earlier = self.others_of_project().filter(
            Q(period__year__lt=self.period.year)
            | Q(period__year=self.period.year, period__month__lt=self.period.month)
        )
        return earlier.approved().aggregate(t=Sum("approved_completed"))["t"] or 0

    def annual_plan(self):
        """The project's annual plan for the report's year (the largest of its lists')."""
        plans = self.project.memberships.filter(project_list__year=self.period.year)
        return plans.aggregate(plan=models.Max("annual_plan"))["plan"]

    def derived(self):
        """Year to date, since start and share of the annual plan, this month counted as is."""
        this_year = (
            self.others_of_project()
            .approved()
            .filter(period__year=self.period.year, period__month__lt=self.period.month)
        )
        ytd = (this_year.aggregate(t=Sum("approved_completed"))["t"] or 0) + self.completed
        plan = self.annual_plan()
        return {
            "ytd": ytd,
            "since_start": self.since_start_before() + self.completed,
            "annual_plan": plan,
            "plan_percent": ytd / plan * 100 if plan else None,
        }

    def check_against_total(self, since_start_before):
        """The since-start total may pass the total investment only with a written reason."""
        since_start = since_start_before + (self.completed or 0)
        if since_start > self.project.total_investment and not self.over_total_explanation.strip():
            raise ValidationError(
                {
                    "over_total_explanation": _(
                        "With this month the investment since start (%(since)s 万元) exceeds "
                        "the total investment (%(total)s 万元): explain why."
                    )
                    % {"since": since_start, "total": self.project.total_investment}
                }
            )


class ReportRevision(models.Model):
    """The figures of a report each time it was approved: revision 1 is "as reported then"."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    completed = money_field(_("completed this month (万元)"))
    progress_text = models.TextField(_("physical progress"), blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("physical progress (%)"))
    workers = models.PositiveIntegerField(_("workers on site"))
    narrative = models.TextField(_("narrative"), blank=True)
    reason = models.CharField(_("reason for correction"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_revision_number")
        ]

    def __str__(self):
        return f"{self.report} r{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("An approved revision is kept as it was approved."))
        return super().save(*args, **kwargs)


@audited
class Evidence(models.Model):
    """A photo or document that backs a monthly report."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("document title"), max_length=200)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title


class WarningRulesQuerySet(models.QuerySet):
    def current(self):
        """The one set of thresholds (created with the defaults of domain.md on first use)."""
        return self.get_or_create(pk=1)[0]


@audited
class WarningRules(models.Model):
    """The thresholds of the three colours and of the anomaly checks; an administrator may
    change them."""

    red_lag_points = models.DecimalField(
        _("red above a lag of (points)"), max_digits=5, decimal_places=1, default=15
    )
    yellow_lag_points = models.DecimalField(
        _("yellow above a lag of (points)"), max_digits=5, decimal_places=1, default=5
    )
    red_months_without_report = models.PositiveSmallIntegerField(
        _("red after months without an approved report"), default=2
    )
    red_milestone_overdue_days = models.PositiveSmallIntegerField(
        _("red when a milestone is overdue by more than (days)"), default=30
    )
    anomaly_month_share_percent = models.PositiveSmallIntegerField(
        _("anomaly when one month is above this share of the total investment (%)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    objects = WarningRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning rules")
        verbose_name_plural = _("warning rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(red_lag_points__gte=models.F("yellow_lag_points")),
                name="red_lag_above_yellow",
            )
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
