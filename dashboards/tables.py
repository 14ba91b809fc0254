"""Tables of the dashboard: the projects behind a figure, rankings and forecast shortfalls.

Rows are plain dicts built from the board's facts, so a table never queries per row.
"""

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import percent
from core.tables import MoneyColumn

ONE_PLACE = Decimal("0.1")
BADGES = {"red": "text-bg-danger", "yellow": "text-bg-warning", "green": "text-bg-success"}
COLOUR_LABELS = {"red": _("red"), "yellow": _("yellow"), "green": _("green")}


# Numbers stay on one line; their headers may wrap, so a long project name keeps its room.
NUMBER = {"td": {"class": "money"}, "th": {"class": "text-end"}}


class PercentColumn(tables.Column):
    """A rate in percent: "42.1%" on the page, the number 42.1 in the export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return percent(value)

    def value(self, value):
        return None if value is None else Decimal(value).quantize(ONE_PLACE)


class ColourColumn(tables.Column):
    """The colour as a badge on the page, its word in the export."""

    def render(self, value):
        return format_html('<span class="badge {}">{}</span>', BADGES[value], COLOUR_LABELS[value])

    def value(self, value):
        return str(COLOUR_LABELS[value]) if value else ""


class CountColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)


def money_column(label):
    return MoneyColumn(verbose_name=label, attrs=NUMBER)


def _link(record):
    return record["url"]


class ProjectFactsTable(tables.Table):
    """The projects behind a figure, as of the end of month M."""

    name = tables.Column(verbose_name=_("project"), linkify=_link)
    county = tables.Column(verbose_name=_("county or district"))
    status = tables.Column(verbose_name=_("status at the end of the month"))
    plan = money_column(_("annual plan (万元)"))
    ytd = money_column(_("year to date (万元)"))
    completion_rate = PercentColumn(verbose_name=_("completion rate"))
    time_progress = PercentColumn(verbose_name=_("own time progress"))
    colour = ColourColumn(verbose_name=_("warning"), default="")
    reasons = tables.Column(verbose_name=_("reasons"), default="")
    forecast = money_column(_("year-end forecast (万元)"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No projects behind this figure.")


class CountyRankingTable(tables.Table):
    rank = tables.Column(verbose_name=_("rank"))
    label = tables.Column(verbose_name=_("county or district"), linkify=_link)
    projects = CountColumn(verbose_name=_("projects"))
    plan = money_column(_("annual plan (万元)"))
    ytd = money_column(_("year to date (万元)"))
    completion_rate = PercentColumn(verbose_name=_("completion rate"))
    ahead_points = tables.Column(verbose_name=_("points ahead of time progress"), attrs=NUMBER)
    red = CountColumn(verbose_name=_("red"))
    yellow = CountColumn(verbose_name=_("yellow"))
    green = CountColumn(verbose_name=_("green"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No projects in this set.")

    def render_ahead_points(self, value):
        return f"{value:+.1f}"

    def value_ahead_points(self, value):
        return None if value is None else Decimal(value).quantize(ONE_PLACE)


class LeaderRankingTable(tables.Table):
    rank = tables.Column(verbose_name=_("rank"))
    label = tables.Column(verbose_name=_("leader"), linkify=_link)
    projects = CountColumn(verbose_name=_("projects"))
    red = CountColumn(verbose_name=_("red"))
    yellow = CountColumn(verbose_name=_("yellow"))
    green = CountColumn(verbose_name=_("green"))
    plan = money_column(_("annual plan (万元)"))
    ytd = money_column(_("year to date (万元)"))
    completion_rate = PercentColumn(verbose_name=_("completion rate"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No projects in this set.")


class ForecastMissTable(tables.Table):
    name = tables.Column(verbose_name=_("project"), linkify=_link)
    county = tables.Column(verbose_name=_("county or district"))
    plan = money_column(_("annual plan (万元)"))
    ytd = money_column(_("year to date (万元)"))
    forecast = money_column(_("year-end forecast (万元)"))
    shortfall = money_column(_("shortfall (万元)"))
    forecast_rate = PercentColumn(verbose_name=_("forecast ÷ plan"))
    colour = ColourColumn(verbose_name=_("warning"), default="")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Every project's forecast reaches its plan.")


class AnomalyTable(tables.Table):
    """The reports of month M whose figures raise an anomaly (reports.anomalies), one row each."""

    name = tables.Column(verbose_name=_("project"), linkify=lambda record: record["project_url"])
    county = tables.Column(verbose_name=_("county or district"))
    period = tables.Column(verbose_name=_("month"), linkify=_link)
    status = tables.Column(verbose_name=_("report status"))
    anomaly = tables.Column(verbose_name=_("anomaly"))
    text = tables.Column(verbose_name=_("figures"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle", "data-anomalies": ""}
        empty_text = _("No anomalies in this month's reported figures.")
