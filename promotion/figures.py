"""The figures of investment promotion (domain.md), for a period, over scoped querysets.

What is counted, for a period from ``start`` to ``end`` (both days included):

- activities held: activities whose date falls in the period;
- new leads: leads received in the period;
- contracts signed: contracts signed in the period, as a count and their contracted investment;
- landing rate (落地率): of the contracts signed in the period, those whose company registered
  (``registered_on``) or whose project started (``project.actual_start``) by the period's end
  ÷ those signed × 100;
- start rate of signed projects: of the same contracts, those whose project started by the end
  ÷ those signed × 100;
- funds-arrival rate (资金到位率): funds arrived by the end under those contracts ÷ their contracted
  investment × 100 (it can pass 100 when more arrived than was contracted, with an explanation);
- median days from signing to start: the exact median of (project start − signing date) in days,
  over those contracts whose project started by the end (a half day when the count is even);
- the funnel (see ``funnel``).

A past period reads the same tomorrow: every fact is taken as of the period's end. Rates are
Decimal percent, ``None`` when there is nothing to divide by. Each function runs a fixed number of
queries, whatever the number of rows; ``figures`` runs seven in all.

``select`` builds the three querysets a user may see, narrowed by region, promotion group, chain
or target region:

- group: the activity's, lead's or contract's group (a contract without one: its lead's);
- chain: the lead's or contract's chain (a contract without one: its lead's); an activity counts
  for the chain of its promotion group;
- target region (Beijing–Tianjin–Hebei, Yangtze River Delta, …): the activity's; a lead counts for
  the target region of the activity that produced it, a contract for that of its lead.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.scoping import region_prefix
from promotion.choices import PIPELINE, Stage
from promotion.models import Activity, Contract, FundsArrival, Lead, LeadStageChange

ZERO = Decimal(0)
HALF = Decimal(2)

# The funnel's steps: a lead counts in every step up to the furthest pipeline stage it reached.
FUNNEL_LABELS = {
    Stage.LEAD: _("Leads"),
    Stage.ASSESSMENT: _("Assessment or further"),
    Stage.NEGOTIATION: _("Negotiation or further"),
    Stage.SIGNED: _("Signed"),
    Stage.REGISTERED: _("Registered"),
    Stage.STARTED: _("Started"),
}


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to_month(cls, year, month):
        """January 1 of year Y to the last day of month M: the dashboard's period."""
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, 1, 1), datetime.date(year, month, last))


@dataclass
class Selection:
    """The activities, leads and contracts a figure is taken over."""

    activities: object
    leads: object
    contracts: object


def select(user, *, region=None, group=None, chain=None, target_region=None):
    """What ``user`` may see, in ``region``'s subtree, of one group, chain or target region."""
    activities = Activity.objects.visible_to(user)
    leads = Lead.objects.visible_to(user)
    contracts = Contract.objects.visible_to(user)
    if region is not None:
        if not isinstance(region, Region):
            region = Region.objects.get(code=region)
        within = Q(region__code__startswith=region_prefix(region))
        activities, leads, contracts = (
            activities.filter(within),
            leads.filter(within),
            contracts.filter(within),
        )
    if group is not None:
        activities = activities.filter(group=group)
        leads = leads.filter(group=group)
        contracts = contracts.filter(Q(group=group) | Q(group=None, lead__group=group))
    if chain is not None:
        activities = activities.filter(group__chain=chain)
        leads = leads.filter(chain=chain)
        contracts = contracts.filter(Q(chain=chain) | Q(chain=None, lead__chain=chain))
    if target_region:
        activities = activities.filter(target_region=target_region)
        leads = leads.filter(activity__target_region=target_region)
        contracts = contracts.filter(lead__activity__target_region=target_region)
    return Selection(activities, leads, contracts)


def rate(part, whole):
    return Decimal(part) / Decimal(whole) * 100 if whole else None


# ---------------------------------------------------------------- one figure each


def activities_held(activities, period):
    return activities.filter(held_on__range=(period.start, period.end)).count()


def new_leads(leads, period):
    return leads.filter(received_on__range=(period.start, period.end)).count()


@dataclass(frozen=True)
class Signed:
    """The contracts signed in a period, as of its end."""

    count: int  # signed in the period
    value: Decimal  # their contracted investment, 万元
    landed: int  # of them, registered or started by the end
    started: int  # of them, whose project started by the end


def signed_in(contracts, period):
    """Contracts signed in the period, each once, whatever joins ``contracts`` carries."""
    chosen = contracts.filter(signed_on__range=(period.start, period.end))
    return Contract.objects.filter(pk__in=chosen.values("pk"))


def signed(contracts, period):
    """Count, value, landed and started of the contracts signed in the period (one query)."""
    started = Q(project__actual_start__lte=period.end)
    landed = Q(registered_on__lte=period.end) | started
    row = signed_in(contracts, period).aggregate(
        count=Count("pk"),
        value=Sum("contracted_investment"),
        landed=Count("pk", filter=landed),
        started=Count("pk", filter=started),
    )
    return Signed(row["count"], row["value"] or ZERO, row["landed"], row["started"])


def contracts_signed(contracts, period):
    """(count, value in 万元) of the contracts signed in the period."""
    facts = signed(contracts, period)
    return facts.count, facts.value


def landing_rate(contracts, period):
    facts = signed(contracts, period)
    return rate(facts.landed, facts.count)


def start_rate(contracts, period):
    facts = signed(contracts, period)
    return rate(facts.started, facts.count)


def funds_arrived(contracts, period):
    """Funds arrived by the period's end under the contracts signed in it, 万元."""
    arrived = FundsArrival.objects.filter(
        contract__in=signed_in(contracts, period).values("pk"), arrived_on__lte=period.end
    ).aggregate(total=Sum("amount"))["total"]
    return arrived or ZERO


def funds_arrival_rate(contracts, period):
    return rate(funds_arrived(contracts, period), signed(contracts, period).value)


def days_to_start(contracts, period):
    """Days from signing to start of each contract signed in the period whose project started."""
    rows = signed_in(contracts, period).filter(project__actual_start__lte=period.end)
    return sorted(
        (begun - signed_on).days
        for signed_on, begun in rows.values_list("signed_on", "project__actual_start")
    )


def median(values):
    """The exact median of sorted whole numbers, as a Decimal (None for none)."""
    count = len(values)
    if not count:
        return None
    middle = count // 2
    if count % 2:
        return Decimal(values[middle])
    return Decimal(values[middle - 1] + values[middle]) / HALF


def median_days_to_start(contracts, period):
    return median(days_to_start(contracts, period))


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    count: int
    share: Decimal | None  # of the previous step, percent (None for the first)


def furthest_stages(leads, period):
    """{index in ``PIPELINE``: how many leads reached no further than it by the period's end}.

    Read from the stage history (``LeadStageChange``): the stage a lead was created at (the
    ``from_stage`` of its first change) and every stage it moved to on or before the end. A lead
    with no history has never moved: it has been at its current stage since it was received.
    Lost and on hold are not steps: a lead lost in negotiation counts up to negotiation.
    """
    changes = LeadStageChange.objects.filter(lead=OuterRef("pk")).order_by()
    first = changes.order_by("on", "pk").values("from_stage")[:1]
    reached = (
        changes.filter(on__lte=period.end)
        .values("lead")
        .annotate(furthest=Max(_index_of("to_stage")))
        .values("furthest")
    )
    rows = (
        Lead.objects.filter(pk__in=leads.values("pk"))
        .order_by()
        .annotate(created_at=Coalesce(Subquery(first), F("stage")))
        .annotate(furthest=Greatest(_index_of("created_at"), Coalesce(Subquery(reached), 0)))
        .values("furthest")
        .annotate(leads=Count("pk"))
        .values_list("furthest", "leads")
    )
    return dict(rows)  # counted by the database: neither the changes nor the leads are read here


def _index_of(field):
    """The position in ``PIPELINE`` of a stage column (0 for lost and on hold), in SQL."""
    steps = [When(**{field: stage}, then=Value(index)) for index, stage in enumerate(PIPELINE)]
    return Case(*steps, default=Value(0), output_field=IntegerField())


def funnel(leads, period):
    """Leads received in the period, by the furthest pipeline stage reached by its end.

    Counted from the stage history (``LeadStageChange``), not the current stage, so a past period
    reads the same tomorrow and a lead lost or put on hold still counts in the steps it passed
    (see ``furthest_stages``). Each step holds the leads that reached that stage or a later one:
    leads → assessment or further → negotiation or further → signed → registered → started.
    """
    received = leads.filter(received_on__range=(period.start, period.end))
    furthest = furthest_stages(received, period)
    steps, previous = [], None
    for position, stage in enumerate(PIPELINE):
        count = sum(leads for index, leads in furthest.items() if index >= position)
        share = None if previous is None else rate(count, previous)
        steps.append(Step(stage.value, str(FUNNEL_LABELS[stage]), count, share))
        previous = count
    return steps


# ---------------------------------------------------------------- all of them


@dataclass
class Figures:
    period: Period
    activities: int
    leads: int
    signed: Signed
    funds_arrived: Decimal
    days: list = field(repr=False)  # days from signing to start, sorted
    funnel: list

    @property
    def landing_rate(self):
        return rate(self.signed.landed, self.signed.count)

    @property
    def start_rate(self):
        return rate(self.signed.started, self.signed.count)

    @property
    def funds_arrival_rate(self):
        return rate(self.funds_arrived, self.signed.value)

    @property
    def median_days_to_start(self):
        return median(self.days)


def figures(selection, period):
    """Every figure of the period over a selection, in six queries."""
    return Figures(
        period=period,
        activities=activities_held(selection.activities, period),
        leads=new_leads(selection.leads, period),
        signed=signed(selection.contracts, period),
        funds_arrived=funds_arrived(selection.contracts, period),
        days=days_to_start(selection.contracts, period),
        funnel=funnel(selection.leads, period),
    )


def for_dashboard(filterset):
    """The figures of a valid dashboard filterset: its year to month M, its region, scoped.

    Lists, levels, categories and leaders choose projects, not promotion: they do not apply.
    """
    year, month = filterset.as_of
    region = filterset.form.cleaned_data.get("region") or None
    selection = select(filterset.request.user, region=region)
    return figures(selection, Period.year_to_month(year, month))


def headline(result):
    """The figures as JSON: money as Decimal 万元 strings, rates rounded to 2 places."""

    def number(value):
        return None if value is None else float(round(value, 2))

    return {
        "from": result.period.start.isoformat(),
        "to": result.period.end.isoformat(),
        "activities": result.activities,
        "leads": result.leads,
        "contracts": {
            "count": result.signed.count,
            "value": str(result.signed.value.quantize(Decimal("0.0001"))),
        },
        "landing_rate": number(result.landing_rate),
        "start_rate": number(result.start_rate),
        "funds_arrived": str(result.funds_arrived.quantize(Decimal("0.0001"))),
        "funds_arrival_rate": number(result.funds_arrival_rate),
        "median_days_to_start": number(result.median_days_to_start),
        "funnel": [{"stage": step.stage, "count": step.count} for step in result.funnel],
    }
