"""The OC4IDS export: schema and codelists, mapping, scoping, the command and the download."""

import csv
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from core.models import Industry
from core.validators import credit_code_check_character
from exchange.oc4ids import project_package
from projects.choices import OC4IDS_STATUS, Category, ListLevel, Nature, Status, YearPlan
from projects.models import Membership, Milestone, Person, Project, ProjectList

OC4IDS = Path(__file__).resolve().parents[3] / "shared" / "oc4ids"
YEAR = 2024
CREDIT_CODE = "91210381MA0Y1234" + "5"
CREDIT_CODE += credit_code_check_character(CREDIT_CODE)


def load(name):
    return json.loads((OC4IDS / name).read_text(encoding="utf-8"))


def codelist(name):
    with (OC4IDS / "codelists" / f"{name}.csv").open(encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def validator():
    project_schema = load("project-schema.json")
    registry = Registry().with_resource(
        project_schema["id"], Resource.from_contents(project_schema, default_specification=DRAFT4)
    )
    package_schema = load("project-package-schema.json")
    assert package_schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return Draft4Validator(package_schema, registry=registry)


def export(*args):
    out = StringIO()
    call_command("export_oc4ids", *args, stdout=out)
    return json.loads(out.getvalue())


def by_title(package):
    return {project["title"]: project for project in package["projects"]}


def make_project(region, industry, name, **fields):
    defaults = {
        "category": Category.INDUSTRIAL,
        "nature": Nature.NEW,
        "source": "private",
        "total_investment": Decimal("150000"),
    }
    return Project.objects.create(
        name=name, region=region, industry=industry, **{**defaults, **fields}
    )


def put_on_list(project_list, project, annual_plan):
    return Membership.objects.create(
        project_list=project_list, project=project, annual_plan=annual_plan, plan=YearPlan.START
    )


def add_milestones(*milestones):
    for milestone in milestones:
        milestone.save()


@pytest.fixture
def library(cast):
    """Haicheng's storage plant (everything filled in), a Tiedong road, an off-list project."""
    regions = cast.regions
    manufacturing = Industry.objects.create(
        code="C", name_zh="制造业", name_en="Manufacturing", level="section"
    )
    batteries = Industry.objects.create(
        code="38",
        name_zh="电气机械和器材制造业",
        name_en="Electrical machinery",
        level="division",
        parent=manufacturing,
    )
    transport = Industry.objects.create(
        code="G", name_zh="交通运输、仓储和邮政业", name_en="Transport", level="section"
    )
    roads = Industry.objects.create(
        code="54",
        name_zh="道路运输业",
        name_en="Road transport",
        level="division",
        parent=transport,
    )
    vice_mayor = Person.objects.create(
        name="吴市长", title="副市长", organisation="鞍山市人民政府", region=regions["anshan"]
    )
    responsible = Person.objects.create(
        name="赵海城", title="局长", organisation="海城市发改局", region=regions["haicheng"]
    )
    member = Person.objects.create(name="钱专班", region=regions["haicheng"])
    plant = make_project(
        regions["haicheng"],
        batteries,
        "丰帆储能电池项目",
        code="2024-210381-38-03-000001",
        description="年产 10GWh 储能电池。",
        address="海城经济开发区 1 号",
        investor_name="海城丰帆储能科技有限公司",
        investor_credit_code=CREDIT_CODE,
        total_investment=Decimal("150000.0001"),
        planned_start=datetime.date(2024, 3, 1),
        planned_completion=datetime.date(2025, 12, 31),
        actual_start=datetime.date(2024, 3, 15),
        status=Status.STARTED,
        leader=vice_mayor,
        responsible_person=responsible,
    )
    plant.working_group.set([vice_mayor, member])
    add_milestones(
        Milestone(
            project=plant,
            name="取得施工许可",
            oc4ids_type="approval",
            oc4ids_code="projectApproval",
            due_date=datetime.date(2024, 2, 1),
            done_date=datetime.date(2024, 1, 20),
        ),
        Milestone(project=plant, name="主体封顶", due_date=datetime.date(2024, 9, 30)),
        Milestone(
            project=plant,
            name="竣工验收",
            oc4ids_code="completion",
            due_date=datetime.date(2099, 12, 31),
        ),
    )
    road = make_project(
        regions["tiedong"],
        roads,
        "铁东南环路改造",
        category=Category.INFRASTRUCTURE,
        nature=Nature.UPGRADE,
        source="government",
        total_investment=Decimal("8000"),
        status=Status.SIGNED,
    )
    make_project(regions["haicheng"], batteries, "储备的新项目", total_investment=Decimal("900"))
    city_list = ProjectList.objects.create(
        name="鞍山市重点项目", level=ListLevel.MUNICIPAL, year=YEAR, region=regions["anshan"]
    )
    province_list = ProjectList.objects.create(
        name="辽宁省重点项目", level=ListLevel.PROVINCIAL, year=YEAR, region=regions["liaoning"]
    )
    last_year = ProjectList.objects.create(
        name="鞍山市重点项目", level=ListLevel.MUNICIPAL, year=YEAR - 1, region=regions["anshan"]
    )
    put_on_list(city_list, plant, Decimal("60000"))
    put_on_list(province_list, plant, Decimal("60000"))
    put_on_list(last_year, plant, Decimal("1000"))
    put_on_list(city_list, road, Decimal("3000.5"))
    return {"plant": plant, "road": road, "city_list": city_list, "province_list": province_list}


def test_export_validates_against_the_oc4ids_schema(library):
    package = export("--year", str(YEAR))
    errors = sorted(validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_codelist_fields_use_codes_of_their_codelists(library):
    package = export("--year", str(YEAR))
    found = {
        name: set()
        for name in [
            "projectStatus",
            "projectType",
            "projectSector",
            "partyRole",
            "milestoneType",
            "milestoneCode",
            "milestoneStatus",
            "currency",
            "metricID",
        ]
    }
    for project in package["projects"]:
        found["projectStatus"].add(project["status"])
        found["projectType"].add(project["type"])
        found["projectSector"].update(project["sector"])
        found["currency"].add(project["budget"]["amount"]["currency"])
        for party in project.get("parties", []):
            found["partyRole"].update(party["roles"])
        for milestone in project.get("milestones", []):
            found["milestoneType"].add(milestone["type"])
            found["milestoneStatus"].add(milestone["status"])
            if "code" in milestone:
                found["milestoneCode"].add(milestone["code"])
        for metric in project.get("forecasts", []):
            found["metricID"].add(metric["id"])
            found["currency"].update(o["value"]["currency"] for o in metric["observations"])
    for name, codes in found.items():
        assert codes, f"the demo export uses no {name} code"
        assert codes <= codelist(name), f"{name}: {codes - codelist(name)}"


def test_every_status_maps_to_a_project_status_code():
    assert set(OC4IDS_STATUS) == set(Status)
    assert set(OC4IDS_STATUS.values()) <= codelist("projectStatus")


def test_dates_are_timezone_aware_date_times(library):
    package = export("--year", str(YEAR))
    dates = [package["publishedDate"]]

    def collect(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                collect(v, k)
        elif isinstance(value, list):
            for v in value:
                collect(v, key)
        elif key in {"startDate", "endDate", "dueDate", "dateMet", "dateModified", "updated"}:
            dates.append(value)

    collect(package["projects"])
    assert len(dates) > 10
    for value in dates:
        assert datetime.datetime.fromisoformat(value).tzinfo is not None, value


def test_only_projects_on_a_list_of_the_year_are_exported(library):
    assert sorted(by_title(export("--year", str(YEAR)))) == ["丰帆储能电池项目", "铁东南环路改造"]
    assert sorted(by_title(export("--year", str(YEAR - 1)))) == ["丰帆储能电池项目"]


def test_project_fields_follow_the_mapping(library):
    plant = by_title(export("--year", str(YEAR)))["丰帆储能电池项目"]
    assert plant["id"] == f"gb-{library['plant'].pk}"
    assert plant["status"] == "implementation"
    assert plant["type"] == "construction"
    assert plant["sector"] == ["economy"]
    assert plant["identifiers"] == [{"id": "2024-210381-38-03-000001", "scheme": "CN-GBT40058"}]
    assert plant["additionalClassifications"] == [
        {"scheme": "GB/T 2260", "id": "210381", "description": "海城市"},
        {"scheme": "GB/T 4754-2017", "id": "38", "description": "电气机械和器材制造业"},
    ]
    assert plant["locations"][0]["address"] == {
        "streetAddress": "海城经济开发区 1 号",
        "locality": "海城市",
        "region": "辽宁省",
        "countryName": "中国",
    }
    assert plant["period"] == {
        "startDate": "2024-03-01T00:00:00+08:00",
        "endDate": "2025-12-31T00:00:00+08:00",
    }


def test_road_gets_its_sector_from_the_industry_and_upgrade_is_rehabilitation(library):
    road = by_title(export("--year", str(YEAR)))["铁东南环路改造"]
    assert road["sector"] == ["transport", "transport.road"]
    assert road["type"] == "rehabilitation"
    assert road["status"] == "preparation"
    assert "identifiers" not in road  # no national code yet


def test_budget_is_total_investment_in_yuan(library):
    projects = by_title(export("--year", str(YEAR)))
    assert projects["丰帆储能电池项目"]["budget"]["amount"] == {
        "amount": 1_500_000_001,
        "currency": "CNY",
    }
    assert projects["铁东南环路改造"]["budget"]["amount"]["amount"] == 80_000_000
    assert isinstance(projects["铁东南环路改造"]["budget"]["amount"]["amount"], int)


def test_forecasts_hold_the_annual_plan_of_each_list_of_the_year(library):
    projects = by_title(export("--year", str(YEAR)))
    [metric] = projects["丰帆储能电池项目"]["forecasts"]
    assert metric["id"] == "financialProgress"
    observations = {o["id"]: o for o in metric["observations"]}
    assert set(observations) == {
        f"list-{library['city_list'].pk}",
        f"list-{library['province_list'].pk}",
    }
    city = observations[f"list-{library['city_list'].pk}"]
    assert city["value"] == {"amount": 600_000_000, "currency": "CNY"}
    assert city["period"]["startDate"].startswith("2024-01-01")
    assert city["dimensions"] == {"year": YEAR, "list": "鞍山市重点项目", "level": "municipal"}
    [road_metric] = projects["铁东南环路改造"]["forecasts"]
    assert road_metric["observations"][0]["value"]["amount"] == 30_005_000


def test_parties_hold_the_five_ones_and_the_investor(library):
    plant = by_title(export("--year", str(YEAR)))["丰帆储能电池项目"]
    parties = {party["id"]: party for party in plant["parties"]}
    leader = parties[f"person-{library['plant'].leader_id}"]
    # The vice mayor leads and sits in the working group: one party, both roles.
    assert leader["roles"] == ["publicAuthority", "administrativeEntity"]
    assert leader["name"] == "鞍山市人民政府"
    assert leader["people"][0]["name"] == "吴市长"
    assert plant["publicAuthority"] == {"id": leader["id"], "name": leader["name"]}
    assert parties[f"person-{library['plant'].responsible_person_id}"]["roles"] == [
        "administrativeEntity"
    ]
    investor = parties[f"CN-USCI-{CREDIT_CODE}"]
    assert investor["roles"] == ["funder"]
    assert investor["identifier"]["id"] == CREDIT_CODE
    assert len(parties) == 4
    assert all("telephone" not in json.dumps(party) for party in plant["parties"])


def test_milestones_use_oc4ids_codes_and_status(library):
    plant = by_title(export("--year", str(YEAR)))["丰帆储能电池项目"]
    milestones = {m["title"]: m for m in plant["milestones"]}
    assert milestones["取得施工许可"]["status"] == "met"
    assert milestones["取得施工许可"]["code"] == "projectApproval"
    assert milestones["取得施工许可"]["type"] == "approval"
    assert milestones["取得施工许可"]["dateMet"] == "2024-01-20T00:00:00+08:00"
    assert milestones["主体封顶"]["status"] == "notMet"
    assert "code" not in milestones["主体封顶"]
    assert milestones["竣工验收"]["status"] == "scheduled"
    assert milestones["竣工验收"]["dueDate"] == "2099-12-31T00:00:00+08:00"


def test_region_option_keeps_the_region_subtree(library):
    assert list(by_title(export("--year", str(YEAR), "--region", "210302"))) == ["铁东南环路改造"]
    assert len(export("--year", str(YEAR), "--region", "210300")["projects"]) == 2
    assert export("--year", str(YEAR), "--region", "230500")["projects"] == []


def test_unknown_region_is_a_command_error(library):
    with pytest.raises(CommandError, match="999999"):
        export("--year", str(YEAR), "--region", "999999")


def test_query_count_does_not_grow_with_projects(library, cast):
    def count():
        with CaptureQueriesContext(connection) as queries:
            project_package(Project.objects.all(), year=YEAR, uri="urn:test")
        return len(queries)

    before = count()
    for n in range(3):
        extra = make_project(
            cast.regions["haicheng"],
            library["plant"].industry,
            f"加项 {n}",
            leader=library["plant"].leader,
        )
        extra.working_group.set([library["plant"].responsible_person])
        add_milestones(Milestone(project=extra, name="开工", due_date=datetime.date(2024, 5, 1)))
        put_on_list(library["city_list"], extra, Decimal("10"))
    assert count() == before


URL = "/exchange/oc4ids/"


def test_download_is_an_attachment_of_the_same_package(library, client_for, cast):
    response = client_for(cast.administrator).get(URL, {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="oc4ids-{YEAR}.json"'
    package = json.loads(response.content)
    assert not list(validator().iter_errors(package))
    assert sorted(by_title(package)) == sorted(by_title(export("--year", str(YEAR))))


def test_county_officer_downloads_only_their_county(library, client_for, cast):
    response = client_for(cast.county).get(URL, {"year": YEAR})
    assert list(by_title(json.loads(response.content))) == ["丰帆储能电池项目"]
    response = client_for(cast.county2).get(URL, {"year": YEAR, "region": "210381"})
    assert json.loads(response.content)["projects"] == []


def test_anonymous_is_sent_to_sign_in(library, client):
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("query", [{}, {"year": ""}, {"year": "20x4"}, {"year": "24"}])
def test_missing_or_bad_year_is_400(cast, client_for, query):
    response = client_for(cast.office).get(URL, query)
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_unknown_region_in_download_is_400(cast, client_for):
    response = client_for(cast.office).get(URL, {"year": YEAR, "region": "<b>999999</b>"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
