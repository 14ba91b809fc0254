"""Departments and problems of the generated province (projects.province).

Each city has the usual departments; a few percent of the projects under way raise a problem (a
few raise several), routed by category with the default deadline. Older problems are mostly
closed with a rating; recent ones open or in hand; some escalated, some past their deadline.
"""

import datetime

from problems.choices import DEFAULT_DAYS, Category, Level, ProblemStatus
from problems.demo import DEPARTMENTS, OWNER, TEXTS
from problems.models import Department, Problem
from projects.demo.constants import ANSHAN
from projects.province.names import full_name, place
from projects.province.shapes import Choice

DAY = datetime.timedelta(days=1)
SHARE, SEVERAL = 0.05, 0.2  # projects with a problem; of those, with two or three
CATEGORY_WEIGHTS = {
    Category.LAND: 14, Category.PLANNING: 8, Category.APPROVALS: 12, Category.ENVIRONMENT: 8,
    Category.ENERGY: 5, Category.POWER: 12, Category.WATER_GAS: 6, Category.ROADS: 6,
    Category.FINANCING: 12, Category.LABOR: 5, Category.DEMOLITION: 6, Category.POLICY: 4,
    Category.OTHER: 4,
}  # fmt: skip
OPEN, IN_PROGRESS, ESCALATED, RESOLVED, CLOSED = (
    ProblemStatus.OPEN,
    ProblemStatus.IN_PROGRESS,
    ProblemStatus.ESCALATED,
    ProblemStatus.RESOLVED,
    ProblemStatus.CLOSED,
)
# What became of a problem, by how many days ago it was raised.
FATES = [
    (30, {OPEN: 45, IN_PROGRESS: 35, RESOLVED: 12, ESCALATED: 8}),
    (120, {CLOSED: 40, RESOLVED: 20, IN_PROGRESS: 15, ESCALATED: 12, OPEN: 13}),
    (None, {CLOSED: 78, RESOLVED: 10, ESCALATED: 6, IN_PROGRESS: 6}),
]
DEPARTMENT_COLUMNS = ["name", "region_id", "email", "webhook", "webhook_url", "webhook_secret"]
PROBLEM_COLUMNS = [
    "project_id", "enterprise_id", "category", "description", "raised_by_id", "raised_on",
    "source_report_id", "department_id", "lead_leader_id", "deadline", "status", "level",
    "resolution", "evidence", "resolved_on", "closed_on", "satisfaction",
]  # fmt: skip


def generate(ctx):
    rng = ctx.rng("problems")
    departments = _departments(ctx)
    category = Choice(CATEGORY_WEIGHTS)
    fates = [(days, Choice(weights)) for days, weights in FATES]
    rows = []
    for plan in ctx.plans:
        if not plan.started or rng.random() >= SHARE:
            continue
        end = min(plan.completed or ctx.as_of, plan.cancelled or ctx.as_of)
        for _ in range(rng.randint(2, 3) if rng.random() < SEVERAL else 1):
            raised = plan.started + rng.randint(0, max((end - plan.started).days, 0)) * DAY
            kind = category(rng)
            fate = next(choice for days, choice in fates if days is None or
                        (ctx.as_of - raised).days < days)(rng)  # fmt: skip
            department = departments[(plan.city.pk, OWNER[kind])]
            rows.append(_problem(rng, ctx, plan, kind, raised, fate, department))
    ctx.write(Problem, PROBLEM_COLUMNS, rows)


def _departments(ctx):
    """(city id, key) → department id: each city's land, power, environment… offices."""
    keys, rows = [], []
    for city in ctx.cities:
        for key, name in DEPARTMENTS[ANSHAN].items():
            name = name.replace("鞍山市", full_name(city)).replace("鞍山", place(city))
            keys.append((city.pk, key))
            rows.append((name, city.pk, "", "", "", ""))
    return dict(zip(keys, ctx.write(Department, DEPARTMENT_COLUMNS, rows), strict=True))


def _problem(rng, ctx, plan, kind, raised, fate, department):
    raised_texts, resolutions = TEXTS[kind]
    index = rng.randrange(len(raised_texts))
    fill = rng.choice([3, 5, 8, 12, 20, 30, 45, 60, 120])
    deadline = raised + DEFAULT_DAYS[kind] * DAY
    level = Level.DEPARTMENT
    if fate == ESCALATED:
        level = rng.choice([Level.COUNTY, Level.COUNTY, Level.MUNICIPAL, Level.MUNICIPAL,
                            Level.PROVINCIAL])  # fmt: skip
    elif fate != OPEN and rng.random() < 0.15:
        level = rng.choice([Level.COUNTY, Level.MUNICIPAL])
    resolved = closed = satisfaction = None
    if fate in (RESOLVED, CLOSED):
        on_time = rng.random() < 0.7
        resolved = (
            raised + rng.randint(2, DEFAULT_DAYS[kind]) * DAY
            if on_time
            else deadline + rng.randint(3, 45) * DAY
        )
        if resolved > ctx.as_of:
            fate, resolved = IN_PROGRESS, None
    if fate == CLOSED:
        closed = resolved + rng.randint(1, 10) * DAY
        if closed > ctx.as_of:
            fate, closed = RESOLVED, None
        else:
            satisfaction = rng.choices([5, 4, 3, 2], [55, 30, 10, 5])[0]
    resolution = resolutions[index % len(resolutions)] if resolved else ""
    return (
        plan.id, None, kind, raised_texts[index].format(n=fill), None, raised, None, department,
        plan.leader if level > Level.DEPARTMENT else None, deadline, fate, level, resolution, "",
        resolved, closed, satisfaction,
    )  # fmt: skip
