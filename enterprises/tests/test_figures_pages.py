"""The enterprise figures pages: what they show, their exports, scoping and query counts.

The data is the book of test_figures.py (``make_book``; its tables list every row); the arithmetic
of each expected value is written there and repeated briefly here. Money on the pages is in 亿元 for
totals and 万元 for one enterprise or project (zh-hans, the default language).
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit
from enterprises.tests.test_figures import credit_code, make_book, outcome, producing
from projects.tests.factories import IndustryFactory, ProjectFactory

D = Decimal
DAY = datetime.date
TOTALS, BENEFITS, OUTCOMES, GROWTH = (
    "enterprises:figures_totals",
    "enterprises:figures_benefits",
    "enterprises:figures_outcomes",
    "enterprises:figures_growth",
)
JAN_AUG = {"from": "2024-01-01", "to": "2024-08-31"}


@pytest.fixture
def book(cast):
    return make_book(cast)


def page(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def sheets(client, name, **params):
    response = client.get(reverse(name), {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]


def figure(html, name):
    found = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', html)
    return found.group(1).strip() if found else None


def regions(html):
    return re.findall(r'data-region="(\d+)"', html)


def names_in(html, section_id):
    """Enterprise or project names (their first word) inside the element with this id."""
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return re.findall(r">([A-Z]\d+) ", html[start:end])


# ---------------------------------------------------------------- enterprise totals


def test_totals_page_shows_the_counties_and_the_total(book, cast, client_for):
    html = page(client_for(cast.office), TOTALS, year=2024)
    assert regions(html) == ["210300", "210302", "210381"]  # Jianshan is out of scope
    assert figure(html, "total-count") == "10"  # 1 + 7 + 2
    assert figure(html, "total-output") == "312.00 亿元"  # 3,120,000.4999 万元
    assert "15.00 亿元" in html  # Haicheng: 150,000.5 万元
    assert "50.0%" in html  # Haicheng's growth: 150,000.5 ÷ 100,000 − 1


def test_totals_page_drills_into_a_county(book, cast, client_for):
    html = page(client_for(cast.office), TOTALS, year=2024, county="210381")
    assert names_in(html, "enterprises") == ["E1", "E2"]  # Haicheng's, largest first
    assert "120,000.00 万元" in html  # E1's output value
    everyone = page(client_for(cast.office), TOTALS, year=2024)
    assert names_in(everyone, "enterprises") == [
        "T5", "T6", "T4", "T3", "E1", "T1", "T2", "E2", "E6", "E3"
    ]  # fmt: skip


def test_totals_page_filters_by_region_and_year(book, cast, client_for):
    html = page(client_for(cast.office), TOTALS, year=2024, region="210381")
    assert regions(html) == ["210381"]
    assert figure(html, "total-count") == "2"
    earlier = page(client_for(cast.office), TOTALS, year=2023)
    assert figure(earlier, "total-count") == "2"  # E1 and E3 had 2023 figures
    assert figure(earlier, "total-output") == "15.00 亿元"  # 100,000 + 50,000


def test_totals_page_refuses_a_year_without_figures(book, cast, client_for):
    html = page(client_for(cast.office), TOTALS, year=1999)
    assert figure(html, "total-count") is None
    assert "invalid-feedback" in html


def test_totals_export(book, cast, client_for):
    by_county, enterprises = sheets(client_for(cast.office), TOTALS, year=2024)
    assert by_county[1:] == [
        ("210300", "鞍山市", 1, 10000, 0, 0),
        ("210302", "铁东区", 7, 2959999.9999, 1, 50000),
        ("210381", "海城市", 2, 150000.5, 1, 100000),
        (None, by_county[-1][1], 10, 3120000.4999, 2, 150000),
    ]
    assert [row[0] for row in enterprises[1:3]] == ["T5 企业", "T6 企业"]
    assert len(enterprises) == 1 + 10


def test_totals_are_scoped(book, cast, client_for):
    county = page(client_for(cast.county), TOTALS, year=2024)  # Haicheng office
    assert regions(county) == ["210381"]
    assert figure(county, "total-count") == "2"
    mine = page(client_for(book.commissioner), TOTALS, year=2024)
    assert figure(mine, "total-count") == "1"  # E1
    other = page(client_for(cast.other_city), TOTALS, year=2024)
    assert regions(other) == ["230502"]  # E5 in Jianshan only
    assert "E1 企业" not in other


# ---------------------------------------------------------------- policy benefits


def test_benefits_page_shows_the_totals_of_a_period(book, cast, client_for):
    html = page(client_for(cast.office), BENEFITS, **JAN_AUG)
    # Anshan, January–August 2024: B1 100 + B2 50.5 + B3 1,000 + B4 2,000 = 3,150.5 万元
    assert figure(html, "total") == "0.32 亿元"
    assert figure(html, "financing") == "0.30 亿元"  # 1,000 + 2,000
    assert regions(html) == ["210302", "210381"]
    assert names_in(html, "top") == ["E3", "E2", "E1"]
    assert "2,000.00 万元" in html


def test_benefits_export_has_every_table(book, cast, client_for):
    by_kind, by_region, by_enterprise, by_month = sheets(
        client_for(cast.office), BENEFITS, **JAN_AUG
    )
    assert [row[1:] for row in by_kind[1:]] == [
        (1, 1, 100),  # tax: B1
        (1, 1, 50.5),  # fees: B2
        (0, 0, 0),  # subsidies: B5 is in September
        (2, 2, 3000),  # financing: B3 + B4
        (4, 3, 3150.5),  # the total
    ]
    # code, region, benefits, enterprises, tax, fee, subsidy, financing, total
    assert by_region[1:] == [
        ("210302", "铁东区", 1, 1, 0, 0, 0, 2000, 2000),
        ("210381", "海城市", 3, 2, 100, 50.5, 0, 1000, 1150.5),
    ]
    assert [(row[0], row[-1]) for row in by_enterprise[1:]] == [
        ("E3 企业", 2000),
        ("E2 企业", 1000),
        ("E1 企业", 150.5),
    ]
    assert [(row[0], row[-1]) for row in by_month[1:]] == [
        ("2024-01", 100),
        ("2024-03", 50.5),
        ("2024-05", 2000),
        ("2024-08", 1000),
    ]


def test_benefits_page_filters_by_kind_and_region(book, cast, client_for):
    client = client_for(cast.office)
    by_kind = sheets(client, BENEFITS, kind=BenefitKind.FINANCING, **JAN_AUG)[0]
    assert by_kind[-1][1:] == (2, 2, 3000)  # B3 + B4
    by_region = sheets(client, BENEFITS, region="210302", **JAN_AUG)[0]
    assert by_region[-1][1:] == (1, 1, 2000)  # Tiedong: B4


def test_benefits_page_defaults_to_the_year_of_the_latest_benefit(book, cast, client_for):
    by_kind = sheets(client_for(cast.office), BENEFITS)[0]  # B5 of 2024-09-01 is the latest
    # Anshan in 2024: B1 100 + B2 50.5 + B3 1,000 + B4 2,000 + B5 300, for E1, E2, E3
    assert by_kind[-1][1:] == (5, 3, 3450.5)


def test_benefits_page_refuses_an_end_before_the_start(book, cast, client_for):
    html = page(client_for(cast.office), BENEFITS, **{"from": "2024-08-31", "to": "2024-01-01"})
    assert figure(html, "total") is None
    assert "invalid-feedback" in html


def test_benefits_are_scoped(book, cast, client_for):
    county = sheets(client_for(cast.county), BENEFITS, **JAN_AUG)[0]
    assert county[-1][1:] == (3, 2, 1150.5)  # Haicheng: B1 + B2 + B3
    mine = sheets(client_for(book.commissioner), BENEFITS, **JAN_AUG)[0]
    assert mine[-1][1:] == (2, 1, 150.5)  # E1: B1 + B2


# ---------------------------------------------------------------- outcomes


def test_outcomes_page_shows_promised_against_actual(book, cast, client_for):
    html = page(client_for(cast.office), OUTCOMES, year=2024)
    assert figure(html, "producing") == "4"  # A2, A1, A5, A7
    assert figure(html, "short") == "2"  # A1 and A7
    assert names_in(html, "outcomes") == ["A2", "A1", "A5", "A7"]
    assert names_in(html, "short") == ["A1", "A7"]
    assert "40.00 万元" in html  # A1: 8,000 ÷ 200 mu
    assert "48.00 万元" in html  # A2: 600 ÷ 12.5 mu
    assert "30,000.00 万元" in html  # A1's sales shortfall: 150,000 − 120,000


def test_outcomes_export(book, cast, client_for):
    rows, short = sheets(client_for(cast.office), OUTCOMES, year=2024)
    assert [row[0][:2] for row in rows[1:]] == ["A2", "A1", "A5", "A7"]
    a1 = dict(zip(rows[0], rows[2], strict=True))
    values = list(a1.values())
    # sales promised, actual, shortfall; profit …; tax …; jobs …
    assert values[4:16] == [150000, 120000, 30000, 25000, 26000, 0, 10000, 8000, 2000, 300, 300, 0]
    assert values[16:18] == [200, 40]  # land area, tax per mu
    assert [row[0][:2] for row in short[1:]] == ["A1", "A7"]


def test_outcomes_are_scoped_and_filtered(book, cast, client_for):
    tiedong = page(client_for(cast.county2), OUTCOMES, year=2024)
    assert names_in(tiedong, "outcomes") == ["A2"]
    region = page(client_for(cast.administrator), OUTCOMES, year=2024, region="230500")
    assert names_in(region, "outcomes") == ["A6"]
    earlier = page(client_for(cast.office), OUTCOMES, year=2023)
    assert names_in(earlier, "outcomes") == ["A1", "A7"]  # A2 and A5 began in 2024


# ---------------------------------------------------------------- growth lists


def test_growth_page_lists_candidates_and_tiers(book, cast, client_for):
    html = page(client_for(cast.office), GROWTH)  # the latest year: 2024
    assert names_in(html, "candidates") == ["C9", "C1", "C2"]
    assert names_in(html, "reached") == ["C3"]
    assert "1,200.00 万元" in html  # C1's income in 2022
    assert "20.0%" in html  # C1: 1,800 ÷ 1,500 − 1
    tiers = html[html.index('id="tiers"') :]
    assert re.findall(r'data-tier="(\d+)', tiers) == ["1000000", "500000", "100000"]
    assert "(15.00 亿元" in tiers  # T6 is 15 亿元 short of 100 亿元


def test_growth_export(book, cast, client_for):
    near, reached, tiers = sheets(client_for(cast.office), GROWTH, year=2024)
    assert [row[0] for row in near[1:]] == ["C9 企业", "C1 企业", "C2 企业"]
    assert near[2][4:] == (1200, 1500, 1800, 20, 200)  # C1's trend, growth, to the threshold
    assert [row[0] for row in reached[1:]] == ["C3 企业"]
    assert [(row[0], row[2], row[-1]) for row in tiers[1:]] == [
        (100000, "T3 企业", 0),
        (100000, "E1 企业", 0),
        (100000, "T1 企业", 20000),  # 100,000 − 80,000
        (500000, "T6 企业", 0),
        (500000, "T4 企业", 0),
        (500000, "T3 企业", 50000),
        (1000000, "T5 企业", 0),
        (1000000, "T6 企业", 150000),
    ]


def test_growth_page_is_scoped(book, cast, client_for):
    html = page(client_for(book.commissioner), GROWTH)
    assert names_in(html, "candidates") == ["C1"]


# ---------------------------------------------------------------- all pages


@pytest.mark.parametrize("name", [TOTALS, BENEFITS, OUTCOMES, GROWTH])
def test_pages_need_a_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302


@pytest.mark.parametrize("name", [TOTALS, BENEFITS, OUTCOMES, GROWTH])
def test_pages_without_rows(cast, client_for, name):
    assert client_for(cast.office).get(reverse(name)).status_code == 200


def more_rows(cast, count):
    """More of everything in Haicheng and Tiedong: enterprises, figures, benefits, projects."""
    industry = IndustryFactory()
    for n in range(count):
        region = cast.regions["haicheng" if n % 2 else "tiedong"]
        above = Enterprise.objects.create(
            name=f"X{n} 企业",
            credit_code=credit_code(region.code, 900 + n),
            region=region,
            industry=industry,
            above_designated_size=True,
        )
        small = Enterprise.objects.create(
            name=f"Y{n} 企业",
            credit_code=credit_code(region.code, 800 + n),
            region=region,
            industry=industry,
        )
        for year in (2022, 2023, 2024):
            EnterpriseYear.objects.create(
                enterprise=above, year=year, output_value=D(90000 + n), main_business_income=D(1)
            )
            EnterpriseYear.objects.create(
                enterprise=small, year=year, main_business_income=D(1600 + n)
            )
        for kind in BenefitKind:
            PolicyBenefit.objects.create(
                enterprise=above, kind=kind, granted_on=DAY(2024, 1 + n % 8, 1), amount=D(10)
            )
        project = ProjectFactory(region=region, promised_tax=D(100), land_area_mu=D(10))
        producing(project, DAY(2023, 1, 1))
        outcome(project, 2024, tax=50)


PAGES = [
    (TOTALS, {"year": 2024}),
    (TOTALS, {"year": 2024, "county": "210381", "region": "210300"}),
    (TOTALS, {"year": 2024, "export": "xlsx"}),
    (BENEFITS, JAN_AUG),
    (BENEFITS, {**JAN_AUG, "kind": "tax", "region": "210381"}),
    (BENEFITS, {**JAN_AUG, "export": "xlsx"}),
    (OUTCOMES, {"year": 2024}),
    (OUTCOMES, {"year": 2024, "export": "xlsx"}),
    (GROWTH, {"year": 2024}),
    (GROWTH, {"year": 2024, "export": "xlsx"}),
]


def _count(client, name, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse(name), params).status_code == 200
    return len(context)


def test_queries_do_not_grow_with_rows(book, cast, client_for):
    client = client_for(cast.office)
    before = [_count(client, name, params) for name, params in PAGES]
    more_rows(cast, 12)
    after = [_count(client, name, params) for name, params in PAGES]
    assert after == before
