"""Dashboards app configuration: figures, warnings, forecasts, the circular and their rollups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from dashboards import signals

        signals.connect()
