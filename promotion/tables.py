"""Tables of activities, leads, contracts and chains (the list pages and their Excel export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import MoneyColumn
from promotion.forms import STEPS
from promotion.models import Activity, Chain, Contract, Lead, LeadRules, PromotionGroup


class ActivityTable(tables.Table):
    held_on = tables.DateColumn(format="Y-m-d")
    title = tables.Column(linkify=True)
    target_region = tables.Column(verbose_name=_("target region"))
    region = tables.Column(order_by=("region__code",))
    group = tables.Column(order_by=("group__name",))
    leader = tables.Column(order_by=("leader__name",))
    lead_count = tables.Column(
        verbose_name=_("leads"), attrs={"td": {"class": "money"}, "th": {"class": "money"}}
    )

    class Meta:
        model = Activity
        fields = (
            "held_on",
            "kind",
            "title",
            "place",
            "target_region",
            "region",
            "group",
            "leader",
            "lead_count",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_target_region(self, record):
        label = record.get_target_region_display()
        return f"{label} · {record.target_place}" if record.target_place else label

    value_target_region = render_target_region


class LeadTable(tables.Table):
    """The overdue flag comes from Lead.overdue_steps with the rules read once per table."""

    investor_name = tables.Column(linkify=True)
    stage = tables.TemplateColumn(
        template_name="promotion/_stage_cell.html", verbose_name=_("stage"), order_by="stage"
    )
    region = tables.Column(order_by=("region__code",))
    chain = tables.Column(order_by=("chain__name",))
    group = tables.Column(order_by=("group__name",))
    intended_investment = MoneyColumn()
    received_on = tables.DateColumn(format="Y-m-d")
    overdue = tables.Column(verbose_name=_("overdue"), empty_values=(), orderable=False)

    class Meta:
        model = Lead
        fields = (
            "investor_name",
            "stage",
            "region",
            "chain",
            "group",
            "intended_investment",
            "received_on",
            "overdue",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda table, record: "table-warning" if table.late(record) else ""}

    def __init__(self, *args, rules=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules or LeadRules.objects.current()
        self.today = today or timezone.localdate()

    def late(self, record):
        return record.overdue_steps(self.rules, self.today)

    def render_overdue(self, record):
        steps = self.late(record)
        if not steps:
            return "—"
        return format_html_join(
            " ",
            '<span class="badge text-bg-warning">{}</span>',
            ((STEPS[step][2],) for step in steps),
        )

    def value_overdue(self, record):
        return ", ".join(str(STEPS[step][2]) for step in self.late(record))

    def value_stage(self, record):
        return record.get_stage_display()


class ContractTable(tables.Table):
    name = tables.Column(linkify=True)
    signed_on = tables.DateColumn(format="Y-m-d")
    region = tables.Column(order_by=("region__code",))
    chain = tables.Column(order_by=("chain__name",))
    group = tables.Column(order_by=("group__name",))
    contracted_investment = MoneyColumn()
    funds_arrived = MoneyColumn(verbose_name=_("funds arrived (万元)"))
    project = tables.Column(linkify=True, order_by=("project__name",))

    class Meta:
        model = Contract
        fields = (
            "signed_on",
            "name",
            "signing_event",
            "counterparty",
            "region",
            "chain",
            "group",
            "contracted_investment",
            "funds_arrived",
            "project",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}


class ChainTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    leader = tables.Column(order_by=("leader__name",))
    gap_count = tables.Column(verbose_name=_("gaps"), attrs={"td": {"class": "money"}})
    target_count = tables.Column(
        verbose_name=_("target enterprises"), attrs={"td": {"class": "money"}}
    )
    lead_count = tables.Column(verbose_name=_("leads"), attrs={"td": {"class": "money"}})
    contract_count = tables.Column(verbose_name=_("contracts"), attrs={"td": {"class": "money"}})

    class Meta:
        model = Chain
        fields = (
            "name",
            "region",
            "leader",
            "gap_count",
            "target_count",
            "lead_count",
            "contract_count",
        )
        attrs = {"class": "table table-sm table-hover"}


class GroupTable(tables.Table):
    name = tables.Column()
    region = tables.Column(order_by=("region__code",))
    chain = tables.Column(linkify=True, order_by=("chain__name",))
    member_count = tables.Column(verbose_name=_("members"), attrs={"td": {"class": "money"}})
    edit = tables.TemplateColumn(
        template_name="promotion/_group_edit_cell.html", verbose_name="", orderable=False
    )
    exclude_from_export = ("edit",)

    class Meta:
        model = PromotionGroup
        fields = ("name", "region", "chain", "member_count", "edit")
        attrs = {"class": "table table-sm table-hover"}
