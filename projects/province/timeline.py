"""One generated project's life: planned dates, what happened when, what it spent each month."""

import calendar
import datetime

from projects.choices import HistoryKind, Status
from projects.demo.generated import _add_months, _end_of_month
from projects.demo.vocabulary import CANCEL_REASONS, RESUME_REASONS, STALL_REASONS
from projects.province.context import month_index, month_of
from projects.province.names import CSOE, FOR, GOV, PRIV
from projects.province.shapes import AGRI, IND, OTHER, SEASON, hump, nominal_months

D, DAY = datetime.date, datetime.timedelta(days=1)
STALL_SHARE, LATE_START_SHARE, NEVER_SHARE = 0.07, 0.15, 0.04
PRODUCING = {IND, AGRI, OTHER}  # works that go into production (a school is just finished)


class Plan:
    """A project as the generator sees it; ``amounts[k]`` is what it spent in month first + k."""

    __slots__ = (
        "id", "number", "county", "city", "category", "source", "nature", "division", "total",
        "name", "brand", "capacity", "unit", "investor", "credit", "code", "levels",
        "planned_start", "planned_completion", "created", "signed", "started", "completed",
        "producing", "at_capacity", "cancelled", "cancel_reason", "stalls", "parent", "children",
        "due", "first", "amounts", "leader", "person", "unit_name", "land", "promises",
    )  # fmt: skip

    def __init__(self, **values):
        for name in self.__slots__:
            setattr(self, name, values.get(name))
        self.stalls = self.stalls or []
        self.children = self.children or []

    @property
    def status(self):
        for status, day in [
            (Status.CANCELLED, self.cancelled),
            (Status.AT_CAPACITY, self.at_capacity),
            (Status.IN_PRODUCTION, self.producing),
            (Status.COMPLETED, self.completed),
            (Status.STARTED, self.started),
            (Status.SIGNED, self.signed),
        ]:
            if day:
                return status
        return Status.RESERVE

    @property
    def stalled_since(self):
        """The day of the stall still going on, if any."""
        if self.stalls and self.stalls[-1][1] is None and self.status == Status.STARTED:
            return self.stalls[-1][0]
        return None

    def stalled_on(self, day):
        return any(s <= day and (r is None or day < r) for s, r, *_ in self.stalls)

    def history(self):
        """(kind, date, from, to, reason) of every step, oldest first, as the services record."""
        steps, status = [], Status.RESERVE

        def step(kind, on, to, reason=""):
            nonlocal status
            steps.append((kind, on, status, to, reason))
            status = to

        if self.signed:
            step(HistoryKind.STATUS, self.signed, Status.SIGNED)
        if self.started:
            step(HistoryKind.STATUS, self.started, Status.STARTED)
        for stalled, resumed, reason, resume_reason in self.stalls:
            step(HistoryKind.STALL, stalled, Status.STARTED, reason)
            if resumed:
                step(HistoryKind.RESUME, resumed, Status.STARTED, resume_reason)
        if self.cancelled:
            step(HistoryKind.STATUS, self.cancelled, Status.CANCELLED, self.cancel_reason)
        for day, to in [
            (self.completed, Status.COMPLETED),
            (self.producing, Status.IN_PRODUCTION),
            (self.at_capacity, Status.AT_CAPACITY),
        ]:
            if day:
                step(HistoryKind.STATUS, day, to)
        return steps

    def last_reported_month(self, ctx):
        """The last month with a report: completion, cancellation, or the window's end."""
        if not self.started:
            return None
        end = self.completed or self.cancelled or ctx.as_of
        return min(month_index(end), ctx.last_month)


def draw(rng, plan, ctx, start_month):
    """Dates and events until ``ctx.as_of``; redrawn until the project matters in the window."""
    for _ in range(20):
        year, month = month_of(start_month(rng))
        live(rng, plan, ctx, D(year, month, rng.randint(1, 28)))
        gone = plan.completed or plan.cancelled
        if not gone or gone >= ctx.start:
            break
    spend(rng, plan, ctx)


def live(rng, plan, ctx, planned_start):
    """What happened to the project planned to start on that day, as far as ``ctx.as_of``."""
    as_of, total = ctx.as_of, plan.total
    months = nominal_months(rng, total)
    plan.planned_start = planned_start
    plan.planned_completion = _end_of_month(_add_months(planned_start, months))
    plan.created = min(planned_start - rng.randint(30, 240) * DAY, as_of - rng.randint(0, 20) * DAY)
    plan.signed = plan.started = plan.completed = plan.producing = plan.at_capacity = None
    plan.cancelled, plan.cancel_reason, plan.stalls, plan.due = None, "", [], None
    late = rng.random() < LATE_START_SHARE
    start = planned_start + (rng.randint(60, 365) if late else rng.randint(-15, 45)) * DAY
    if plan.source in (PRIV, FOR, CSOE) and rng.random() < 0.7:
        signed = max(start - rng.randint(20, 150) * DAY, plan.created)
        plan.signed = signed if signed <= as_of else None
    never = rng.random() < NEVER_SHARE
    if never or start > as_of:
        waited = (as_of - planned_start).days
        if never and waited > 180 and rng.random() < 0.6:
            day = planned_start + rng.randint(180, max(180, min(waited, 540))) * DAY
            _cancel(rng, plan, max(day, plan.signed or plan.created))
        return
    plan.started = max(start, plan.signed or start, plan.created)
    build = round(months * 30.4 * rng.lognormvariate(0.08, 0.2))
    if rng.random() < STALL_SHARE:
        build += _stall(rng, plan, build, as_of)
    elif rng.random() < 0.01 and (as_of - plan.started).days > 120:
        _cancel(rng, plan, plan.started + rng.randint(60, (as_of - plan.started).days) * DAY)
    end = plan.due = plan.started + build * DAY
    if end > as_of or plan.cancelled or plan.stalled_since:
        return
    plan.completed = end
    if plan.category in PRODUCING and plan.source != GOV and rng.random() < 0.85:
        producing = end + rng.randint(10, 60) * DAY
        plan.producing = producing if producing <= as_of else None
        at_capacity = producing + rng.randint(90, 420) * DAY
        if plan.category == IND and at_capacity <= as_of and rng.random() < 0.45:
            plan.at_capacity = at_capacity


def _stall(rng, plan, build, as_of):
    """A stall some months in; resumed (the build grows by its length) or still going."""
    stalled = plan.started + rng.randint(60, max(61, build - 30)) * DAY
    if stalled > as_of:
        return 0
    length = rng.randint(60, 420)
    resumed = stalled + length * DAY
    if resumed <= as_of:
        plan.stalls = [(stalled, resumed, rng.choice(STALL_REASONS), rng.choice(RESUME_REASONS))]
        return length
    plan.stalls = [(stalled, None, rng.choice(STALL_REASONS), "")]
    waited = (as_of - stalled).days
    if waited > 365 and rng.random() < 0.25:  # given up while stalled
        _cancel(rng, plan, stalled + rng.randint(200, waited) * DAY)
    return length


def _cancel(rng, plan, day):
    plan.cancelled = day
    plan.cancel_reason = rng.choice(CANCEL_REASONS[plan.source == GOV])


def spend(rng, plan, ctx):
    """Monthly spending from the start to the expected end: season × build curve × noise.

    The amounts add up to 90–100 % of the total over the expected build; stalled months get
    only upkeep, so a stalled or cancelled project spends less."""
    if not plan.started:
        plan.first, plan.amounts = None, []
        return
    first = month_index(plan.started)
    expected = month_index(plan.completed or plan.due)
    top = max(expected, plan.last_reported_month(ctx) or first)
    span = expected - first + 1
    weights = []
    for k in range(top - first + 1):
        year, month = month_of(first + k)
        days = calendar.monthrange(year, month)[1]
        weight = SEASON[month - 1] * hump(min((k + 0.5) / span, 1)) * rng.lognormvariate(0, 0.3)
        if k == 0:
            weight *= (days - plan.started.day + 1) / days
        if plan.completed and first + k == expected:
            weight *= plan.completed.day / days
        if plan.stalls and plan.stalled_on(D(year, month, 15)):
            weight *= 0.03 if rng.random() < 0.6 else 0
        weights.append(weight)
    whole = sum(weights[:span]) or 1
    target = plan.total * rng.uniform(0.9, 1.0)
    plan.first = first
    plan.amounts = [target * w / whole for w in weights]


def envelope(parent):
    """A bundle's dates and spending are those of its phases taken together."""
    phases = parent.children
    parent.planned_start = min(p.planned_start for p in phases)
    parent.planned_completion = max(p.planned_completion for p in phases)
    parent.created = min(p.created for p in phases)
    signed = [p.signed for p in phases if p.signed]
    started = [p.started for p in phases if p.started]
    parent.signed = min(signed) if signed and (not started or min(signed) < min(started)) else None
    parent.started = min(started) if started else None
    parent.completed = parent.producing = parent.at_capacity = parent.cancelled = None
    parent.stalls = []
    if all(p.completed for p in phases):
        parent.completed = max(p.completed for p in phases)
    ends = [p.completed or p.due for p in phases if p.started]
    parent.due = max(ends) if ends else None
    live = [p for p in phases if p.first is not None]
    if not live:
        parent.first, parent.amounts = None, []
        return
    parent.first = min(p.first for p in live)
    top = max(p.first + len(p.amounts) for p in live)
    amounts = [0.0] * (top - parent.first)
    for phase in live:
        for k, amount in enumerate(phase.amounts):
            amounts[phase.first - parent.first + k] += amount
    parent.amounts = amounts
