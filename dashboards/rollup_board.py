"""The dashboard page's board read from the rollups: a row per project instead of the raw tables.

``queries.board`` computes every project's facts from reports, history, milestones and problems
at each request: seconds at a province's size. The dashboard page reads only part of each fact
(plan, money, status, stall, colour), which a ``ProjectYear`` row already holds; this board
carries exactly that part, so every figure and chart of the page is the same function of the
board as before. Reasons, overdue days and late reports are not in a row: the drill-down pages,
which list them, keep ``queries.board`` over their smaller sets.
"""

from dataclasses import dataclass

from core.models import Region
from dashboards import queries
from dashboards.facts import ZERO, Facts
from dashboards.models import MONTHS, PlanVariant, ProjectYear
from dashboards.rollups import COLOUR_CODES, STATUS_CODES, refresh
from projects.choices import Category
from projects.models import Person

STATUSES = {code: status for status, code in STATUS_CODES.items()}
COLOURS = {code: colour for colour, code in COLOUR_CODES.items()}


@dataclass(frozen=True, slots=True)
class Parent:
    """A project's bundle, as far as the figures read it: whose phase it is in turn."""

    pk: int
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """What the figures read of a project (``queries``: groups, bands, bundles, forecasts), read
    as plain values: a model instance per project, with its region and parent, took most of
    the page's time at a province's size. Regions and leaders are shared instances."""

    pk: int
    name: str
    category: str
    total_investment: object
    planned_start: object
    region: Region
    leader: Person | None
    parent: Parent | None

    @property
    def leader_id(self):
        return self.leader.pk if self.leader else None

    @property
    def parent_id(self):
        return None if self.parent is None else self.parent.pk

    def get_category_display(self):
        return Category(self.category).label


ROW_FIELDS = [
    "project__name",
    "project__category",
    "project__total_investment",
    "project__planned_start",
    "project__region",
    "project__leader",
    "project__parent",
    "project__parent__parent",
]


def board(projects, year, month, project_list=None):
    """The board of ``queries.board(projects, year, month, project_list)`` with facts from the
    rows (computing first those stale or missing). The set is read as a subquery, never as a list
    of ids: a province's tens of thousands of parameters cost more than the rows."""
    chosen = projects.order_by().values("pk")
    fresh = ProjectYear.objects.filter(year=year, stale=False).values("project")
    outdated = list(projects.exclude(pk__in=fresh).values_list("pk", flat=True))
    if outdated:
        refresh(outdated, [year])
    months = ["plan", "starts", f"pending_{month}", f"last_{month}", f"state_{month}"]
    months += [f"ytd_{m}" for m in range(1, month + 1)]
    last_year = [f"last_{m}" for m in MONTHS]
    rows = list(
        ProjectYear.objects.filter(year=year, project__in=chosen)
        .order_by("project")
        .values_list("project", *ROW_FIELDS, *last_year, *months)
    )
    # a few hundred regions and leaders at most, read by id (the set is not read again)
    regions = Region.objects.in_bulk({row[5] for row in rows})
    leaders = Person.objects.in_bulk({row[6] for row in rows if row[6]})
    variants = _variants(chosen, year, month, project_list)
    facts, cumulative = {}, [ZERO] * 13  # last year's approved, months 1..m, over the set
    for pk, name, category, investment, start, region, leader, parent, grand, *rest in rows:
        for m in MONTHS:
            cumulative[m] += rest[m - 1]
        rest = rest[12:]
        project = ProjectRow(
            pk,
            name,
            category,
            investment,
            start,
            regions[region],
            leaders.get(leader),
            None if parent is None else Parent(parent, grand),
        )
        facts[pk] = _fact(project, rest, variants.get(pk), month)
    profile = queries.profile_of({m: cumulative[m] - cumulative[m - 1] for m in MONTHS})
    return queries.board_of(facts, year, month, profile)


def _variants(chosen, year, month, project_list):
    """{project id: (plan, starts, colour code)} on the chosen list, where its plan differs."""
    if project_list is None:
        return {}
    found = PlanVariant.objects.filter(year=year, project_list=project_list, project__in=chosen)
    rows = found.values_list("project", "plan", "starts", f"colour_{month}")
    return {pk: values for pk, *values in rows}


def _fact(project, values, variant, month):
    plan, starts, pending, last, state, *ytd = values
    colour = state % 4  # see rollups.state_of
    if variant is not None:
        plan, starts, colour = variant
    ytd = [ZERO, *ytd]
    return Facts(
        project,
        plan,
        starts,
        ytd=ytd[month],
        ytd_last_year=last,
        june=ytd[min(month, 6)],
        pending=pending,
        monthly={m: ytd[m] - ytd[m - 1] for m in range(1, month + 1)},
        status=STATUSES[state // 8],
        stalled=state % 8 >= 4,
        colour=COLOURS[colour],
    )
