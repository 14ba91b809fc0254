"""The figures of domain.md over a set of projects, for year Y at the end of month M.

One call to ``board()`` reads the facts (a fixed number of queries, whatever the size of the set);
every figure below is a small function of the board. Money sums count only the outermost projects
of the set, so a bundle and its phases count each yuan once.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from dashboards.facts import ZERO, Facts, approved_by_month, collect, rules, total
from dashboards.warnings import COLOURS, judge
from projects.choices import Status

BANDS = [Decimal(5000), Decimal(10000), Decimal(100000)]  # 万元: 50 million, 100 million, 1 billion


@dataclass
class Board:
    year: int
    month: int
    facts: dict  # project id → Facts
    outer: list  # the facts whose money counts (no bundle of theirs is in the set)
    profile: dict  # month → share of last year's approved investment (sums to 1)


def board(projects, year, month, project_list=None):
    facts = collect(projects, year, month, project_list)
    thresholds = rules()
    for fact in facts.values():
        judge(fact, year, month, thresholds)
    return board_of(facts, year, month, _profile(facts, year))


def board_of(facts, year, month, profile):
    """The board of these facts (``rollup_board`` reads them from the rollups)."""
    outer = [
        f
        for f in facts.values()
        if f.project.parent_id not in facts
        and (f.project.parent is None or f.project.parent.parent_id not in facts)
    ]
    return Board(year, month, facts, outer, profile)


def _profile(facts, year):
    return profile_of(approved_by_month(list(facts), year - 1))


def profile_of(by_month):
    """Last year's monthly shares from {month: approved}; an even profile when there is none."""
    whole = total(by_month.values())
    if not whole:
        return {m: Decimal(1) / 12 for m in range(1, 13)}
    return {m: by_month.get(m, ZERO) / whole for m in range(1, 13)}


def rate(part, whole):
    return part / whole * 100 if whole else None


# ---------------------------------------------------------------- headline figures


def annual_plan(b):
    return total(f.plan for f in b.outer)


def ytd_completed(b):
    return total(f.ytd for f in b.outer)


def pending(b):
    return total(f.pending for f in b.outer)


def completion_rate(b):
    return rate(ytd_completed(b), annual_plan(b))


def time_progress(b):
    return time_progress_at(b.month)


def time_progress_at(month):
    return Decimal(month) / 12 * 100


def ahead_points(b):
    return ahead_of(completion_rate(b), b.month)


def ahead_of(completion, month):
    return None if completion is None else completion - time_progress_at(month)


def double_over_half(b):
    return half_by_june(b.month, total(f.june for f in b.outer), annual_plan(b))


def half_by_june(month, june, plan):
    """At June and after: were at least half of the annual plan done by the end of June?"""
    if month < 6:
        return None
    done = rate(june, plan)
    return done is not None and done >= 50


def by_status(b):
    counts = Counter(f.status for f in b.facts.values())
    return {status.value: counts.get(status.value, 0) for status in Status}


def planned_to_start(b):
    return [f for f in b.facts.values() if f.planned_start_in_year]


def start_rate(b):
    planned = planned_to_start(b)
    return rate(Decimal(sum(f.started for f in planned)), Decimal(len(planned)))


def start_resume_rate(b):
    working = sum(f.started and not f.stalled for f in b.facts.values())
    return rate(Decimal(working), Decimal(len(b.facts)))


def yoy_growth(b):
    return growth(ytd_completed(b), total(f.ytd_last_year for f in b.outer))


def growth(ytd, last):
    """YTD in Y ÷ YTD in Y−1 over the same months by the same projects − 1, in percent."""
    return (ytd / last - 1) * 100 if last else None


def by_band(b):
    return {
        str(band): sum(f.project.total_investment >= band for f in b.facts.values())
        for band in BANDS
    }


def warnings(b):
    counts = Counter(f.colour for f in b.facts.values() if f.colour)
    return {colour: counts.get(colour, 0) for colour in COLOURS}


# ---------------------------------------------------------------- breakdowns and charts


def cumulative_by_month(b):
    """Planned (plan × m ÷ 12) against approved cumulative, month by month up to M."""
    plan, running, rows = annual_plan(b), ZERO, []
    for month in range(1, 13):
        running += total(f.monthly.get(month, ZERO) for f in b.outer)
        actual = running if month <= b.month else None
        rows.append((month, plan * month / 12, actual))
    return rows


def _grouped(b, key, label):
    groups = defaultdict(list)
    for fact in b.outer:
        groups[key(fact)].append(fact)
    rows = []
    for group_key, facts in groups.items():
        plan, done = total(f.plan for f in facts), total(f.ytd for f in facts)
        completion = rate(done, plan)
        rows.append(
            {
                "key": group_key,
                "label": label(facts[0]),
                "projects": len(facts),
                "plan": plan,
                "ytd": done,
                "completion_rate": completion,
                "ahead_points": None if completion is None else completion - time_progress(b),
                "warnings": Counter(f.colour for f in facts if f.colour),
            }
        )
    return sorted(rows, key=lambda r: (r["completion_rate"] is None, -(r["completion_rate"] or 0)))


def by_county(b):
    return _grouped(b, lambda f: f.project.region.code, lambda f: str(f.project.region))


def by_category(b):
    return _grouped(b, lambda f: f.project.category, lambda f: f.project.get_category_display())


def by_leader(b):
    """Leaders by the state of their projects: most red first."""
    rows = _grouped(
        b,
        lambda f: f.project.leader_id or 0,
        lambda f: str(f.project.leader) if f.project.leader else "—",
    )
    return sorted(
        rows, key=lambda r: (-r["warnings"].get("red", 0), -r["warnings"].get("yellow", 0))
    )


# ---------------------------------------------------------------- forecast


def forecast(b, fact: Facts):
    """Year-end forecast of one project: YTD scaled by last year's seasonal profile.

    Over the project's own working year (from January, or from its planned start month in Y),
    the forecast is YTD ÷ (share of the working year's profile elapsed by M).
    """
    first = first_working_month(fact.project, b.year)
    return forecast_of(fact.ytd, fact.plan, first, b.month, b.profile)


def first_working_month(project, year):
    """January, or the month of its planned start when that falls in Y."""
    start = project.planned_start
    return start.month if start and start.year == year else 1


def forecast_of(ytd, plan, first, month, profile):
    """YTD and plan (of a project, or summed over projects with the same working year)."""
    elapsed = total(profile[m] for m in range(first, month + 1))
    whole = total(profile[m] for m in range(first, 13))
    if not elapsed or not whole:
        return plan  # the working year has not begun: nothing says it will miss
    return ytd * whole / elapsed


def forecast_total(b):
    return total(forecast(b, f) for f in b.outer)


def forecast_misses(b):
    """Projects whose forecast falls short of their plan, the largest shortfall first."""
    rows = [(f, forecast(b, f)) for f in b.facts.values() if f.plan and f.colour]
    return sorted(((f, fc) for f, fc in rows if fc < f.plan), key=lambda row: row[1] - row[0].plan)


# ---------------------------------------------------------------- drill-down


def push_list(b):
    """Red, not started when planned, stalled or with an overdue milestone."""
    return [f for f in b.facts.values() if f.colour == "red" or f.stalled or f.overdue_days > 0]


DRILLS = {
    "all": lambda b, v: list(b.facts.values()),
    "status": lambda b, v: [f for f in b.facts.values() if f.status == v],
    "colour": lambda b, v: [f for f in b.facts.values() if f.colour == v],
    "band": lambda b, v: [f for f in b.facts.values() if f.project.total_investment >= Decimal(v)],
    "county": lambda b, v: [f for f in b.facts.values() if f.project.region.code == v],
    "category": lambda b, v: [f for f in b.facts.values() if f.project.category == v],
    "leader": lambda b, v: [f for f in b.facts.values() if str(f.project.leader_id or 0) == v],
    "planned_start": lambda b, v: planned_to_start(b),
    "started": lambda b, v: [f for f in planned_to_start(b) if f.started],
    "working": lambda b, v: [f for f in b.facts.values() if f.started and not f.stalled],
    "push": lambda b, v: push_list(b),
    "forecast_miss": lambda b, v: [f for f, _ in forecast_misses(b)],
}


def drill(b, figure, value=""):
    """The facts behind one figure or chart element, e.g. ("colour", "red")."""
    chooser = DRILLS.get(figure)
    return [] if chooser is None else chooser(b, value)


# ---------------------------------------------------------------- the API's figures


@dataclass
class Totals:
    """What the API's figures are made of: money over the outermost projects, counts over all.

    ``totals(board)`` reads them from a board; ``dashboards.rollups`` from the rollup rows.
    """

    year: int
    month: int
    annual_plan: Decimal
    ytd: Decimal
    pending: Decimal
    june: Decimal  # approved, months 1..6
    ytd_last_year: Decimal  # approved in Y−1, months 1..M
    forecast: Decimal
    projects: int
    by_status: dict
    by_band: dict
    planned_to_start: int
    started_as_planned: int  # of those planned to start, started by the end of M
    working: int  # started and not stalled
    warnings: dict


def totals(b):
    planned = planned_to_start(b)
    return Totals(
        year=b.year,
        month=b.month,
        annual_plan=annual_plan(b),
        ytd=ytd_completed(b),
        pending=pending(b),
        june=total(f.june for f in b.outer),
        ytd_last_year=total(f.ytd_last_year for f in b.outer),
        forecast=forecast_total(b),
        projects=len(b.facts),
        by_status=by_status(b),
        by_band=by_band(b),
        planned_to_start=len(planned),
        started_as_planned=sum(f.started for f in planned),
        working=sum(f.started and not f.stalled for f in b.facts.values()),
        warnings=warnings(b),
    )


def headline(b):
    """The figures of GET /api/v1/dashboard/, Decimal money as strings."""
    return headline_of(totals(b))


def headline_of(t):
    """The API's figures from their totals."""

    def money(value):
        return str(value.quantize(Decimal("0.0001")))

    def number(value):
        return None if value is None else float(round(value, 2))

    completion = rate(t.ytd, t.annual_plan)
    return {
        "year": t.year,
        "month": t.month,
        "annual_plan": money(t.annual_plan),
        "ytd_completed": money(t.ytd),
        "pending": money(t.pending),
        "completion_rate": number(completion),
        "time_progress": number(time_progress_at(t.month)),
        "ahead_points": number(ahead_of(completion, t.month)),
        "double_over_half": half_by_june(t.month, t.june, t.annual_plan),
        "projects": t.projects,
        "by_status": t.by_status,
        "by_band": t.by_band,
        "start_rate": number(rate(Decimal(t.started_as_planned), Decimal(t.planned_to_start))),
        "start_resume_rate": number(rate(Decimal(t.working), Decimal(t.projects))),
        "yoy_growth": number(growth(t.ytd, t.ytd_last_year)),
        "warnings": t.warnings,
        "forecast": money(t.forecast),
    }
