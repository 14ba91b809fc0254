"""Promotion pages and API: scoping, who may write, the board, the workflow, queries per list."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.choices import Role
from core.tests.factories import UserFactory
from projects.choices import Status
from projects.models import Project
from projects.services import change_status
from projects.tests.factories import ProjectFactory
from promotion import services
from promotion.choices import Segment, Stage
from promotion.models import Activity, Contract, FundsArrival, Lead, LeadRules
from promotion.tests.factories import (
    ActivityFactory,
    ChainFactory,
    ContractFactory,
    GapFactory,
    GroupFactory,
    LeadFactory,
    TargetFactory,
    credit_code,
)

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def text(response):
    return response.content.decode()


@pytest.fixture
def pipeline(cast, steel):
    """Leads in Haicheng, Tiedong, Anshan itself, and one in Shuangyashan."""
    regions = cast.regions
    return {
        "haicheng": LeadFactory(investor_name="海城镁业", region=regions["haicheng"], chain=steel),
        "tiedong": LeadFactory(investor_name="铁东物流", region=regions["tiedong"]),
        "anshan": LeadFactory(investor_name="鞍山钢构", region=regions["anshan"], chain=steel),
        "shuangyashan": LeadFactory(investor_name="双鸭山石墨", region=regions["jianshan"]),
    }


# ---------------------------------------------------------------- scoping and writers


def test_another_citys_lead_is_404(pipeline, cast, client_for):
    client = client_for(cast.office)
    assert client.get(pipeline["shuangyashan"].get_absolute_url()).status_code == 404
    assert client.get(pipeline["haicheng"].get_absolute_url()).status_code == 200
    assert "双鸭山石墨" not in text(client.get("/promotion/leads/"))


def test_county_officer_sees_only_its_county(pipeline, cast, client_for):
    client = client_for(cast.county)
    page = client.get("/promotion/leads/")
    assert [lead.investor_name for lead in page.context["table"].data] == ["海城镁业"]
    assert client.get(pipeline["anshan"].get_absolute_url()).status_code == 404
    assert client.get(pipeline["tiedong"].get_absolute_url()).status_code == 404
    board = client.get("/promotion/leads/board/")
    assert "海城镁业" in text(board) and "铁东物流" not in text(board)


def test_readers_may_read_but_not_write(pipeline, cast, client_for):
    client = client_for(cast.leader)
    lead = pipeline["haicheng"]
    assert client.get(lead.get_absolute_url()).status_code == 200
    assert client.get("/promotion/leads/new/").status_code == 403
    assert client.get(f"/promotion/leads/{lead.pk}/edit/").status_code == 403
    response = client.post(f"/promotion/leads/{lead.pk}/stage/", {"to_stage": "assessment"})
    assert response.status_code == 403
    assert client.get("/promotion/activities/new/").status_code == 403
    assert client.get("/promotion/contracts/new/").status_code == 403
    assert client.get("/promotion/chains/new/").status_code == 403
    assert "Record the contract" not in text(client.get(lead.get_absolute_url()))


def test_a_write_out_of_scope_is_404_not_403(pipeline, cast, client_for):
    client = client_for(cast.county)
    response = client.post(
        f"/promotion/leads/{pipeline['tiedong'].pk}/stage/", {"to_stage": "assessment"}
    )
    assert response.status_code == 404


def test_menu_has_the_promotion_group(cast, client_for):
    page = text(client_for(cast.leader).get("/"))
    for url in ["activities", "leads", "leads/board", "contracts", "chains"]:
        assert f'href="/promotion/{url}/"' in page


# ---------------------------------------------------------------- activities


def activity_data(cast, **changes):
    return {
        "kind": "conference",
        "held_on": "2024-03-15",
        "title": "2024粤港澳大湾区招商推介会",
        "region": cast.regions["anshan"].pk,
        "target_region": "gba",
        "place": "深圳",
        **changes,
    }


def test_promoter_creates_an_activity_and_a_lead_from_it(cast, promoter, client_for):
    client = client_for(promoter)
    response = client.post("/promotion/activities/new/", activity_data(cast))
    activity = Activity.objects.get()
    assert response.url == activity.get_absolute_url()
    form = client.get(f"/promotion/leads/new/?activity={activity.pk}").context["form"]
    assert form.initial["activity"] == activity.pk
    LeadFactory(investor_name="深圳储能", region=cast.regions["anshan"], activity=activity)
    page = text(client.get(activity.get_absolute_url()))
    assert "深圳储能" in page and "Leads it produced" in page


def test_another_province_needs_its_name(cast, promoter, client_for):
    response = client_for(promoter).post(
        "/promotion/activities/new/", activity_data(cast, target_region="other")
    )
    assert "Name the province or city" in text(response)
    assert not Activity.objects.exists()


def test_activity_filters(cast, promoter, client_for):
    group = GroupFactory(region=cast.regions["anshan"])
    ActivityFactory(title="三月赴沪", region=cast.regions["haicheng"], group=group)
    ActivityFactory(
        title="五月大湾区",
        held_on=datetime.date(2024, 5, 2),
        kind="conference",
        target_region="gba",
        region=cast.regions["tiedong"],
    )
    client = client_for(promoter)

    def titles(**query):
        page = client.get("/promotion/activities/", query)
        return {activity.title for activity in page.context["table"].data}

    assert titles(kind="conference") == {"五月大湾区"}
    assert titles(since="2024-04-01", until="2024-05-31") == {"五月大湾区"}
    assert titles(target_region="yrd") == {"三月赴沪"}
    assert titles(group=group.pk) == {"三月赴沪"}
    assert titles(region="210381") == {"三月赴沪"}


def test_activity_export_is_an_excel_of_what_is_shown(cast, promoter, client_for):
    ActivityFactory(title="三月赴沪", region=cast.regions["haicheng"])
    ActivityFactory(title="双鸭山活动", region=cast.regions["jianshan"])
    response = client_for(promoter).get("/promotion/activities/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "三月赴沪" in rows[1]


# ---------------------------------------------------------------- leads


def test_lead_form_refuses_a_duplicate_credit_code(cast, promoter, client_for):
    LeadFactory(region=cast.regions["haicheng"], investor_credit_code=credit_code(3))
    response = client_for(promoter).post(
        "/promotion/leads/new/",
        {
            "investor_name": "重复企业",
            "investor_credit_code": credit_code(3),
            "region": cast.regions["anshan"].pk,
            "received_on": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert "already exists" in text(response)
    assert Lead.objects.count() == 1


def test_lead_filters_stage_chain_group_and_overdue(cast, promoter, steel, client_for):
    today = TODAY()
    group = steel.groups.get()
    LeadFactory(
        investor_name="按时",
        region=cast.regions["haicheng"],
        received_on=today,
        chain=steel,
        group=group,
    )
    late = LeadFactory(investor_name="超期", region=cast.regions["haicheng"], received_on=today)
    late.received_on = today - datetime.timedelta(days=10)
    late.save()
    services.change_stage(late, Stage.ASSESSMENT, on=today, actor=None)
    client = client_for(promoter)

    def names(**query):
        page = client.get("/promotion/leads/", query)
        return {lead.investor_name for lead in page.context["table"].data}

    assert names(overdue="true") == {"超期"}
    assert names(overdue="false") == {"按时"}
    assert names(stage="assessment") == {"超期"}
    assert names(chain=steel.pk) == {"按时"}
    assert names(group=group.pk) == {"按时"}
    page = text(client.get("/promotion/leads/"))
    assert "table-warning" in page and "answer the investor" in page


def test_lead_list_queries_do_not_grow(cast, promoter, steel, client_for):
    client = client_for(promoter)

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    group = steel.groups.get()
    LeadFactory(region=cast.regions["haicheng"], chain=steel, group=group)
    urls = ["/promotion/leads/", "/promotion/leads/?overdue=true", "/promotion/leads/board/"]
    [count(url) for url in urls]  # the first request creates the session and the lead rules
    before = [count(url) for url in urls]
    for _n in range(8):
        chain = ChainFactory(region=cast.regions["anshan"])
        LeadFactory(
            region=cast.regions["tiedong"],
            chain=chain,
            group=GroupFactory(region=cast.regions["anshan"]),
        )
    assert [count(url) for url in urls] == before


def test_lead_page_shows_deadlines_with_overdue_badges(cast, promoter, client_for):
    today = TODAY()
    lead = LeadFactory(
        region=cast.regions["haicheng"],
        received_on=today - datetime.timedelta(days=5),
        responded_on=today - datetime.timedelta(days=5),
    )
    page = client_for(promoter).get(lead.get_absolute_url())
    rows = {row["step"]: row for row in page.context["deadlines"]}
    assert [rows[step]["late"] for step in ("respond", "assess", "answer")] == [
        False,
        True,
        False,
    ]
    assert rows["assess"]["due"] == today - datetime.timedelta(days=2)
    assert 'id="deadline-assess" class="table-warning"' in text(page)


def test_recording_a_deadline_date(cast, promoter, client_for):
    lead = LeadFactory(region=cast.regions["haicheng"], received_on=datetime.date(2024, 3, 1))
    client = client_for(promoter)
    url = f"/promotion/leads/{lead.pk}/record/respond/"
    assert client.post(url, {"on": "2024-03-02"}).status_code == 302
    lead.refresh_from_db()
    assert lead.responded_on == datetime.date(2024, 3, 2)
    client.post(f"/promotion/leads/{lead.pk}/record/assess/", {"on": "2024-02-01"})
    lead.refresh_from_db()
    assert lead.assessed_on is None
    assert client.post(f"/promotion/leads/{lead.pk}/record/nope/", {}).status_code == 404


def test_stage_change_on_the_page_names_the_refusal(cast, promoter, client_for):
    lead = LeadFactory(region=cast.regions["haicheng"])
    services.change_stage(lead, Stage.NEGOTIATION, on=TODAY(), actor=None)
    client = client_for(promoter)
    response = client.post(
        f"/promotion/leads/{lead.pk}/stage/",
        {"to_stage": "lead", "on": TODAY().isoformat(), "reason": ""},
        follow=True,
    )
    assert "reason: Moving a lead back" in text(response)
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATION
    client.post(
        f"/promotion/leads/{lead.pk}/stage/",
        {"to_stage": "lost", "on": TODAY().isoformat(), "reason": "投资方放弃"},
    )
    page = text(client.get(lead.get_absolute_url()))
    assert "投资方放弃" in page and 'id="stage-history"' in page


def test_board_has_a_column_per_stage_and_moves_cards(cast, promoter, client_for):
    lead = LeadFactory(investor_name="看板企业", region=cast.regions["haicheng"])
    client = client_for(promoter)
    page = client.get("/promotion/leads/board/")
    assert [stage for stage, _leads in page.context["columns"]] == [
        "lead",
        "assessment",
        "negotiation",
        "signed",
        "registered",
        "started",
        "on_hold",
        "lost",
    ]
    assert f'id="move-{lead.pk}"' in text(page)
    assert '<option value="assessment" selected>' in text(page)
    response = client.post(
        f"/promotion/leads/{lead.pk}/stage/",
        {"to_stage": "assessment", "on": TODAY().isoformat(), "next": "board"},
    )
    assert response.url == f"/promotion/leads/board/#lead-{lead.pk}"
    lead.refresh_from_db()
    assert lead.stage == Stage.ASSESSMENT


def test_lead_rules_are_for_administrators(cast, client_for):
    assert client_for(cast.office).get("/promotion/leads/deadlines/").status_code == 403
    client = client_for(cast.administrator)
    data = {"respond_days": 2, "assess_days": 5, "answer_days": 10}
    assert client.post("/promotion/leads/deadlines/", data).status_code == 302
    rules = LeadRules.objects.current()
    assert (rules.respond_days, rules.assess_days, rules.answer_days) == (2, 5, 10)
    refused = client.post(
        "/promotion/leads/deadlines/", {"respond_days": 5, "assess_days": 2, "answer_days": 7}
    )
    assert "respond, then assess, then answer" in text(refused)


# ---------------------------------------------------------------- contracts


def test_record_the_contract_from_a_lead(cast, promoter, steel, client_for):
    group = steel.groups.get()
    lead = LeadFactory(
        investor_name="鞍山精密铸造",
        investor_credit_code=credit_code(5),
        region=cast.regions["anshan"],
        chain=steel,
        group=group,
        intended_investment=Decimal("80000"),
    )
    services.change_stage(lead, Stage.NEGOTIATION, on=TODAY(), actor=None)
    client = client_for(promoter)
    assert 'id="record-contract"' in text(client.get(lead.get_absolute_url()))
    form = client.get(f"/promotion/contracts/new/?lead={lead.pk}").context["form"]
    assert form.initial["counterparty"] == "鞍山精密铸造"
    assert form.initial["counterparty_credit_code"] == credit_code(5)
    assert (form.initial["chain"], form.initial["group"]) == (steel.pk, group.pk)
    assert form.initial["region"] == cast.regions["anshan"].pk
    data = {
        "name": "精密铸件项目",
        "signed_on": TODAY().isoformat(),
        "signing_event": "第二批集中签约",
        "contracted_investment": "80000",
        "counterparty": "鞍山精密铸造",
        "region": cast.regions["anshan"].pk,
        "chain": steel.pk,
        "group": group.pk,
    }
    response = client.post(f"/promotion/contracts/new/?lead={lead.pk}", data)
    contract = Contract.objects.get()
    assert response.url == contract.get_absolute_url()
    lead.refresh_from_db()
    assert (contract.lead, lead.stage) == (lead, Stage.SIGNED)
    again = client.get(f"/promotion/contracts/new/?lead={lead.pk}")
    assert again.url == contract.get_absolute_url()


def test_contract_list_filters_and_totals(cast, promoter, steel, client_for):
    project = ProjectFactory(name="已转项目", region=cast.regions["haicheng"])
    ContractFactory(
        name="一号",
        region=cast.regions["haicheng"],
        chain=steel,
        signing_event="4月13日集中签约",
        contracted_investment=Decimal("150000"),
        project=project,
    )
    ContractFactory(
        name="二号",
        region=cast.regions["tiedong"],
        signed_on=datetime.date(2024, 6, 1),
        contracted_investment=Decimal("50000"),
    )
    ContractFactory(name="外市", region=cast.regions["jianshan"])
    client = client_for(promoter)

    def names(**query):
        page = client.get("/promotion/contracts/", query)
        return {contract.name for contract in page.context["table"].data}

    assert names() == {"一号", "二号"}
    assert names(converted="true") == {"一号"}
    assert names(converted="false") == {"二号"}
    assert names(signing_event="4月13日") == {"一号"}
    assert names(since="2024-05-01") == {"二号"}
    assert names(chain=steel.pk) == {"一号"}
    assert names(region="210302") == {"二号"}
    page = client.get("/promotion/contracts/")
    assert page.context["totals"] == {"count": 2, "value": Decimal("200000")}
    assert "CNY 2.00 billion" in text(page)


def test_funds_refusal_names_the_field(cast, promoter, client_for):
    contract = ContractFactory(region=cast.regions["haicheng"], contracted_investment=100)
    client = client_for(promoter)
    url = f"/promotion/contracts/{contract.pk}/funds/"
    response = client.post(url, {"arrived_on": "2024-05-01", "amount": "150"}, follow=True)
    assert "why beyond the contracted amount: With this amount" in text(response)
    assert not FundsArrival.objects.exists()
    client.post(url, {"arrived_on": "2024-05-01", "amount": "60"})
    page = client.get(contract.get_absolute_url())
    assert page.context["funds_rate"] == 60


def test_convert_in_one_click_lands_on_the_project(cast, promoter, industry, client_for):
    lead = LeadFactory(region=cast.regions["haicheng"], industry=industry)
    contract = ContractFactory(lead=lead, name="转化项目", region=cast.regions["haicheng"])
    client = client_for(promoter)
    form = client.get(contract.get_absolute_url()).context["convert_form"]
    assert form["region"].initial == cast.regions["haicheng"].pk
    assert form["industry"].initial == industry.pk
    response = client.post(
        f"/promotion/contracts/{contract.pk}/convert/",
        {"region": cast.regions["haicheng"].pk, "industry": industry.pk},
    )
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert "promotion:project_contract" not in text(client.get(response.url))
    fragment = text(client.get(f"/promotion/projects/{project.pk}/contract/"))
    assert contract.get_absolute_url() in fragment and lead.get_absolute_url() in fragment
    twice = client.post(
        f"/promotion/contracts/{contract.pk}/convert/",
        {"region": cast.regions["haicheng"].pk, "industry": industry.pk},
        follow=True,
    )
    assert "already a project" in text(twice)
    assert Project.objects.count() == 1


def test_project_page_loads_the_contract_fragment(library, cast, client_for):
    page = text(client_for(cast.office).get(library.haicheng.get_absolute_url()))
    assert f'hx-get="/promotion/projects/{library.haicheng.pk}/contract/"' in page
    fragment = text(
        client_for(cast.office).get(f"/promotion/projects/{library.haicheng.pk}/contract/")
    )
    assert "Not converted from a promotion contract" in fragment
    assert (
        client_for(cast.office)
        .get(f"/promotion/projects/{library.jianshan.pk}/contract/")
        .status_code
        == 404
    )


def test_contract_and_activity_list_queries_do_not_grow(cast, promoter, steel, client_for):
    client = client_for(promoter)

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    urls = ["/promotion/contracts/", "/promotion/activities/", "/promotion/chains/"]
    ContractFactory(region=cast.regions["haicheng"], chain=steel)
    ActivityFactory(region=cast.regions["haicheng"])
    before = [count(url) for url in urls]
    for _n in range(6):
        chain = ChainFactory(region=cast.regions["anshan"])
        group = GroupFactory(region=cast.regions["anshan"])
        contract = ContractFactory(region=cast.regions["tiedong"], chain=chain, group=group)
        services.record_funds(contract, arrived_on=TODAY(), amount=Decimal(5), actor=None)
        activity = ActivityFactory(region=cast.regions["tiedong"], group=group)
        LeadFactory(region=cast.regions["tiedong"], activity=activity, chain=chain)
        GapFactory(chain=chain)
    assert [count(url) for url in urls] == before


# ---------------------------------------------------------------- chains


@pytest.fixture
def chain_map(cast, steel, industry, promoter):
    """2 gaps, 4 targets (2 with a lead), 4 leads (2 signed), 2 contracts (1 converted, started)."""
    upstream = GapFactory(chain=steel, segment=Segment.UPSTREAM, description="高端铁精粉")
    downstream = GapFactory(chain=steel, segment=Segment.DOWNSTREAM, description="汽车板深加工")
    targets = [
        TargetFactory(chain=steel, gap=upstream, name="目标甲"),
        TargetFactory(chain=steel, gap=downstream, name="目标乙"),
        TargetFactory(chain=steel, gap=downstream, name="目标丙"),
        TargetFactory(chain=steel, name="目标丁"),
    ]
    region = cast.regions["haicheng"]
    leads = [
        LeadFactory(region=region, chain=steel, target=targets[0]),
        LeadFactory(region=region, chain=steel, target=targets[1]),
        LeadFactory(region=region, chain=steel),
        LeadFactory(region=region, chain=steel),
    ]
    contracts = []
    for lead in leads[:2]:
        contracts.append(ContractFactory(lead=lead, region=region, chain=steel))
        services.change_stage(lead, Stage.SIGNED, on=TODAY(), actor=None)
    project = services.convert_to_project(
        contracts[0], region=region, industry=industry, actor=promoter
    )
    change_status(project, Status.SIGNED, on=TODAY(), actor=None)
    change_status(project, Status.STARTED, on=TODAY(), actor=None)
    return steel


def test_chain_page_shows_each_step_with_its_conversion(chain_map, promoter, client_for):
    page = client_for(promoter).get(chain_map.get_absolute_url())
    funnel = [(s["count"], s["part"], s["rate"]) for s in page.context["funnel"]]
    assert funnel == [(4, 2, 50), (4, 2, 50), (2, 1, 50), (1, 1, 100)]
    assert page.context["gap_count"] == 2
    body = text(page)
    for name in ["高端铁精粉", "汽车板深加工", "目标甲", "目标丁", "Upstream", "Downstream"]:
        assert name in body


def test_chain_page_queries_are_constant(chain_map, cast, promoter, industry, client_for):
    client = client_for(promoter)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(chain_map.get_absolute_url()).status_code == 200
        return len(context)

    before = count()
    gap = GapFactory(chain=chain_map)
    for _n in range(5):
        target = TargetFactory(chain=chain_map, gap=gap)
        lead = LeadFactory(region=cast.regions["tiedong"], chain=chain_map, target=target)
        contract = ContractFactory(lead=lead, region=cast.regions["tiedong"], chain=chain_map)
        services.convert_to_project(
            contract, region=cast.regions["tiedong"], industry=industry, actor=promoter
        )
    assert count() == before


def test_chain_gaps_and_targets_are_edited_from_the_chain(cast, promoter, steel, client_for):
    client = client_for(promoter)
    client.post(
        f"/promotion/chains/{steel.pk}/gaps/new/",
        {"segment": "upstream", "description": "球团矿"},
    )
    gap = steel.gaps.get()
    client.post(
        f"/promotion/chains/{steel.pk}/targets/new/",
        {"name": "宝武资源", "gap": gap.pk, "credit_code": credit_code(9).lower()},
    )
    target = steel.targets.get()
    assert (target.gap, target.credit_code) == (gap, credit_code(9))
    other = ChainFactory(region=cast.regions["anshan"])
    assert client.get(f"/promotion/chains/{other.pk}/gaps/{gap.pk}/").status_code == 404
    response = client.post(
        "/promotion/chains/new/",
        {"name": "菱镁", "region": cast.regions["haicheng"].pk, "description": ""},
    )
    assert response.status_code == 302
    assert client_for(cast.county).get(steel.get_absolute_url()).status_code == 404


def test_promotion_groups_are_listed_and_edited(cast, promoter, steel, client_for):
    client = client_for(promoter)
    assert "钢铁招商组" in text(client.get("/promotion/groups/"))
    response = client.post(
        "/promotion/groups/new/",
        {"name": "新能源招商组", "region": cast.regions["anshan"].pk, "members": [promoter.pk]},
    )
    assert response.status_code == 302
    assert client_for(cast.leader).get("/promotion/groups/new/").status_code == 403


# ---------------------------------------------------------------- API


def lead_payload(cast, **changes):
    return {
        "investor_name": "API企业",
        "investor_credit_code": credit_code(11),
        "region": "210381",
        "received_on": "2024-03-01",
        **changes,
    }


def test_api_is_scoped(pipeline, cast):
    names = {
        row["investor_name"] for row in api(cast.county).get("/api/v1/leads/").json()["results"]
    }
    assert names == {"海城镁业"}
    assert api(cast.office).get(f"/api/v1/leads/{pipeline['shuangyashan'].pk}/").status_code == 404


def test_api_creates_a_lead_through_the_form_rules(cast, promoter):
    client = api(promoter)
    created = client.post("/api/v1/leads/", lead_payload(cast), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["stage"] == "lead"
    duplicate = client.post("/api/v1/leads/", lead_payload(cast), format="json")
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.json()["investor_credit_code"][0]
    outside = client.post(
        "/api/v1/leads/",
        lead_payload(cast, region="230502", investor_credit_code=""),
        format="json",
    )
    assert outside.status_code == 400 and "region" in outside.json()


def test_api_readers_cannot_write(pipeline, cast):
    client = api(cast.leader)
    assert client.get("/api/v1/leads/").status_code == 200
    assert client.post("/api/v1/leads/", lead_payload(cast), format="json").status_code == 403
    stage = client.post(
        f"/api/v1/leads/{pipeline['haicheng'].pk}/stage/",
        {"to_stage": "assessment", "on": "2024-03-02"},
        format="json",
    )
    assert stage.status_code == 403


def test_api_stage_action(pipeline, promoter):
    client = api(promoter)
    url = f"/api/v1/leads/{pipeline['haicheng'].pk}/stage/"
    moved = client.post(url, {"to_stage": "negotiation", "on": "2024-03-05"}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "negotiation"
    back = client.post(url, {"to_stage": "lead", "on": "2024-03-06"}, format="json")
    assert back.status_code == 400 and "reason" in back.json()
    signed = client.post(url, {"to_stage": "signed", "on": "2024-03-06"}, format="json")
    assert signed.status_code == 400 and "to_stage" in signed.json()


def test_api_funds_and_convert_actions(cast, promoter, industry):
    contract = ContractFactory(region=cast.regions["haicheng"], contracted_investment=100)
    client = api(promoter)
    url = f"/api/v1/contracts/{contract.pk}/"
    over = client.post(url + "funds/", {"arrived_on": "2024-05-01", "amount": "101"}, format="json")
    assert over.status_code == 400 and "explanation" in over.json()
    ok = client.post(url + "funds/", {"arrived_on": "2024-05-01", "amount": "40"}, format="json")
    assert ok.status_code == 201 and Decimal(ok.json()["funds_arrived"]) == 40
    converted = client.post(url + "convert/", {"region": "210381", "industry": "38"}, format="json")
    assert converted.status_code == 201
    project = Project.objects.get()
    assert converted.json()["project"] == project.pk
    again = client.post(url + "convert/", {"region": "210381", "industry": "38"}, format="json")
    assert again.status_code == 400
    city = ContractFactory(region=cast.regions["haicheng"])
    outside = client.post(
        f"/api/v1/contracts/{city.pk}/convert/",
        {"region": "230502", "industry": "38"},
        format="json",
    )
    assert outside.status_code == 400 and "region" in outside.json()


def test_api_contract_without_an_amount_is_refused(cast, promoter):
    response = api(promoter).post(
        "/api/v1/contracts/",
        {"name": "无金额", "signed_on": "2024-04-13", "counterparty": "某企业", "region": "210381"},
        format="json",
    )
    assert response.status_code == 400 and "contracted_investment" in response.json()


def test_api_list_queries_do_not_grow(cast, promoter, steel):
    client = api(promoter)
    urls = ["/api/v1/leads/", "/api/v1/contracts/", "/api/v1/activities/", "/api/v1/chains/"]

    def count():
        with CaptureQueriesContext(connection) as context:
            for url in urls:
                assert client.get(url).status_code == 200
        return len(context)

    LeadFactory(region=cast.regions["haicheng"], chain=steel)
    ContractFactory(region=cast.regions["haicheng"], chain=steel)
    ActivityFactory(region=cast.regions["haicheng"])
    count()  # the first request creates the lead rules
    before = count()
    for _n in range(5):
        chain = ChainFactory(region=cast.regions["anshan"])
        GapFactory(chain=chain)
        TargetFactory(chain=chain)
        ActivityFactory(region=cast.regions["tiedong"])
        LeadFactory(region=cast.regions["tiedong"], chain=chain)
        contract = ContractFactory(region=cast.regions["tiedong"], chain=chain)
        services.record_funds(contract, arrived_on=TODAY(), amount=Decimal(1), actor=None)
    assert count() == before


def test_other_city_promoter_is_scoped_out(pipeline, cast, client_for):
    other = UserFactory(
        username="sys_promoter", role=Role.PROMOTION, region=cast.regions["shuangyashan"]
    )
    client = client_for(other)
    assert client.get(pipeline["haicheng"].get_absolute_url()).status_code == 404
    assert client.get(pipeline["shuangyashan"].get_absolute_url()).status_code == 200


def test_api_patch_keeps_the_rules_of_the_form(cast, promoter):
    lead = LeadFactory(region=cast.regions["haicheng"], investor_credit_code=credit_code(12))
    LeadFactory(region=cast.regions["haicheng"], investor_credit_code=credit_code(13))
    client = api(promoter)
    url = f"/api/v1/leads/{lead.pk}/"
    changed = client.patch(url, {"source": "以商招商", "responded_on": "2024-03-02"}, format="json")
    assert changed.status_code == 200, changed.json()
    lead.refresh_from_db()
    assert (lead.source, lead.responded_on) == ("以商招商", datetime.date(2024, 3, 2))
    clash = client.patch(url, {"investor_credit_code": credit_code(13)}, format="json")
    assert clash.status_code == 400
    early = client.patch(url, {"assessed_on": "2024-02-01"}, format="json")
    assert early.status_code == 400 and "assessed_on" in early.json()
    lead.refresh_from_db()
    assert (lead.investor_credit_code, lead.assessed_on) == (credit_code(12), None)
