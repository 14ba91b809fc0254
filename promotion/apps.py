"""Promotion app configuration: activities, leads, contracts, funds, industrial chains."""

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = pgettext_lazy("app", "Investment promotion")
