"""What the demo monthly reports look like: seasons, kinds of works, stages, words, and one
project's months (Site): when it works, what it completes, how far it is."""

import calendar
import datetime
import math

from projects.choices import Category, Status
from projects.demo.constants import ANLU, ANSHAN, SHUANGYASHAN, YEARS

D, DAY = datetime.date, datetime.timedelta(days=1)
MONTHS = [(y, m) for y in YEARS for m in range(1, 13)]

# Monthly intensity of construction, January to December. Liaoning and Heilongjiang: the Spring
# Festival and frozen ground make January–February slow, the "spring concentrated start" comes in
# March–April (later in Heilongjiang), May–October is the season, and work slows before the
# winter. Anlu (Hubei) is milder: only the festival, the summer heat and the rains slow it.
SEASON = {
    ANSHAN: [0.15, 0.22, 0.75, 1.05, 1.15, 1.2, 1.15, 1.1, 1.2, 1.15, 0.85, 0.6],
    SHUANGYASHAN: [0.08, 0.12, 0.5, 0.95, 1.2, 1.25, 1.2, 1.15, 1.25, 1.1, 0.65, 0.3],
    ANLU: [0.6, 0.5, 0.95, 1.05, 1.1, 1.05, 0.95, 0.95, 1.1, 1.15, 1.05, 1.0],
}
# Outdoor works in the north are near zero while the ground is frozen (indoor fitting goes on).
FROZEN = {ANSHAN: {1: 0.2, 2: 0.3, 12: 0.7}, SHUANGYASHAN: {1: 0.15, 2: 0.2, 3: 0.6, 12: 0.5}}
INDOOR = {"industrial", "building"}

# Kinds of works, by words of the project's name (first match wins), else by category.
KIND_WORDS = [
    ("wind", ("风电", "光伏")),
    ("grid", ("输变电", "千伏")),
    ("ecology", ("修复", "治理", "整治", "公园")),
    ("mine", ("矿",)),
    ("network", ("道路", "公路", "管网", "管廊", "供水", "雨污", "供热", "天然气", "基站")),
    ("renewal", ("老旧小区", "棚户区", "城市更新")),
    ("farm", ("种植", "农田", "育秧")),
]
KIND_OF_CATEGORY = {Category.INDUSTRIAL: "industrial", Category.ECOLOGY: "ecology"}

# Physical progress stages of each kind, in order: (from percent, what the site is doing).
STAGES = {
    "industrial": [
        (0, "场地平整及临建搭设"), (5, "土方开挖及桩基施工"), (12, "基础施工"),
        (22, "主体结构施工"), (35, "钢结构厂房吊装"), (45, "主体结构封顶，屋面及墙面围护施工"),
        (55, "设备基础施工，主要设备订货"), (62, "设备进场安装"), (72, "水电暖管网及设备安装"),
        (80, "设备安装调试"), (87, "生产线单机调试"), (92, "设备联动试车"), (95, "竣工验收准备"),
    ],
    "building": [
        (0, "场地平整及临建搭设"), (6, "基坑开挖及桩基施工"), (15, "基础及地下室结构施工"),
        (28, "主体结构施工"), (50, "主体结构封顶，二次结构施工"), (60, "外墙保温及幕墙施工"),
        (70, "室内装饰装修"), (80, "机电设备安装"), (88, "室外配套及绿化工程"),
        (95, "竣工验收准备"),
    ],
    "wind": [
        (0, "场内道路及吊装平台施工"), (15, "风机基础浇筑，升压站土建施工"), (40, "风机吊装"),
        (65, "风机吊装及集电线路施工"), (80, "升压站电气设备安装"), (88, "并网调试"),
        (94, "部分风机并网发电"),
    ],
    "grid": [
        (0, "线路复测及基础施工"), (20, "变电站土建施工"), (35, "铁塔组立"), (55, "架线施工"),
        (75, "变电站电气设备安装"), (88, "设备调试"), (94, "验收及送电准备"),
    ],
    "network": [
        (0, "施工准备及测量放线"), (10, "沟槽开挖及路基施工"), (30, "管道铺设"),
        (50, "路面基层施工"), (70, "路面摊铺及路面恢复"), (85, "附属设施及交通标志施工"),
        (95, "竣工验收准备"),
    ],
    "mine": [
        (0, "基建剥离工程"), (15, "井巷掘进"), (30, "选矿厂土建施工"), (45, "选矿厂主体施工"),
        (58, "尾矿库建设"), (68, "选矿设备安装"), (80, "供电及排水系统安装"), (90, "联合试运转"),
    ],
    "ecology": [
        (0, "场地清理及土方工程"), (20, "边坡治理及排水工程"), (40, "河道清淤及护岸工程"),
        (60, "覆土及植被恢复"), (80, "景观绿化"), (92, "后期养护及竣工验收准备"),
    ],
    "renewal": [
        (0, "施工准备及入户摸排"), (10, "老旧管网拆除"), (25, "供水供热管网更新"),
        (45, "外墙保温及屋面防水施工"), (65, "楼道及公共设施改造"), (80, "道路硬化及停车位建设"),
        (90, "绿化及附属设施施工"), (96, "竣工验收准备"),
    ],
    "farm": [
        (0, "土地平整"), (15, "田间道路施工"), (35, "灌排设施施工"), (55, "设施大棚建设"),
        (75, "配套设备安装"), (90, "土壤改良及地力提升"), (96, "竣工验收准备"),
    ],
}  # fmt: skip

# What the month was like, by city kind and month (only some months say something).
NORTH_SEASON = {
    1: ["冬季施工期，室外作业暂停，开展设备订货和施工准备", "春节前后施工放缓，做好冬季安全管理"],
    2: ["春节假期后组织人员返岗，做好开复工准备", "冬季停工期，抓紧办理施工许可等手续"],
    3: ["气温回升，组织复工复产", "参加全市春季集中开工，全面复工"],
    4: ["春季集中开工，全面开展施工", "抢抓春季施工黄金期，加快施工进度"],
    7: ["雨季施工，做好防汛措施", "多作业面同步推进"],
    8: ["雨季施工，做好防汛措施"],
    10: ["抢抓冬季封冻前施工黄金期", "倒排工期，加快室外工程施工"],
    11: ["气温下降，室外作业逐步收尾", "做好冬季施工准备"],
    12: ["进入冬季，室外作业基本停止，转入室内施工", "做好冬季停工期安全管理"],
}
SOUTH_SEASON = {
    1: ["春节前后施工放缓"],
    2: ["春节后组织复工，工人陆续返岗", "节后及时组织复工复产"],
    3: ["参加春季集中开工，全面复工"],
    6: ["梅雨季节，合理安排工序"],
    7: ["高温天气，错峰施工"],
    8: ["高温天气，错峰施工"],
    12: ["抢抓年底施工节点，完成年度计划"],
}
ISSUES = [
    "受连续降雨影响，部分工序延后",
    "钢材等主要材料价格上涨，施工成本增加",
    "施工用电问题经协调已解决",
    "部分设备到货延迟，已协调厂家加快供货",
    "融资贷款已到位，资金保障较好",
    "施工人员充足，双班作业",
]
SEED_NOTES = {  # what the seed articles say, in the month it happened
    ("10万吨天然石墨负极材料项目", 2023, 4): "设备安装计划推迟，经开区专班“一事一议”协调供电方案"
    "和设计图纸",
    ("西鞍山铁矿项目", 2023, 6): "复工后加快建设，上半年与陈台沟铁矿合计完成投资近40亿元",
    ("五矿陈台沟铁矿项目", 2023, 6): "复工后加快建设，上半年与西鞍山铁矿合计完成投资近40亿元",
    ("鞍钢烧结机环保升级改造项目", 2023, 6): "项目建成并试车成功",
    ("风帆储能设备制造项目", 2023, 4): "参加全省重点项目集中开工双鸭山分会场",
}

# The reviewer's reasons, and corrections after approval: (reason, approved figure ÷ first figure).
RETURN_REASONS = [
    "本月完成投资与形象进度不匹配，请核实后重新报送",
    "缺少现场照片等佐证材料，请补充",
    "本月完成投资含土地购置费，不符合统计口径，请剔除",
    "施工人数与现场核查不符，请核实",
    "开工累计完成投资与上月数据不衔接，请核对",
]
CORRECTIONS = [
    ("统计部门核查：剔除未实际支付的设备预付款", 0.85),
    ("审计核减：剔除重复计入的材料费", 0.9),
    ("补录漏报的设备购置投资", 1.15),
    ("补录已完成未结算的工程量", 1.1),
]
OVER_TOTAL = "设计变更增加环保及配套设施，总投资调整已报发改部门审批"
ROUTINE = ["施工正常推进", "按计划有序推进", "各作业面同步推进", "施工组织有序，进度符合计划"]
STALLED_SITE = "停工，现场留守人员看护"


def work_kind(name, category):
    for kind, words in KIND_WORDS:
        if any(word in name for word in words):
            return kind
    farm = category == Category.AGRICULTURE
    return KIND_OF_CATEGORY.get(category, "farm" if farm else "building")


def intensity(city, kind, month):
    """How much of a normal month's work a site does in this calendar month."""
    frozen = 1 if kind in INDOOR else FROZEN.get(city, {}).get(month, 1)
    return SEASON[city][month - 1] * frozen


def stage(kind, percent):
    return [phrase for start, phrase in STAGES[kind] if percent >= start][-1]


def season_phrase(rng, city, month):
    phrases = (SOUTH_SEASON if city == ANLU else NORTH_SEASON).get(month)
    always = city != ANLU and month in (1, 2, 12)  # nobody forgets the northern winter
    return rng.choice(phrases) if phrases and (always or rng.random() < 0.6) else ""


def base_workers(total):
    """Workers on a busy month's site, by total investment (万元)."""
    return min(max(2.2 * math.sqrt(total), 12), 1500)


def year_factor(rng):
    """A project's year against its plan: most 80–110 %, a few laggards, a few ahead."""
    draw = rng.random()
    if draw < 0.06:
        return rng.uniform(0.4, 0.7)
    if draw < 0.13:
        return rng.uniform(1.1, 1.25)
    return rng.triangular(0.8, 1.1, 0.98)


def last_day(i):
    year, month = MONTHS[i]
    return D(year, month, calendar.monthrange(year, month)[1])


class Site:
    """One project's 24 months: when it works, what it completes, how far it is."""

    def __init__(self, project, history, plans):
        self.project, self.plans, self.children, self.parent = project, plans, [], None
        code = project.region.code
        self.city = ANLU if code == ANLU else code[:4] + "00"
        self.kind = work_kind(project.name, project.category)
        self.total = float(project.total_investment)
        self.stalls = []  # [stalled on, resumed on or None, reason, resume reason]
        for change in history:
            if change.kind == "stall":
                self.stalls.append([change.on, None, change.reason, ""])
            elif change.kind == "resume" and self.stalls:
                self.stalls[-1][1], self.stalls[-1][3] = change.on, change.reason
        self.frac = [self._working(y, m) for y, m in MONTHS]
        self.amounts, self.weights = [0.0] * len(MONTHS), [0.0] * len(MONTHS)
        self.overrun = False
        self.forced = {}  # month index → workflow state (an anomaly seeded on purpose)
        self.seeded_correction = None  # month index corrected down later (idem)

    def stalled_on(self, day):
        return any(s <= day and (r is None or day < r) for s, r, *_ in self.stalls)

    def _working(self, year, month):
        """Share of the month's days worked; None when the project is not under way."""
        p, days = self.project, calendar.monthrange(year, month)[1]
        first, last = D(year, month, 1), D(year, month, days)
        end = p.actual_completion
        if not p.actual_start or p.status == Status.CANCELLED or p.actual_start > last:
            return None
        if end and end < first:
            return None
        span = [first + d * DAY for d in range(days)]
        worked = [d for d in span if p.actual_start <= d and not (end and d > end)]
        return sum(1 for d in worked if not self.stalled_on(d)) / days

    def own_plan(self, year):
        plan = self.plans.get(year)
        if not self.children:
            return plan
        return max((plan or 0) - sum(c.plans.get(year, 0) for c in self.children), 0)

    def planned_weight(self, year):
        p = self.project
        lo = max(p.planned_start or D(year, 1, 1), D(year, 1, 1))
        hi = min(p.planned_completion or D(year, 12, 31), D(year, 12, 31))
        weight = 0.0
        for month in range(1, 13):
            first = D(year, month, 1)
            last = D(year, month, calendar.monthrange(year, month)[1])
            days = (min(hi, last) - max(lo, first)).days + 1
            if days > 0:
                weight += intensity(self.city, self.kind, month) * days / last.day
        return weight

    def generate(self, rng, fixed, boost):
        """The year's figure from the plan, spread over the months worked by season.

        ``fixed``: year → factor of the plan (a seed article's figure), else drawn; ``boost``:
        year → multiplier of the drawn factor.
        """
        p = self.project
        for year in YEARS:
            idx = [i for i, (y, _) in enumerate(MONTHS) if y == year and self.frac[i]]
            for i in idx:
                season = intensity(self.city, self.kind, MONTHS[i][1])
                self.weights[i] = season * self.frac[i]
            noisy = {i: self.weights[i] * rng.lognormvariate(0, 0.22) for i in idx}
            worked = sum(noisy.values())
            plan = self.own_plan(year)
            if not worked or plan == 0:
                continue
            if plan is None:  # under way outside the lists: a share of the total
                planned = p.planned_start and p.planned_completion
                months = (p.planned_completion - p.planned_start).days / 30 if planned else 0
                share = sum(self.frac[i] for i in idx) / max(months, 6)
                target = self.total * min(share, 0.5) * rng.uniform(0.5, 0.8)
            else:
                # a late start or a stall costs part of the year, a finish does not
                ratio = worked / (self.planned_weight(year) or worked)
                finished = p.actual_completion and p.actual_completion.year == year
                factor = fixed.get(year)
                if finished or ratio >= 1 or factor:
                    ratio = 1
                factor = factor or year_factor(rng) * boost.get(year, 1)
                target = plan * factor * max(ratio, 0.4) ** 0.4
            for i, weight in noisy.items():
                self.amounts[i] = target * weight / worked
        for i, (year, month) in enumerate(MONTHS):
            last = D(year, month, calendar.monthrange(year, month)[1])
            upkeep = self.own_plan(year) != 0 and self.frac[i] == 0 and self.stalled_on(last)
            if upkeep and rng.random() < 0.5:
                base = self.plans.get(year) or self.total * 0.2
                self.amounts[i] = min(base * rng.uniform(0.0005, 0.002), rng.uniform(3, 30))

    def lean(self, year, k):
        """Lean the year towards its first months (k > 1), smoothly, keeping its total."""
        idx = [i for i, (y, _) in enumerate(MONTHS) if y == year]
        before = sum(self.amounts[i] for i in idx)
        for i in idx:
            self.amounts[i] *= k ** ((6.5 - MONTHS[i][1]) / 5.5)
        after = sum(self.amounts[i] for i in idx)
        for i in idx:
            self.amounts[i] *= before / after if after else 0
