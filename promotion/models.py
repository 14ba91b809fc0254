"""Industrial chains and the promotion pipeline: activities, leads, contracts, funds, projects."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from core.changelog import audited
from core.scoping import PartQuerySet, ScopedQuerySet
from core.validators import money_field, validate_credit_code
from promotion.choices import ActivityKind, Segment, Stage, TargetRegion


@audited
class Chain(models.Model):
    """An industrial chain under the chain-leader system (链长制)."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "projects.Person",
        verbose_name=_("chain leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_chains",
    )
    description = models.TextField(_("description"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("industrial chain")
        verbose_name_plural = _("industrial chains")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("promotion:chain_detail", args=[self.pk])


class ChainPartQuerySet(PartQuerySet):
    part_of = "chain"


@audited
class Gap(models.Model):
    """A missing link of a chain that promotion should fill."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="gaps"
    )
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    description = models.CharField(_("description"), max_length=300)

    objects = ChainPartQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "segment", "pk"]
        verbose_name = _("chain gap")
        verbose_name_plural = _("chain gaps")

    def __str__(self):
        return self.description


@audited
class TargetEnterprise(models.Model):
    """An enterprise the chain wants to attract, to fill a gap."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="targets"
    )
    gap = models.ForeignKey(
        Gap,
        verbose_name=_("gap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    location = models.CharField(_("based in"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ChainPartQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "name"]
        verbose_name = _("target enterprise")
        verbose_name_plural = _("target enterprises")

    def __str__(self):
        return self.name


@audited
class PromotionGroup(models.Model):
    """A promotion group (招商小组), usually one per chain."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="promotion_groups",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("promotion group")
        verbose_name_plural = _("promotion groups")

    def __str__(self):
        return self.name


class PipelineQuerySet(ScopedQuerySet):
    """Activities, leads and contracts: a project unit is a company, not part of the pipeline."""

    def scope_for(self, user):
        if user.role == Role.PROJECT_UNIT:
            return Q(pk__in=[])
        return super().scope_for(user)


@audited
class Activity(models.Model):
    """A visit, delegation, conference, online meeting or signing ceremony."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        PromotionGroup,
        verbose_name=_("promotion group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    leader = models.ForeignKey(
        "projects.Person",
        verbose_name=pgettext_lazy("activity", "leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    target_region = models.CharField(_("target region"), max_length=8, choices=TargetRegion.choices)
    target_place = models.CharField(_("province or city"), max_length=100, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    enterprises_met = models.TextField(_("enterprises met"), blank=True)

    objects = PipelineQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("promotion activity")
        verbose_name_plural = _("promotion activities")

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self):
        return reverse("promotion:activity_detail", args=[self.pk])


@audited
class Lead(models.Model):
    """An investor's intention, worked through the pipeline by a promotion group."""

    investor_name = models.CharField(_("investor"), max_length=200)
    investor_credit_code = models.CharField(
        _("investor's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "core.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    target = models.ForeignKey(
        TargetEnterprise,
        verbose_name=_("target enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    group = models.ForeignKey(
        PromotionGroup,
        verbose_name=_("owner (promotion group)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    intended_investment = money_field(_("intended investment (万元)"), null=True, blank=True)
    content = models.TextField(_("content"), blank=True)
    land_needs = models.TextField(_("land and site needs"), blank=True)
    support_requested = models.TextField(_("support requested"), blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    answered_on = models.DateField(_("answered the investor on"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD, editable=False
    )
    stage_reason = models.CharField(_("reason"), max_length=300, blank=True, editable=False)

    objects = PipelineQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(
                fields=["investor_credit_code"],
                condition=~Q(investor_credit_code=""),
                name="lead_credit_code_once",
                violation_error_message=_("A lead with this investor credit code already exists."),
            )
        ]

    def __str__(self):
        return self.investor_name

    def get_absolute_url(self):
        return reverse("promotion:lead_detail", args=[self.pk])

    def overdue_steps(self, rules, today=None):
        """The response deadlines this lead has missed (respond, assess, answer)."""
        today = today or timezone.localdate()
        late = []
        for label, done, days in [
            ("respond", self.responded_on, rules.respond_days),
            ("assess", self.assessed_on, rules.assess_days),
            ("answer", self.answered_on, rules.answer_days),
        ]:
            due = self.received_on + datetime.timedelta(days=days)
            if (done or today) > due:
                late.append(label)
        return late


@audited
class LeadStageChange(models.Model):
    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="stages"
    )
    on = models.DateField(_("date"))
    from_stage = models.CharField(_("previous stage"), max_length=12, choices=Stage.choices)
    to_stage = models.CharField(_("new stage"), max_length=12, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")

    def __str__(self):
        return f"{self.lead} {self.from_stage} → {self.to_stage}"


class ContractQuerySet(PipelineQuerySet):
    def scope_for(self, user):
        # A project unit sees the contract its own project came from, and no other.
        if user.role == Role.PROJECT_UNIT:
            return Q(project__unit_members=user)
        return super().scope_for(user)

    def with_funds(self):
        return self.annotate(funds_arrived=Sum("funds__amount"))


@audited
class Contract(models.Model):
    """A signed investment contract; one click turns it into a project on the library."""

    lead = models.OneToOneField(
        Lead,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
    )
    name = models.CharField(_("project name"), max_length=200)
    signed_on = models.DateField(_("signing date"))
    signing_event = models.CharField(
        _("signing event or batch"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the second centralised signing"),
    )
    contracted_investment = money_field(_("contracted investment (万元)"))
    counterparty = models.CharField(_("counterparty"), max_length=200)
    counterparty_credit_code = models.CharField(
        _("counterparty's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    group = models.ForeignKey(
        PromotionGroup,
        verbose_name=_("promotion group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    registered_on = models.DateField(_("company registered on"), null=True, blank=True)
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_investment__gt=0), name="contract_amount_positive"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("promotion:contract_detail", args=[self.pk])


@audited
class FundsArrival(models.Model):
    """Money that actually arrived under a contract (到位资金)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="funds"
    )
    arrived_on = models.DateField(_("date"))
    amount = money_field(_("amount (万元)"))
    explanation = models.CharField(
        _("why beyond the contracted amount"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["contract", "arrived_on"]
        verbose_name = _("funds arrived")
        verbose_name_plural = _("funds arrived")

    def __str__(self):
        return f"{self.contract} {self.arrived_on}"


class LeadRulesQuerySet(models.QuerySet):
    def current(self):
        return self.get_or_create(pk=1)[0]


@audited
class LeadRules(models.Model):
    """Response deadlines for leads (configurable; defaults from domain.md)."""

    respond_days = models.PositiveSmallIntegerField(_("respond within (days)"), default=1)
    assess_days = models.PositiveSmallIntegerField(_("assess within (days)"), default=3)
    answer_days = models.PositiveSmallIntegerField(
        _("answer the investor within (days)"), default=7
    )

    objects = LeadRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead deadlines")
        verbose_name_plural = _("lead deadlines")

    def __str__(self):
        return str(self._meta.verbose_name)
