"""Tables of the project library."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import CellTemplateColumn, MoneyColumn
from projects.models import Membership, Person, Project, ProjectList


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    status = CellTemplateColumn(
        template_name="projects/_status_cell.html", verbose_name=_("status")
    )
    total_investment = MoneyColumn()
    leader = tables.Column(order_by=("leader__name",))

    class Meta:
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
