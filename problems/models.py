"""Problems routed to departments, their escalation, coordination meetings and notifications."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from core.changelog import audited
from core.concurrency import Versioned
from core.scoping import ScopedQuerySet
from problems.choices import (
    DEFAULT_DAYS,
    OPEN_STATUSES,
    Category,
    Channel,
    Delivery,
    Level,
    ProblemStatus,
    Webhook,
)
from projects.models import Project


class DepartmentQuerySet(ScopedQuerySet):
    def reachable_by(self, user):
        """Where the user may send a problem: their region's departments and those above it."""
        if user.sees_everything:
            return self.all()
        if user.region_id is None:
            return self.none()
        code = user.region.code
        above = {code[:4] + "00", code[:2] + "0000"} - {code}
        return self.filter(Q(pk__in=self.visible_to(user).values("pk")) | Q(region__code__in=above))


@audited(exclude=["webhook_secret"])
class Department(models.Model):
    """A functional department (land, power, environment…) that problems are routed to."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("email address"), blank=True)
    webhook = models.CharField(_("group robot"), max_length=10, choices=Webhook.choices, blank=True)
    webhook_url = models.URLField(_("robot webhook address"), blank=True)
    webhook_secret = models.CharField(
        _("robot signing secret"), max_length=200, blank=True, help_text=_("DingTalk only.")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="departments"
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("problems:department_detail", args=[self.pk])


@audited
class CategoryDeadline(models.Model):
    """How many days a problem of a category gets by default."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["category"]
        verbose_name = _("default deadline")
        verbose_name_plural = _("default deadlines")

    def __str__(self):
        return f"{self.get_category_display()}: {self.days}"

    @classmethod
    def default_deadline(cls, category, start=None):
        row = cls.objects.filter(category=category).first()
        days = row.days if row else DEFAULT_DAYS[Category(category)]
        return (start or timezone.localdate()) + datetime.timedelta(days=days)


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A department user sees only its department's problems; others, their projects'."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.DEPARTMENT and not user.sees_everything:
            return self.filter(department__members=user)
        from enterprises.models import Enterprise  # enterprises build on problems' models

        return self.filter(
            Q(project__in=Project.objects.visible_to(user).values("pk"))
            | Q(enterprise__in=Enterprise.objects.visible_to(user).values("pk"))
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())


@audited
class Problem(Versioned):
    """A difficulty of a project, routed to a department with a deadline ("one policy per case")."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    category = models.CharField(
        pgettext_lazy("problem", "category"), max_length=20, choices=Category.choices
    )
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    source_report = models.ForeignKey(
        "reports.MonthlyReport",
        verbose_name=_("raised from the monthly report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    lead_leader = models.ForeignKey(
        "projects.Person",
        verbose_name=_("lead leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(pgettext_lazy("problem", "deadline"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
        editable=False,
    )
    level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=Level.choices, default=Level.DEPARTMENT, editable=False
    )
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    evidence = models.FileField(_("evidence"), upload_to="problems/%Y/%m/", blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=False, enterprise__isnull=True)
                | Q(project__isnull=True, enterprise__isnull=False),
                name="problem_of_a_project_or_an_enterprise",
            ),
        ]

    def __str__(self):
        return f"{self.subject}: {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("problems:problem_detail", args=[self.pk])

    @property
    def subject(self):
        """The project or the enterprise the problem belongs to."""
        return self.project or self.enterprise

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.deadline < (today or timezone.localdate())

    @property
    def days_to_resolve(self):
        return (self.resolved_on - self.raised_on).days if self.resolved_on else None

    @property
    def resolved_on_time(self):
        return self.resolved_on is not None and self.resolved_on <= self.deadline


@audited
class Meeting(models.Model):
    """A coordination meeting chaired by a leader; its agenda is made of escalated problems."""

    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    held_on = models.DateField(_("date"))
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=[(Level.COUNTY, Level.COUNTY.label), (Level.MUNICIPAL, Level.MUNICIPAL.label)],
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        "projects.Person", verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self):
        return reverse("problems:meeting_detail", args=[self.pk])


@audited
class AgendaItem(models.Model):
    """One problem on a meeting's agenda, with the decision taken on it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    decision = models.TextField(_("decision"), blank=True)
    owner = models.ForeignKey(
        Department,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "problem"], name="problem_once_per_meeting")
        ]

    def __str__(self):
        return str(self.problem)


class Notification(models.Model):
    """One message about a problem to a department, kept so failures are seen and retried."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.get_channel_display()}: {self.subject}"
