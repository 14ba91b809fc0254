"""Tables of monthly scheduling."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import MoneyColumn
from reports.models import MonthlyReport, ReportingPeriod


class PeriodTable(tables.Table):
    period = tables.Column(
        accessor="pk",
        verbose_name=_("period"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("year", "month"),
    )
    report_count = tables.Column(verbose_name=_("reports"), orderable=False)
    approved_count = tables.Column(verbose_name=_("approved"), orderable=False)

    class Meta:
        model = ReportingPeriod
        fields = ("period", "deadline", "status", "report_count", "approved_count")
        attrs = {"class": "table table-sm table-hover"}

    def render_period(self, record):
        return str(record)

    def value_period(self, record):
        return str(record)


class ReportTable(tables.Table):
    project = tables.Column(order_by=("project__name",))
    period = tables.Column(order_by=("period__year", "period__month"))
    region = tables.Column(accessor="project__region", verbose_name=_("county or district"))
    completed = MoneyColumn()
    status = tables.TemplateColumn(
        template_name="reports/_status_cell.html", verbose_name=_("status"), order_by="status"
    )
    view = tables.LinkColumn(
        "reports:report_detail",
        args=[tables.A("pk")],
        text=_("open"),
        orderable=False,
        verbose_name="",
        exclude_from_export=True,
    )

    class Meta:
        model = MonthlyReport
        fields = (
            "project",
            "period",
            "region",
            "completed",
            "progress_percent",
            "status",
            "submitted_at",
        )
        attrs = {"class": "table table-sm table-hover"}

    def value_status(self, record):
        suffix = f" ({_('late')})" if record.late else ""
        return f"{record.get_status_display()}{suffix}"
