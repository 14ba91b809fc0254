"""Tables of the project library."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn, MoneyColumn, PageTable
from projects.choices import Status
from projects.models import Membership, Person, Project, ProjectList

BADGE_COLOURS = {
    Status.CANCELLED: "secondary",
    Status.STARTED: "primary",
    Status.COMPLETED: "success",
    Status.IN_PRODUCTION: "success",
    Status.AT_CAPACITY: "success",
}


def status_badges(project):
    """The badges of ``projects/_status_cell.html``, written without a template: the list renders
    fifty of them per page (a test holds the two to the same HTML)."""
    html = format_html(
        '<span class="badge text-bg-{}">{}</span>',
        BADGE_COLOURS.get(project.status, "light"),
        Status(project.status).label,
    )
    if project.stalled:
        html += format_html(' <span class="badge text-bg-danger">{}</span>', gettext("stalled"))
    if getattr(project, "has_overdue_milestone", False):
        html += format_html(
            ' <span class="badge text-bg-warning" title="{}">{}</span>',
            gettext("overdue milestone"),
            gettext("overdue"),
        )
    return html


class ProjectTable(PageTable):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    status = tables.Column(verbose_name=_("status"))
    total_investment = MoneyColumn()
    planned_start = DateColumn()
    leader = tables.Column(order_by=("leader__name",))

    class Meta(PageTable.Meta):
        model = Project
        fields = (
            "name",
            "code",
            "region",
            "category",
            "status",
            "total_investment",
            "planned_start",
            "leader",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_status(self, record):
        return status_badges(record)

    def value_status(self, record):
        label = record.get_status_display()
        return f"{label} ({_('stalled')})" if record.stalled else label


class ProjectListTable(tables.Table):
    name = tables.Column(linkify=True)
    project_count = tables.Column(verbose_name=_("projects"), attrs={"td": {"class": "money"}})
    annual_plan_total = MoneyColumn(verbose_name=_("annual plan (万元)"))

    class Meta:
        model = ProjectList
        fields = ("year", "name", "level", "batch", "region", "project_count", "annual_plan_total")
        attrs = {"class": "table table-sm table-hover"}


class MembershipTable(tables.Table):
    project = tables.Column(linkify=True, order_by=("project__name",))
    region = tables.Column(accessor="project__region", verbose_name=_("county or district"))
    status = tables.Column(accessor="project__status", verbose_name=_("status"))
    total_investment = MoneyColumn(accessor="project__total_investment")
    annual_plan = MoneyColumn()

    class Meta:
        model = Membership
        fields = ("project", "region", "status", "plan", "total_investment", "annual_plan")
        attrs = {"class": "table table-sm table-hover"}


class PersonTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Person
        fields = ("name", "title", "organisation", "phone", "region", "user")
        attrs = {"class": "table table-sm table-hover"}
