"""Codes shared by every app: region levels, change-log actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County or district")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
