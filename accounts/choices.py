"""The roles of domain.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PROJECT_OFFICE = "project_office", _("Project office")
    PROMOTION = "promotion", _("Investment promotion")
    COUNTY_OFFICE = "county_office", _("County or district office")
    PROJECT_UNIT = "project_unit", _("Project unit")
    DEPARTMENT = "department", _("Department")
    LEADER = "leader", _("Leader")
    COMMISSIONER = "commissioner", _("Commissioner")
