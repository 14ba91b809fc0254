"""The generated library: projects over the province's counties, some bundles with phases."""

import datetime

from projects.choices import Nature
from projects.demo.generated import _add_months, _round
from projects.demo.generated import _nice as nice
from projects.demo.vocabulary import NATURE_WEIGHTS, SOURCE_WEIGHTS
from projects.models import Project, StatusChange
from projects.province import lists, milestones, people
from projects.province.context import month_of
from projects.province.names import CSOE, GOV, LSOE, PRIV, Namer, full_name
from projects.province.shapes import (
    CATEGORY_WEIGHTS,
    IND,
    START_MONTHS,
    YEARLY_GROWTH,
    Choice,
    county_weights,
    total_investment,
)
from projects.province.timeline import Plan, draw, envelope, live, spend

BUNDLE_SHARE = 0.012  # a bundle and its phases, drawn instead of a single project
SUB_PROVINCIAL = {"210200", "330200", "350200", "370200", "440300"}  # Dalian, Ningbo, …
ENERGY_AND_MINING = {"06", "07", "08", "09", "44"}  # 核准 (02) when an enterprise builds them
D = datetime.date
PROJECT_COLUMNS = [
    "id", "name", "code", "region_id", "address", "industry_id", "category", "nature", "source",
    "investor_name", "investor_credit_code", "total_investment", "planned_start",
    "planned_completion", "actual_start", "actual_completion", "capacity", "capacity_unit",
    "land_area_mu", "promised_output_value", "promised_sales", "promised_profit", "promised_tax",
    "promised_jobs", "parent_id", "description", "status", "stalled", "stalled_since",
    "stall_reason", "leader_id", "responsible_person_id", "responsible_unit", "created_at",
    "updated_at",
]  # fmt: skip
HISTORY_COLUMNS = [
    "project_id", "kind", "on", "from_status", "to_status", "reason", "actor_id",
    "recorded_at",
]  # fmt: skip


def generate(ctx):
    """People, projects and their history, lists and milestones; ``ctx.plans`` for the rest."""
    namer = Namer(ctx.rng("names"), ctx)
    people.generate(ctx, namer)
    ctx.say(f"  drawing {ctx.size:,} projects: dates, events, monthly spending")
    ctx.plans = Library(ctx, ctx.rng("projects"), namer).plans()
    ids = ctx.ids(Project, len(ctx.plans))
    for plan, pk in zip(ctx.plans, ids, strict=True):
        plan.id = pk
    ctx.writer.write(Project, PROJECT_COLUMNS, (_project_row(ctx, p) for p in ctx.plans))
    steps = [
        (plan.id, kind, on, old, new, reason, None, ctx.at(on, 18))
        for plan in ctx.plans
        for kind, on, old, new, reason in plan.history()
    ]
    ctx.write(StatusChange, HISTORY_COLUMNS, steps)
    lists.generate(ctx, ctx.rng("lists"))
    milestones.generate(ctx, ctx.rng("milestones"))


class Library:
    def __init__(self, ctx, rng, namer):
        self.ctx, self.rng, self.namer = ctx, rng, namer
        capitals = {ctx.province.code[:2] + "0100"} | SUB_PROVINCIAL
        self.county = Choice(county_weights(rng, ctx.counties, ctx.city_of, capitals))
        self.category = Choice(CATEGORY_WEIGHTS)
        self.sources = {c: Choice(w) for c, w in SOURCE_WEIGHTS.items()}
        self.natures = {k: Choice(w) for k, w in NATURE_WEIGHTS.items()}
        first, last = ctx.first_month - 24, ctx.last_month + 6
        self.start_month = Choice(
            {
                m: START_MONTHS[m % 12] * YEARLY_GROWTH ** ((m - first) / 12)
                for m in range(first, last + 1)
            }
        )
        self.project_codes = set()

    def plans(self):
        rng, made = self.rng, []
        while len(made) < self.ctx.size:
            room = self.ctx.size - len(made)
            county = self.county(rng)
            if room >= 3 and rng.random() < BUNDLE_SHARE:
                made.extend(self.bundle(county, min(rng.choice((2, 3)), room - 1)))
            else:
                made.append(self.single(county))
        return made

    def single(self, county):
        rng, ctx = self.rng, self.ctx
        category = self.category(rng)
        plan = Plan(county=county, city=ctx.city_of[county.pk], category=category)
        plan.source = self.sources[category](rng)
        plan.nature = self.natures[IND if category == IND else "other"](rng)
        plan.total = total_investment(rng, category)
        draw(rng, plan, ctx, self.start_month)
        if plan.nature == Nature.CONTINUING and not (plan.started and plan.started < ctx.start):
            plan.nature = Nature.NEW  # 续建: only what was already under way when the window opens
        self.describe(plan)
        return plan

    def bundle(self, county, count):
        """An industrial park built in phases: the bundle first, then its phases."""
        rng, ctx = self.rng, self.ctx
        city = ctx.city_of[county.pk]
        source = rng.choice([PRIV, PRIV, CSOE, LSOE])
        total = nice(rng.uniform(80000, 600000))
        shares = [0.45, 0.35, 0.2] if count == 3 else [0.6, 0.4]
        parent = Plan(county=county, city=city, category=IND, source=source, nature=Nature.NEW)
        for _ in range(20):
            begin = D(*month_of(self.start_month(rng)), rng.randint(1, 28))
            phases = []
            for index, share in enumerate(shares):
                phase = Plan(
                    county=county, city=city, category=IND, source=source, nature=Nature.NEW
                )
                phase.total, phase.parent = nice(total * share), parent
                live(rng, phase, ctx, _add_months(begin, index * rng.randint(10, 18)))
                spend(rng, phase, ctx)
                phases.append(phase)
            parent.children = phases
            envelope(parent)
            if not parent.completed or parent.completed >= ctx.start:
                break
        parent.total = sum(p.total for p in phases)
        product = self.describe(parent)
        parent.name = f"{parent.brand}{product}产业园项目"
        parent.promises = (None, None, None, None)
        for index, phase in enumerate(phases):
            phase.name = f"{parent.name[:-2]}{'一二三'[index]}期项目"
            for name in ("division", "brand", "investor", "credit", "leader", "person", "unit"):
                setattr(phase, name, getattr(parent, name))
            phase.unit_name = parent.unit_name
            phase.capacity = _round(parent.capacity * shares[index])
            phase.land = _land(rng, phase)
            phase.promises = _promises(rng, phase)
            phase.code = self.code(phase) if phase.started or phase.signed else None
        return [parent, *phases]

    def describe(self, plan):
        """Name, industry, investor, national code, land, promises and the Five Ones of a drawn
        project; returns the product of an industrial one."""
        ctx, namer, rng = self.ctx, self.namer, self.rng
        product = None
        if plan.category == IND:
            product = namer.industrial(plan)
        else:
            namer.public(plan, plan.county, plan.city)
        plan.investor, plan.credit = namer.investor(plan, plan.county, plan.city)
        registered = plan.signed or plan.started
        chance = 0.95 if registered else (0.7 if plan.source == GOV else 0.4)
        plan.code = self.code(plan) if rng.random() < chance else None
        plan.land = _land(rng, plan)
        plan.promises = _promises(rng, plan)
        people = ctx.people
        county, city = people[plan.county.pk], people[plan.city.pk]
        if plan.total >= 100000:
            plan.leader = rng.choice(city + people[ctx.province.pk])
        elif plan.total >= 20000 or rng.random() < 0.3:
            plan.leader = rng.choice(city)
        else:
            plan.leader = county[0] if rng.random() < 0.5 else None
        plan.person = rng.choice(county[:2])
        own = plan.source in (PRIV, CSOE) and rng.random() < 0.5
        plan.unit_name = plan.investor if own else f"{full_name(plan.county)}人民政府"
        return product

    def code(self, plan):
        """GB/T 40058: year, county, division, 01 审批 / 02 核准 / 03 备案, a serial."""
        rng = self.rng
        registered = plan.signed or plan.started or plan.created
        year = registered.year - (1 if registered.month <= 3 and rng.random() < 0.3 else 0)
        kind = "01" if plan.source == GOV else "03"
        if plan.division in ENERGY_AND_MINING and kind == "03" and plan.total >= 50000:
            kind = "02"
        while True:
            code = f"{year}-{plan.county.code}-{plan.division}-{kind}-{rng.randint(1, 999999):06d}"
            if code not in self.project_codes:
                self.project_codes.add(code)
                return code


def _project_row(ctx, plan):
    last = max([plan.created] + [step[1] for step in plan.history()])
    stalled = plan.stalled_since
    return (
        plan.id, plan.name[:200], plan.code, plan.county.pk, "", ctx.divisions[plan.division],
        plan.category, plan.nature, plan.source, plan.investor, plan.credit, str(plan.total),
        plan.planned_start, plan.planned_completion, plan.started, plan.completed,
        None if plan.capacity is None else str(plan.capacity), plan.unit or "", plan.land, None,
        *plan.promises, plan.parent.id if plan.parent else None, "", plan.status,
        stalled is not None, stalled, plan.stalls[-1][2] if stalled else "", plan.leader,
        plan.person, plan.unit_name, ctx.at(plan.created, 9), ctx.at(last, 18),
    )  # fmt: skip


def _land(rng, plan):
    """Industrial land, about 200–400 万元 of investment per mu (亩均投资)."""
    if plan.category != IND:
        return None
    return f"{max(plan.total / rng.uniform(200, 400), 1):.1f}"


def _promises(rng, plan):
    """Promised sales, profit, tax and jobs of most industrial projects."""
    if plan.category != IND or rng.random() < 0.4:
        return None, None, None, None
    sales = nice(plan.total * rng.uniform(0.8, 2.5))
    profit, tax = nice(sales * rng.uniform(0.06, 0.15)), nice(sales * rng.uniform(0.03, 0.08))
    return str(sales), str(profit), str(tax), int(nice(max(20, plan.total / rng.uniform(150, 600))))
