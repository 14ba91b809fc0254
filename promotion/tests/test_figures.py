"""The promotion figures of domain.md, each against arithmetic done by hand.

The pipeline below (``make_pipeline``), Anshan in 2024 unless said otherwise; the period of most
tests is the first half of 2024 (2024-01-01 to 2024-06-30, both days included).

Activities (held on, county, group, target region):
    A1 2024-01-15 Haicheng  steel      bth      in
    A2 2024-03-01 Tiedong   magnesite  yrd      in
    A3 2024-06-30 Anshan    steel      gba      in (the last day counts)
    A4 2024-07-01 Haicheng  steel      bth      after
    A5 2023-12-31 Haicheng  steel      bth      before
    A6 2024-02-01 Jianshan (Shuangyashan)       out of Anshan's scope

Leads (received on, county, chain/group, activity; stage history):
    L1 01-10 Haicheng  steel      A1  assessment 01-11, negotiation 02-01, signed 03-01,
                                      registered 04-01, started 05-01
    L2 02-10 Tiedong   magnesite  A2  assessment 02-12, negotiation 03-01, signed 03-20,
                                      registered 08-01 (after the period)
    L3 03-05 Haicheng  steel      A1  assessment 03-06, negotiation 04-01, lost 05-01
    L4 04-01 Tiedong   magnesite  —   assessment 04-03, on hold 05-10
    L5 05-01 Haicheng  steel      —   no history: still a lead
    L6 2023-11-01 Haicheng steel  —   received before the period (its contract is C3)
    L7 02-01 Jianshan (Shuangyashan)  out of scope
    L8 07-02 Haicheng  steel      —   after the period

Contracts (signed on, county, value 万元, registered on, project start, funds arrived):
    C1 (L1) 03-01 Haicheng  steel      10000  04-01  05-01  2000 03-15, 3000 06-30, 1000 07-15
    C2 (L2) 03-20 Tiedong   — (lead: magnesite)  6000  08-01  —      600 05-01
    C3 (L6) 01-20 Haicheng  steel       4000  —      02-19  4000 02-01
    C4 (—)  06-30 Tiedong   magnesite   2500  06-30  07-10  —
    C5 (—)  04-10 Haicheng  steel       7500  —      06-20  1500 06-01
    C6      2023-12-20 Haicheng          9999  before the period
    C7      02-01 Jianshan (Shuangyashan) 50000  out of scope
    C8      07-01 Haicheng              3000  after the period
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from projects.tests.factories import ProjectFactory
from promotion import figures
from promotion.choices import ActivityKind, Stage, TargetRegion
from promotion.figures import Period
from promotion.models import (
    Activity,
    Chain,
    Contract,
    FundsArrival,
    Lead,
    LeadStageChange,
    PromotionGroup,
)

D = datetime.date
H1 = Period(D(2024, 1, 1), D(2024, 6, 30))
Q1 = Period(D(2024, 1, 1), D(2024, 3, 31))
CENT = Decimal("0.01")


@dataclass
class Pipeline:
    steel: Chain
    magnesite: Chain
    steel_group: PromotionGroup
    magnesite_group: PromotionGroup
    other_city_group: PromotionGroup
    activities: dict
    leads: dict
    contracts: dict


def activity(region, held_on, group=None, target=TargetRegion.BEIJING_TIANJIN_HEBEI):
    return Activity.objects.create(
        kind=ActivityKind.OUTBOUND,
        held_on=held_on,
        title=f"招商活动 {held_on}",
        region=region,
        group=group,
        target_region=target,
    )


def lead(region, received_on, chain=None, group=None, source=None, steps=()):
    """A lead and its stage history: steps are (date, new stage), from the stage "lead"."""
    made = Lead.objects.create(
        investor_name=f"投资方 {received_on}",
        region=region,
        chain=chain,
        group=group,
        activity=source,
        received_on=received_on,
    )
    history(made, steps)
    return made


def history(made, steps):
    stage = made.stage
    for on, to_stage in steps:
        reason = "投资方暂缓" if to_stage in (Stage.LOST, Stage.ON_HOLD) else ""
        LeadStageChange.objects.create(
            lead=made, on=on, from_stage=stage, to_stage=to_stage, reason=reason
        )
        stage = to_stage
    Lead.objects.filter(pk=made.pk).update(stage=stage)


def contract(region, signed_on, value, *, source=None, chain=None, group=None, **more):
    return Contract.objects.create(
        name=f"签约项目 {signed_on} {value}",
        signed_on=signed_on,
        contracted_investment=Decimal(value),
        counterparty="某投资有限公司",
        region=region,
        lead=source,
        chain=chain,
        group=group,
        **more,
    )


def started(region, on):
    return ProjectFactory(region=region, status="started", actual_start=on)


def funds(made, *rows):
    for on, amount in rows:
        FundsArrival.objects.create(contract=made, arrived_on=on, amount=Decimal(amount))


def make_pipeline(cast):
    r = cast.regions
    anshan, haicheng, tiedong, jianshan = r["anshan"], r["haicheng"], r["tiedong"], r["jianshan"]
    steel = Chain.objects.create(name="钢铁及深加工产业链", region=anshan)
    magnesite = Chain.objects.create(name="菱镁产业链", region=anshan)
    steel_group = PromotionGroup.objects.create(name="钢铁招商组", region=anshan, chain=steel)
    magnesite_group = PromotionGroup.objects.create(
        name="菱镁招商组", region=anshan, chain=magnesite
    )
    other_group = PromotionGroup.objects.create(name="双鸭山煤炭招商组", region=r["shuangyashan"])
    a = {
        1: activity(haicheng, D(2024, 1, 15), steel_group),
        2: activity(tiedong, D(2024, 3, 1), magnesite_group, TargetRegion.YANGTZE_DELTA),
        3: activity(anshan, D(2024, 6, 30), steel_group, TargetRegion.GREATER_BAY),
        4: activity(haicheng, D(2024, 7, 1), steel_group),
        5: activity(haicheng, D(2023, 12, 31), steel_group),
        6: activity(jianshan, D(2024, 2, 1), other_group),
    }
    S = Stage
    leads = {
        1: lead(
            haicheng,
            D(2024, 1, 10),
            steel,
            steel_group,
            a[1],
            [
                (D(2024, 1, 11), S.ASSESSMENT),
                (D(2024, 2, 1), S.NEGOTIATION),
                (D(2024, 3, 1), S.SIGNED),
                (D(2024, 4, 1), S.REGISTERED),
                (D(2024, 5, 1), S.STARTED),
            ],
        ),
        2: lead(
            tiedong,
            D(2024, 2, 10),
            magnesite,
            magnesite_group,
            a[2],
            [
                (D(2024, 2, 12), S.ASSESSMENT),
                (D(2024, 3, 1), S.NEGOTIATION),
                (D(2024, 3, 20), S.SIGNED),
                (D(2024, 8, 1), S.REGISTERED),
            ],
        ),
        3: lead(
            haicheng,
            D(2024, 3, 5),
            steel,
            steel_group,
            a[1],
            [
                (D(2024, 3, 6), S.ASSESSMENT),
                (D(2024, 4, 1), S.NEGOTIATION),
                (D(2024, 5, 1), S.LOST),
            ],
        ),
        4: lead(
            tiedong,
            D(2024, 4, 1),
            magnesite,
            magnesite_group,
            None,
            [(D(2024, 4, 3), S.ASSESSMENT), (D(2024, 5, 10), S.ON_HOLD)],
        ),
        5: lead(haicheng, D(2024, 5, 1), steel, steel_group),
        6: lead(haicheng, D(2023, 11, 1), steel, steel_group),
        7: lead(jianshan, D(2024, 2, 1)),
        8: lead(haicheng, D(2024, 7, 2), steel, steel_group),
    }
    c = {
        1: contract(
            haicheng,
            D(2024, 3, 1),
            10000,
            source=leads[1],
            chain=steel,
            group=steel_group,
            registered_on=D(2024, 4, 1),
            project=started(haicheng, D(2024, 5, 1)),
        ),
        2: contract(tiedong, D(2024, 3, 20), 6000, source=leads[2], registered_on=D(2024, 8, 1)),
        3: contract(
            haicheng,
            D(2024, 1, 20),
            4000,
            source=leads[6],
            chain=steel,
            group=steel_group,
            project=started(haicheng, D(2024, 2, 19)),
        ),
        4: contract(
            tiedong,
            D(2024, 6, 30),
            2500,
            chain=magnesite,
            group=magnesite_group,
            registered_on=D(2024, 6, 30),
            project=started(tiedong, D(2024, 7, 10)),
        ),
        5: contract(
            haicheng,
            D(2024, 4, 10),
            7500,
            chain=steel,
            group=steel_group,
            project=started(haicheng, D(2024, 6, 20)),
        ),
        6: contract(haicheng, D(2023, 12, 20), 9999, chain=steel),
        7: contract(jianshan, D(2024, 2, 1), 50000),
        8: contract(haicheng, D(2024, 7, 1), 3000, chain=steel),
    }
    funds(c[1], (D(2024, 3, 15), "2000"), (D(2024, 6, 30), "3000"), (D(2024, 7, 15), "1000"))
    funds(c[2], (D(2024, 5, 1), "600"))
    funds(c[3], (D(2024, 2, 1), "4000"))
    funds(c[5], (D(2024, 6, 1), "1500"))
    funds(c[6], (D(2024, 1, 5), "9999"))
    funds(c[7], (D(2024, 3, 1), "50000"))
    return Pipeline(steel, magnesite, steel_group, magnesite_group, other_group, a, leads, c)


@pytest.fixture
def pipeline(cast):
    return make_pipeline(cast)


def q(value):
    return None if value is None else value.quantize(CENT)


def funnel_counts(steps):
    return [step.count for step in steps]


# ---------------------------------------------------------------- the office, first half of 2024


def test_activities_and_leads_in_the_period(pipeline, cast):
    chosen = figures.select(cast.office)
    # A1, A2, A3 (06-30 is the last day); A4 is after, A5 before, A6 in Shuangyashan
    assert figures.activities_held(chosen.activities, H1) == 3
    # L1 … L5; L6 came in 2023, L7 is Shuangyashan's, L8 came in July
    assert figures.new_leads(chosen.leads, H1) == 5


def test_contracts_signed_count_and_value(pipeline, cast):
    chosen = figures.select(cast.office)
    # C1..C5: 10000 + 6000 + 4000 + 2500 + 7500 = 30000 万元
    assert figures.contracts_signed(chosen.contracts, H1) == (5, Decimal("30000"))


def test_landing_rate(pipeline, cast):
    # registered by 06-30: C1 (04-01), C4 (06-30); started by 06-30: C1, C3 (02-19), C5 (06-20);
    # C2 registered only on 08-01. Landed: C1, C3, C4, C5 = 4 of 5 = 80 %
    assert figures.landing_rate(figures.select(cast.office).contracts, H1) == Decimal(80)


def test_start_rate_of_signed_projects(pipeline, cast):
    # started by 06-30: C1 (05-01), C3 (02-19), C5 (06-20); C4 only on 07-10: 3 of 5 = 60 %
    assert figures.start_rate(figures.select(cast.office).contracts, H1) == Decimal(60)


def test_funds_arrival_rate(pipeline, cast):
    contracts = figures.select(cast.office).contracts
    # by 06-30: C1 2000 + 3000 (not the 1000 of 07-15), C2 600, C3 4000, C5 1500 = 11100;
    # C6's and C7's funds are not under contracts of the set. 11100 ÷ 30000 = 37 %
    assert figures.funds_arrived(contracts, H1) == Decimal("11100")
    assert figures.funds_arrival_rate(contracts, H1) == Decimal(37)


def test_median_days_from_signing_to_start(pipeline, cast):
    contracts = figures.select(cast.office).contracts
    # C3 01-20 → 02-19: 11 + 19 = 30; C1 03-01 → 05-01: 31 + 30 = 61;
    # C5 04-10 → 06-20: 20 + 31 + 20 = 71. Median of [30, 61, 71] = 61
    assert figures.days_to_start(contracts, H1) == [30, 61, 71]
    assert figures.median_days_to_start(contracts, H1) == Decimal(61)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(pipeline, cast):
    contracts = figures.select(cast.office).contracts
    # January–July: C8 (07-01) joins without a project; C4 06-30 → 07-10 = 10 days starts now.
    # [10, 30, 61, 71]: (30 + 61) ÷ 2 = 45.5
    july = Period(D(2024, 1, 1), D(2024, 7, 31))
    assert figures.days_to_start(contracts, july) == [10, 30, 61, 71]
    assert figures.median_days_to_start(contracts, july) == Decimal("45.5")


def test_funnel_from_the_stage_history(pipeline, cast):
    steps = figures.funnel(figures.select(cast.office).leads, H1)
    # furthest by 06-30: L1 started, L2 signed (registered only 08-01), L3 negotiation (then
    # lost), L4 assessment (then on hold), L5 lead.
    # lead 5; assessment+ 4 (L1–L4); negotiation+ 3 (L1–L3); signed 2; registered 1; started 1
    assert [step.stage for step in steps] == [
        "lead",
        "assessment",
        "negotiation",
        "signed",
        "registered",
        "started",
    ]
    assert funnel_counts(steps) == [5, 4, 3, 2, 1, 1]
    # of the step before: 4/5 = 80, 3/4 = 75, 2/3 = 66.67, 1/2 = 50, 1/1 = 100
    assert [q(step.share) for step in steps] == [
        None,
        Decimal("80.00"),
        Decimal("75.00"),
        Decimal("66.67"),
        Decimal("50.00"),
        Decimal("100.00"),
    ]


def test_a_past_period_reads_as_it_was(pipeline, cast):
    chosen = figures.select(cast.office)
    # Q1: received L1, L2, L3. By 03-31: L1 signed (03-01), L2 signed (03-20), L3 assessment
    assert funnel_counts(figures.funnel(chosen.leads, Q1)) == [3, 3, 2, 2, 0, 0]
    # signed in Q1: C3 (01-20) 4000, C1 (03-01) 10000, C2 (03-20) 6000 = 3, 20000
    result = figures.figures(chosen, Q1)
    assert (result.signed.count, result.signed.value) == (3, Decimal("20000"))
    # by 03-31 only C3 has started (02-19); C1 registers 04-01: landed 1 of 3 = 33.33 %
    assert q(result.landing_rate) == q(result.start_rate) == Decimal("33.33")
    # funds by 03-31: C3 4000 (02-01) + C1 2000 (03-15) = 6000 ÷ 20000 = 30 %
    assert result.funds_arrival_rate == Decimal(30)
    assert result.median_days_to_start == Decimal(30)  # C3 alone
    assert result.activities == 2  # A1, A2


def test_a_lead_without_history_counts_at_its_current_stage(pipeline, cast):
    # imported at negotiation, never moved since: counts in lead, assessment+ and negotiation+
    imported = lead(cast.regions["haicheng"], D(2024, 6, 1))
    Lead.objects.filter(pk=imported.pk).update(stage=Stage.NEGOTIATION)
    steps = figures.funnel(figures.select(cast.office).leads, H1)
    assert funnel_counts(steps) == [6, 5, 4, 2, 1, 1]


def test_figures_bundle_every_figure(pipeline, cast):
    result = figures.figures(figures.select(cast.office), H1)
    assert (result.activities, result.leads) == (3, 5)
    assert (result.signed.count, result.signed.landed, result.signed.started) == (5, 4, 3)
    assert result.landing_rate == 80 and result.start_rate == 60
    assert result.funds_arrival_rate == 37 and result.median_days_to_start == 61
    assert funnel_counts(result.funnel) == [5, 4, 3, 2, 1, 1]


# ---------------------------------------------------------------- narrowed


def test_by_group(pipeline, cast):
    steel = figures.figures(figures.select(cast.office, group=pipeline.steel_group), H1)
    # A1, A3; L1, L3, L5; C1, C3, C5: 10000 + 4000 + 7500 = 21500
    assert (steel.activities, steel.leads) == (2, 3)
    assert (steel.signed.count, steel.signed.value) == (3, Decimal("21500"))
    # all three started by 06-30: 100 %; funds 5000 + 4000 + 1500 = 10500 ÷ 21500 = 48.84 %
    assert steel.start_rate == 100 and steel.landing_rate == 100
    assert q(steel.funds_arrival_rate) == Decimal("48.84")
    magnesite = figures.figures(figures.select(cast.office, group=pipeline.magnesite_group), H1)
    # A2; L2, L4; C4 and C2 (no group of its own, its lead's is magnesite): 2500 + 6000 = 8500
    assert (magnesite.activities, magnesite.leads) == (1, 2)
    assert (magnesite.signed.count, magnesite.signed.value) == (2, Decimal("8500"))
    # landed: C4 (registered 06-30) = 1 of 2 = 50 %; started by 06-30: none = 0 %
    assert magnesite.landing_rate == 50 and magnesite.start_rate == 0
    assert magnesite.median_days_to_start is None
    # funds: C2 600 ÷ 8500 = 7.06 %
    assert q(magnesite.funds_arrival_rate) == Decimal("7.06")


def test_by_chain(pipeline, cast):
    result = figures.figures(figures.select(cast.office, chain=pipeline.magnesite), H1)
    # activities of the chain's groups: A2; leads L2, L4; contracts C4 and C2 (through its lead)
    assert (result.activities, result.leads, result.signed.count) == (1, 2, 2)
    assert funnel_counts(result.funnel) == [2, 2, 1, 1, 0, 0]  # L2 signed, L4 assessment


def test_by_target_region(pipeline, cast):
    chosen = figures.select(cast.office, target_region=TargetRegion.BEIJING_TIANJIN_HEBEI)
    result = figures.figures(chosen, H1)
    # A1 (A4, A5 are outside the period); leads from A1: L1, L3; contracts of those leads: C1
    assert (result.activities, result.leads) == (1, 2)
    assert (result.signed.count, result.signed.value) == (1, Decimal("10000"))
    assert result.median_days_to_start == 61


def test_by_region(pipeline, cast):
    result = figures.figures(figures.select(cast.office, region="210302"), H1)
    # Tiedong: A2; L2, L4; C2 6000 + C4 2500 = 8500, landed C4 only: 50 %
    assert (result.activities, result.leads) == (1, 2)
    assert (result.signed.count, result.signed.value) == (2, Decimal("8500"))
    assert result.landing_rate == 50


# ---------------------------------------------------------------- scope


def test_a_county_officer_counts_only_their_county(pipeline, cast):
    result = figures.figures(figures.select(cast.county), H1)
    # Haicheng: A1 (A3 is the city's own); L1, L3, L5; C1, C3, C5 = 21500
    assert (result.activities, result.leads) == (1, 3)
    assert (result.signed.count, result.signed.value) == (3, Decimal("21500"))
    # days [30, 61, 71] → 61; funds 10500 ÷ 21500 = 48.84 %
    assert result.median_days_to_start == 61
    assert q(result.funds_arrival_rate) == Decimal("48.84")


def test_another_city_sees_only_its_own(pipeline, cast):
    result = figures.figures(figures.select(cast.other_city), H1)
    # Shuangyashan: A6, L7, C7 50000 with 50000 arrived: 100 %; nothing landed
    assert (result.activities, result.leads, result.signed.count) == (1, 1, 1)
    assert result.funds_arrival_rate == 100 and result.landing_rate == 0


def test_the_administrator_sees_both_cities(pipeline, cast):
    result = figures.figures(figures.select(cast.administrator), H1)
    # Anshan's 5 + C7: 30000 + 50000 = 80000; funds 11100 + 50000 = 61100 → 76.375 %
    assert (result.signed.count, result.signed.value) == (6, Decimal("80000"))
    assert result.funds_arrival_rate == Decimal("76.375")


# ---------------------------------------------------------------- edges and cost


def test_an_empty_period_has_no_rates(pipeline, cast):
    result = figures.figures(figures.select(cast.office), Period(D(2020, 1, 1), D(2020, 12, 31)))
    assert (result.activities, result.leads, result.signed.count) == (0, 0, 0)
    assert result.signed.value == 0 and result.funds_arrived == 0
    assert result.landing_rate is None and result.start_rate is None
    assert result.funds_arrival_rate is None and result.median_days_to_start is None
    assert funnel_counts(result.funnel) == [0] * 6
    assert all(step.share is None for step in result.funnel[1:])


def test_the_dashboard_period_runs_from_january_to_the_end_of_the_month():
    assert Period.year_to_month(2024, 2) == Period(D(2024, 1, 1), D(2024, 2, 29))
    assert Period.year_to_month(2023, 12) == Period(D(2023, 1, 1), D(2023, 12, 31))


def test_queries_do_not_grow_with_rows(pipeline, cast, django_assert_num_queries):
    chosen = figures.select(cast.office, group=pipeline.steel_group)
    with django_assert_num_queries(6):
        before = figures.figures(chosen, H1)
    haicheng = cast.regions["haicheng"]
    for day in range(1, 21):
        on = D(2024, 5, day)
        activity(haicheng, on, pipeline.steel_group)
        source = lead(
            haicheng,
            on,
            pipeline.steel,
            pipeline.steel_group,
            steps=[(on, Stage.ASSESSMENT), (on, Stage.NEGOTIATION)],
        )
        made = contract(
            haicheng,
            on,
            100,
            source=source,
            group=pipeline.steel_group,
            project=started(haicheng, D(2024, 6, 1)),
        )
        funds(made, (on, "50"))
    with django_assert_num_queries(6):
        after = figures.figures(chosen, H1)
    assert after.signed.count == before.signed.count + 20
    assert after.funnel[2].count == before.funnel[2].count + 20
