"""Rules of the pipeline: stages, deadlines, funds, credit codes, conversion to a project."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.choices import ChangeAction
from core.models import ChangeLog
from projects.choices import Category, InvestmentSource, Nature
from projects.models import Project
from promotion import services
from promotion.choices import Stage
from promotion.filtersets import with_overdue
from promotion.forms import ContractForm, LeadForm
from promotion.models import Contract, FundsArrival, Lead, LeadRules, LeadStageChange
from promotion.tests.factories import ContractFactory, LeadFactory, credit_code

DAY = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def lead(cast):
    return LeadFactory(region=cast.regions["haicheng"], received_on=DAY)


def move(lead, stage, reason="", actor=None, on=DAY):
    return services.change_stage(lead, stage, on=on, reason=reason, actor=actor)


def refusal(error):
    return error.value.message_dict


# ---------------------------------------------------------------- stages


def test_forward_moves_need_no_reason(lead, promoter):
    move(lead, Stage.ASSESSMENT, actor=promoter)
    move(lead, Stage.NEGOTIATION, actor=promoter)
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATION
    history = list(lead.stages.values_list("from_stage", "to_stage", "actor"))
    assert history == [
        (Stage.LEAD, Stage.ASSESSMENT, promoter.pk),
        (Stage.ASSESSMENT, Stage.NEGOTIATION, promoter.pk),
    ]


def test_a_forward_skip_is_allowed(lead):
    assert move(lead, Stage.NEGOTIATION).stage == Stage.NEGOTIATION


def test_backwards_without_a_reason_is_refused(lead):
    move(lead, Stage.NEGOTIATION)
    with pytest.raises(ValidationError) as error:
        move(lead, Stage.LEAD)
    assert "reason" in refusal(error)
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATION
    assert LeadStageChange.objects.count() == 1


def test_backwards_with_a_reason_is_recorded(lead):
    move(lead, Stage.NEGOTIATION)
    move(lead, Stage.ASSESSMENT, reason="投资方更换了选址方案")
    lead.refresh_from_db()
    assert (lead.stage, lead.stage_reason) == (Stage.ASSESSMENT, "投资方更换了选址方案")
    assert lead.stages.last().reason == "投资方更换了选址方案"


@pytest.mark.parametrize("aside", [Stage.LOST, Stage.ON_HOLD])
def test_lost_and_on_hold_need_a_reason(lead, aside):
    with pytest.raises(ValidationError) as error:
        move(lead, aside, reason="   ")
    assert "reason" in refusal(error)
    assert move(lead, aside, reason="投资方资金链紧张").stage == aside


def test_back_from_on_hold_needs_no_reason(lead):
    move(lead, Stage.ON_HOLD, reason="等待用地指标")
    assert move(lead, Stage.NEGOTIATION).stage == Stage.NEGOTIATION


@pytest.mark.parametrize("stage", [Stage.SIGNED, Stage.REGISTERED, Stage.STARTED])
def test_signed_needs_a_contract(lead, stage):
    with pytest.raises(ValidationError) as error:
        move(lead, stage)
    assert "to_stage" in refusal(error)
    ContractFactory(lead=lead, region=lead.region)
    assert move(lead, stage).stage == stage


def test_the_same_stage_and_a_future_date_are_refused(lead):
    with pytest.raises(ValidationError) as error:
        move(lead, Stage.LEAD)
    assert "to_stage" in refusal(error)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        move(lead, Stage.ASSESSMENT, on=tomorrow)
    assert "on" in refusal(error)


def test_a_stage_change_is_in_the_change_log(lead, promoter):
    move(lead, Stage.ASSESSMENT, actor=promoter)
    entry = ChangeLog.objects.for_object(lead).filter(action=ChangeAction.UPDATE).get()
    assert entry.actor == promoter
    assert entry.after == {"stage": "assessment"}


# ---------------------------------------------------------------- deadlines


def days(n):
    return DAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("dates", "today", "late"),
    [
        ({}, days(1), []),  # respond due on day 1: not late on the day itself
        ({}, days(2), ["respond"]),
        ({"responded_on": days(1)}, days(3), []),
        ({"responded_on": days(2)}, days(3), ["respond"]),  # answered late stays late
        ({"responded_on": days(1)}, days(4), ["assess"]),
        ({"responded_on": days(1), "assessed_on": days(3)}, days(7), []),
        ({"responded_on": days(1), "assessed_on": days(5)}, days(7), ["assess"]),
        ({"responded_on": days(1), "assessed_on": days(3)}, days(8), ["answer"]),
        ({}, days(30), ["respond", "assess", "answer"]),
        (
            {"responded_on": days(1), "assessed_on": days(3), "answered_on": days(7)},
            days(30),
            [],
        ),
    ],
)
def test_overdue_steps_with_dates(cast, dates, today, late):
    lead = LeadFactory(region=cast.regions["haicheng"], received_on=DAY, **dates)
    rules = LeadRules.objects.current()
    assert lead.overdue_steps(rules, today) == late
    # The list filter computes the same flag in SQL.
    leads, overdue = with_overdue(Lead.objects.all(), rules, today)
    assert leads.filter(overdue).exists() == bool(late)
    assert leads.exclude(overdue).exists() == (not late)


def test_the_deadlines_are_configurable(cast):
    lead = LeadFactory(region=cast.regions["haicheng"], received_on=DAY)
    rules = LeadRules.objects.current()
    assert (rules.respond_days, rules.assess_days, rules.answer_days) == (1, 3, 7)
    assert lead.overdue_steps(rules, days(2)) == ["respond"]
    rules.respond_days = 2
    rules.save()
    assert lead.overdue_steps(LeadRules.objects.current(), days(2)) == []


# ---------------------------------------------------------------- credit codes


def lead_data(cast, **changes):
    return {
        "investor_name": "鞍钢集团",
        "investor_credit_code": credit_code(1),
        "region": cast.regions["haicheng"].pk,
        "received_on": "2024-03-01",
        **changes,
    }


def test_duplicate_credit_code_is_refused_by_the_form(cast, promoter):
    LeadFactory(region=cast.regions["tiedong"], investor_credit_code=credit_code(1))
    form = LeadForm(data=lead_data(cast), user=promoter)
    assert not form.is_valid()
    assert list(form.errors) == ["investor_credit_code"]
    assert "already exists" in form.errors["investor_credit_code"][0]


def test_duplicate_credit_code_is_refused_by_the_database(cast):
    LeadFactory(region=cast.regions["tiedong"], investor_credit_code=credit_code(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadFactory(region=cast.regions["haicheng"], investor_credit_code=credit_code(1))


def test_a_lead_may_keep_its_own_credit_code_and_codes_may_be_empty(cast, promoter):
    lead = LeadFactory(region=cast.regions["haicheng"], investor_credit_code=credit_code(1))
    LeadFactory(region=cast.regions["haicheng"])  # two leads without a code are fine
    form = LeadForm(data=lead_data(cast), instance=lead, user=promoter)
    assert form.is_valid(), form.errors
    assert LeadForm(data=lead_data(cast, investor_credit_code=""), user=promoter).is_valid()


def test_a_credit_code_with_a_wrong_check_character_is_refused(cast, promoter):
    code = credit_code(1)
    wrong = code[:17] + ("1" if code[17] != "1" else "2")
    form = LeadForm(data=lead_data(cast, investor_credit_code=wrong.lower()), user=promoter)
    assert "check character" in form.errors["investor_credit_code"][0]


# ---------------------------------------------------------------- contracts and funds


def contract_data(cast, **changes):
    return {
        "name": "年产10万吨镁质材料项目",
        "signed_on": "2024-04-13",
        "contracted_investment": "120000",
        "counterparty": "辽宁镁业",
        "region": cast.regions["haicheng"].pk,
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "message"),
    [("contracted_investment", "Give the contracted investment"), ("signed_on", "signing date")],
)
def test_a_contract_without_an_amount_or_a_date_is_refused(cast, promoter, field, message):
    form = ContractForm(data=contract_data(cast, **{field: ""}), user=promoter)
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_a_contract_of_zero_is_refused(cast, promoter):
    form = ContractForm(data=contract_data(cast, contracted_investment="0"), user=promoter)
    assert "more than zero" in form.errors["contracted_investment"][0]


@pytest.fixture
def contract(cast):
    return ContractFactory(region=cast.regions["haicheng"], contracted_investment=Decimal(1000))


def funds(contract, amount, explanation="", on=datetime.date(2024, 5, 1), actor=None):
    return services.record_funds(
        contract, arrived_on=on, amount=Decimal(amount), explanation=explanation, actor=actor
    )


def test_funds_within_the_contracted_amount_are_recorded(contract, promoter):
    funds(contract, "600", actor=promoter)
    funds(contract, "400", actor=promoter)
    assert Contract.objects.with_funds().get().funds_arrived == Decimal(1000)
    entry = ChangeLog.objects.filter(content_type__model="fundsarrival").first()
    assert entry.actor == promoter


def test_funds_beyond_the_contracted_amount_need_an_explanation(contract):
    funds(contract, "600")
    with pytest.raises(ValidationError) as error:
        funds(contract, "400.0001")
    assert list(refusal(error)) == ["explanation"]
    assert "1000.0001" in refusal(error)["explanation"][0]
    assert FundsArrival.objects.count() == 1
    funds(contract, "400.0001", explanation="追加二期设备投资")
    assert FundsArrival.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "on", "field"),
    [("0", datetime.date(2024, 5, 1), "amount"), ("10", datetime.date(2024, 4, 1), "arrived_on")],
)
def test_funds_need_an_amount_and_a_date_after_signing(contract, amount, on, field):
    with pytest.raises(ValidationError) as error:
        funds(contract, amount, on=on)
    assert list(refusal(error)) == [field]


# ---------------------------------------------------------------- conversion to a project


@pytest.fixture
def signed(cast, industry):
    lead = LeadFactory(
        region=cast.regions["anshan"],
        industry=industry,
        investor_credit_code=credit_code(7),
        content="建设年产10万吨储能设备生产线",
    )
    return ContractFactory(
        lead=lead,
        name="储能装备制造项目",
        region=cast.regions["anshan"],
        counterparty="丰帆新能源",
        counterparty_credit_code=credit_code(7),
        contracted_investment=Decimal("150000"),
    )


def convert(contract, cast, industry, actor):
    return services.convert_to_project(
        contract, region=cast.regions["haicheng"], industry=industry, actor=actor
    )


def test_conversion_prefills_the_project(signed, cast, industry, promoter):
    project = convert(signed, cast, industry, promoter)
    project.refresh_from_db()
    assert project.name == "储能装备制造项目"
    assert project.region == cast.regions["haicheng"]
    assert project.industry == industry
    assert (project.investor_name, project.investor_credit_code) == ("丰帆新能源", credit_code(7))
    assert project.total_investment == Decimal("150000")
    assert project.description == "建设年产10万吨储能设备生产线"
    assert (project.category, project.nature, project.source) == (
        Category.INDUSTRIAL,
        Nature.NEW,
        InvestmentSource.PRIVATE,
    )


def test_conversion_links_both_ways(signed, cast, industry, promoter):
    project = convert(signed, cast, industry, promoter)
    signed.refresh_from_db()
    assert signed.project == project
    assert Project.objects.get(pk=project.pk).contract == signed


def test_converting_twice_is_refused(signed, cast, industry, promoter):
    convert(signed, cast, industry, promoter)
    with pytest.raises(ValidationError, match="already a project"):
        convert(signed, cast, industry, promoter)
    assert Project.objects.count() == 1


def test_conversion_is_in_the_change_log(signed, cast, industry, promoter):
    project = convert(signed, cast, industry, promoter)
    created = ChangeLog.objects.for_object(project).get()
    assert (created.action, created.actor) == (ChangeAction.CREATE, promoter)
    linked = ChangeLog.objects.for_object(signed).filter(action=ChangeAction.UPDATE).get()
    assert linked.after == {"project_id": project.pk}
    assert linked.actor == promoter


def test_conversion_into_a_city_is_refused(signed, cast, industry, promoter):
    with pytest.raises(ValidationError) as error:
        services.convert_to_project(
            signed, region=cast.regions["anshan"], industry=industry, actor=promoter
        )
    assert "region" in refusal(error)
    assert not Project.objects.exists()
