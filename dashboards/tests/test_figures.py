"""The figures of domain.md ("The numbers, defined"), each against arithmetic done by hand."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from dashboards import queries
from projects.choices import ListLevel, Status, YearPlan
from projects.models import Project, ProjectList
from projects.services import change_status, resume_project, stall_project
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory
from reports.models import MonthlyReport, ReportingPeriod, default_deadline

D = datetime.date
CENT = Decimal("0.01")
YUAN = Decimal("0.0001")  # money is exact to the yuan: 4 decimals of 万元


# ---------------------------------------------------------------- building the data


def period(year, month):
    found = ReportingPeriod.objects.filter(year=year, month=month).first()
    return found or ReportingPeriod.objects.create(
        year=year, month=month, deadline=default_deadline(year, month)
    )


def approved(project, year, month, amount):
    amount = Decimal(amount)
    return MonthlyReport.objects.create(
        project=project,
        period=period(year, month),
        completed=amount,
        approved_completed=amount,
        status="approved",
        revision=1,
    )


def submitted(project, year, month, amount):
    """Submitted, not yet approved: shown as pending, never counted."""
    return MonthlyReport.objects.create(
        project=project,
        period=period(year, month),
        completed=Decimal(amount),
        approved_completed=None,
        status="submitted",
    )


def on_list(project, project_list, plan, kind=YearPlan.CONTINUE):
    return MembershipFactory(
        project=project, project_list=project_list, annual_plan=Decimal(plan), plan=kind
    )


def start(project, on):
    return change_status(project, Status.STARTED, on=on, actor=None)


def board(*projects, year=2024, month=6, project_list=None):
    chosen = Project.objects.filter(pk__in=[p.pk for p in projects])
    return queries.board(chosen, year, month, project_list)


def q(value, step=CENT):
    return value.quantize(step)


# ---------------------------------------------------------------- the city


@dataclass
class City:
    a: Project  # on two 2024 lists (1,000 and 1,200), started 2023, completed 2024-10-20
    b: Project  # a bundle, 2,000 on the list
    b1: Project  # its phase, 1,200 on the list too
    b2: Project  # its other phase, 800 on the list too, never started
    c: Project  # planned to start in 2024, started 2024-07-10
    d: Project  # planned to start in 2024, started 04-01, stalled 05-20, resumed 07-05
    e: Project  # planned to start in 2024, signed, cancelled 2024-08-01
    municipal: ProjectList  # 2024
    provincial: ProjectList  # 2024
    last_year: ProjectList  # 2023

    @property
    def everything(self):
        return [self.a, self.b, self.b1, self.b2, self.c, self.d, self.e]

    @property
    def no_bundle(self):
        return [self.a, self.c, self.d, self.e]


@pytest.fixture
def city(cast):
    anshan, haicheng, tiedong = (cast.regions[r] for r in ("anshan", "haicheng", "tiedong"))
    municipal = ProjectListFactory(name="鞍山市重点项目", year=2024, region=anshan)
    provincial = ProjectListFactory(
        name="辽宁省重点项目", year=2024, level=ListLevel.PROVINCIAL, region=anshan
    )
    last_year = ProjectListFactory(name="鞍山市重点项目", year=2023, region=anshan)

    def project(name, region, total, planned_start, parent=None):
        return ProjectFactory(
            name=name,
            region=region,
            total_investment=Decimal(total),
            planned_start=planned_start,
            parent=parent,
        )

    a = project("A 钢铁改造", haicheng, "120000", D(2023, 1, 1))
    on_list(a, last_year, "800", YearPlan.START)
    on_list(a, municipal, "1000")
    on_list(a, provincial, "1200")
    start(a, D(2023, 1, 10))
    change_status(a, Status.COMPLETED, on=D(2024, 10, 20), actor=None)
    for month in range(1, 6):
        approved(a, 2023, month, "50")
    submitted(a, 2023, 6, "50")
    approved(a, 2023, 7, "1000")
    for month in range(1, 6):
        approved(a, 2024, month, "100")
    approved(a, 2024, 6, "200")
    approved(a, 2024, 7, "300")
    submitted(a, 2024, 8, "40")

    b = project("B 物流园（总）", tiedong, "10000", D(2024, 3, 1))
    b1 = project("B 物流园一期", tiedong, "6000", D(2024, 3, 1), parent=b)
    b2 = project("B 物流园二期", tiedong, "4000", D(2024, 9, 1), parent=b)
    on_list(b, municipal, "2000", YearPlan.START)
    on_list(b1, municipal, "1200", YearPlan.START)
    on_list(b2, municipal, "800", YearPlan.START)
    start(b, D(2024, 3, 5))
    start(b1, D(2024, 3, 5))
    for month in (3, 4, 5):
        approved(b, 2024, month, "200")
    submitted(b, 2024, 6, "300")
    # The phase's yuan are already in the bundle's report: they must not count twice.
    approved(b1, 2024, 3, "120")
    approved(b1, 2024, 4, "120")

    c = project("C 新材料", haicheng, "5000", D(2024, 7, 1))
    on_list(c, municipal, "1500", YearPlan.START)
    change_status(c, Status.SIGNED, on=D(2024, 2, 10), actor=None)
    start(c, D(2024, 7, 10))
    approved(c, 2024, 7, "200")

    d = project("D 装备制造", tiedong, "4999.9999", D(2024, 4, 1))
    on_list(d, municipal, "1000", YearPlan.START)
    start(d, D(2024, 4, 1))
    stall_project(d, on=D(2024, 5, 20), reason="资金未到位", actor=None)
    resume_project(d, on=D(2024, 7, 5), actor=None)
    approved(d, 2024, 4, "400")
    approved(d, 2024, 5, "100")
    submitted(d, 2024, 6, "50")

    e = project("E 文旅综合体", haicheng, "9999.9999", D(2024, 6, 1))
    on_list(e, municipal, "500", YearPlan.START)
    change_status(e, Status.SIGNED, on=D(2024, 2, 1), actor=None)
    change_status(e, Status.CANCELLED, on=D(2024, 8, 1), reason="投资方撤资", actor=None)

    return City(a, b, b1, b2, c, d, e, municipal, provincial, last_year)


# ---------------------------------------------------------------- annual plan


def test_annual_plan_sums_the_outermost_projects_of_the_set(city):
    # A max(1,000, 1,200) + B 2,000 + C 1,500 + D 1,000 + E 500 = 6,200
    # (the phases' 1,200 + 800 are the bundle's yuan: left out)
    assert queries.annual_plan(board(*city.everything)) == Decimal("6200")


def test_a_project_on_two_lists_of_the_year_counts_its_largest_plan_once(city):
    # A is on the municipal list (1,000) and the provincial list (1,200): 1,200, not 2,200
    assert queries.annual_plan(board(city.a)) == Decimal("1200")


def test_a_bundle_and_its_phases_count_the_bundles_plan_only(city):
    # bundle 2,000; its phases 1,200 + 800 are the same yuan: 2,000, not 4,000
    assert queries.annual_plan(board(city.b, city.b1, city.b2)) == Decimal("2000")


def test_phases_without_their_bundle_count_their_own_plans(city):
    # 1,200 + 800 = 2,000
    assert queries.annual_plan(board(city.b1, city.b2)) == Decimal("2000")


def test_annual_plan_of_one_list_uses_that_lists_plans(city):
    # municipal only: A 1,000 + B 2,000 + C 1,500 + D 1,000 + E 500 = 6,000
    b = board(*city.everything, project_list=city.municipal)
    assert queries.annual_plan(b) == Decimal("6000")


def test_annual_plan_is_that_of_the_year_asked(city):
    # 2023: A is only on the 2023 list, with 800
    assert queries.annual_plan(board(city.a, year=2023, month=12)) == Decimal("800")


# ---------------------------------------------------------------- YTD, pending, rates


def test_ytd_completed_counts_approved_months_1_to_m_only(city):
    # A 100×5 + 200 = 700; B 200×3 = 600 (June submitted); C 0; D 400 + 100 = 500; E 0
    # phases B1 120 + 120 inside the bundle: not again. Total 700 + 600 + 500 = 1,800
    assert queries.ytd_completed(board(*city.everything)) == Decimal("1800")


def test_ytd_completed_leaves_out_months_after_m(city):
    # A at June: 700 (July's 300 not yet); at July: 700 + 300 = 1,000
    assert queries.ytd_completed(board(city.a, month=6)) == Decimal("700")
    assert queries.ytd_completed(board(city.a, month=7)) == Decimal("1000")


def test_submitted_unapproved_figures_are_shown_apart_as_pending(city):
    # B June 300 + D June 50 = 350; A's August 40 is after M, A's 2023 June 50 is last year
    b = board(*city.everything)
    assert queries.pending(b) == Decimal("350")
    assert queries.ytd_completed(b) == Decimal("1800")


def test_pending_of_a_past_year(city):
    # 2023 at June: A approved 50×5 = 250, June's 50 pending
    b = board(city.a, year=2023, month=6)
    assert queries.ytd_completed(b) == Decimal("250")
    assert queries.pending(b) == Decimal("50")


def test_completion_rate_is_ytd_over_annual_plan(city):
    # 1,800 ÷ 6,200 × 100 = 29.0322… → 29.03
    assert q(queries.completion_rate(board(*city.everything))) == Decimal("29.03")


def test_completion_rate_without_a_plan_is_none(city, cast):
    nowhere = ProjectFactory(region=cast.regions["haicheng"])
    assert queries.completion_rate(board(nowhere)) is None


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, Decimal("8.33")),  # 1 ÷ 12 × 100 = 8.333…
        (6, Decimal("50.00")),  # 6 ÷ 12 × 100
        (7, Decimal("58.33")),  # 7 ÷ 12 × 100 = 58.333…
        (12, Decimal("100.00")),  # 12 ÷ 12 × 100
    ],
)
def test_time_progress_is_m_over_12(city, month, expected):
    assert q(queries.time_progress(board(city.a, month=month))) == expected


def test_points_ahead_is_completion_rate_minus_time_progress(city):
    # 1,800 ÷ 6,200 × 100 − 50 = 29.0322… − 50 = −20.9677… → −20.97
    assert q(queries.ahead_points(board(*city.everything))) == Decimal("-20.97")
    # A alone: 700 ÷ 1,200 × 100 − 50 = 58.333… − 50 = 8.333… → 8.33
    assert q(queries.ahead_points(board(city.a))) == Decimal("8.33")


# ---------------------------------------------------------------- double over half


def test_double_over_half_passes_at_half_or_more_by_june(city):
    # A: 700 ÷ 1,200 × 100 = 58.3 ≥ 50
    assert queries.double_over_half(board(city.a, month=6)) is True


def test_double_over_half_passes_at_exactly_half(city):
    # D: (400 + 100) ÷ 1,000 × 100 = 50 ≥ 50
    assert queries.double_over_half(board(city.d, month=6)) is True


def test_double_over_half_misses_under_half(city):
    # the whole set: 1,800 ÷ 6,200 × 100 = 29.0 < 50
    assert queries.double_over_half(board(*city.everything, month=6)) is False


def test_double_over_half_is_not_judged_before_june(city):
    assert queries.double_over_half(board(city.a, month=5)) is None


def test_double_over_half_after_june_still_reads_june(city):
    # by July the whole set has 1,800 + A 300 + C 200 = 2,300, but June's 1,800 ÷ 6,200 counts
    assert queries.double_over_half(board(*city.everything, month=7)) is False
    # A at July: still June's 700 ÷ 1,200 = 58.3 ≥ 50
    assert queries.double_over_half(board(city.a, month=7)) is True


# ---------------------------------------------------------------- start rates


def test_start_rate_counts_projects_planned_to_start_in_the_year(city):
    # planned to start in 2024 (membership plan="start"): C, D, E (A's "start" is on the 2023 list)
    # started by the end of June: D only (C starts 07-10) → 1 ÷ 3 × 100 = 33.33
    assert q(queries.start_rate(board(*city.no_bundle, month=6))) == Decimal("33.33")


def test_start_rate_counts_a_start_from_its_month_on(city):
    # by the end of July: C and D → 2 ÷ 3 × 100 = 66.67
    assert q(queries.start_rate(board(*city.no_bundle, month=7))) == Decimal("66.67")


def test_start_rate_of_a_past_month_ignores_later_starts(city):
    # C is under construction today, yet June still reads 1 ÷ 3
    city.c.refresh_from_db()
    assert city.c.status == Status.STARTED
    assert q(queries.start_rate(board(*city.no_bundle, month=6))) == Decimal("33.33")


def test_start_rate_uses_the_membership_of_the_year(city):
    # A is planned to start on the 2023 list only: 2023 at June → 1 ÷ 1 × 100 = 100
    assert queries.start_rate(board(city.a, year=2023, month=6)) == Decimal(100)
    # in 2024 it is a continuing project: no project planned to start → no rate
    assert queries.start_rate(board(city.a, year=2024, month=6)) is None


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (4, Decimal("50.00")),  # A, D (not yet stalled) → 2 ÷ 4
        (6, Decimal("25.00")),  # A only: D stalled 05-20, C not started, E signed → 1 ÷ 4
        (7, Decimal("75.00")),  # A, C (07-10), D (resumed 07-05) → 3 ÷ 4
        (11, Decimal("75.00")),  # A completed 10-20 still counts; E cancelled → 3 ÷ 4
    ],
)
def test_start_and_resume_rate(city, month, expected):
    assert q(queries.start_resume_rate(board(*city.no_bundle, month=month))) == expected


# ---------------------------------------------------------------- year on year


def test_year_on_year_growth_over_the_same_months(city):
    # A 2024 Jan–Jun 700; 2023 Jan–May 50×5 = 250 (June 2023 only submitted, July 2023 later)
    # 700 ÷ 250 − 1 = 1.8 → 180 %
    assert q(queries.yoy_growth(board(city.a, month=6))) == Decimal("180.00")


def test_year_on_year_growth_follows_m(city):
    # A to July: 2024 700 + 300 = 1,000; 2023 250 + 1,000 = 1,250 → 1,000 ÷ 1,250 − 1 = −20 %
    assert q(queries.yoy_growth(board(city.a, month=7))) == Decimal("-20.00")


def test_year_on_year_growth_of_the_whole_set(city):
    # 2024 Jan–Jun 1,800 by the set; 2023 Jan–Jun 250 by the same projects → 1,800 ÷ 250 − 1 = 620 %
    assert q(queries.yoy_growth(board(*city.everything, month=6))) == Decimal("620.00")


def test_year_on_year_growth_is_none_without_last_year(city):
    # D has no 2023 figures: nothing to divide by
    assert queries.yoy_growth(board(city.d, month=6)) is None


# ---------------------------------------------------------------- by status and size


def test_projects_by_status_as_of_the_end_of_m(city):
    # June 2024: reserve B2; signed C, E; started A, B, B1, D (D is stalled, still started)
    assert queries.by_status(board(*city.everything, month=6)) == {
        "reserve": 1,
        "signed": 2,
        "started": 4,
        "completed": 0,
        "in_production": 0,
        "at_capacity": 0,
        "cancelled": 0,
    }


def test_projects_by_status_later_in_the_year(city):
    # November 2024: reserve B2; started B, B1, C, D; completed A (10-20); cancelled E (08-01)
    assert queries.by_status(board(*city.everything, month=11)) == {
        "reserve": 1,
        "signed": 0,
        "started": 4,
        "completed": 1,
        "in_production": 0,
        "at_capacity": 0,
        "cancelled": 1,
    }


def test_projects_by_status_reads_history_not_the_current_status(city):
    city.a.refresh_from_db()
    city.e.refresh_from_db()
    assert (city.a.status, city.e.status) == (Status.COMPLETED, Status.CANCELLED)
    counts = queries.by_status(board(city.a, city.e, month=6))
    # June: A was started, E was signed
    assert (counts["started"], counts["signed"], counts["completed"], counts["cancelled"]) == (
        1,
        1,
        0,
        0,
    )


def test_size_bands(city):
    # totals: A 120,000; B 10,000; B1 6,000; B2 4,000; C 5,000; D 4,999.9999; E 9,999.9999
    # ≥ 5,000: A, B, B1, C, E = 5; ≥ 10,000: A, B = 2; ≥ 100,000: A = 1
    assert queries.by_band(board(*city.everything)) == {"5000": 5, "10000": 2, "100000": 1}


# ---------------------------------------------------------------- a project's own time progress


@pytest.mark.parametrize(
    ("planned_start", "month", "expected"),
    [
        (D(2024, 5, 1), 6, Decimal(25)),  # May → 8 working months; at June 2 ÷ 8 × 100
        (D(2024, 5, 20), 5, Decimal("12.5")),  # 1 ÷ 8 × 100
        (D(2024, 5, 1), 4, Decimal(0)),  # before its working year: 0 ÷ 8
        (D(2024, 5, 1), 12, Decimal(100)),  # 8 ÷ 8 × 100
        (D(2023, 5, 1), 6, Decimal(50)),  # planned start not in Y: from January, 6 ÷ 12 × 100
        (None, 3, Decimal(25)),  # no planned start: 3 ÷ 12 × 100
    ],
)
def test_a_projects_own_time_progress(planned_start, month, expected):
    project = Project(planned_start=planned_start)
    assert project.time_progress(2024, month) == expected


def test_the_facts_carry_the_projects_own_time_progress(city):
    # D, planned to start April 2024: 9 working months; at June 3 ÷ 9 × 100 = 33.33
    fact = board(city.d).facts[city.d.pk]
    assert q(fact.time_progress(2024, 6)) == Decimal("33.33")


# ---------------------------------------------------------------- forecast


@pytest.fixture
def seasonal(cast):
    """F: a continuing project whose 2023 came in March 10 %, July 30 %, October 60 %."""
    this_year = ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])
    f = ProjectFactory(region=cast.regions["haicheng"], planned_start=D(2023, 1, 1))
    on_list(f, this_year, "1000")
    start(f, D(2023, 1, 10))
    approved(f, 2023, 3, "100")
    approved(f, 2023, 7, "300")
    approved(f, 2023, 10, "600")
    approved(f, 2024, 2, "80")
    approved(f, 2024, 6, "20")
    approved(f, 2024, 7, "100")
    return f


def test_profile_is_last_years_monthly_share(seasonal):
    profile = board(seasonal, month=7).profile
    # 100 ÷ 1,000, 300 ÷ 1,000, 600 ÷ 1,000; nothing in the other months
    expected = {m: Decimal(0) for m in range(1, 13)}
    expected.update({3: Decimal("0.1"), 7: Decimal("0.3"), 10: Decimal("0.6")})
    assert {m: q(share, YUAN) for m, share in profile.items()} == {
        m: q(share, YUAN) for m, share in expected.items()
    }


def test_forecast_scales_ytd_by_last_years_share_elapsed(seasonal):
    b = board(seasonal, month=7)
    # YTD to July 80 + 20 + 100 = 200; share elapsed Jan–Jul = 0.1 + 0.3 = 0.4 → 200 ÷ 0.4 = 500
    assert q(queries.forecast(b, b.facts[seasonal.pk]), YUAN) == Decimal("500.0000")
    assert q(queries.forecast_total(b), YUAN) == Decimal("500.0000")


def test_forecast_at_june_with_the_same_profile(seasonal):
    b = board(seasonal, month=6)
    # YTD to June 80 + 20 = 100; share elapsed Jan–Jun = 0.1 → 100 ÷ 0.1 = 1,000
    assert q(queries.forecast(b, b.facts[seasonal.pk]), YUAN) == Decimal("1000.0000")


def test_forecast_when_last_year_came_all_in_the_second_half(cast):
    this_year = ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])
    g = ProjectFactory(region=cast.regions["haicheng"], planned_start=D(2023, 1, 1))
    on_list(g, this_year, "1000")
    start(g, D(2023, 1, 10))
    for month in range(7, 13):
        approved(g, 2023, month, "100")  # 600, one sixth a month from July
    approved(g, 2024, 1, "90")
    approved(g, 2024, 9, "210")
    b = board(g, month=9)
    # YTD to September 90 + 210 = 300; share elapsed Jan–Sep = 300 ÷ 600 = 0.5 → 300 ÷ 0.5 = 600
    assert q(queries.forecast(b, b.facts[g.pk]), YUAN) == Decimal("600.0000")


def test_forecast_without_last_year_uses_an_even_profile(cast):
    this_year = ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])
    h = ProjectFactory(region=cast.regions["haicheng"], planned_start=D(2023, 1, 1))
    on_list(h, this_year, "1000")
    start(h, D(2023, 1, 10))
    approved(h, 2024, 2, "100")
    approved(h, 2024, 6, "200")
    # I: planned to start in May 2024, so its working year is May–December (8 months)
    i = ProjectFactory(region=cast.regions["tiedong"], planned_start=D(2024, 5, 1))
    on_list(i, this_year, "2000", YearPlan.START)
    start(i, D(2024, 5, 6))
    approved(i, 2024, 5, "100")
    approved(i, 2024, 6, "150")
    b = board(h, i, month=6)
    assert {q(share, YUAN) for share in b.profile.values()} == {Decimal("0.0833")}  # 1 ÷ 12
    # H: 300 ÷ (6 ÷ 12) = 600
    assert q(queries.forecast(b, b.facts[h.pk]), YUAN) == Decimal("600.0000")
    # I: 250 × (8 ÷ 12) ÷ (2 ÷ 12) = 250 × 4 = 1,000
    assert q(queries.forecast(b, b.facts[i.pk]), YUAN) == Decimal("1000.0000")
    # 600 + 1,000
    assert q(queries.forecast_total(b), YUAN) == Decimal("1600.0000")
