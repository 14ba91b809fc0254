"""Promotion app configuration: activities, leads, contracts, funds, industrial chains."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("Investment promotion")
