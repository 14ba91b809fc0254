"""Codes of monthly scheduling: period and report status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Closed and locked")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


# Who may still change the figures of a report in each status.
EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}
