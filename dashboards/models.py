"""The dashboard's rollups: each project's facts of a year, month by month, ready to be summed.

Both models are caches of ``facts.collect`` and ``warnings.judge`` (see ``dashboards.rollups``,
which computes the rows and keeps them in step with every write): the rules live there, once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONTHS = range(1, 13)


def _state(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, default=0)


def _amount(verbose_name):
    # Wider than a single amount: a year of months summed.
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=4, default=0)


class ProjectYear(models.Model):
    """A project's facts of year Y at the end of each month M (``collect(…, Y, M)``).

    Money is cumulative over months 1..M. ``state_M`` packs the status, the stall and the colour at
    the end of M in one small number (``rollups.state_of``), for sums that read it cheaply.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="rollups",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan = _amount(_("annual plan (万元)"))
    starts = models.BooleanField(_("planned to start this year"), default=False)
    first_month = models.PositiveSmallIntegerField(_("first month of its working year"), default=1)
    stale = models.BooleanField(_("stale"), default=True)
    # Bumped by every mark: a refresh that raced a write sees it moved and leaves the row stale.
    marks = models.PositiveIntegerField(_("times marked stale"), default=0)

    class Meta:
        verbose_name = _("project year rollup")
        verbose_name_plural = _("project year rollups")
        constraints = [
            models.UniqueConstraint(fields=["year", "project"], name="one_rollup_per_project_year")
        ]

    def __str__(self):
        return f"{self.project_id} {self.year}"


# Approved (ytd), submitted not approved (pending) and approved in Y−1 (last), months 1..M; the
# state at the end of M.
for _month in MONTHS:
    ProjectYear.add_to_class(f"ytd_{_month}", _amount(_("approved, months 1 to M")))
    ProjectYear.add_to_class(f"pending_{_month}", _amount(_("pending, months 1 to M")))
    ProjectYear.add_to_class(f"last_{_month}", _amount(_("approved in Y−1, months 1 to M")))
    ProjectYear.add_to_class(f"state_{_month}", _state(_("status, stall and colour at M")))


class PlanVariant(models.Model):
    """A project's plan on one list of year Y where it differs from its largest plan of Y.

    With a list filter the figures take that list's plan, and the colours that follow from it.
    Computed with its ``ProjectYear`` row and fresh exactly when that row is.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="plan_variants",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    project_list = models.ForeignKey(
        "projects.ProjectList",
        verbose_name=_("list"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    plan = _amount(_("annual plan (万元)"))
    starts = models.BooleanField(_("planned to start this year"), default=False)

    class Meta:
        verbose_name = _("plan on one list")
        verbose_name_plural = _("plans on one list")
        constraints = [
            models.UniqueConstraint(
                fields=["project_list", "project"], name="one_plan_variant_per_list"
            )
        ]

    def __str__(self):
        return f"{self.project_id} {self.project_list_id}"


for _month in MONTHS:
    PlanVariant.add_to_class(f"colour_{_month}", _state(_("colour at M")))
