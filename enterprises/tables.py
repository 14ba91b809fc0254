"""Tables of enterprises, yearly figures, visits and policy benefits (pages and Excel export)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import MoneyColumn
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Visit

NUMBER = {"td": {"class": "money"}, "th": {"class": "money"}}
ATTRS = {"class": "table table-sm table-hover align-middle"}


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__code",))
    industry = tables.Column(order_by=("industry__code",))
    chain = tables.Column(order_by=("chain__name",))
    above_designated_size = tables.BooleanColumn(verbose_name=_("above designated size"))
    commissioner = tables.Column(order_by=("commissioner__last_name", "commissioner__username"))

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "credit_code",
            "region",
            "industry",
            "chain",
            "above_designated_size",
            "commissioner",
            "contact",
            "phone",
        )
        attrs = ATTRS

    def value_region(self, record):
        return f"{record.region.code} {record.region}"

    def value_industry(self, record):
        return f"{record.industry.code} {record.industry}" if record.industry else ""

    def value_above_designated_size(self, value):
        return bool(value)


class EnterpriseYearTable(tables.Table):
    enterprise = tables.Column(linkify=True, order_by=("enterprise__name",))
    credit_code = tables.Column(
        accessor="enterprise__credit_code", verbose_name=_("unified social credit code")
    )
    region = tables.Column(
        accessor="enterprise__region",
        verbose_name=_("region"),
        order_by=("enterprise__region__code",),
    )
    output_value = MoneyColumn()
    main_business_income = MoneyColumn()
    profit = MoneyColumn()
    tax = MoneyColumn()
    employees = tables.Column(attrs=NUMBER)

    class Meta:
        model = EnterpriseYear
        fields = (
            "enterprise",
            "credit_code",
            "region",
            "year",
            "output_value",
            "main_business_income",
            "profit",
            "tax",
            "employees",
        )
        attrs = ATTRS


class VisitTable(tables.Table):
    visited_on = tables.DateColumn(format="Y-m-d")
    enterprise = tables.Column(order_by=("enterprise__name",))
    commissioner = tables.Column(order_by=("commissioner__last_name", "commissioner__username"))
    content = tables.Column()
    request_count = tables.Column(verbose_name=_("requests"), attrs=NUMBER)
    problem_count = tables.Column(verbose_name=_("became problems"), attrs=NUMBER)

    class Meta:
        model = Visit
        fields = (
            "visited_on",
            "enterprise",
            "commissioner",
            "content",
            "request_count",
            "problem_count",
        )
        attrs = ATTRS

    def render_enterprise(self, record):
        url = record.enterprise.get_absolute_url() + f"#visit-{record.pk}"
        return format_html('<a href="{}">{}</a>', url, record.enterprise)

    def value_enterprise(self, record):
        return str(record.enterprise)

    def render_content(self, value):
        return value if len(value) <= 80 else value[:79] + "…"

    def value_content(self, value):
        return value


class PolicyBenefitTable(tables.Table):
    granted_on = tables.DateColumn(format="Y-m-d")
    enterprise = tables.Column(linkify=True, order_by=("enterprise__name",))
    region = tables.Column(
        accessor="enterprise__region",
        verbose_name=_("region"),
        order_by=("enterprise__region__code",),
    )
    amount = MoneyColumn()

    class Meta:
        model = PolicyBenefit
        fields = ("granted_on", "enterprise", "region", "kind", "amount", "bank")
        attrs = ATTRS
