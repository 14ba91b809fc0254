"""Codes of problem solving: categories, statuses, escalation levels, notification channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    LAND = "land", _("Land")
    PLANNING = "planning", _("Planning")
    APPROVALS = "approvals", _("Approvals")
    ENVIRONMENT = "environment", _("Environmental assessment")
    ENERGY = "energy", _("Energy use")
    POWER = "power", _("Power")
    WATER_GAS = "water_gas", _("Water and gas")
    ROADS = "roads", _("Roads")
    FINANCING = "financing", _("Financing")
    LABOR = "labor", _("Labor")
    DEMOLITION = "demolition", _("Demolition and relocation")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


# Default days to solve a problem of each category (an administrator can change them).
DEFAULT_DAYS = {
    Category.LAND: 30,
    Category.PLANNING: 20,
    Category.APPROVALS: 15,
    Category.ENVIRONMENT: 30,
    Category.ENERGY: 20,
    Category.POWER: 15,
    Category.WATER_GAS: 15,
    Category.ROADS: 30,
    Category.FINANCING: 30,
    Category.LABOR: 15,
    Category.DEMOLITION: 45,
    Category.POLICY: 20,
    Category.OTHER: 15,
}


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Verified closed")


OPEN_STATUSES = {ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.ESCALATED}


class Level(models.IntegerChoices):
    """The escalation ladder, one step at a time."""

    DEPARTMENT = 1, _("Department")
    COUNTY = 2, _("County coordination")
    MUNICIPAL = 3, _("Municipal coordination meeting")
    PROVINCIAL = 4, _("Provincial")


class Webhook(models.TextChoices):
    NONE = "", _("None")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    WECOM = "wecom", _("WeCom group robot")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Webhook")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
