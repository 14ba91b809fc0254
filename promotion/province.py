"""Investment promotion of the generated province (projects.province).

Each city has a few industrial chains, each with its promotion group; activities through the
window (fewer around the Spring Festival); leads worked through the funnel, most lost or on hold,
some signed as contracts, a few registered; enterprise-built projects of the library that were
signed come with their lead and contract, linked to the project; funds arrive under contracts of
registered companies and started projects. Investors with a credit code join ``ctx.investors``.
"""

import bisect
import datetime

from projects.demo.generated import _nice as nice
from projects.province.names import CSOE, FOR, PRIV, full_name, new_credit_code, place
from projects.province.shapes import Choice
from promotion.choices import ASIDE, ActivityKind, Stage, TargetRegion
from promotion.demo import BRANDS, LAND, LOST, ON_HOLD, ORIGINS, SOURCES, SUFFIXES, SUPPORT
from promotion.models import (
    Activity,
    Chain,
    Contract,
    FundsArrival,
    Lead,
    LeadStageChange,
    PromotionGroup,
)

DAY = datetime.timedelta(days=1)
ACTIVITIES_PER_PROJECT, LEADS_PER_PROJECT, LINKED_SHARE = 0.18, 0.5, 0.35
# (chain, GB/T 4754 division, words of investors' names)
CHAINS = [
    ("装备制造产业链", "34", ["智能装备", "机器人", "数控机床"]),
    ("汽车及零部件产业链", "36", ["汽车部件", "新能源汽车"]),
    ("精细化工产业链", "26", ["精细化工", "化工新材料"]),
    ("新材料产业链", "30", ["新材料", "先进陶瓷", "镁质材料"]),
    ("冶金及深加工产业链", "31", ["特钢制品", "精密钢管", "钢结构"]),
    ("农产品精深加工产业链", "13", ["粮油食品", "果蔬饮品", "肉制品"]),
    ("新能源产业链", "38", ["储能电池", "风电装备", "光伏组件"]),
    ("生物医药产业链", "27", ["生物医药", "医药中间体"]),
    ("数字经济产业链", "65", ["软件信息", "数据服务"]),
    ("文化旅游产业链", "90", ["文化旅游", "康养"]),
]
KINDS = {
    ActivityKind.OUTBOUND: 34, ActivityKind.DELEGATION: 30, ActivityKind.CONFERENCE: 10,
    ActivityKind.ONLINE: 20, ActivityKind.SIGNING: 6,
}  # fmt: skip
TARGETS = {
    TargetRegion.BEIJING_TIANJIN_HEBEI: 28, TargetRegion.YANGTZE_DELTA: 32,
    TargetRegion.GREATER_BAY: 20, TargetRegion.OTHER: 20,
}  # fmt: skip
# GB/T 2260 code where an investor from each origin is registered (Hong Kong: none).
ORIGIN_CODES = {
    "北京": "110105", "天津": "120116", "河北": "130102", "上海": "310115", "江苏": "320506",
    "浙江": "330106", "安徽": "340104", "广东": "440106", "深圳": "440305", "广州": "440106",
    "山东": "370102", "辽宁": "210102", "福建": "350102", "四川": "510107", "湖北": "420106",
    "吉林": "220104", "黑龙江": "230103", "河南": "410105",
}  # fmt: skip
# The stage a lead reached, by how many days ago it came in.
FUNNEL = [
    (30, {Stage.LEAD: 45, Stage.ASSESSMENT: 35, Stage.NEGOTIATION: 15, Stage.LOST: 5}),
    (180, {Stage.LEAD: 5, Stage.ASSESSMENT: 15, Stage.NEGOTIATION: 30, Stage.SIGNED: 10,
           Stage.ON_HOLD: 15, Stage.LOST: 25}),
    (None, {Stage.NEGOTIATION: 10, Stage.SIGNED: 12, Stage.REGISTERED: 8, Stage.ON_HOLD: 18,
            Stage.LOST: 52}),
]  # fmt: skip
PARTICIPANTS = ["市领导、招商局、相关县区", "招商小组成员", "县区主要领导、园区管委会"]
MONTH_WEIGHTS = [0.5, 0.6, 1.1, 1.2, 1.2, 1.1, 1.0, 0.9, 1.1, 1.0, 1.1, 0.9]
COLUMNS = {
    Chain: ["id", "name", "region_id", "leader_id", "description"],
    PromotionGroup: ["id", "name", "region_id", "chain_id"],
    Activity: ["id", "kind", "held_on", "title", "region_id", "group_id", "leader_id", "place",
               "target_region", "target_place", "participants", "enterprises_met"],
    Lead: ["id", "investor_name", "investor_credit_code", "source", "region_id", "industry_id",
           "chain_id", "target_id", "activity_id", "group_id", "intended_investment", "content",
           "land_needs", "support_requested", "received_on", "responded_on", "assessed_on",
           "answered_on", "stage", "stage_reason"],
    LeadStageChange: ["id", "lead_id", "on", "from_stage", "to_stage", "reason", "actor_id"],
    Contract: ["id", "lead_id", "name", "signed_on", "signing_event", "contracted_investment",
               "counterparty", "counterparty_credit_code", "region_id", "chain_id", "group_id",
               "registered_on", "project_id"],
    FundsArrival: ["id", "contract_id", "arrived_on", "amount", "explanation"],
}  # fmt: skip


def generate(ctx):
    Promotion(ctx, ctx.rng("promotion")).run()


class Promotion:
    def __init__(self, ctx, rng):
        self.ctx, self.rng = ctx, rng
        self.rows = {model: [] for model in COLUMNS}
        self.lead_codes = set()  # a credit code is on one lead only
        counts = {}
        for plan in ctx.plans:
            counts[plan.county] = counts.get(plan.county, 0) + 1
        self.county = Choice(counts)
        self.kind, self.target = Choice(KINDS), Choice(TARGETS)
        days = (ctx.as_of - ctx.start).days + 1
        self.day = Choice({d: MONTH_WEIGHTS[(ctx.start + d * DAY).month - 1] for d in range(days)})

    def run(self):
        self.chains()
        self.activities()
        self.linked_leads()
        self.open_leads()
        for model, rows in self.rows.items():
            ids = self.ctx.ids(model, len(rows))
            for pk, row in zip(ids, rows, strict=True):
                row[0] = pk
        self.resolve_links()
        for investor in self.ctx.investors.values():
            investor[3] = investor[3][0] if investor[3] else None
        for model, rows in self.rows.items():
            self.ctx.writer.write(model, COLUMNS[model], (tuple(row) for row in rows))

    # rows refer to each other by the row (a list) until ids are given -------------------------

    def add(self, model, *values):
        row = [None, *values]
        self.rows[model].append(row)
        return row

    def resolve_links(self):
        for rows in self.rows.values():
            for row in rows:
                for i, value in enumerate(row):
                    if isinstance(value, list):
                        row[i] = value[0]

    # chains, groups, activities ---------------------------------------------------------------

    def chains(self):
        rng, ctx = self.rng, self.ctx
        self.city_chains = {}
        for city in ctx.cities:
            chosen = rng.sample(CHAINS, rng.randint(3, 5))
            self.city_chains[city.pk] = []
            for name, division, words in chosen:
                leader = rng.choice(ctx.people[city.pk])
                chain = self.add(Chain, name, city.pk, leader, "")
                group = self.add(PromotionGroup, f"{full_name(city)}{name}招商组", city.pk, chain)
                self.city_chains[city.pk].append((chain, group, division, words))

    def activities(self):
        rng, ctx = self.rng, self.ctx
        self.held = {city.pk: [] for city in ctx.cities}  # (date, row), sorted at the end
        for _ in range(round(ctx.size * ACTIVITIES_PER_PROJECT)):
            county = self.county(rng)
            city = ctx.city_of[county.pk]
            if city.pk not in self.city_chains:
                continue
            on = ctx.start + self.day(rng) * DAY
            kind, target = self.kind(rng), self.target(rng)
            origin = rng.choice(ORIGINS[target])
            chain, group, _, words = rng.choice(self.city_chains[city.pk])
            who = place(county) if rng.random() < 0.55 else full_name(city)
            name = chain[1]
            title = {
                ActivityKind.OUTBOUND: f"赴{origin}开展{name}招商对接",
                ActivityKind.DELEGATION: f"{origin}客商来{who}考察{name}项目",
                ActivityKind.CONFERENCE: f"{who}{name}专题招商推介会（{origin}）",
                ActivityKind.ONLINE: f"{name}线上招商洽谈（{origin}客商）",
                ActivityKind.SIGNING: f"{who}{name}项目签约仪式",
            }[kind]
            met = "、".join(self.company(origin, words) for _ in range(rng.randint(1, 3)))
            leader = rng.choice(ctx.people[city.pk]) if rng.random() < 0.4 else None
            where = origin if kind == ActivityKind.OUTBOUND else who
            who_went = rng.choice(PARTICIPANTS)
            row = self.add(
                Activity, kind, on, title, county.pk, group, leader, where, target, origin,
                who_went, met,
            )  # fmt: skip
            self.held[city.pk].append((on, len(self.held[city.pk]), row))
        for held in self.held.values():
            held.sort(key=lambda item: item[:2])

    def company(self, origin, words):
        rng = self.rng
        return f"{origin}{rng.choice(BRANDS)}{rng.choice(words)}{rng.choice(SUFFIXES)}"

    def source_activity(self, city, before):
        """An activity of the city in the 75 days before the date, if any (it produced the lead)."""
        held = self.held.get(city.pk, [])
        low = bisect.bisect_left(held, (before - 75 * DAY,))
        high = bisect.bisect_right(held, (before, len(held)))
        return self.rng.choice(held[low:high])[2] if high > low else None

    # leads and contracts ----------------------------------------------------------------------

    def linked_leads(self):
        """Signed enterprise projects of the library: their lead, contract and funds."""
        rng, ctx = self.rng, self.ctx
        for plan in ctx.plans:
            if plan.parent is not None or plan.source not in (PRIV, FOR, CSOE):
                continue
            if not plan.signed or plan.signed < ctx.start or rng.random() >= LINKED_SHARE:
                continue
            chains = self.city_chains.get(plan.city.pk, [])
            fitting = [c for c in chains if c[2] == plan.division] or [None]
            chain = rng.choice(fitting)
            received = plan.signed - rng.randint(35, 150) * DAY
            code = plan.credit if plan.credit not in self.lead_codes else ""
            assessed = received + rng.randint(1, 3) * DAY
            talks = received + rng.randint(8, max(8, (plan.signed - received).days - 5)) * DAY
            stages = [
                (assessed, Stage.ASSESSMENT),
                (min(talks, plan.signed - DAY), Stage.NEGOTIATION),
                (plan.signed, Stage.SIGNED),
            ]
            registered = plan.signed + rng.randint(15, 120) * DAY
            if registered <= ctx.as_of and (not plan.started or registered <= plan.started):
                stages.append((registered, Stage.REGISTERED))
            else:
                registered = None
            if plan.started:
                stages.append((plan.started, Stage.STARTED))
            lead = self.lead(plan.county, received, plan.investor, code, plan.total, chain, stages)
            self.contract(lead, plan.name, plan.signed, plan.total, plan.investor, plan.credit,
                          plan.county, chain, registered, plan)  # fmt: skip

    def open_leads(self):
        """Leads from outside investors, each at the stage its age makes likely."""
        rng, ctx = self.rng, self.ctx
        funnel = [(days, Choice(weights)) for days, weights in FUNNEL]
        for _ in range(round(ctx.size * LEADS_PER_PROJECT)):
            county = self.county(rng)
            chains = self.city_chains.get(ctx.city_of[county.pk].pk)
            if not chains:
                continue
            chain = rng.choice(chains)
            received = ctx.start + self.day(rng) * DAY
            age = (ctx.as_of - received).days
            stage = next(c for days, c in funnel if days is None or age < days)(rng)
            target = self.target(rng)
            origin = rng.choice(ORIGINS[target])
            brand, word = rng.choice(BRANDS), rng.choice(chain[3])
            investor = f"{origin}{brand}{word}{rng.choice(SUFFIXES)}"
            code = ""
            if origin in ORIGIN_CODES and rng.random() < 0.6:
                code = new_credit_code(rng, ctx.credit_codes, ORIGIN_CODES[origin])
            amount = nice(max(1000, rng.lognormvariate(9.9, 0.9)))
            stages = self.path(received, stage)
            lead = self.lead(county, received, investor, code, amount, chain, stages)
            signed = next((on for on, s in stages if s == Stage.SIGNED), None)
            if signed:
                registered = next((on for on, s in stages if s == Stage.REGISTERED), None)
                name = f"{place(county)}{brand}{word}项目"
                contracted = nice(amount * rng.uniform(0.8, 1.2))
                self.contract(lead, name, signed, contracted, investor, code, county, chain,
                              registered, None)  # fmt: skip

    def path(self, received, stage):
        """Dated steps from the lead to ``stage``, none after ``as_of``."""
        rng, as_of = self.rng, self.ctx.as_of
        order = [Stage.ASSESSMENT, Stage.NEGOTIATION, Stage.SIGNED, Stage.REGISTERED]
        aside = stage in (Stage.ON_HOLD, Stage.LOST)
        last = Stage.NEGOTIATION if aside else stage
        steps, day = [], received
        for step, (low, high) in zip(order, [(1, 3), (5, 40), (20, 90), (15, 120)], strict=True):
            if stage == Stage.LEAD or (step == Stage.NEGOTIATION and aside and rng.random() < 0.3):
                break
            day = day + rng.randint(low, high) * DAY
            if day > as_of:
                return steps
            steps.append((day, step))
            if step == last:
                break
        if aside:
            day = day + rng.randint(15, 90) * DAY
            if day <= as_of:
                steps.append((day, stage))
        return steps

    def lead(self, county, received, investor, code, amount, chain, stages):
        """The lead with its timely (or not) answers and the dated stage history."""
        rng, ctx = self.rng, self.ctx
        if code:
            self.lead_codes.add(code)
        slow = rng.random() < 0.15
        answers = [(2, 5), (4, 12), (8, 25)] if slow else [(0, 1), (1, 3), (3, 7)]
        done = [received + rng.randint(*span) * DAY for span in answers]
        done = [day if day <= ctx.as_of else None for day in done]
        if not stages:  # still a bare lead: not assessed or answered yet
            done[1:] = [None, None]
        chain_row, group, division, words = chain or (None, None, None, None)
        city = ctx.city_of[county.pk]
        activity = self.source_activity(city, received)
        source = activity[3] if activity else rng.choice(SOURCES)
        final, reason = Stage.LEAD, ""
        lead = self.add(
            Lead, investor, code, source[:200], county.pk, ctx.divisions.get(division), chain_row,
            None, activity, group, str(amount), f"拟投资建设{rng.choice(words or ['产业'])}项目",
            rng.choice(LAND).format(n=rng.randint(1, 9)), rng.choice(SUPPORT), received, *done,
            final, reason,
        )  # fmt: skip
        for on, stage in stages:
            reason = rng.choice(LOST if stage == Stage.LOST else ON_HOLD) if stage in ASIDE else ""
            self.add(LeadStageChange, lead, on, final, stage, reason, None)
            final = stage
        lead[-2:] = [final, reason]
        if code:
            industry = ctx.divisions.get(division)
            ctx.investors.setdefault(code, [investor, county.pk, industry, chain_row])
        return lead

    def contract(self, lead, name, signed, amount, investor, code, county, chain, registered, plan):
        rng, ctx = self.rng, self.ctx
        chain_row, group = (chain[0], chain[1]) if chain else (None, None)
        event = ""
        if rng.random() < 0.3:
            season = "春季" if signed.month <= 6 else "秋季"
            event = f"{full_name(ctx.city_of[county.pk])}{signed.year}年{season}招商项目集中签约"
        contract = self.add(
            Contract, lead, name[:200], signed, event, str(amount), investor, code, county.pk,
            chain_row, group, registered, plan.id if plan else None,
        )  # fmt: skip
        begin = registered or (plan.started if plan else None)
        if begin is None or begin > ctx.as_of - 20 * DAY:
            return
        arrived = amount * rng.randint(20, 90) / 100
        parts = rng.randint(1, 3)
        span = (ctx.as_of - begin).days
        for offset in sorted(rng.randint(5, span) for _ in range(parts)):
            self.add(FundsArrival, contract, begin + offset * DAY, f"{arrived / parts:.1f}", "")
