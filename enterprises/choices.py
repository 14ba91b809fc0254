"""Codes of the enterprise side: policy benefit kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BenefitKind(models.TextChoices):
    TAX_REDUCTION = "tax", _("Tax reduction")
    FEE_REDUCTION = "fee", _("Fee reduction")
    SUBSIDY = "subsidy", _("Subsidy")
    FINANCING = "financing", _("Financing matched")
