"""Enterprises, their yearly figures, commissioners' visits, policy benefits, project outcomes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.changelog import audited
from core.scoping import PartQuerySet, ScopedQuerySet
from core.validators import money_field, validate_credit_code
from enterprises.choices import BenefitKind


class EnterpriseQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # A commissioner serves the enterprises assigned to them, point to point.
        if user.role == Role.COMMISSIONER:
            return Q(commissioner=user)
        # A project unit is a company: other enterprises' figures are not its to read.
        if user.role == Role.PROJECT_UNIT:
            return Q(pk__in=[])
        return super().scope_for(user)


@audited
class Enterprise(models.Model):
    """An enterprise, known once by its unified social credit code."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
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
        "promotion.Chain",
        verbose_name=_("chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commissioner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
        limit_choices_to={"role": Role.COMMISSIONER},
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.pk])


class EnterprisePartQuerySet(PartQuerySet):
    part_of = "enterprise"


def not_in_the_future(year):
    if year > timezone.localdate().year:
        raise ValidationError(_("Figures cannot be given for a year that has not begun."))


@audited
class EnterpriseYear(models.Model):
    """An enterprise's figures for one year, in 万元."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[not_in_the_future])
    output_value = money_field(_("output value (万元)"), null=True, blank=True)
    main_business_income = money_field(_("main business income (万元)"), null=True, blank=True)
    profit = models.DecimalField(
        _("profit (万元)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    tax = money_field(_("tax (万元)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    objects = EnterprisePartQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_figure_row_per_year")
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"


@audited
class Visit(models.Model):
    """A commissioner's visit to an enterprise, with what the enterprise asked for."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="visits"
    )
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commissioner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_on = models.DateField(_("date"))
    content = models.TextField(_("content"))

    objects = EnterprisePartQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.enterprise} {self.visited_on}"


class RequestQuerySet(PartQuerySet):
    part_of = "visit"


@audited
class Request(models.Model):
    """Something an enterprise asked for during a visit; it may become a problem."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="requests"
    )
    description = models.TextField(_("description"))
    problem = models.OneToOneField(
        "problems.Problem",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprise_request",
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self):
        return self.description[:60]


@audited
class PolicyBenefit(models.Model):
    """Tax or fee relief, a subsidy, or financing matched for an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="benefits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices)
    granted_on = models.DateField(_("date"))
    amount = money_field(_("amount (万元)"))
    bank = models.CharField(_("bank"), max_length=100, blank=True)

    objects = EnterprisePartQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "pk"]
        verbose_name = _("policy benefit")
        verbose_name_plural = _("policy benefits")

    def __str__(self):
        return f"{self.enterprise} {self.get_kind_display()}"

    def clean(self):
        if self.kind == BenefitKind.FINANCING and not self.bank.strip():
            raise ValidationError({"bank": _("Name the bank that provided the financing.")})
        if self.granted_on and self.granted_on > timezone.localdate():
            raise ValidationError({"granted_on": _("The date cannot be in the future.")})


class OutcomeQuerySet(PartQuerySet):
    part_of = "project"


@audited
class ProjectOutcome(models.Model):
    """What a project in production actually delivered in a year, against its promise."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[not_in_the_future])
    sales = money_field(_("sales (万元)"), null=True, blank=True)
    profit = models.DecimalField(
        _("profit (万元)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    tax = money_field(_("tax (万元)"), null=True, blank=True)
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-year"]
        verbose_name = _("project outcome")
        verbose_name_plural = _("project outcomes")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_outcome_per_year")
        ]

    def __str__(self):
        return f"{self.project} {self.year}"
