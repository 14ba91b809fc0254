"""Enterprises of the generated province (projects.province): every investor with a credit code.

As ``enterprises.matching`` does when a project, lead or contract is saved, each credit code
becomes one enterprise, named and placed by the first record that gives it (projects first,
then leads). Larger industrial investors are above designated size and report yearly figures.
"""

from enterprises.models import Enterprise, EnterpriseYear
from projects.demo.generated import _nice as nice
from projects.province.names import GOV
from projects.province.shapes import IND

ENTERPRISE_COLUMNS = [
    "id", "name", "credit_code", "region_id", "industry_id", "chain_id", "contact", "phone",
    "above_designated_size", "commissioner_id",
]  # fmt: skip
YEAR_COLUMNS = [
    "enterprise_id", "year", "output_value", "main_business_income", "profit", "tax",
    "employees",
]  # fmt: skip


def generate(ctx):
    rng = ctx.rng("enterprises")
    found = {}  # credit code → [name, region, industry, chain, a size to judge it by]
    for plan in ctx.plans:
        if plan.credit and plan.credit not in found:
            size = plan.total if plan.category == IND and plan.source != GOV else 0
            found[plan.credit] = [plan.investor, plan.county.pk, ctx.divisions[plan.division],
                                  None, size]  # fmt: skip
        elif plan.credit and plan.category == IND:
            found[plan.credit][4] += plan.total
    for code, (name, region, industry, chain) in ctx.investors.items():
        found.setdefault(code, [name, region, industry, chain, 0])
    ids = ctx.ids(Enterprise, len(found))
    rows, years = [], []
    for pk, (code, (name, region, industry, chain, size)) in zip(ids, found.items(), strict=True):
        above = size >= 20000 and rng.random() < 0.7
        rows.append((pk, name[:200], code, region, industry, chain, "", "", above, None))
        if above:
            years.extend(_years(rng, ctx, pk, size))
    ctx.writer.write(Enterprise, ENTERPRISE_COLUMNS, rows)
    ctx.write(EnterpriseYear, YEAR_COLUMNS, years)


def _years(rng, ctx, pk, size):
    """Output about one to two times what it invested, growing a little; profit, tax, staff."""
    output = size * rng.uniform(0.8, 2.0)
    for year in ctx.years:
        if year >= ctx.as_of.year:
            break
        output *= rng.uniform(0.95, 1.12)
        income = output * rng.uniform(0.9, 1.0)
        profit = income * rng.uniform(-0.03, 0.12)
        yield (
            pk, year, str(nice(output)), str(nice(income)), f"{profit:.0f}",
            str(nice(income * rng.uniform(0.02, 0.06))), int(nice(20 + output / 150)),
        )  # fmt: skip
