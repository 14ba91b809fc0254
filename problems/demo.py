"""Demo problems, departments and coordination meetings, 2023–2024: `manage.py seed_demo`.

What the seed articles say, told as problems:
- 002 (Shuangyashan, 2023-04-24): "a few days ago" the 100,000-ton natural graphite anode material
  project had to postpone its equipment installation; the development zone set up a special team
  "in one hour", and the company "got the power supply plan and design drawings in the shortest
  possible time": a power problem resolved within days and closed with the best rating.
- 000 (Anshan, 2023-07-24): the stalled Xi'anshan and Minmetals Chentaigou iron mines "received a
  much-needed investment injection of nearly 4 billion yuan in the first half": financing
  problems escalated step by step to the municipal coordination meeting, whose decision (capital
  from the owners, a bank syndicate arranged by the finance office) is recorded, then resolved.
Dates, departments' replies and ratings the articles do not give are demo values ("demo:").

Around them, about sixty generated problems of every category and escalation level over
2023–2024 (open, in progress, escalated, resolved, closed; some past their deadline at the end of
2024) and a second coordination meeting. Everything is written through the models, under
``acting_as``, one step at a time so the change log tells each problem's story: the services
refuse past dates, which a history needs, so this module keeps their rules itself (a closed
problem has a resolution and a rating, escalation climbs one level at a time, a meeting's
decision puts the problem back in hand with a new owner and deadline). Departments get no email
address or robot, and nothing is notified: loading the demo sends nothing.
"""

import datetime
import random

from django.db import transaction

from accounts.models import User
from core.changelog import acting_as
from core.models import Region
from problems.choices import Category, Level, ProblemStatus
from problems.models import AgendaItem, CategoryDeadline, Department, Meeting, Problem
from projects.choices import Status
from projects.demo.constants import ANLU, ANSHAN, LAST_EVENT, SHUANGYASHAN
from projects.demo.seeds import FENGFAN_CODE
from projects.models import Person, Project

D, DAY = datetime.date, datetime.timedelta(days=1)

GRAPHITE, XIANSHAN, CHENTAIGOU = (
    "10万吨天然石墨负极材料项目",
    "西鞍山铁矿项目",
    "五矿陈台沟铁矿项目",
)
SEED_NAMES = {GRAPHITE, XIANSHAN, CHENTAIGOU}
MEETING_2023 = "鞍山市重点项目推进协调会（2023年第1次）"  # its presence marks the demo as loaded
MEETING_2024 = "双鸭山市重点项目推进协调会（2024年第4次）"

# The departments of each city, by key (all names are the usual ones of such offices; the
# demo gives them no email address or robot, so nothing is ever sent).
DEPARTMENTS = {
    ANSHAN: {
        "land": "鞍山市自然资源局",
        "power": "国网鞍山供电公司",
        "eco": "鞍山市生态环境局",
        "approvals": "鞍山市行政审批局",
        "housing": "鞍山市住房和城乡建设局",
        "labor": "鞍山市人力资源和社会保障局",
        "finance": "鞍山市政府金融办",
        "drc": "鞍山市发展和改革委员会",
        "transport": "鞍山市交通运输局",
        "water": "鞍山市水务局",
        "business": "鞍山市营商环境建设局",
    },
    SHUANGYASHAN: {
        "land": "双鸭山市自然资源局",
        "power": "国网双鸭山供电公司",
        "eco": "双鸭山市生态环境局",
        "approvals": "双鸭山市行政审批局",
        "housing": "双鸭山市住房和城乡建设局",
        "labor": "双鸭山市人力资源和社会保障局",
        "finance": "双鸭山市政府金融办",
        "drc": "双鸭山市发展和改革委员会",
        "transport": "双鸭山市交通运输局",
        "water": "双鸭山市水务局",
        "business": "双鸭山市营商环境建设监督局",
    },
    ANLU: {
        "land": "安陆市自然资源和规划局",
        "power": "国网安陆市供电公司",
        "eco": "孝感市生态环境局安陆分局",
        "approvals": "安陆市行政审批局",
        "housing": "安陆市住房和城乡建设局",
        "labor": "安陆市人力资源和社会保障局",
        "finance": "安陆市政府金融办",
        "drc": "安陆市发展和改革局",
        "transport": "安陆市交通运输局",
        "water": "安陆市水利和湖泊局",
        "business": "安陆市营商环境建设办公室",
    },
}
OWNER = {
    Category.LAND: "land",
    Category.PLANNING: "land",
    Category.APPROVALS: "approvals",
    Category.ENVIRONMENT: "eco",
    Category.ENERGY: "drc",
    Category.POWER: "power",
    Category.WATER_GAS: "water",
    Category.ROADS: "transport",
    Category.FINANCING: "finance",
    Category.LABOR: "labor",
    Category.DEMOLITION: "housing",
    Category.POLICY: "drc",
    Category.OTHER: "business",
}
# Who raises a problem of a project in a region (the project unit for its own projects).
RAISERS = {"210381": "county", "210302": "county2", ANSHAN: "office"}
CITY_RAISERS = {ANSHAN: "office", SHUANGYASHAN: "sys_office", ANLU: "anlu_office"}

# What a problem of each category says, and how it was resolved ({n}: a number to fill in).
TEXTS = {
    Category.LAND: (
        [
            "项目二期约{n}亩建设用地尚未完成农用地转用和征收，影响按期开工",
            "土地出让手续未办结，不动产权证书尚未取得，无法办理后续施工手续",
            "项目用地范围内有{n}亩林地需办理使用林地审核审批",
        ],
        [
            "自然资源部门调剂用地计划指标，完成农转用和征收报批，已挂牌出让",
            "并联办理出让合同和不动产登记，权证已发放",
            "协调省林草部门办结使用林地审核，取得批复",
        ],
    ),
    Category.PLANNING: (
        [
            "规划设计方案审查意见要求调整容积率和建筑退线，方案需重新报审",
            "建设工程规划许可证办理滞后，影响施工许可办理",
        ],
        [
            "组织规划专班上门指导修改方案，召开专家论证会后批复",
            "容缺受理，规划许可证已核发",
        ],
    ),
    Category.APPROVALS: (
        [
            "施工许可证办理进度缓慢，消防设计审查尚未完成",
            "项目备案信息变更（建设规模调整）需重新办理",
            "施工图审查意见往返多次，审查周期过长",
        ],
        [
            "行政审批局开通绿色通道，联合审图后当日核发施工许可证",
            "线上办理备案变更，一个工作日办结",
            "实行“容缺+承诺”审批，施工图审查已通过",
        ],
    ),
    Category.ENVIRONMENT: (
        [
            "环境影响报告书尚未批复，主体工程无法开工",
            "排污许可证办理中，主要污染物总量指标缺口约{n}吨",
        ],
        [
            "生态环境部门提前介入指导，环评报告书已批复",
            "通过区域内减排项目调剂总量指标，排污许可证已核发",
        ],
    ),
    Category.ENERGY: (
        [
            "节能审查（能评）尚未批复，能耗指标缺口约{n}万吨标准煤",
            "项目用能权指标需市级统筹解决",
        ],
        [
            "发改部门统筹调剂能耗指标，节能审查意见已出具",
            "纳入市级能耗指标统筹保障清单，指标已落实",
        ],
    ),
    Category.POWER: (
        [
            "施工临时用电尚未接入，需增容{n}千伏安",
            "66千伏专线供电方案未确定，影响设备安装调试",
            "厂区变电站配套线路建设滞后",
        ],
        [
            "供电公司开辟绿色通道，临时用电已送电",
            "供电方案已批复，专线施工完成并送电",
            "配套线路已架设完成，具备送电条件",
        ],
    ),
    Category.WATER_GAS: (
        [
            "厂区供水管网未接通，生产用水无法保障",
            "天然气管道接入及用气指标尚未落实",
        ],
        [
            "水务部门完成管网延伸，已正式供水",
            "燃气公司完成管道接驳，用气指标已落实",
        ],
    ),
    Category.ROADS: (
        [
            "项目周边道路未打通，大型设备运输受阻",
            "厂区连接线道路建设滞后，约{n}米尚未硬化",
        ],
        [
            "交通部门协调临时便道，大件运输已通行",
            "连接线道路已完工并通车",
        ],
    ),
    Category.FINANCING: (
        [
            "项目资本金到位不足，银行贷款审批未通过，资金缺口约{n}亿元",
            "申请政策性开发性金融工具支持，需协调金融机构",
        ],
        [
            "金融办组织银企对接会，银团贷款已获批并首笔放款",
            "已获政策性开发性金融工具资金支持，资金到位",
        ],
    ),
    Category.LABOR: (
        [
            "技术工人短缺，招工缺口约{n}人",
            "施工高峰期劳务用工紧张，需协调劳务输出",
        ],
        [
            "人社部门举办专场招聘会并开展订单式培训，用工缺口已补齐",
            "协调劳务合作基地输送工人，用工已满足",
        ],
    ),
    Category.DEMOLITION: (
        [
            "项目红线内{n}户居民房屋征收尚未完成",
            "地上附着物清理及管线迁改未完成，影响场地移交",
        ],
        [
            "属地政府完成征收补偿协议签订，场地已移交",
            "住建部门牵头完成管线迁改，场地已具备施工条件",
        ],
    ),
    Category.POLICY: (
        [
            "招商引资协议约定的固定资产投资奖补政策尚未兑现",
            "申请纳入省重点项目以享受要素保障政策",
        ],
        [
            "奖补资金已按协议拨付到位",
            "已纳入省重点项目名单，享受要素保障政策",
        ],
    ),
    Category.OTHER: (
        [
            "施工现场周边群众反映噪声扰民，出现阻工",
            "冬季施工审批及安全保障措施需协调",
        ],
        [
            "属地街道组织协商，调整夜间施工时段，阻工问题化解",
            "审批冬季施工方案，安排专人驻场服务",
        ],
    ),
}
DECISIONS = [
    "会议议定：由{owner}牵头，限期解决；项目单位同步做好施工准备，进展每周报重点项目办。",
    "会议议定：{owner}会同属地政府开辟绿色通道，按“一事一议”方式专题推进，明确时限。",
    "会议议定：{owner}负责，市重点项目办跟踪督办，逾期未解决的提请市政府常务会议研究。",
]

# The generated problems: (what happens to them, their highest level, how many, city or None).
# "decided": escalated to the municipal meeting of 2024-12-18, which decided on them.
PLAN = [
    ("closed", Level.DEPARTMENT, 16, None),
    ("closed", Level.COUNTY, 4, None),
    ("closed", Level.PROVINCIAL, 1, ANLU),
    ("resolved", Level.DEPARTMENT, 8, None),
    ("resolved", Level.COUNTY, 2, None),
    ("open", Level.DEPARTMENT, 9, None),
    ("open_old", Level.DEPARTMENT, 2, None),
    ("in_progress", Level.DEPARTMENT, 7, None),
    ("escalated", Level.COUNTY, 4, None),
    ("escalated", Level.MUNICIPAL, 2, ANSHAN),
    ("escalated", Level.PROVINCIAL, 2, None),
    ("decided", Level.MUNICIPAL, 3, SHUANGYASHAN),
]
CITIES = [ANSHAN, SHUANGYASHAN, ANLU]


@transaction.atomic
def load(stdout):
    if Meeting.objects.filter(title=MEETING_2023).exists():
        stdout.write("demo problems: already loaded")
        return
    if not Project.objects.filter(code=FENGFAN_CODE).exists():
        raise LookupError("The demo projects are missing: load projects.demo first.")
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    if "office" not in users:
        raise LookupError("The demo user 'office' is missing: load accounts.demo first.")
    regions = {r.code: r for r in Region.objects.filter(code__in=CITIES)}
    loader = Loader(users, regions)
    with acting_as(users["office"]):
        loader.departments()
    loader.seeds()
    loader.generated()
    stats = loader.stats()
    stdout.write(
        f"demo problems: {stats['departments']} departments, {stats['problems']} problems "
        f"({stats['open']} open, {stats['overdue']} overdue at 2024-12-31), "
        f"{stats['meetings']} meetings with {stats['items']} decisions (created)"
    )


def _usernames():
    return {"office", "department", "unit", "leader", *RAISERS.values(), *CITY_RAISERS.values()}


def _city(code):
    return ANLU if code.startswith(ANLU) else code[:4] + "00"


class Loader:
    def __init__(self, users, regions):
        self.users, self.regions = users, regions
        self.rng = random.Random(2025)
        self.depts = {}

    # departments ----------------------------------------------------------------------------

    def departments(self):
        for city, named in DEPARTMENTS.items():
            for key, name in named.items():
                found = Department.objects.filter(name=name, region=self.regions[city]).first()
                self.depts[(city, key)] = found or Department.objects.create(
                    name=name, region=self.regions[city]
                )
        department_user = self.users.get("department")
        if department_user:  # the demo department user works at Anshan's natural resources
            self.depts[(ANSHAN, "land")].members.add(department_user)

    def dept(self, project, key):
        return self.depts[(_city(project.region.code), key)]

    def actor_for(self, department):
        """Who acts for a department: its member if it has one, else the city's office."""
        member = department.members.first()
        return member or self.users.get(CITY_RAISERS[_city(department.region.code)])

    def raiser_for(self, project):
        if project.unit_members.filter(username="unit").exists() and "unit" in self.users:
            return self.users["unit"]
        code = project.region.code
        key = RAISERS.get(code) or CITY_RAISERS[_city(code)]
        return self.users.get(key) or self.users["office"]

    def office_for(self, project):
        return self.users.get(CITY_RAISERS[_city(project.region.code)]) or self.users["office"]

    # one problem's story, step by step ------------------------------------------------------

    def raise_(self, project, category, description, department, raised_on, deadline=None):
        raiser = self.raiser_for(project)
        problem = Problem(
            project=project,
            category=category,
            description=description,
            raised_by=raiser,
            raised_on=raised_on,
            department=department,
            lead_leader=project.leader,
            deadline=deadline or CategoryDeadline.default_deadline(category, start=raised_on),
        )
        problem.full_clean()
        with acting_as(raiser):
            problem.save()
        return problem

    def step(self, problem, actor, **changes):
        for name, value in changes.items():
            setattr(problem, name, value)
        with acting_as(actor):
            problem.save(update_fields=list(changes))

    def take(self, problem):
        assert problem.status == ProblemStatus.OPEN
        self.step(problem, self.actor_for(problem.department), status=ProblemStatus.IN_PROGRESS)

    def escalate(self, problem):
        """One level up, as ``escalate_problem`` allows."""
        assert problem.is_open and problem.level < Level.PROVINCIAL
        self.step(
            problem,
            self.office_for(problem.project),
            status=ProblemStatus.ESCALATED,
            level=problem.level + 1,
        )

    def decide(self, meeting, problem, decision, owner, new_deadline):
        """The meeting puts the escalated problem on its agenda and decides on it."""
        assert problem.status == ProblemStatus.ESCALATED and problem.level == meeting.level
        office = self.office_for(problem.project)
        with acting_as(office):
            item = AgendaItem.objects.create(meeting=meeting, problem=problem)
            item.decision, item.owner, item.new_deadline = decision, owner, new_deadline
            item.save(update_fields=["decision", "owner", "new_deadline"])
        self.step(
            problem,
            office,
            department=owner,
            deadline=new_deadline,
            status=ProblemStatus.IN_PROGRESS,
        )
        return item

    def resolve(self, problem, resolution, on):
        assert problem.is_open and resolution.strip() and on >= problem.raised_on
        self.step(
            problem,
            self.actor_for(problem.department),
            status=ProblemStatus.RESOLVED,
            resolution=resolution,
            resolved_on=on,
        )

    def close(self, problem, satisfaction, on):
        """The raiser verifies the resolution and rates it."""
        assert problem.status == ProblemStatus.RESOLVED and problem.resolution.strip()
        assert 1 <= satisfaction <= 5 and on >= problem.resolved_on
        self.step(
            problem,
            problem.raised_by or self.office_for(problem.project),
            status=ProblemStatus.CLOSED,
            satisfaction=satisfaction,
            closed_on=on,
        )

    # the seed articles ----------------------------------------------------------------------

    def seeds(self):
        projects = {p.name: p for p in Project.objects.filter(name__in=SEED_NAMES)}
        graphite = projects.get(GRAPHITE)
        if graphite is not None:
            self.graphite(graphite)
        mines = [projects[name] for name in (XIANSHAN, CHENTAIGOU) if name in projects]
        if mines:
            self.iron_mines(mines)

    def graphite(self, project):
        """Article 002: installation postponed, power plan and drawings within days."""
        # demo: "a few days ago" before 2023-04-24; raised 04-14, answered 04-17, closed 04-19.
        problem = self.raise_(
            project,
            Category.POWER,
            "施工中遇到困难，设备安装计划被迫推迟：厂区供电方案尚未确定，配套设计图纸未出，"
            "设备无法按计划安装调试，请求协调解决。",
            self.dept(project, "power"),
            D(2023, 4, 14),
        )
        self.take(problem)
        self.resolve(
            problem,
            "双鸭山经济技术开发区一小时成立工作专班、一小时进驻施工现场、一小时提出“一事一议”"
            "解决意见；国网双鸭山供电公司在最短时间内出具供电方案，设计单位交付设计图纸，相关"
            "手续全部协调办结，设备安装恢复推进。",
            D(2023, 4, 17),
        )
        # The company's words in the article: "We praise such a business environment."
        self.close(problem, 5, D(2023, 4, 19))

    def iron_mines(self, mines):
        """Article 000: the stalled mines, unblocked by nearly 4 billion yuan in the first half."""
        problems = []
        texts = {
            XIANSHAN: "项目停滞多年，建设资金缺口大：项目资本金未足额到位，银行贷款审批未通过，"
            "复工建设资金无法保障，请求协调融资。",
            CHENTAIGOU: "项目因融资方案调整暂停施工，复工所需资金尚未落实，请求协调金融机构支持。",
        }
        for project in mines:
            # demo dates: raised in January 2023, county coordination, then the city's meeting
            problem = self.raise_(
                project,
                Category.FINANCING,
                texts[project.name],
                self.dept(project, "finance"),
                D(2023, 1, 9),
            )
            self.take(problem)
            self.escalate(problem)  # 2023-01: the district's coordination could not close it
            self.escalate(problem)  # to the municipal coordination meeting
            problems.append(problem)
        leader = Person.objects.filter(user__username="leader").first() or mines[0].leader
        meeting = self.meeting(
            MEETING_2023,
            D(2023, 2, 24),
            self.regions[ANSHAN],
            leader,
            "研究西鞍山铁矿、五矿陈台沟铁矿等停滞项目复工融资问题。（会议日期为演示估算）",
        )
        finance = self.depts[(ANSHAN, "finance")]
        for problem in problems:
            self.decide(
                meeting,
                problem,
                "会议议定：由项目业主单位落实项目资本金；市政府金融办牵头协调政策性银行和"
                "商业银行组建银团贷款，上半年资金到位，确保项目复工建设。",
                finance,
                D(2023, 6, 30),
            )
        for problem in problems:
            self.resolve(
                problem,
                "按市协调会决定，业主单位资本金到位，银团贷款获批放款，项目复工建设；上半年"
                "西鞍山铁矿、五矿陈台沟铁矿等停滞项目注入资金近40亿元，融资问题解决。",
                D(2023, 6, 28),
            )
            self.close(problem, 5, D(2023, 7, 10))

    def meeting(self, title, held_on, region, chair, notes):
        level = Level.MUNICIPAL
        with acting_as(self.users["office"]):
            return Meeting.objects.create(
                title=title, held_on=held_on, level=level, region=region, chair=chair, notes=notes
            )

    # the generated problems -----------------------------------------------------------------

    def generated(self):
        rng = self.rng
        pools = self.pools()
        categories = list(Category)
        rng.shuffle(categories)
        number = 0
        decided = []
        for fate, level, count, city in PLAN:
            for _ in range(count):
                category = categories[number % len(categories)]
                where = city or CITIES[number % len(CITIES)]
                number += 1
                project = rng.choice(pools[where])
                problem = self.story(project, category, fate, level)
                if fate == "decided":
                    decided.append(problem)
        for project in self.unit_projects():
            self.unit_story(project)
        if decided:
            self.meeting_2024(decided)

    def pools(self):
        """The projects of each city that problems are raised on (not the seed stories')."""
        projects = (
            Project.objects.exclude(status=Status.CANCELLED)
            .exclude(name__in=SEED_NAMES)
            .exclude(unit_members__username="unit")
            .select_related("region", "leader")
            .order_by("pk")
        )
        pools = {city: [] for city in CITIES}
        for project in projects:
            pools.setdefault(_city(project.region.code), []).append(project)
        return pools

    def text(self, category, index):
        raised, resolved = TEXTS[category]
        fill = self.rng.choice([3, 5, 8, 12, 20, 30, 45, 60, 120])
        return raised[index % len(raised)].format(n=fill), resolved[index % len(resolved)]

    def story(self, project, category, fate, level):
        rng = self.rng
        index = rng.randrange(3)
        description, resolution = self.text(category, index)
        department = self.dept(project, OWNER[category])
        if fate in {"closed", "resolved"}:
            latest = D(2024, 10, 31) if fate == "closed" else D(2024, 11, 30)
            earliest = D(2023, 1, 5) if fate == "closed" else D(2024, 9, 1)
            raised = _between(rng, earliest, latest)
        elif fate == "open":
            raised = _between(rng, D(2024, 11, 25), D(2024, 12, 18))
        elif fate == "open_old":
            raised = _between(rng, D(2024, 5, 1), D(2024, 8, 31))
        elif fate == "in_progress":
            raised = _between(rng, D(2024, 11, 12), D(2024, 12, 12))
        elif fate == "decided":
            raised = _between(rng, D(2024, 8, 15), D(2024, 10, 15))
        elif level == Level.PROVINCIAL:  # long stuck: the city could not solve them
            raised = _between(rng, D(2024, 4, 1), D(2024, 7, 31))
        elif level == Level.MUNICIPAL:  # waiting for the next municipal meeting
            raised = _between(rng, D(2024, 10, 1), D(2024, 11, 20))
        else:
            raised = _between(rng, D(2024, 9, 20), D(2024, 11, 25))
        problem = self.raise_(project, category, description, department, raised)
        if fate in {"open", "open_old"}:
            return problem
        self.take(problem)
        allowed = (problem.deadline - raised).days
        day = raised
        for _ in range(level - 1):  # climbs one level at a time, a week or more apart
            day = min(day + rng.randint(7, max(8, allowed)) * DAY, LAST_EVENT - 10 * DAY)
            self.escalate(problem)
        if fate in {"in_progress", "escalated", "decided"}:
            return problem
        if rng.random() < 0.7:  # most are resolved by their deadline
            resolved = raised + rng.randint(2, max(allowed, 2)) * DAY
        else:
            resolved = problem.deadline + rng.randint(3, 45) * DAY
        resolved = min(max(resolved, day + DAY), LAST_EVENT)
        self.resolve(problem, resolution, resolved)
        if fate == "closed":
            closed = min(resolved + rng.randint(1, 10) * DAY, LAST_EVENT)
            self.close(problem, rng.choices([5, 4, 3, 2], [55, 30, 10, 5])[0], closed)
        return problem

    def unit_projects(self):
        return list(
            Project.objects.filter(unit_members__username="unit", region__code__startswith="2103")
            .select_related("region", "leader")
            .order_by("pk")
        )

    def unit_story(self, project):
        """The demo project unit's own problems, all with Anshan's natural resources bureau (the
        demo department user): one to work on, one in hand, one resolved for the unit to close."""
        land = self.depts[(ANSHAN, "land")]
        if project.actual_start:
            resolved = self.raise_(
                project,
                Category.PLANNING,
                "二期厂房建设工程规划许可证办理滞后，影响二期施工许可办理。",
                land,
                D(2024, 11, 4),
            )
            self.take(resolved)
            self.resolve(
                resolved,
                "容缺受理，建设工程规划许可证已核发，请项目单位确认。",
                D(2024, 11, 25),
            )
            self.raise_(
                project,
                Category.LAND,
                "二期约30亩建设用地尚未完成征收，需协调土地组卷报批。",
                land,
                D(2024, 12, 9),
            )
        else:
            waiting = self.raise_(
                project,
                Category.LAND,
                "项目用地不动产权证书尚未取得，无法办理施工许可，计划开工时间已过。",
                land,
                D(2024, 10, 28),
            )
            self.take(waiting)

    def meeting_2024(self, problems):
        region = self.regions[SHUANGYASHAN]
        chair = (
            Person.objects.filter(name="韩志强", region__code__startswith="2305").first()
            or problems[0].project.leader
        )
        meeting = self.meeting(
            MEETING_2024,
            D(2024, 12, 18),
            region,
            chair,
            "听取各县区、各部门重点项目问题办理情况汇报，研究提请市级协调的问题。",
        )
        for number, problem in enumerate(problems):
            owner = problem.department
            self.decide(
                meeting,
                problem,
                DECISIONS[number % len(DECISIONS)].format(owner=owner.name),
                owner,
                D(2025, 3, 31) if number % 2 else D(2025, 1, 31),
            )

    # the figures for the log line -----------------------------------------------------------

    def stats(self):
        end = D(2024, 12, 31)
        problems = Problem.objects.all()
        overdue = (
            problems.filter(raised_on__lte=end, deadline__lt=end)
            .exclude(resolved_on__lte=end)
            .count()
        )
        return {
            "departments": len(self.depts),
            "problems": problems.count(),
            "open": problems.open().count(),
            "overdue": overdue,
            "meetings": Meeting.objects.count(),
            "items": AgendaItem.objects.exclude(decision="").count(),
        }


def _between(rng, first, last):
    return first + rng.randint(0, (last - first).days) * DAY
