"""The figures of the enterprise side, over scoped querysets, each in a fixed number of queries.

Every function takes what the user may see (``Enterprise.objects.visible_to(user)``,
``PolicyBenefit.objects.visible_to(user)``, ``Project.objects.visible_to(user)``) and narrows it;
none of them scopes by itself. Money is Decimal 万元 (1 亿元 = 10,000 万元); rates are Decimal
percent, ``None`` when there is nothing to divide by.

- **Enterprises above designated size in year Y** (``above_size_totals``): the enterprises flagged
  above designated size that have yearly figures for Y, counted once each, with the sum of their
  output value in Y (a row without an output value counts in the number, adds nothing to the sum).
  The flag is today's: an enterprise upgraded this year counts in the earlier years it has figures
  for. Grouped by the enterprise's region: a county, or the city itself for a company registered
  with the city. The same figures of Y−1 are given beside them, for the growth.
- **Policy benefits** (``benefit_figures``): the benefits granted from ``start`` to ``end`` (both
  days included), of one kind and region if asked, totalled by kind, region, enterprise and month;
  "tax and fee reduction" is tax reduction + fee reduction; an enterprise is counted once however
  many benefits it had.
- **Outcomes** (``outcomes``): the projects in production (status in production or at capacity)
  whose production began by the end of Y (from the status history; a project with no dated step
  counts), with their promise against the ``ProjectOutcome`` of Y for sales, profit, tax and jobs.
  The promise is the project's ``promised_*`` figures: contracts carry no promised figures, so the
  promise written into a contract is entered on its project when it is converted. The shortfall
  of a figure is promise − actual when the actual is below the promise, 0 when it is not, ``None``
  when either is unknown. Tax per mu (亩均税收) is the actual tax ÷ the land area in mu, in 万元 per
  mu, when both are known. A project delivers less than promised when any known figure falls short;
  one with no outcome for Y is shown as not reported, never as short.
- **Small-to-above-size candidates** (``upgrade_candidates``): industrial enterprises (GB/T 4754
  sections B, C, D or their divisions) not above designated size whose main business income in Y
  (the latest year with figures, unless asked) is at least 1,500 and below 2,000 万元, the
  threshold (20 million yuan); each with its income of Y−2, Y−1 and Y. Those already at or past
  the threshold and still not above designated size are listed apart (``reached``).
- **Tiers** (``tiers``, the "enterprise multiplication project"): by output value in Y, the
  enterprises of at least 10 亿元 (100,000 万元) and below 50 亿元, of at least 50 亿元 and below
  100 亿元, and of at least 100 亿元; and for each tier those within 20% below it (at least 80% of
  its floor), the ones close to reaching it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.scoping import region_prefix
from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, ProjectOutcome
from projects.choices import Status
from projects.models import Project, StatusChange

ZERO = Decimal(0)
HUNDRED = Decimal(100)
INDUSTRIAL_SECTIONS = ("B", "C", "D")  # mining; manufacturing; power, heat, gas and water
THRESHOLD = Decimal(2000)  # 万元: 20 million yuan of main business income
CANDIDATE_FLOOR = Decimal(1500)  # 万元: within 5 million yuan of the threshold
TIER_FLOORS = (Decimal(100000), Decimal(500000), Decimal(1000000))  # 10, 50 and 100 亿元
CLOSE_SHARE = Decimal("0.8")  # "close to the next tier": within 20% below its floor
PRODUCING = (Status.IN_PRODUCTION, Status.AT_CAPACITY)
OUTCOME_FIGURES = ("sales", "profit", "tax", "jobs")
OUTCOME_LABELS = {
    "sales": _("sales"),
    "profit": _("profit"),
    "tax": _("tax"),
    "jobs": _("jobs"),
}


def rate(part, whole):
    return Decimal(part) / Decimal(whole) * HUNDRED if whole else None


def growth(now, before):
    """now ÷ before − 1, in percent (None without a base)."""
    return (Decimal(now) / Decimal(before) - 1) * HUNDRED if before else None


def as_region(region):
    """A Region from a Region, a code or None (one query for a code)."""
    if region is None or region == "" or isinstance(region, Region):
        return region or None
    return Region.objects.get(code=region)


def within(queryset, region, field="region"):
    """The rows of ``queryset`` whose ``field`` lies in the region's subtree."""
    region = as_region(region)
    if region is None:
        return queryset
    return queryset.filter(**{f"{field}__code__startswith": region_prefix(region)})


def latest_year(enterprises):
    """The latest year with figures among these enterprises (None if none has any)."""
    return EnterpriseYear.objects.filter(enterprise__in=enterprises.values("pk")).aggregate(
        year=Max("year")
    )["year"]


def years_with_figures(enterprises):
    """The years with figures among these enterprises, latest first."""
    rows = EnterpriseYear.objects.filter(enterprise__in=enterprises.values("pk"))
    return sorted(set(rows.order_by().values_list("year", flat=True).distinct()), reverse=True)


def industrial():
    """Enterprises of GB/T 4754 sections B, C, D, or of one of their divisions."""
    return Q(industry__code__in=INDUSTRIAL_SECTIONS) | Q(
        industry__parent__code__in=INDUSTRIAL_SECTIONS
    )


# ---------------------------------------------------------------- enterprises above designated size


@dataclass(frozen=True)
class RegionTotal:
    """The enterprises above designated size of one county (or city) in Y and Y−1."""

    region: Region
    count: int
    output_value: Decimal
    previous_count: int
    previous_output: Decimal

    @property
    def growth(self):
        return growth(self.output_value, self.previous_output)


@dataclass
class Totals:
    year: int
    rows: list  # RegionTotal, by region code

    @property
    def count(self):
        return sum(row.count for row in self.rows)

    @property
    def output_value(self):
        return sum((row.output_value for row in self.rows), ZERO)

    @property
    def previous_count(self):
        return sum(row.previous_count for row in self.rows)

    @property
    def previous_output(self):
        return sum((row.previous_output for row in self.rows), ZERO)

    @property
    def growth(self):
        return growth(self.output_value, self.previous_output)


def above_size(enterprises, region=None):
    return within(enterprises, region).filter(above_designated_size=True)


def above_size_totals(enterprises, year, region=None):
    """Count and output value of the enterprises above designated size by county (two queries)."""
    chosen = above_size(enterprises, region)
    grouped = (
        EnterpriseYear.objects.filter(enterprise__in=chosen.values("pk"), year__in=(year - 1, year))
        .order_by()
        .values("enterprise__region", "year")
        .annotate(count=Count("enterprise", distinct=True), output=Sum("output_value"))
    )
    facts = {}
    for row in grouped:
        facts[(row["enterprise__region"], row["year"])] = (row["count"], row["output"] or ZERO)
    regions = Region.objects.in_bulk({region_id for region_id, _year in facts})
    rows = []
    for region in sorted(regions.values(), key=lambda r: r.code):
        count, output = facts.get((region.pk, year), (0, ZERO))
        before_count, before_output = facts.get((region.pk, year - 1), (0, ZERO))
        rows.append(RegionTotal(region, count, output, before_count, before_output))
    return Totals(year, rows)


def above_size_figures(enterprises, year, region=None):
    """The yearly figures of Y behind the totals, largest output first (one query)."""
    return (
        EnterpriseYear.objects.filter(
            enterprise__in=above_size(enterprises, region).values("pk"), year=year
        )
        .select_related("enterprise__region", "enterprise__industry")
        .order_by(F("output_value").desc(nulls_last=True), "enterprise__name")
    )


# ---------------------------------------------------------------- policy benefits


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def benefits_in(benefits, period, *, kind=None, region=None):
    """The benefits granted in the period, of one kind and region if given, each once."""
    chosen = within(benefits, region, "enterprise__region").filter(
        granted_on__range=(period.start, period.end)
    )
    if kind:
        chosen = chosen.filter(kind=kind)
    return PolicyBenefit.objects.filter(pk__in=chosen.values("pk"))


def _by_kind_sums():
    return {f"total_{kind.value}": Sum("amount", filter=Q(kind=kind.value)) for kind in BenefitKind}


@dataclass(frozen=True)
class BenefitSummary:
    count: int
    enterprises: int
    amount: Decimal
    tax: Decimal
    fee: Decimal
    subsidy: Decimal
    financing: Decimal
    financed_enterprises: int

    @property
    def tax_and_fee(self):
        return self.tax + self.fee


def benefit_summary(benefits):
    """Totals of a set of benefits (one query)."""
    row = benefits.aggregate(
        count=Count("pk"),
        enterprises=Count("enterprise", distinct=True),
        total=Sum("amount"),
        financed=Count("enterprise", distinct=True, filter=Q(kind=BenefitKind.FINANCING)),
        **_by_kind_sums(),
    )
    return BenefitSummary(
        count=row["count"],
        enterprises=row["enterprises"],
        amount=row["total"] or ZERO,
        tax=row["total_tax"] or ZERO,
        fee=row["total_fee"] or ZERO,
        subsidy=row["total_subsidy"] or ZERO,
        financing=row["total_financing"] or ZERO,
        financed_enterprises=row["financed"],
    )


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    count: int
    enterprises: int
    amount: Decimal


def benefits_by_kind(benefits):
    """One row per kind, every kind listed (one query)."""
    grouped = {
        row["kind"]: row
        for row in benefits.order_by()
        .values("kind")
        .annotate(
            count=Count("pk"), enterprises=Count("enterprise", distinct=True), total=Sum("amount")
        )
    }
    rows = []
    for kind in BenefitKind:
        row = grouped.get(kind.value, {})
        rows.append(
            KindTotal(
                kind.value,
                str(kind.label),
                row.get("count", 0),
                row.get("enterprises", 0),
                row.get("total") or ZERO,
            )
        )
    return rows


@dataclass(frozen=True)
class GroupTotal:
    """The benefits of one region, enterprise or month, in all and by kind."""

    key: object  # a Region, an Enterprise or the first day of a month
    count: int
    enterprises: int
    amount: Decimal
    by_kind: dict = field(default_factory=dict)  # kind → amount

    @property
    def tax_and_fee(self):
        return self.by_kind.get(BenefitKind.TAX_REDUCTION, ZERO) + self.by_kind.get(
            BenefitKind.FEE_REDUCTION, ZERO
        )


def _group_totals(benefits, by, keys):
    rows = (
        benefits.order_by()
        .values(by)
        .annotate(
            count=Count("pk"),
            enterprises=Count("enterprise", distinct=True),
            total=Sum("amount"),
            **_by_kind_sums(),
        )
    )
    totals = []
    for row in rows:
        by_kind = {kind.value: row[f"total_{kind.value}"] or ZERO for kind in BenefitKind}
        totals.append(
            GroupTotal(
                keys(row[by]), row["count"], row["enterprises"], row["total"] or ZERO, by_kind
            )
        )
    return totals


def benefits_by_region(benefits):
    """One row per region of the enterprises (county, or city), by region code (two queries)."""
    totals = _group_totals(benefits, "enterprise__region", lambda pk: pk)
    regions = Region.objects.in_bulk([row.key for row in totals])
    rows = [
        GroupTotal(regions[row.key], row.count, row.enterprises, row.amount, row.by_kind)
        for row in totals
    ]
    return sorted(rows, key=lambda row: row.key.code)


def benefits_by_enterprise(benefits, limit=None):
    """One row per enterprise, largest amount first (two queries)."""
    totals = sorted(
        _group_totals(benefits, "enterprise", lambda pk: pk),
        key=lambda row: (-row.amount, row.key),
    )
    if limit is not None:
        totals = totals[:limit]
    enterprises = Enterprise.objects.select_related("region").in_bulk([row.key for row in totals])
    return [
        GroupTotal(enterprises[row.key], row.count, row.enterprises, row.amount, row.by_kind)
        for row in totals
    ]


def benefits_by_month(benefits):
    """One row per month with benefits, in order (one query)."""
    monthly = benefits.annotate(month=TruncMonth("granted_on"))
    totals = _group_totals(monthly, "month", _as_date)
    return sorted(totals, key=lambda row: row.key)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass
class BenefitFigures:
    period: Period
    summary: BenefitSummary
    by_kind: list
    by_region: list
    by_enterprise: list  # the top enterprises
    by_month: list


def benefit_figures(benefits, period, *, kind=None, region=None, top=20):
    """Every total of the benefits of a period, in seven queries (eight for a region code)."""
    chosen = benefits_in(benefits, period, kind=kind, region=region)
    return BenefitFigures(
        period=period,
        summary=benefit_summary(chosen),
        by_kind=benefits_by_kind(chosen),
        by_region=benefits_by_region(chosen),
        by_enterprise=benefits_by_enterprise(chosen, limit=top),
        by_month=benefits_by_month(chosen),
    )


# ---------------------------------------------------------------- outcomes against promises


@dataclass(frozen=True)
class Measure:
    """One figure of a project: promised against actual."""

    name: str
    promised: object  # Decimal 万元, or jobs as int; None when not promised
    actual: object  # None when not reported

    @property
    def known(self):
        return self.promised is not None and self.actual is not None

    @property
    def short(self):
        return self.known and self.actual < self.promised

    @property
    def shortfall(self):
        if not self.known:
            return None
        return self.promised - self.actual if self.short else type(self.promised)(0)

    @property
    def rate(self):
        return rate(self.actual, self.promised) if self.known else None


def promised(project):
    """A project's promise of yearly sales, profit, tax and jobs.

    Contracts carry no promised figures (``promotion.Contract``): what the investor promised at
    signing is entered on the project, so the project's figures are the promise whether or not it
    came from a contract.
    """
    return {name: getattr(project, f"promised_{name}") for name in OUTCOME_FIGURES}


@dataclass
class OutcomeRow:
    project: Project
    year: int
    producing_since: datetime.date | None
    outcome: ProjectOutcome | None
    measures: dict  # figure name → Measure

    @property
    def reported(self):
        return self.outcome is not None

    @property
    def under_delivering(self):
        return any(measure.short for measure in self.measures.values())

    @property
    def short_of(self):
        """The figures below their promise, by name."""
        return [name for name, measure in self.measures.items() if measure.short]

    @property
    def land_area_mu(self):
        return self.project.land_area_mu

    @property
    def tax_per_mu(self):
        """Actual tax ÷ land area: 万元 per mu (亩均税收), when both are known."""
        tax = self.measures["tax"].actual
        area = self.project.land_area_mu
        return tax / area if tax is not None and area else None

    @property
    def sales(self):
        return self.measures["sales"]

    @property
    def profit(self):
        return self.measures["profit"]

    @property
    def tax(self):
        return self.measures["tax"]

    @property
    def jobs(self):
        return self.measures["jobs"]


def producing(projects, region=None):
    return within(projects, region).filter(status__in=PRODUCING)


def outcomes(projects, year, region=None):
    """The projects in production by the end of Y, promised against actual (three queries)."""
    chosen = Project.objects.filter(pk__in=producing(projects, region).values("pk"))
    since = dict(
        StatusChange.objects.filter(project__in=chosen.values("pk"), to_status=Status.IN_PRODUCTION)
        .order_by()
        .values("project")
        .annotate(first=Min("on"))
        .values_list("project", "first")
    )
    actual = {
        outcome.project_id: outcome
        for outcome in ProjectOutcome.objects.filter(project__in=chosen.values("pk"), year=year)
    }
    end = datetime.date(year, 12, 31)
    rows = []
    for project in chosen.select_related("region").order_by("region__code", "name", "pk"):
        began = since.get(project.pk)
        if began and began > end:
            continue  # not yet in production in Y
        outcome = actual.get(project.pk)
        promise = promised(project)
        measures = {
            name: Measure(name, promise[name], getattr(outcome, name) if outcome else None)
            for name in OUTCOME_FIGURES
        }
        rows.append(OutcomeRow(project, year, began, outcome, measures))
    return rows


def under_delivering(rows):
    """The rows of projects delivering less than promised on any known figure."""
    return [row for row in rows if row.under_delivering]


@dataclass(frozen=True)
class OutcomeTotal:
    """Promised against actual, summed over the projects that reported both."""

    name: str
    promised: object
    actual: object
    projects: int

    @property
    def rate(self):
        return rate(self.actual, self.promised)


def outcome_totals(rows):
    totals = []
    for name in OUTCOME_FIGURES:
        known = [row.measures[name] for row in rows if row.measures[name].known]
        totals.append(
            OutcomeTotal(
                name,
                sum((m.promised for m in known), 0),
                sum((m.actual for m in known), 0),
                len(known),
            )
        )
    return totals


# ---------------------------------------------------------------- growth lists


@dataclass
class Candidate:
    enterprise: Enterprise
    year: int
    income: Decimal  # main business income in Y
    trend: list  # [(year, income or None)] for Y−2, Y−1, Y

    @property
    def growth(self):
        """Income growth of Y over Y−1, percent."""
        before = self.trend[-2][1] if len(self.trend) > 1 else None
        return growth(self.income, before)

    @property
    def to_threshold(self):
        """What is missing to the 2,000 万元 threshold (0 when reached)."""
        return max(THRESHOLD - self.income, ZERO)


@dataclass
class Candidates:
    year: int | None
    near: list  # 1,500 ≤ income < 2,000, not above designated size
    reached: list  # income ≥ 2,000 and still not above designated size


def upgrade_candidates(enterprises, year=None, region=None):
    """Industrial enterprises below designated size near the threshold, with their trend.

    Three queries (two when the year is given).
    """
    year = year or latest_year(enterprises)
    if year is None:
        return Candidates(None, [], [])
    pool = within(enterprises, region).filter(industrial(), above_designated_size=False)
    rows = list(
        EnterpriseYear.objects.filter(
            enterprise__in=pool.values("pk"),
            year=year,
            main_business_income__gte=CANDIDATE_FLOOR,
        )
        .select_related("enterprise__region", "enterprise__industry")
        .order_by(F("main_business_income").desc(nulls_last=True), "enterprise__name")
    )
    history = {}
    for enterprise_id, on, income in EnterpriseYear.objects.filter(
        enterprise__in=[row.enterprise_id for row in rows], year__range=(year - 2, year)
    ).values_list("enterprise", "year", "main_business_income"):
        history[(enterprise_id, on)] = income
    near, reached = [], []
    for row in rows:
        trend = [(y, history.get((row.enterprise_id, y))) for y in range(year - 2, year + 1)]
        candidate = Candidate(row.enterprise, year, row.main_business_income, trend)
        (reached if row.main_business_income >= THRESHOLD else near).append(candidate)
    return Candidates(year, near, reached)


@dataclass
class Tier:
    floor: Decimal  # 万元
    ceiling: Decimal | None  # the next tier's floor
    members: list = field(default_factory=list)  # EnterpriseYear rows in [floor, ceiling)
    close: list = field(default_factory=list)  # rows within 20% below the floor

    @property
    def close_from(self):
        return self.floor * CLOSE_SHARE


@dataclass
class Tiers:
    year: int | None
    tiers: list  # Tier, from 10 亿元 up


def tiers(enterprises, year=None, region=None):
    """Enterprises in the tiers of 10, 50 and 100 亿元 of output, and those close (≤ 2 queries)."""
    year = year or latest_year(enterprises)
    ceilings = (*TIER_FLOORS[1:], None)
    result = [Tier(floor, ceiling) for floor, ceiling in zip(TIER_FLOORS, ceilings, strict=True)]
    if year is None:
        return Tiers(None, result)
    rows = (
        EnterpriseYear.objects.filter(
            enterprise__in=within(enterprises, region).values("pk"),
            year=year,
            output_value__gte=TIER_FLOORS[0] * CLOSE_SHARE,
        )
        .select_related("enterprise__region", "enterprise__industry")
        .order_by(F("output_value").desc(nulls_last=True), "enterprise__name")
    )
    for row in rows:
        value = row.output_value
        for tier in result:
            if value >= tier.floor and (tier.ceiling is None or value < tier.ceiling):
                tier.members.append(row)
            elif tier.close_from <= value < tier.floor:
                tier.close.append(row)
    return Tiers(year, result)
