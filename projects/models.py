"""The project library: projects, people, key-project lists, Five Ones, milestones, history."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.changelog import audited
from core.concurrency import Versioned
from core.scoping import PartQuerySet, ScopedQuerySet
from core.validators import money_field, validate_credit_code, validate_project_code
from projects.choices import (
    STARTED_OR_LATER,
    Category,
    HistoryKind,
    InvestmentSource,
    ListLevel,
    MilestoneCode,
    MilestoneType,
    Nature,
    Status,
    YearPlan,
)


@audited
class Person(models.Model):
    """A leader, responsible person or working-group member, who may or may not be a user."""

    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}（{self.title}）" if self.title else self.name

    def get_absolute_url(self):
        return reverse("projects:person_detail", args=[self.pk])


class ProjectQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # A project unit sees the projects it builds, wherever they are.
        if user.role == Role.PROJECT_UNIT:
            return Q(unit_members=user)
        return super().scope_for(user)

    def with_overdue_milestone(self, today=None):
        today = today or timezone.localdate()
        overdue = Milestone.objects.filter(
            project=OuterRef("pk"), done_date__isnull=True, due_date__lt=today
        )
        return self.annotate(has_overdue_milestone=Exists(overdue))

    def outermost(self):
        """Projects whose bundle is not in the set too: summing them counts each yuan once."""
        inner = self.values("pk")
        return self.exclude(parent__in=inner).exclude(parent__parent__in=inner)

    def total_investment(self):
        return self.outermost().aggregate(total=Sum("total_investment"))["total"] or 0


@audited
class Project(Versioned):
    # identity and place
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("national project code"),
        max_length=24,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_project_code],
        help_text=_("GB/T 40058-2021, e.g. 2023-210381-30-03-012345."),
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("county or district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    # classification
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    source = models.CharField(
        _("source of investment"), max_length=20, choices=InvestmentSource.choices
    )
    # investor
    investor_name = models.CharField(_("investor"), max_length=200, blank=True)
    investor_credit_code = models.CharField(
        _("investor's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    # money and dates
    total_investment = money_field(_("total investment (万元)"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_completion = models.DateField(_("actual completion"), null=True, blank=True)
    # capacity and promised outcomes
    capacity = models.DecimalField(
        _("capacity"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    capacity_unit = models.CharField(_("capacity unit"), max_length=30, blank=True)
    land_area_mu = models.DecimalField(
        _("land area (mu)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    promised_output_value = money_field(
        _("promised annual output value (万元)"), null=True, blank=True
    )
    promised_sales = money_field(_("promised annual sales (万元)"), null=True, blank=True)
    promised_profit = money_field(_("promised annual profit (万元)"), null=True, blank=True)
    promised_tax = money_field(_("promised annual tax (万元)"), null=True, blank=True)
    promised_jobs = models.PositiveIntegerField(_("promised jobs"), null=True, blank=True)
    # structure
    parent = models.ForeignKey(
        "self",
        verbose_name=_("bundle or earlier phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    # lifecycle (changed only through projects.services)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RESERVE, editable=False
    )
    stalled = models.BooleanField(_("stalled"), default=False, editable=False)
    stalled_since = models.DateField(_("stalled since"), null=True, blank=True, editable=False)
    stall_reason = models.CharField(_("stall reason"), max_length=300, blank=True, editable=False)
    # the Five Ones
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_projects",
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    working_group = models.ManyToManyField(
        Person, verbose_name=_("working group"), blank=True, related_name="working_groups"
    )
    unit_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project unit users"),
        blank=True,
        related_name="unit_projects",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-total_investment", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            # The project list's usual filter (a region's subtree, a status) and its count and
            # total, read from the index alone on PostgreSQL (`make bench`, docs/scaling.md).
            models.Index(
                fields=["region", "status"],
                include=["id", "total_investment", "parent"],
                name="project_region_status",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_total_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual_completion__isnull=True)
                | Q(actual_start__isnull=False, actual_completion__gte=models.F("actual_start")),
                name="project_completion_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.region_id and self.region.level != "county":
            errors["region"] = _("Choose a county or district, not a city or province.")
        if (
            self.planned_start
            and self.planned_completion
            and self.planned_completion < self.planned_start
        ):
            errors["planned_completion"] = _("The planned completion is before the planned start.")
        if self.parent_id and self.pk and self.parent_id in {self.pk, *self.descendant_ids()}:
            errors["parent"] = _("A project cannot sit inside itself or one of its own phases.")
        if errors:
            raise ValidationError(errors)

    def descendant_ids(self):
        found, frontier = set(), {self.pk}
        while frontier:
            frontier = (
                set(Project.objects.filter(parent__in=frontier).values_list("pk", flat=True))
                - found
            )
            found |= frontier
        return found

    def time_progress(self, year, month):
        """The project's own time progress at the end of month M of year Y, in percent.

        Its working year starts in January, or in the month of its planned start when that
        falls in Y (domain.md): planned to start in May, at June it is 2 ÷ 8 = 25.
        """
        first = (
            self.planned_start.month
            if self.planned_start and self.planned_start.year == year
            else 1
        )
        working_months = 13 - first
        elapsed = min(max(month - first + 1, 0), working_months)
        return Decimal(elapsed) / working_months * 100

    @property
    def has_started(self):
        return self.status in STARTED_OR_LATER


class ProjectPartQuerySet(PartQuerySet):
    part_of = "project"


@audited
class StatusChange(models.Model):
    """One dated step of a project's history: a status change, a stall or a resumption."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="history"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=HistoryKind.choices)
    on = models.DateField(_("date"))
    from_status = models.CharField(
        _("previous status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.project} {self.on} {self.get_kind_display()}"


class ProjectListQuerySet(ScopedQuerySet):
    def with_totals(self):
        """Project count and annual plan of each list (a bundle and its phases counted once)."""
        members = Membership.objects.filter(project_list=OuterRef("pk")).values("project_list")
        bundle_on_list = Membership.objects.filter(
            project_list=OuterRef("project_list"), project=OuterRef("project__parent")
        )
        outer = members.exclude(Exists(bundle_on_list))
        return self.order_by(*ProjectList._meta.ordering).annotate(
            project_count=Coalesce(
                models.Subquery(members.annotate(n=models.Count("pk")).values("n")), 0
            ),
            annual_plan_total=models.Subquery(outer.annotate(t=Sum("annual_plan")).values("t")[:1]),
        )


@audited
class ProjectList(models.Model):
    """A key-project list of one year and level, e.g. the 2023 municipal spring batch."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=ListLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    batch = models.CharField(
        _("batch"), max_length=100, blank=True, help_text=_("e.g. spring concentrated start")
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("issued for region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    projects = models.ManyToManyField(Project, through="Membership", related_name="lists")

    objects = ProjectListQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "level", "name"]
        verbose_name = _("key-project list")
        verbose_name_plural = _("key-project lists")
        constraints = [
            models.UniqueConstraint(fields=["name", "year", "batch"], name="list_unique_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.name}" + (f" · {self.batch}" if self.batch else "")

    def get_absolute_url(self):
        return reverse("projects:list_detail", args=[self.pk])


@audited
class Membership(models.Model):
    """A project on a list, with its annual planned investment for the list's year."""

    project_list = models.ForeignKey(
        ProjectList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="memberships"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="memberships"
    )
    annual_plan = money_field(_("annual planned investment (万元)"))
    plan = models.CharField(_("this year"), max_length=10, choices=YearPlan.choices)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["project_list", "-annual_plan"]
        verbose_name = _("list membership")
        verbose_name_plural = _("list memberships")
        constraints = [
            models.UniqueConstraint(fields=["project_list", "project"], name="membership_once"),
            models.CheckConstraint(
                condition=Q(annual_plan__gte=0), name="annual_plan_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.project} @ {self.project_list}"


@audited
class Milestone(models.Model):
    """A node of a project's implementation plan."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=200)
    oc4ids_type = models.CharField(
        _("OC4IDS milestone type"), max_length=30, choices=MilestoneType.choices, default="delivery"
    )
    oc4ids_code = models.CharField(
        _("OC4IDS milestone code"), max_length=30, choices=MilestoneCode.choices, blank=True
    )
    due_date = models.DateField(_("due date"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    done_date = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="milestones/%Y/%m/", blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name

    def is_overdue(self, today=None):
        return self.done_date is None and self.due_date < (today or timezone.localdate())


class MilestoneTemplate(models.Model):
    """A standard node for a category's plan, due a number of days after the planned start."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    oc4ids_type = models.CharField(
        _("OC4IDS milestone type"), max_length=30, choices=MilestoneType.choices, default="delivery"
    )
    oc4ids_code = models.CharField(
        _("OC4IDS milestone code"), max_length=30, choices=MilestoneCode.choices, blank=True
    )
    days_after_start = models.IntegerField(_("days after planned start"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)

    class Meta:
        ordering = ["category", "days_after_start"]
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")

    def __str__(self):
        return f"{self.get_category_display()}: {self.name}"


@audited
class Attachment(models.Model):
    """A file kept with a project, served only to those who may see the project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("document title"), max_length=200)
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/")
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title
