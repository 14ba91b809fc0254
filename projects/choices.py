"""Codes of the project library: status, classification, list levels, milestone kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RESERVE = "reserve", _("Reserve")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Under construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")
    AT_CAPACITY = "at_capacity", _("At capacity")
    CANCELLED = "cancelled", _("Cancelled")


# Which statuses may follow which (domain.md: reserve → signed → started → completed →
# in production → at capacity; cancelled from anywhere before completion).
TRANSITIONS = {
    Status.RESERVE: {Status.SIGNED, Status.STARTED, Status.CANCELLED},
    Status.SIGNED: {Status.STARTED, Status.CANCELLED},
    Status.STARTED: {Status.COMPLETED, Status.CANCELLED},
    Status.COMPLETED: {Status.IN_PRODUCTION},
    Status.IN_PRODUCTION: {Status.AT_CAPACITY},
    Status.AT_CAPACITY: set(),
    Status.CANCELLED: set(),
}

# The OC4IDS projectStatus code of each status.
OC4IDS_STATUS = {
    Status.RESERVE: "identification",
    Status.SIGNED: "preparation",
    Status.STARTED: "implementation",
    Status.COMPLETED: "completion",
    Status.IN_PRODUCTION: "maintenance",
    Status.AT_CAPACITY: "maintenance",
    Status.CANCELLED: "cancelled",
}

STARTED_OR_LATER = {Status.STARTED, Status.COMPLETED, Status.IN_PRODUCTION, Status.AT_CAPACITY}


class HistoryKind(models.TextChoices):
    STATUS = "status", _("Status change")
    STALL = "stall", _("Stalled")
    RESUME = "resume", _("Resumed")


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SOCIAL = "social", _("Social undertakings")
    URBAN = "urban", _("Urban construction")
    AGRICULTURE = "agriculture", _("Agriculture and rural")
    ECOLOGY = "ecology", _("Ecology and environment")
    OTHER = "other", _("Other")


class Nature(models.TextChoices):
    NEW = "new", _("New")
    CONTINUING = "continuing", _("Continuing")
    EXPANSION = "expansion", _("Expansion")
    UPGRADE = "upgrade", _("Technical upgrade")
    RELOCATION = "relocation", _("Relocation")


class InvestmentSource(models.TextChoices):
    CENTRAL_SOE = "central_soe", _("Central state-owned enterprise")
    LOCAL_SOE = "local_soe", _("Local state-owned enterprise")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign")
    GOVERNMENT = "government", _("Government")


class ListLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County")


class YearPlan(models.TextChoices):
    START = "start", _("Planned to start")
    CONTINUE = "continue", _("Continuing")
    COMPLETE = "complete", _("Planned to complete")


class MilestoneType(models.TextChoices):
    """OC4IDS milestoneType codes used by implementation plans."""

    APPROVAL = "approval", _("Approval")
    PRE_PROCUREMENT = "preProcurement", _("Preparation")
    PROCUREMENT = "procurement", _("Procurement")
    FINANCING = "financing", _("Financing")
    DELIVERY = "delivery", _("Delivery")
    REPORTING = "reporting", _("Reporting")


class MilestoneCode(models.TextChoices):
    """OC4IDS milestoneCode codes for the nodes that have one."""

    PROJECT_APPROVAL = "projectApproval", _("Project approval")
    FINANCIAL_CLOSE = "financialClose", _("Financial close")
    COMMENCEMENT = "commencement", _("Commencement of construction")
    COMPLETION = "completion", _("Completion of construction")
    COMMISSIONING = "commissioning", _("Commissioning")
