"""Key-project lists of the generated province, one per year and level, and their memberships.

Every project is on its county's list in each year it is to start, under way or to complete;
larger ones also on the city's list, the largest on the province's. The city's spring batch
(春季集中开工) holds the projects of the city starting in March–May. The annual plan is what the
project expects to spend that year, a little optimistic.
"""

from projects.choices import ListLevel, YearPlan
from projects.demo.generated import _nice as nice
from projects.demo.people import SPRING
from projects.models import Membership, ProjectList
from projects.province.context import month_index
from projects.province.names import full_name

LIST_COLUMNS = ["name", "level", "year", "batch", "region_id"]
MEMBER_COLUMNS = ["project_list_id", "project_id", "annual_plan", "plan"]


def generate(ctx, rng):
    keys, lists = _lists(ctx)
    list_id = dict(zip(keys, ctx.write(ProjectList, LIST_COLUMNS, lists), strict=True))
    members = []
    for plan in ctx.plans:
        levels = _levels(rng, plan)
        for year in listed_years(ctx, plan):
            kind = plan_kind(plan, year)
            amount = str(annual_plan(rng, plan, year))
            # a county run by the province itself has no city list: the same list once
            regions = dict.fromkeys(
                {"county": plan.county, "city": plan.city}.get(level, ctx.province).pk
                for level in levels
            )
            if kind == YearPlan.START and _start_month(plan, year) in (3, 4, 5):
                regions[(plan.city.pk, SPRING)] = None
            for region in regions:
                key = (*region, year) if isinstance(region, tuple) else (region, "", year)
                if key in list_id:
                    members.append((list_id[key], plan.id, amount, kind))
    ctx.write(Membership, MEMBER_COLUMNS, members)


def _lists(ctx):
    keys, rows = [], []
    for year in ctx.years:
        issued = [(ctx.province, ListLevel.PROVINCIAL, full_name(ctx.province), "")]
        for city in ctx.cities:
            name = full_name(city)
            issued += [
                (city, ListLevel.MUNICIPAL, name, ""),
                (city, ListLevel.MUNICIPAL, name, SPRING),
            ]
        for county in ctx.counties:
            city = ctx.city_of[county.pk]
            name = county.name_zh if city == ctx.province else full_name(city) + county.name_zh
            issued.append((county, ListLevel.COUNTY, name, ""))
        for region, level, name, batch in issued:
            keys.append((region.pk, batch, year))
            rows.append((f"{name}{year}年重点项目", level, year, batch, region.pk))
    return keys, rows


def _levels(rng, plan):
    """The lists a project is on: its phases only on the county's, a bundle on all it earns."""
    if plan.parent is not None:
        return ["county"]
    levels = ["county"]
    if plan.total >= 20000 or (plan.total >= 5000 and rng.random() < 0.25):
        levels.append("city")
    if plan.total >= 100000 or (plan.total >= 30000 and rng.random() < 0.2):
        levels.append("province")
    return levels


def listed_years(ctx, plan):
    """The window's years from the planned (or actual) start to completion or cancellation."""
    if plan.started:
        first = min(plan.planned_start.year, plan.started.year)
    elif plan.planned_start.year > ctx.as_of.year:
        return []
    else:
        first = plan.planned_start.year
    last = ctx.as_of.year
    if plan.completed:
        last = plan.completed.year
    if plan.cancelled:
        last = min(last, plan.cancelled.year)
    return [year for year in ctx.years if first <= year <= last]


def plan_kind(plan, year):
    if not plan.started or plan.started.year >= year:
        return YearPlan.START
    finish = plan.completed or plan.planned_completion
    return YearPlan.COMPLETE if finish.year == year else YearPlan.CONTINUE


def annual_plan(rng, plan, year):
    """What the project expects to spend in the year (万元), a little optimistic."""
    if plan.started and plan.started.year <= year:
        first = plan.first
        months = range(max(year * 12, first), min(year * 12 + 12, first + len(plan.amounts)))
        expected = sum(plan.amounts[m - first] for m in months)
    else:
        begin = max(month_index(plan.planned_start), year * 12 + 2)  # a slipped start: March
        end = max(month_index(plan.planned_completion), begin)
        inside = max(min(end, year * 12 + 11) - begin + 1, 0)
        expected = plan.total * inside / (end - begin + 1)
    amount = nice(expected * rng.uniform(0.95, 1.3))
    return max(min(amount, plan.total), 1)


def _start_month(plan, year):
    day = plan.started if plan.started and plan.started.year == year else plan.planned_start
    return day.month if day.year == year else None
