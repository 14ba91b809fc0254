"""Enterprise pages and API: credit codes, matching, scoping, visits, requests, benefits."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.choices import Role
from core.tests.factories import UserFactory
from core.validators import credit_code_check_character, validate_credit_code
from enterprises import services
from enterprises.choices import BenefitKind
from enterprises.matching import investments_of
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Request, Visit
from problems.choices import Category
from problems.models import Problem
from problems.tests.test_rules import make_bureau
from projects.tests.factories import IndustryFactory, ProjectFactory
from promotion.tests.factories import ContractFactory, LeadFactory

# Real codes: a Fuzhou company and a Beijing company (GB 32100-2015, check character included).
FUZHOU = "91350100M000100Y43"
BEIJING = "91110000600037341L"
TODAY = timezone.localdate


def credit_code(n):
    """A valid credit code of a Haicheng company, different for each n."""
    first17 = f"91210381MA0Y{n:05d}"
    return first17 + credit_code_check_character(first17)


def make_enterprise(cast, n=1, region="haicheng", commissioner=None, **fields):
    fields = {"name": f"海城企业{n}", "above_designated_size": True, **fields}
    return Enterprise.objects.create(
        credit_code=credit_code(n),
        region=cast.regions[region],
        commissioner=commissioner,
        **fields,
    )


@pytest.fixture
def commissioner(cast):
    """An Anshan commissioner: serves the enterprises assigned to them, nothing else."""
    return UserFactory(
        username="commissioner", role=Role.COMMISSIONER, region=cast.regions["anshan"]
    )


@pytest.fixture
def commissioner2(cast):
    """Another Anshan commissioner, with enterprises of their own."""
    return UserFactory(
        username="commissioner2", role=Role.COMMISSIONER, region=cast.regions["anshan"]
    )


@pytest.fixture
def fengfan(cast, commissioner):
    """A Haicheng enterprise served by ``commissioner``."""
    return make_enterprise(cast, 1, name="鞍山丰帆新能源有限公司", commissioner=commissioner)


@pytest.fixture
def tiedong_steel(cast, commissioner2):
    """A Tiedong enterprise served by ``commissioner2``."""
    return make_enterprise(cast, 2, "tiedong", commissioner2, name="铁东钢材加工有限公司")


@pytest.fixture
def bureau(cast):
    return make_bureau(cast)


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def enterprise_data(cast, **extra):
    return {
        "name": "海城新材料有限公司",
        "credit_code": FUZHOU,
        "region": cast.regions["haicheng"].pk,
        "industry": "",
        "chain": "",
        "contact": "王经理",
        "phone": "0412-3333333",
        "above_designated_size": "on",
        **extra,
    }


# ---------------------------------------------------------------- credit codes


@pytest.mark.parametrize("code", [FUZHOU, BEIJING])
def test_real_credit_codes_pass(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    "code, reason",
    [
        (FUZHOU[:-1] + "4", "credit_code_check"),  # wrong check character
        ("91350100m000100Y43", "credit_code_form"),  # a lowercase letter
        ("91350100M000100I43", "credit_code_form"),  # I is not used
        ("91350100M000100O43", "credit_code_form"),  # nor O
        ("91350100M000100S43", "credit_code_form"),  # nor S
        ("91350100M000100V43", "credit_code_form"),  # nor V
        ("91350100M000100Z43", "credit_code_form"),  # nor Z
        (FUZHOU[:-1], "credit_code_form"),  # 17 characters
    ],
)
def test_invalid_credit_codes_are_refused(code, reason):
    with pytest.raises(ValidationError) as refused:
        validate_credit_code(code)
    assert refused.value.code == reason


def test_keeper_registers_an_enterprise(cast, client_for):
    response = client_for(cast.county).post("/enterprises/new/", enterprise_data(cast))
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302 and response.url == enterprise.get_absolute_url()
    assert (enterprise.credit_code, enterprise.region, enterprise.above_designated_size) == (
        FUZHOU,
        cast.regions["haicheng"],
        True,
    )


def test_bad_check_character_is_refused_on_the_credit_code_field(cast, client_for):
    data = enterprise_data(cast, credit_code=FUZHOU[:-1] + "4")
    response = client_for(cast.county).post("/enterprises/new/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["credit_code"]
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused_on_the_credit_code_field(cast, client_for, fengfan):
    data = enterprise_data(cast, credit_code=fengfan.credit_code.lower())
    response = client_for(cast.county).post("/enterprises/new/", data)
    errors = response.context["form"].errors
    assert list(errors) == ["credit_code"]
    assert "credit_code" in errors.as_data()
    message = Enterprise._meta.get_field("credit_code").error_messages["unique"]
    assert errors["credit_code"] == [str(message)]
    assert Enterprise.objects.count() == 1


# ---------------------------------------------------------------- matching by credit code


def test_saving_an_investor_code_registers_the_enterprise_once(cast):
    region = cast.regions["haicheng"]
    project = ProjectFactory(
        region=region, investor_name="鞍山丰帆新能源有限公司", investor_credit_code=FUZHOU
    )
    enterprise = Enterprise.objects.get()
    assert (enterprise.credit_code, enterprise.name, enterprise.region) == (
        FUZHOU,
        "鞍山丰帆新能源有限公司",
        region,
    )
    assert enterprise.industry == project.industry

    lead = LeadFactory(region=region, investor_name="丰帆新能源", investor_credit_code=FUZHOU)
    contract = ContractFactory(region=region, counterparty="丰帆", counterparty_credit_code=FUZHOU)
    project.save()  # saving again finds the same record

    assert Enterprise.objects.count() == 1
    assert Enterprise.objects.get().name == "鞍山丰帆新能源有限公司"  # the first name stays
    found = investments_of(enterprise)
    assert list(found["projects"]) == [project]
    assert list(found["leads"]) == [lead]
    assert list(found["contracts"]) == [contract]


def test_an_existing_enterprise_is_matched_not_duplicated(cast, fengfan):
    ProjectFactory(
        region=cast.regions["tiedong"],
        investor_name="别名",
        investor_credit_code=fengfan.credit_code,
    )
    LeadFactory(region=cast.regions["tiedong"], investor_credit_code=fengfan.credit_code)
    assert Enterprise.objects.count() == 1
    fengfan.refresh_from_db()
    assert (fengfan.name, fengfan.region) == ("鞍山丰帆新能源有限公司", cast.regions["haicheng"])


def test_records_without_a_code_register_nothing(cast):
    ProjectFactory(region=cast.regions["haicheng"], investor_name="无代码企业")
    assert not Enterprise.objects.exists()


def test_enterprise_page_lists_the_investments_of_the_investor(cast, client_for, fengfan):
    project = ProjectFactory(
        name="丰帆储能装备制造项目",
        region=cast.regions["haicheng"],
        investor_credit_code=fengfan.credit_code,
    )
    elsewhere = ProjectFactory(
        name="双鸭山分厂", region=cast.regions["jianshan"], investor_credit_code=fengfan.credit_code
    )
    page = client_for(cast.county).get(fengfan.get_absolute_url())
    assert list(page.context["projects"]) == [project]  # the other city's project stays hidden
    assert project.name in page.content.decode() and elsewhere.name not in page.content.decode()


# ---------------------------------------------------------------- scoping


def test_commissioner_sees_only_own_enterprises(client_for, commissioner, fengfan, tiedong_steel):
    page = client_for(commissioner).get("/enterprises/")
    assert [row.record for row in page.context["table"].rows] == [fengfan]
    mine = client_for(commissioner).get("/enterprises/mine/")
    assert [row.record for row in mine.context["table"].rows] == [fengfan]


def test_commissioner_opening_another_commissioners_enterprise_gets_404(
    client_for, commissioner, tiedong_steel
):
    client = client_for(commissioner)
    assert client.get(tiedong_steel.get_absolute_url()).status_code == 404
    assert client.get(f"/enterprises/{tiedong_steel.pk}/visits/new/").status_code == 404


def test_commissioner_gets_404_on_another_commissioners_enterprise_in_the_api(
    commissioner, fengfan, tiedong_steel
):
    client = api(commissioner)
    assert client.get(f"/api/v1/enterprises/{tiedong_steel.pk}/").status_code == 404
    listed = client.get("/api/v1/enterprises/").json()
    assert [row["id"] for row in listed["results"]] == [fengfan.pk]


def test_county_officer_sees_their_county(cast, client_for, fengfan, tiedong_steel):
    client = client_for(cast.county)
    page = client.get("/enterprises/")
    assert [row.record for row in page.context["table"].rows] == [fengfan]
    assert client.get(fengfan.get_absolute_url()).status_code == 200
    assert client.get(tiedong_steel.get_absolute_url()).status_code == 404
    assert client.get(f"/enterprises/{tiedong_steel.pk}/edit/").status_code == 404


def test_city_office_sees_both_counties(cast, client_for, fengfan, tiedong_steel):
    page = client_for(cast.office).get("/enterprises/?region=210302")
    assert [row.record for row in page.context["table"].rows] == [tiedong_steel]


def test_reader_may_read_but_not_change_the_registry(cast, client_for, fengfan):
    client = client_for(cast.leader)
    assert client.get(fengfan.get_absolute_url()).status_code == 200
    assert client.get("/enterprises/new/").status_code == 403
    assert client.get(f"/enterprises/{fengfan.pk}/edit/").status_code == 403
    assert client.get(f"/enterprises/{fengfan.pk}/years/new/").status_code == 403
    assert client.get(f"/enterprises/{fengfan.pk}/visits/new/").status_code == 403
    assert client.get("/enterprises/benefits/new/").status_code == 403


def test_commissioner_cannot_change_the_registry(client_for, commissioner, fengfan):
    client = client_for(commissioner)
    assert client.get(f"/enterprises/{fengfan.pk}/edit/").status_code == 403
    assert client.get(f"/enterprises/{fengfan.pk}/commissioner/").status_code == 403


def test_keeper_assigns_a_commissioner(cast, client_for, commissioner, commissioner2, fengfan):
    client = client_for(cast.county)
    form = client.get(f"/enterprises/{fengfan.pk}/commissioner/").context["form"]
    assert set(form.fields["commissioner"].queryset) == {commissioner, commissioner2}
    response = client.post(
        f"/enterprises/{fengfan.pk}/commissioner/", {"commissioner": commissioner2.pk}
    )
    assert response.status_code == 302
    fengfan.refresh_from_db()
    assert fengfan.commissioner == commissioner2


def test_commissioner_of_another_city_cannot_be_assigned(cast, client_for, fengfan):
    far = UserFactory(username="far", role=Role.COMMISSIONER, region=cast.regions["shuangyashan"])
    response = client_for(cast.county).post(
        f"/enterprises/{fengfan.pk}/commissioner/", {"commissioner": far.pk}
    )
    assert list(response.context["form"].errors) == ["commissioner"]


# ---------------------------------------------------------------- visits and requests


def visit_data(**extra):
    return {
        "visited_on": TODAY().isoformat(),
        "content": "走访企业，了解二期扩产进展",
        "requests": "二期用地指标尚未落实\n\n申请技改贷款贴息\n",
        **extra,
    }


def test_commissioner_logs_a_visit_with_one_request_per_line(client_for, commissioner, fengfan):
    response = client_for(commissioner).post(f"/enterprises/{fengfan.pk}/visits/new/", visit_data())
    assert response.status_code == 302 and response.url.endswith("#visits")
    visit = Visit.objects.get()
    assert (visit.enterprise, visit.commissioner) == (fengfan, commissioner)
    assert [r.description for r in visit.requests.all()] == [
        "二期用地指标尚未落实",
        "申请技改贷款贴息",
    ]


def test_a_visit_in_the_future_is_refused(client_for, commissioner, fengfan):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for(commissioner).post(
        f"/enterprises/{fengfan.pk}/visits/new/", visit_data(visited_on=tomorrow)
    )
    assert list(response.context["form"].errors) == ["visited_on"]
    assert not Visit.objects.exists()


def log_one(enterprise, actor, text="二期用地指标尚未落实"):
    visit = services.log_visit(
        enterprise, visited_on=TODAY(), content="走访", requests=text, actor=actor
    )
    return visit.requests.get()


def test_a_request_becomes_a_problem_in_one_click(client_for, commissioner, fengfan, bureau):
    item = log_one(fengfan, commissioner)
    client = client_for(commissioner)
    response = client.post(
        f"/enterprises/requests/{item.pk}/problem/",
        {"category": Category.LAND, "department": bureau.pk},
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == problem.get_absolute_url()
    assert (problem.enterprise, problem.project, problem.department) == (fengfan, None, bureau)
    assert (problem.description, problem.raised_by) == ("二期用地指标尚未落实", commissioner)
    item.refresh_from_db()
    assert item.problem == problem
    # The commissioner sees it: on its page and on the enterprise's page.
    assert list(Problem.objects.visible_to(commissioner)) == [problem]
    assert client.get(problem.get_absolute_url()).status_code == 200
    page = client.get(fengfan.get_absolute_url())
    assert list(page.context["problems"]) == [problem]
    assert problem.get_absolute_url() in page.content.decode()


def test_a_request_becomes_a_problem_only_once(client_for, commissioner, fengfan, bureau):
    item = log_one(fengfan, commissioner)
    client = client_for(commissioner)
    url = f"/enterprises/requests/{item.pk}/problem/"
    client.post(url, {"category": Category.LAND, "department": bureau.pk})
    again = client.post(url, {"category": Category.POWER, "department": bureau.pk}, follow=True)
    assert Problem.objects.count() == 1
    assert again.redirect_chain[-1][0].startswith(fengfan.get_absolute_url())
    assert [m.level_tag for m in again.context["messages"]][-1] == "error"


def test_a_request_without_a_department_is_refused(client_for, commissioner, fengfan):
    item = log_one(fengfan, commissioner)
    response = client_for(commissioner).post(
        f"/enterprises/requests/{item.pk}/problem/", {"category": Category.LAND}, follow=True
    )
    assert not Problem.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_another_commissioner_cannot_turn_the_request_into_a_problem(
    client_for, commissioner, commissioner2, fengfan, bureau
):
    item = log_one(fengfan, commissioner)
    response = client_for(commissioner2).post(
        f"/enterprises/requests/{item.pk}/problem/",
        {"category": Category.LAND, "department": bureau.pk},
    )
    assert response.status_code == 404
    assert not Problem.objects.exists()


def test_a_reader_cannot_turn_a_request_into_a_problem(
    cast, client_for, commissioner, fengfan, bureau
):
    item = log_one(fengfan, commissioner)
    response = client_for(cast.leader).post(
        f"/enterprises/requests/{item.pk}/problem/",
        {"category": Category.LAND, "department": bureau.pk},
    )
    assert response.status_code == 403


def test_enterprise_page_offers_the_problem_form_only_for_open_requests(
    client_for, commissioner, fengfan, bureau
):
    first = log_one(fengfan, commissioner, "用地")
    second = log_one(fengfan, commissioner, "融资")
    services.request_to_problem(
        first, category=Category.LAND, department=bureau, actor=commissioner
    )
    html = client_for(commissioner).get(fengfan.get_absolute_url()).content.decode()
    assert f"/enterprises/requests/{first.pk}/problem/" not in html
    assert f"/enterprises/requests/{second.pk}/problem/" in html


# ---------------------------------------------------------------- yearly figures


def year_data(**extra):
    return {
        "year": TODAY().year - 1,
        "output_value": "150000",
        "main_business_income": "148000",
        "profit": "-1200.5",
        "tax": "10000",
        "employees": "300",
        **extra,
    }


def test_keeper_adds_yearly_figures(cast, client_for, fengfan):
    response = client_for(cast.county).post(f"/enterprises/{fengfan.pk}/years/new/", year_data())
    assert response.status_code == 302
    row = EnterpriseYear.objects.get()
    assert (row.enterprise, row.year, row.profit, row.employees) == (
        fengfan,
        TODAY().year - 1,
        Decimal("-1200.5"),
        300,
    )


def test_a_year_in_the_future_is_refused_on_the_year_field(cast, client_for, fengfan):
    data = year_data(year=TODAY().year + 1)
    response = client_for(cast.county).post(f"/enterprises/{fengfan.pk}/years/new/", data)
    assert list(response.context["form"].errors) == ["year"]
    assert not EnterpriseYear.objects.exists()


def test_negative_employees_are_refused_clearly(cast, client_for, fengfan):
    data = year_data(employees="-5")
    response = client_for(cast.county).post(f"/enterprises/{fengfan.pk}/years/new/", data)
    errors = response.context["form"].errors
    assert list(errors) == ["employees"]
    assert errors["employees"] == [gettext("The number of employees cannot be negative.")]
    assert not EnterpriseYear.objects.exists()


def test_a_year_twice_is_refused(cast, client_for, fengfan):
    EnterpriseYear.objects.create(enterprise=fengfan, year=TODAY().year - 1)
    response = client_for(cast.county).post(f"/enterprises/{fengfan.pk}/years/new/", year_data())
    assert list(response.context["form"].errors) == ["year"]
    assert EnterpriseYear.objects.count() == 1


def test_keeper_edits_yearly_figures(cast, client_for, fengfan):
    row = EnterpriseYear.objects.create(enterprise=fengfan, year=TODAY().year - 1, employees=1)
    url = f"/enterprises/{fengfan.pk}/years/{row.pk}/"
    assert client_for(cast.county).post(url, year_data()).status_code == 302
    row.refresh_from_db()
    assert row.employees == 300


# ---------------------------------------------------------------- policy benefits


def benefit(enterprise, kind, amount, on, bank=""):
    return PolicyBenefit.objects.create(
        enterprise=enterprise, kind=kind, amount=Decimal(amount), granted_on=on, bank=bank
    )


def test_benefit_list_totals_the_filtered_rows_by_kind(cast, client_for, fengfan, tiedong_steel):
    day = datetime.date(2024, 5, 10)
    benefit(fengfan, BenefitKind.TAX_REDUCTION, "1200.5", day)
    benefit(fengfan, BenefitKind.TAX_REDUCTION, "800", day)
    benefit(fengfan, BenefitKind.FINANCING, "30000", day, bank="鞍山银行")
    benefit(fengfan, BenefitKind.FEE_REDUCTION, "99", datetime.date(2023, 12, 31))
    benefit(tiedong_steel, BenefitKind.SUBSIDY, "500", day)
    page = client_for(cast.office).get("/enterprises/benefits/?since=2024-01-01&region=210381")
    assert page.context["totals"] == [
        {"kind": BenefitKind.TAX_REDUCTION.label, "count": 2, "total": Decimal("2000.5")},
        {"kind": BenefitKind.FINANCING.label, "count": 1, "total": Decimal("30000")},
    ]
    assert page.context["grand_total"] == Decimal("32000.5")
    assert page.context["table"].paginator.count == 3


def test_benefit_list_filters_by_kind_and_enterprise(cast, client_for, fengfan, tiedong_steel):
    day = datetime.date(2024, 5, 10)
    benefit(fengfan, BenefitKind.SUBSIDY, "100", day)
    benefit(tiedong_steel, BenefitKind.SUBSIDY, "500", day)
    benefit(tiedong_steel, BenefitKind.TAX_REDUCTION, "7", day)
    page = client_for(cast.office).get(
        f"/enterprises/benefits/?kind=subsidy&enterprise={tiedong_steel.pk}"
    )
    assert page.context["totals"] == [
        {"kind": BenefitKind.SUBSIDY.label, "count": 1, "total": Decimal("500")}
    ]


def test_financing_without_a_bank_is_refused(cast, client_for, fengfan):
    data = {
        "enterprise": fengfan.pk,
        "kind": BenefitKind.FINANCING,
        "granted_on": "2024-05-10",
        "amount": "30000",
        "bank": "",
    }
    client = client_for(cast.county)
    response = client.post("/enterprises/benefits/new/", data)
    assert list(response.context["form"].errors) == ["bank"]
    response = client.post("/enterprises/benefits/new/", {**data, "bank": "鞍山银行"})
    assert response.status_code == 302 and response.url.endswith("#benefits")
    assert PolicyBenefit.objects.get().bank == "鞍山银行"


def test_benefit_form_offers_only_enterprises_in_scope(cast, client_for, fengfan, tiedong_steel):
    page = client_for(cast.county).get(f"/enterprises/benefits/new/?enterprise={fengfan.pk}")
    form = page.context["form"]
    assert list(form.fields["enterprise"].queryset) == [fengfan]
    assert form.initial["enterprise"] == fengfan.pk
    other = client_for(cast.county).get(f"/enterprises/benefits/new/?enterprise={tiedong_steel.pk}")
    assert other.status_code == 404


# ---------------------------------------------------------------- Excel export


def exported(response):
    book = load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_enterprise_export_holds_the_visible_filtered_rows(
    cast, client_for, fengfan, tiedong_steel
):
    response = client_for(cast.office).get("/enterprises/?region=210381&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = exported(response)
    assert len(rows) == 2 and rows[1][0] == fengfan.name and rows[1][1] == fengfan.credit_code


def test_figures_export_has_numbers(cast, client_for, fengfan):
    EnterpriseYear.objects.create(
        enterprise=fengfan, year=2023, output_value=Decimal("150000"), employees=300
    )
    rows = exported(client_for(cast.county).get("/enterprises/figures/?export=xlsx"))
    assert rows[1][:4] == (fengfan.name, fengfan.credit_code, "海城市", 2023)
    assert rows[1][4] == 150000 and rows[1][-1] == 300


# ---------------------------------------------------------------- query counts


def populate(cast, commissioner, start, count, bureau):
    industry = IndustryFactory()
    for n in range(start, start + count):
        enterprise = make_enterprise(cast, n, commissioner=commissioner, industry=industry)
        EnterpriseYear.objects.create(enterprise=enterprise, year=2023, employees=n)
        benefit(enterprise, BenefitKind.SUBSIDY, "10", datetime.date(2024, 1, 1))
        item = log_one(enterprise, commissioner)
        services.request_to_problem(
            item, category=Category.LAND, department=bureau, actor=commissioner
        )


LISTS = [
    "/enterprises/",
    "/enterprises/mine/",
    "/enterprises/figures/",
    "/enterprises/visits/",
    "/enterprises/benefits/",
    "/api/v1/enterprises/",
    "/api/v1/enterprise-years/",
    "/api/v1/visits/",
    "/api/v1/benefits/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_rows(cast, client_for, commissioner, bureau, url):
    client = client_for(commissioner)
    populate(cast, commissioner, 1, 2, bureau)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    populate(cast, commissioner, 10, 5, bureau)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# ---------------------------------------------------------------- the API


def test_api_keeper_registers_an_enterprise(cast):
    data = {"name": "海城新材料有限公司", "credit_code": FUZHOU.lower(), "region": "210381"}
    response = api(cast.county).post("/api/v1/enterprises/", data, format="json")
    assert response.status_code == 201, response.json()
    assert Enterprise.objects.get().credit_code == FUZHOU


def test_api_refuses_a_bad_or_duplicate_code_by_field(cast, fengfan):
    client = api(cast.county)
    bad = {"name": "甲", "credit_code": FUZHOU[:-1] + "4", "region": "210381"}
    response = client.post("/api/v1/enterprises/", bad, format="json")
    assert response.status_code == 400 and list(response.json()) == ["credit_code"]
    twice = {**bad, "credit_code": fengfan.credit_code}
    response = client.post("/api/v1/enterprises/", twice, format="json")
    assert response.status_code == 400 and list(response.json()) == ["credit_code"]


def test_api_commissioner_and_reader_cannot_write(cast, commissioner, fengfan):
    data = {"name": "甲", "credit_code": FUZHOU, "region": "210381"}
    assert api(commissioner).post("/api/v1/enterprises/", data).status_code == 403
    assert api(cast.leader).patch(f"/api/v1/enterprises/{fengfan.pk}/", {}).status_code == 403


def test_api_yearly_figures_refuse_a_future_year_and_negative_employees(cast, fengfan):
    client = api(cast.county)
    data = {"enterprise": fengfan.pk, "year": TODAY().year + 1, "employees": 10}
    response = client.post("/api/v1/enterprise-years/", data, format="json")
    assert response.status_code == 400 and "year" in response.json()
    data = {"enterprise": fengfan.pk, "year": TODAY().year - 1, "employees": -1}
    response = client.post("/api/v1/enterprise-years/", data, format="json")
    assert response.status_code == 400 and "employees" in response.json()
    data["employees"] = 12
    assert client.post("/api/v1/enterprise-years/", data, format="json").status_code == 201
    response = client.post("/api/v1/enterprise-years/", data, format="json")
    assert response.status_code == 400 and "year" in response.json()


def test_api_financing_needs_a_bank(cast, fengfan):
    data = {
        "enterprise": fengfan.pk,
        "kind": "financing",
        "granted_on": "2024-05-10",
        "amount": "30000",
    }
    response = api(cast.county).post("/api/v1/benefits/", data, format="json")
    assert response.status_code == 400 and list(response.json()) == ["bank"]


def test_api_visits_are_scoped_and_carry_their_requests(
    commissioner, commissioner2, fengfan, tiedong_steel
):
    log_one(fengfan, commissioner)
    log_one(tiedong_steel, commissioner2)
    rows = api(commissioner).get("/api/v1/visits/").json()["results"]
    assert [row["enterprise"] for row in rows] == [fengfan.pk]
    assert rows[0]["requests"][0]["description"] == "二期用地指标尚未落实"
    assert Request.objects.count() == 2


def test_api_keeper_edits_and_assigns(cast, commissioner, commissioner2, fengfan):
    client = api(cast.county)
    url = f"/api/v1/enterprises/{fengfan.pk}/"
    response = client.patch(
        url, {"phone": "0412-1", "commissioner": commissioner2.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    fengfan.refresh_from_db()
    assert (fengfan.phone, fengfan.commissioner, fengfan.name) == (
        "0412-1",
        commissioner2,
        "鞍山丰帆新能源有限公司",
    )
    far = UserFactory(username="far", role=Role.COMMISSIONER, region=cast.regions["shuangyashan"])
    response = client.patch(url, {"commissioner": far.pk}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["commissioner"]
