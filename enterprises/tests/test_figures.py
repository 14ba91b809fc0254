"""The enterprise figures against hand-computed values (``make_book`` has every row).

Regions (core/tests/cast.py): Anshan 210300 (city) with Tiedong 210302 and Haicheng 210381;
Shuangyashan 230500 with Jianshan 230502. Money in 万元. The arithmetic of each expected value is
written beside it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.choices import Role
from core.tests.factories import UserFactory
from core.validators import credit_code_check_character
from enterprises import figures as f
from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, ProjectOutcome
from projects.choices import HistoryKind, Status
from projects.models import Project, StatusChange
from projects.tests.factories import IndustryFactory, ProjectFactory, SectionFactory

D = Decimal
DAY = datetime.date
JAN_AUG_2024 = f.Period(DAY(2024, 1, 1), DAY(2024, 8, 31))


def credit_code(region_code, number):
    first17 = f"91{region_code}{number:09d}"
    return first17 + credit_code_check_character(first17)


@dataclass
class Book:
    commissioner: object
    e: dict  # enterprises by key
    p: dict  # projects by key


def industries():
    c38 = IndustryFactory()  # 38, a division of manufacturing (C)
    section_c = SectionFactory()  # C itself
    b08 = IndustryFactory(
        code="08",
        name_zh="黑色金属矿采选业",
        name_en="Mining of ferrous metal ores",
        parent=SectionFactory(code="B", name_zh="采矿业", name_en="Mining"),
    )
    f51 = IndustryFactory(
        code="51",
        name_zh="批发业",
        name_en="Wholesale",
        parent=SectionFactory(code="F", name_zh="批发和零售业", name_en="Wholesale and retail"),
    )
    return {"C38": c38, "C": section_c, "B08": b08, "F51": f51, None: None}


# key: region, industry, above designated size, {year: (output value, main business income)}
ENTERPRISES = {
    # the totals
    "E1": ("haicheng", "C38", True, {2023: (100000, 95000), 2024: (120000, 110000)}),
    "E2": ("haicheng", "B08", True, {2024: ("30000.5", 1700)}),  # above: never a candidate
    "E3": ("tiedong", "C38", True, {2023: (50000, 48000), 2024: (None, 45000)}),
    "E4": ("tiedong", "F51", False, {2024: (1800, 1800)}),  # wholesale: not industrial
    "E5": ("jianshan", "C38", True, {2024: (999999, 900000)}),  # Shuangyashan
    "E6": ("anshan", None, True, {2024: (10000, 9500)}),  # registered with the city
    # the tiers (Tiedong, above designated size, 2024 only)
    "T1": ("tiedong", "C38", True, {2024: (80000, None)}),
    "T2": ("tiedong", "C38", True, {2024: ("79999.9999", None)}),
    "T3": ("tiedong", "C38", True, {2024: (450000, None)}),
    "T4": ("tiedong", "C38", True, {2024: (500000, None)}),
    "T5": ("tiedong", "C38", True, {2024: (1000000, None)}),
    "T6": ("tiedong", "C38", True, {2024: (850000, None)}),
    # the small-to-above-size candidates (not above designated size)
    "C1": ("haicheng", "C38", False, {2022: (None, 1200), 2023: (None, 1500), 2024: (None, 1800)}),
    "C2": ("tiedong", "C", False, {2022: (None, 1400), 2024: (None, 1500)}),
    "C3": ("haicheng", "C38", False, {2024: (None, 2000)}),
    "C4": ("haicheng", "C38", False, {2024: (None, "1499.9999")}),
    "C7": ("haicheng", "C38", False, {2023: (None, 1800)}),  # nothing for 2024
    "C8": ("haicheng", None, False, {2024: (None, 1600)}),  # no industry
    "C9": ("haicheng", "B08", False, {2023: (None, 2100), 2024: (None, "1999.9999")}),
    "C10": ("jianshan", "C38", False, {2024: (None, 1900)}),  # Shuangyashan
}


def _money(value):
    return None if value is None else D(str(value))


def make_enterprises(cast):
    kinds = industries()
    made = {}
    for number, (key, (region, industry, above, years)) in enumerate(ENTERPRISES.items(), 1):
        region = cast.regions[region]
        enterprise = Enterprise.objects.create(
            name=f"{key} 企业",
            credit_code=credit_code(region.code, number),
            region=region,
            industry=kinds[industry],
            above_designated_size=above,
        )
        for year, (output, income) in years.items():
            EnterpriseYear.objects.create(
                enterprise=enterprise,
                year=year,
                output_value=_money(output),
                main_business_income=_money(income),
            )
        made[key] = enterprise
    return made


# key: enterprise, kind, date, amount
BENEFITS = [
    ("B1", "E1", BenefitKind.TAX_REDUCTION, DAY(2024, 1, 15), "100"),
    ("B2", "E1", BenefitKind.FEE_REDUCTION, DAY(2024, 3, 1), "50.5"),
    ("B3", "E2", BenefitKind.FINANCING, DAY(2024, 8, 31), "1000"),
    ("B4", "E3", BenefitKind.FINANCING, DAY(2024, 5, 10), "2000"),
    ("B5", "E3", BenefitKind.SUBSIDY, DAY(2024, 9, 1), "300"),  # after August
    ("B6", "E5", BenefitKind.TAX_REDUCTION, DAY(2024, 2, 1), "700"),  # Shuangyashan
    ("B7", "E1", BenefitKind.FINANCING, DAY(2023, 12, 31), "500"),  # before 2024
]


def make_benefits(enterprises):
    for _key, owner, kind, on, amount in BENEFITS:
        PolicyBenefit.objects.create(
            enterprise=enterprises[owner],
            kind=kind,
            granted_on=on,
            amount=D(amount),
            bank="鞍山银行" if kind == BenefitKind.FINANCING else "",
        )


def producing(project, since, status=Status.IN_PRODUCTION, capacity_on=None):
    Project.objects.filter(pk=project.pk).update(status=status)
    StatusChange.objects.create(
        project=project,
        kind=HistoryKind.STATUS,
        on=since,
        from_status=Status.COMPLETED,
        to_status=Status.IN_PRODUCTION,
    )
    if capacity_on:
        StatusChange.objects.create(
            project=project,
            kind=HistoryKind.STATUS,
            on=capacity_on,
            from_status=Status.IN_PRODUCTION,
            to_status=Status.AT_CAPACITY,
        )
    project.refresh_from_db()
    return project


def outcome(project, year, sales=None, profit=None, tax=None, jobs=None):
    return ProjectOutcome.objects.create(
        project=project,
        year=year,
        sales=_money(sales),
        profit=_money(profit),
        tax=_money(tax),
        jobs=jobs,
    )


def make_projects(cast):
    r = cast.regions
    p = {
        # Fengfan's promise: 15 亿 sales, 2.5 亿 profit, 1 亿 tax, 300 jobs; on 200 mu
        "P1": ProjectFactory(
            name="A1 储能设备项目",
            region=r["haicheng"],
            promised_sales=D(150000),
            promised_profit=D(25000),
            promised_tax=D(10000),
            promised_jobs=300,
            land_area_mu=D(200),
        ),
        "P2": ProjectFactory(
            name="A2 镁质材料项目", region=r["tiedong"], promised_tax=D(500), land_area_mu=D("12.5")
        ),
        "P4": ProjectFactory(name="A4 在建项目", region=r["tiedong"], status=Status.STARTED),
        "P5": ProjectFactory(name="A5 未报项目", region=r["haicheng"], promised_jobs=50),
        "P6": ProjectFactory(name="A6 双鸭山项目", region=r["jianshan"], promised_tax=D(100)),
        "P7": ProjectFactory(name="A7 亏损项目", region=r["haicheng"], promised_profit=D(1000)),
    }
    producing(p["P1"], DAY(2023, 6, 1))
    producing(p["P2"], DAY(2024, 2, 1), Status.AT_CAPACITY, DAY(2024, 10, 1))
    producing(p["P5"], DAY(2024, 3, 1))
    producing(p["P6"], DAY(2023, 1, 10))
    producing(p["P7"], DAY(2023, 5, 1))
    outcome(p["P1"], 2024, sales=120000, profit=26000, tax=8000, jobs=300)
    outcome(p["P1"], 2023, sales=60000, profit=5000, tax=3000, jobs=280)
    outcome(p["P2"], 2024, sales=5000, tax=600, jobs=10)
    outcome(p["P4"], 2024, sales=1)
    outcome(p["P6"], 2024, tax=50)
    outcome(p["P7"], 2024, profit=-200)
    return p


def make_book(cast):
    commissioner = UserFactory(
        username="commissioner", role=Role.COMMISSIONER, region=cast.regions["anshan"]
    )
    enterprises = make_enterprises(cast)
    Enterprise.objects.filter(pk__in=[enterprises["E1"].pk, enterprises["C1"].pk]).update(
        commissioner=commissioner
    )
    make_benefits(enterprises)
    return Book(commissioner, enterprises, make_projects(cast))


@pytest.fixture
def book(cast):
    return make_book(cast)


def seen(user):
    return Enterprise.objects.visible_to(user)


def names(rows):
    return [row.enterprise.name.split()[0] for row in rows]


# ---------------------------------------------------------------- enterprises above designated size


def test_totals_by_county_for_a_year_and_the_year_before(book, cast):
    totals = f.above_size_totals(seen(cast.office), 2024)
    rows = {row.region.code: row for row in totals.rows}
    assert list(rows) == ["210300", "210302", "210381"]  # by code; Jianshan is out of scope
    # Haicheng: E1 120,000 + E2 30,000.5; in 2023 only E1, 100,000
    assert (rows["210381"].count, rows["210381"].output_value) == (2, D("150000.5"))
    assert (rows["210381"].previous_count, rows["210381"].previous_output) == (1, D(100000))
    assert rows["210381"].growth == D("50.0005")  # 150,000.5 ÷ 100,000 − 1
    # Tiedong: E3 (no output value: counted, adds nothing) and T1 … T6
    # 80,000 + 79,999.9999 + 450,000 + 500,000 + 1,000,000 + 850,000 = 2,959,999.9999
    assert (rows["210302"].count, rows["210302"].output_value) == (7, D("2959999.9999"))
    assert (rows["210302"].previous_count, rows["210302"].previous_output) == (1, D(50000))
    # the city itself: E6; not above designated size, E4 is not counted anywhere
    assert (rows["210300"].count, rows["210300"].output_value) == (1, D(10000))
    assert rows["210300"].growth is None  # nothing the year before
    # 2 + 7 + 1 = 10; 150,000.5 + 2,959,999.9999 + 10,000 = 3,120,000.4999
    assert (totals.count, totals.output_value) == (10, D("3120000.4999"))
    assert (totals.previous_count, totals.previous_output) == (2, D(150000))


def test_totals_of_a_region_subtree_and_of_everyone(book, cast):
    haicheng = f.above_size_totals(seen(cast.administrator), 2024, region="210381")
    assert [(r.region.code, r.count, r.output_value) for r in haicheng.rows] == [
        ("210381", 2, D("150000.5"))
    ]
    everything = f.above_size_totals(seen(cast.administrator), 2024)
    # Anshan's 10 and 3,120,000.4999, and E5 in Jianshan: 999,999
    assert (everything.count, everything.output_value) == (11, D("4119999.4999"))
    shuangyashan = f.above_size_totals(seen(cast.administrator), 2024, region="230500")
    assert (shuangyashan.count, shuangyashan.output_value) == (1, D(999999))


def test_totals_are_scoped(book, cast):
    county = f.above_size_totals(seen(cast.county), 2024)  # Haicheng only
    assert (county.count, county.output_value) == (2, D("150000.5"))
    commissioner = f.above_size_totals(seen(book.commissioner), 2024)  # E1 (C1 is not above)
    assert (commissioner.count, commissioner.output_value) == (1, D(120000))
    other = f.above_size_totals(seen(cast.other_city), 2024)  # Shuangyashan: E5
    assert (other.count, other.output_value) == (1, D(999999))


def test_the_rows_behind_the_totals(book, cast):
    rows = f.above_size_figures(seen(cast.office), 2024, region="210381")
    assert [(row.enterprise.name, row.output_value) for row in rows] == [
        ("E1 企业", D(120000)),
        ("E2 企业", D("30000.5")),
    ]


def test_totals_run_two_queries(book, cast, django_assert_num_queries):
    chosen = seen(cast.office)
    with django_assert_num_queries(2):
        f.above_size_totals(chosen, 2024)


# ---------------------------------------------------------------- policy benefits


def test_benefits_of_a_period_in_all_regions(book, cast):
    result = f.benefit_figures(PolicyBenefit.objects.visible_to(cast.administrator), JAN_AUG_2024)
    s = result.summary
    # B1 … B4 and B6: B5 is in September, B7 in 2023
    assert (s.count, s.enterprises) == (5, 4)  # E1, E2, E3, E5
    assert s.amount == D("3850.5")  # 100 + 50.5 + 1,000 + 2,000 + 700
    assert (s.tax, s.fee, s.tax_and_fee) == (D(800), D("50.5"), D("850.5"))  # 100 + 700; 50.5
    assert (s.financing, s.financed_enterprises) == (D(3000), 2)  # 1,000 (E2) + 2,000 (E3)
    assert s.subsidy == D(0)


def test_benefits_by_kind_region_enterprise_and_month(book, cast):
    result = f.benefit_figures(
        PolicyBenefit.objects.visible_to(cast.office), JAN_AUG_2024, region="210300"
    )
    assert [(k.kind, k.count, k.enterprises, k.amount) for k in result.by_kind] == [
        ("tax", 1, 1, D(100)),  # B1
        ("fee", 1, 1, D("50.5")),  # B2
        ("subsidy", 0, 0, D(0)),  # B5 is in September
        ("financing", 2, 2, D(3000)),  # B3 + B4
    ]
    # Tiedong: B4 2,000; Haicheng: B1 + B2 + B3 = 1,150.5 for E1 and E2
    assert [(r.key.code, r.count, r.enterprises, r.amount) for r in result.by_region] == [
        ("210302", 1, 1, D(2000)),
        ("210381", 3, 2, D("1150.5")),
    ]
    haicheng = result.by_region[1]
    assert haicheng.tax_and_fee == D("150.5")  # 100 + 50.5
    assert haicheng.by_kind["financing"] == D(1000)
    # largest first: E3 2,000; E2 1,000; E1 100 + 50.5
    assert [(r.key.name, r.amount) for r in result.by_enterprise] == [
        ("E3 企业", D(2000)),
        ("E2 企业", D(1000)),
        ("E1 企业", D("150.5")),
    ]
    assert [(r.key, r.amount) for r in result.by_month] == [
        (DAY(2024, 1, 1), D(100)),
        (DAY(2024, 3, 1), D("50.5")),
        (DAY(2024, 5, 1), D(2000)),
        (DAY(2024, 8, 1), D(1000)),
    ]
    assert result.summary.amount == D("3150.5")  # 100 + 50.5 + 1,000 + 2,000


def test_benefits_of_one_kind_and_the_top_enterprises(book, cast):
    visible = PolicyBenefit.objects.visible_to(cast.office)
    financing = f.benefit_figures(visible, f.Period.year(2024), kind=BenefitKind.FINANCING, top=1)
    assert (financing.summary.count, financing.summary.amount) == (2, D(3000))  # B3 + B4
    assert [r.key.name for r in financing.by_enterprise] == ["E3 企业"]  # the top one


def test_benefits_are_scoped(book, cast):
    county = f.benefit_figures(PolicyBenefit.objects.visible_to(cast.county), JAN_AUG_2024)
    assert county.summary.amount == D("1150.5")  # Haicheng: B1 + B2 + B3
    mine = f.benefit_figures(PolicyBenefit.objects.visible_to(book.commissioner), JAN_AUG_2024)
    assert mine.summary.amount == D("150.5")  # E1: B1 + B2


def test_benefits_run_seven_queries(book, cast, django_assert_num_queries):
    visible = PolicyBenefit.objects.visible_to(cast.office)
    with django_assert_num_queries(7):
        f.benefit_figures(visible, JAN_AUG_2024)


# ---------------------------------------------------------------- outcomes


def test_promised_against_actual(book, cast):
    rows = f.outcomes(Project.objects.visible_to(cast.office), 2024)
    # in production in 2024, by county code then name: Tiedong A2; Haicheng A1, A5, A7
    assert [row.project.name[:2] for row in rows] == ["A2", "A1", "A5", "A7"]
    p1 = rows[1]
    assert p1.producing_since == DAY(2023, 6, 1)
    assert (p1.sales.promised, p1.sales.actual, p1.sales.shortfall) == (
        D(150000),
        D(120000),
        D(30000),  # 150,000 − 120,000
    )
    assert p1.sales.rate == D(80)  # 120,000 ÷ 150,000
    assert (p1.profit.shortfall, p1.tax.shortfall, p1.jobs.shortfall) == (0, D(2000), 0)
    assert p1.tax_per_mu == D(40)  # 8,000 ÷ 200 mu
    assert p1.short_of == ["sales", "tax"]
    p2 = rows[0]  # promised only tax: 500, paid 600 on 12.5 mu
    assert (p2.tax.shortfall, p2.sales.shortfall, p2.under_delivering) == (0, None, False)
    assert p2.tax_per_mu == D(48)  # 600 ÷ 12.5
    p5 = rows[2]
    assert (p5.reported, p5.under_delivering, p5.tax_per_mu) == (False, False, None)
    p7 = rows[3]
    assert p7.profit.shortfall == D(1200)  # 1,000 − (−200)


def test_the_projects_delivering_less_than_promised(book, cast):
    rows = f.outcomes(Project.objects.visible_to(cast.office), 2024)
    assert [row.project.name[:2] for row in f.under_delivering(rows)] == ["A1", "A7"]
    everywhere = f.outcomes(Project.objects.visible_to(cast.administrator), 2024)
    assert [row.project.name[:2] for row in f.under_delivering(everywhere)] == ["A1", "A7", "A6"]


def test_outcome_totals(book, cast):
    rows = f.outcomes(Project.objects.visible_to(cast.office), 2024)
    totals = {t.name: t for t in f.outcome_totals(rows)}
    assert (totals["sales"].promised, totals["sales"].actual, totals["sales"].projects) == (
        D(150000),
        D(120000),
        1,  # only A1 promised sales
    )
    # profit: A1 25,000 + A7 1,000 = 26,000 promised; 26,000 − 200 = 25,800 delivered
    assert (totals["profit"].promised, totals["profit"].actual) == (D(26000), D(25800))
    # tax: A1 10,000 + A2 500 = 10,500 promised; 8,000 + 600 = 8,600 delivered
    assert (totals["tax"].promised, totals["tax"].actual) == (D(10500), D(8600))
    assert (totals["jobs"].promised, totals["jobs"].actual, totals["jobs"].projects) == (
        300,
        300,
        1,
    )


def test_a_past_year_leaves_out_projects_not_yet_producing(book, cast):
    rows = f.outcomes(Project.objects.visible_to(cast.office), 2023)
    # A2 began production in February 2024, A5 in March 2024
    assert [row.project.name[:2] for row in rows] == ["A1", "A7"]
    assert rows[0].tax.actual == D(3000)
    assert rows[0].tax_per_mu == D(15)  # 3,000 ÷ 200
    assert not rows[1].reported


def test_outcomes_of_a_region_and_scoped(book, cast):
    tiedong = f.outcomes(Project.objects.visible_to(cast.administrator), 2024, region="210302")
    assert [row.project.name[:2] for row in tiedong] == ["A2"]
    county = f.outcomes(Project.objects.visible_to(cast.county2), 2024)  # Tiedong office
    assert [row.project.name[:2] for row in county] == ["A2"]


def test_outcomes_run_three_queries(book, cast, django_assert_num_queries):
    visible = Project.objects.visible_to(cast.office)
    with django_assert_num_queries(3):
        f.outcomes(visible, 2024)


def test_the_promise_is_the_projects(book):
    assert f.promised(book.p["P1"]) == {
        "sales": D(150000),
        "profit": D(25000),
        "tax": D(10000),
        "jobs": 300,
    }


# ---------------------------------------------------------------- growth lists


def test_small_to_above_size_candidates(book, cast):
    result = f.upgrade_candidates(seen(cast.office))
    assert result.year == 2024  # the latest year with figures
    # industrial, not above, 1,500 ≤ income < 2,000 in 2024, largest first:
    # C9 1,999.9999 (mining division 08), C1 1,800, C2 1,500 (section C itself).
    # Not: C3 (2,000: reached), C4 (1,499.9999), C7 (no 2024), C8 (no industry),
    # E2 (above), E4 (wholesale), C10 (Shuangyashan).
    assert names(result.near) == ["C9", "C1", "C2"]
    c9, c1, c2 = result.near
    assert c1.trend == [(2022, D(1200)), (2023, D(1500)), (2024, D(1800))]
    assert c1.growth == D(20)  # 1,800 ÷ 1,500 − 1
    assert c1.to_threshold == D(200)  # 2,000 − 1,800
    assert c2.trend == [(2022, D(1400)), (2023, None), (2024, D(1500))]
    assert c2.growth is None
    # (1,999.9999 ÷ 2,100 − 1) × 100 = −4.76190952…
    assert round(c9.growth, 6) == D("-4.761910")
    assert names(result.reached) == ["C3"]


def test_candidates_of_a_given_year_and_scoped(book, cast):
    earlier = f.upgrade_candidates(seen(cast.office), year=2023)
    # 2023: C1 1,500 and C7 1,800; C9 had 2,100 (reached)
    assert names(earlier.near) == ["C7", "C1"]
    assert names(earlier.reached) == ["C9"]
    assert names(f.upgrade_candidates(seen(book.commissioner)).near) == ["C1"]
    assert names(f.upgrade_candidates(seen(cast.administrator), region="230500").near) == ["C10"]


def test_candidates_run_two_queries_for_a_year(book, cast, django_assert_num_queries):
    chosen = seen(cast.office)
    with django_assert_num_queries(2):
        f.upgrade_candidates(chosen, year=2024)


def test_tiers_and_the_enterprises_close_to_the_next(book, cast):
    result = f.tiers(seen(cast.office))
    assert result.year == 2024
    ten, fifty, hundred = result.tiers
    assert (ten.floor, fifty.floor, hundred.floor) == (D(100000), D(500000), D(1000000))
    # 10 亿: 100,000 ≤ output < 500,000: T3 450,000, E1 120,000
    assert names(ten.members) == ["T3", "E1"]
    assert names(ten.close) == ["T1"]  # 80,000 ≥ 80% of 100,000; T2 79,999.9999 is not
    # 50 亿: T6 850,000, T4 500,000; close: 400,000 ≤ T3 450,000 < 500,000
    assert names(fifty.members) == ["T6", "T4"]
    assert names(fifty.close) == ["T3"]
    # 100 亿: T5 1,000,000; close: 800,000 ≤ T6 850,000 < 1,000,000
    assert names(hundred.members) == ["T5"]
    assert names(hundred.close) == ["T6"]


def test_tiers_of_everyone_and_of_a_region(book, cast):
    everyone = f.tiers(seen(cast.administrator), year=2024)
    assert names(everyone.tiers[1].members) == ["E5", "T6", "T4"]  # E5: 999,999
    assert names(everyone.tiers[2].close) == ["E5", "T6"]
    haicheng = f.tiers(seen(cast.administrator), year=2024, region="210381")
    assert [names(t.members) for t in haicheng.tiers] == [["E1"], [], []]


def test_tiers_run_one_query_for_a_year(book, cast, django_assert_num_queries):
    chosen = seen(cast.office)
    with django_assert_num_queries(1):
        f.tiers(chosen, year=2024)


def test_no_figures_no_year(cast):
    assert f.upgrade_candidates(seen(cast.office)).near == []
    assert f.tiers(seen(cast.office)).year is None
    assert f.latest_year(seen(cast.office)) is None
