"""Tables of problems, departments and coordination meetings."""

import django_tables2 as tables
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from problems.models import Department, Meeting, Problem


class ProblemTable(tables.Table):
    description = tables.Column(linkify=True, verbose_name=_("problem"))
    subject = tables.Column(
        linkify=True,
        verbose_name=_("project or enterprise"),
        order_by=("project__name", "enterprise__name"),
    )
    region = tables.Column(
        accessor="subject__region",
        verbose_name=_("region"),
        order_by=("project__region__code", "enterprise__region__code"),
    )
    department = tables.Column(order_by=("department__name",))
    category = tables.Column(verbose_name=pgettext_lazy("problem", "category"))
    deadline = tables.DateColumn(verbose_name=pgettext_lazy("problem", "deadline"), format="Y-m-d")
    raised_on = tables.DateColumn(format="Y-m-d")
    status = tables.TemplateColumn(
        template_name="problems/_status_cell.html", verbose_name=_("status"), order_by="status"
    )

    class Meta:
        model = Problem
        fields = (
            "description",
            "subject",
            "region",
            "category",
            "department",
            "level",
            "status",
            "raised_on",
            "deadline",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "table-warning" if record.is_overdue() else ""}

    def render_description(self, value):
        return Truncator(value).chars(60)

    def value_description(self, value):
        return value

    def value_status(self, record):
        label = record.get_status_display()
        return f"{label} ({_('overdue')})" if record.is_overdue() else label


class QueueTable(ProblemTable):
    class Meta(ProblemTable.Meta):
        fields = (
            "deadline",
            "status",
            "description",
            "subject",
            "region",
            "category",
            "level",
            "raised_on",
        )
        sequence = fields
        exclude = ("department",)


class DepartmentTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    open_count = tables.Column(
        verbose_name=pgettext_lazy("problems", "open"), attrs={"td": {"class": "money"}}
    )
    overdue_count = tables.Column(verbose_name=_("overdue"), attrs={"td": {"class": "money"}})

    class Meta:
        model = Department
        fields = ("name", "region", "email", "webhook", "open_count", "overdue_count")
        attrs = {"class": "table table-sm table-hover"}


class MeetingTable(tables.Table):
    title = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    chair = tables.Column(order_by=("chair__name",))
    item_count = tables.Column(verbose_name=_("agenda items"), attrs={"td": {"class": "money"}})

    class Meta:
        model = Meeting
        fields = ("held_on", "title", "level", "region", "chair", "item_count")
        attrs = {"class": "table table-sm table-hover"}
