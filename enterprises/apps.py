"""Enterprises app configuration: registry, commissioners, policy benefits, outcomes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from enterprises import matching  # noqa: F401 - connects the credit-code matching
