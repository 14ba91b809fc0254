"""Demo enterprises, 2022–2024, for `manage.py seed_demo`: figures, commissioners, outcomes.

The investors of the demo projects, leads and contracts are already enterprises (matched by credit
code when those were saved); this module reuses them and adds the others the articles call for.
What the seed articles (/work/shared/seeds/) give is used as given (1 亿元 = 10,000 万元):

- 001 (Anshan): "the total output value of Anshan's industrial enterprises above designated size
  is expected to reach 350 billion yuan by 2023, and the number of industrial enterprises above
  designated size exceeds 850". The demo keeps the output value and scales the number to a tenth:
  in 2023, 86 enterprises above designated size ("more than 85") with an output value of exactly
  35,000,000 万元 (3,500 亿元). Angang (its steel and its mining company, both named in the seed
  projects) and a dozen other large enterprises carry most of it, as Angang does in Anshan; the
  rest is spread over the matched industrial investors and a few more.
- 001: the "Enterprise Multiplication Project": enterprises of over 10, 5 and 1 billion yuan of
  output, and "upgrading small to above size": the large enterprises straddle the tiers of 10, 50
  and 100 亿元, some just below the next one; a handful of small industrial enterprises have a
  main business income just under the 2,000 万元 threshold.
- 004 (Anlu): "dispatched special commissioners to 105 enterprises over the designated size ...
  The accumulated tax reduction and fee reduction from January to August reached 573 million
  yuan, which promoted the intention of cooperation between financial institution and 24
  enterprises, accounting for 1.798 billion yuan": Anlu's enterprises above designated size get a
  commissioner; from January to August 2023 (the year the promotion demo gives that article)
  their tax and fee reduction totals exactly 57,300 万元 and exactly 24 of them are matched with
  financing totalling 179,800 万元.
- 002 (Shuangyashan): Fengfan promised 1.5 billion yuan of sales, 250 million of profit, 100
  million of tax and 300 jobs; it is still under construction in the demo, so the outcomes are
  those of the demo projects that are in production: some deliver less than promised (and
  every project's first, partial year of production falls short), and the land area of the
  industrial ones is set so tax per mu (亩均税收) shows.

Everything else (the other companies' names and figures, the split between tax and fee relief,
banks, dates, visits and requests) is demo, drawn from ``random.Random(2024)`` so every load is the
same. The names of the added companies are invented. The Anshan demo user "commissioner" serves 15
enterprises; a commissioner for Shuangyashan and one for Anlu are added (password as the other
demo users). Rows are written through the models under ``acting_as`` (the services refuse past
dates, which a history needs); two requests become problems routed to the departments the problems
demo created, one of them closed.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Min

from accounts.choices import Role
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from core.changelog import acting_as
from core.models import Industry, Region
from core.validators import CREDIT_CODE_CHARS, credit_code_check_character
from enterprises.choices import BenefitKind
from enterprises.models import (
    Enterprise,
    EnterpriseYear,
    PolicyBenefit,
    ProjectOutcome,
    Request,
    Visit,
)
from problems.choices import Category as ProblemCategory
from problems.choices import ProblemStatus
from problems.demo import DEPARTMENTS
from problems.models import CategoryDeadline, Department, Problem
from projects.choices import Category, Status
from projects.demo.constants import ANLU, ANSHAN, LAST_EVENT, SHUANGYASHAN
from projects.demo.seeds import FENGFAN_CODE
from projects.models import Project, StatusChange

D = datetime.date
ONE, CENT = Decimal(1), Decimal("0.01")
YEARS = (2022, 2023, 2024)
CITIES = (ANSHAN, SHUANGYASHAN, ANLU)
INDUSTRIAL_SECTIONS = ("B", "C", "D")

ANSHAN_COUNT_2023 = 86  # "exceeds 850", scaled to a tenth
ANSHAN_OUTPUT_2023 = Decimal(35000000)  # "350 billion yuan" = 3,500 亿元 = 35,000,000 万元
ANLU_PERIOD = (D(2023, 1, 1), D(2023, 8, 31))  # "from January to August"
ANLU_TAX_AND_FEE = Decimal(57300)  # "573 million yuan"
ANLU_FINANCED = 24  # "24 enterprises"
ANLU_FINANCING = Decimal(179800)  # "1.798 billion yuan"
MIN_ABOVE = {SHUANGYASHAN: 30, ANLU: 30}
OFFICES = {
    ANSHAN: "office",
    SHUANGYASHAN: "sys_office",
    ANLU: "anlu_office",
}  # enough above-size enterprises in the other cities

ANGANG = "鞍钢股份有限公司"  # its 2022 figures mark the demo as loaded

# The large enterprises: name, county, GB/T 4754 division, output value 2022, 2023, 2024 (万元).
MAJORS = {
    ANSHAN: [
        (ANGANG, "210302", "31", 17200000, 18000000, 18350000),
        ("鞍钢集团矿业有限公司", "210303", "08", 4150000, 4600000, 4820000),
        ("海城镁都耐火材料集团有限公司", "210381", "30", 1020000, 1150000, 1230000),
        ("鞍钢化学科技有限公司", "210302", "25", 880000, 950000, 980000),  # close to 100 亿
        ("海城恒达钢铁有限公司", "210381", "31", 810000, 860000, 845000),  # close to 100 亿
        ("鞍山钢铁冶金炉材科技有限公司", "210311", "30", 580000, 620000, 655000),
        ("鞍山华融特钢有限公司", "210304", "31", 470000, 520000, 560000),  # crossed 50 亿 in 2023
        ("鞍山重型装备制造集团有限公司", "210303", "35", 400000, 460000, 485000),  # close to 50 亿
        ("岫岩鑫磊镁业有限公司", "210323", "30", 360000, 410000, 430000),  # close to 50 亿
        ("鞍山热电有限责任公司", "210302", "44", 350000, 380000, 372000),
        ("台安石化有限公司", "210321", "25", 220000, 240000, 262000),
        ("鞍山光缆有限公司", "210303", "38", 130000, 150000, 171000),
        ("鞍山千山阀门有限公司", "210311", "34", 78000, 92000, 97500),  # close to 10 亿
        ("鞍山立山轴承有限公司", "210304", "34", 70000, 85000, 88000),  # close to 10 亿
    ],
    SHUANGYASHAN: [
        ("黑龙江建龙钢铁有限公司", "230506", "31", 1080000, 1250000, 1310000),
        ("双鸭山矿业有限责任公司", "230502", "06", 1020000, 980000, 940000),  # close to 100 亿
        ("双鸭山宝清煤电有限公司", "230523", "44", 280000, 310000, 335000),
    ],
    ANLU: [
        ("湖北安陆中科铜箔有限公司", "420982", "39", 62000, 84000, 121000),  # 10 亿 in 2024
    ],
}

# Small industrial enterprises near the threshold (and a few others): county, name, division,
# main business income 2022, 2023, 2024 (万元). None of them is above designated size.
SMALL = [
    ("210381", "海城市鑫达镁制品有限公司", "30", 1210, 1480, 1860),
    ("210381", "海城恒远滑石粉有限公司", "10", 1350, 1620, 1720),
    ("210302", "鞍山博创智能装备有限公司", "34", 980, 1390, 1950),
    ("210311", "鞍山千山南果梨食品有限公司", "14", 1600, 1710, 1540),
    ("210321", "台安县瑞通农机制造有限公司", "35", 1420, 1580, 1650),
    ("210323", "岫岩玉润新材料有限公司", "30", 1100, 1300, 1510),
    ("210304", "鞍山立新精密铸造有限公司", "33", 1700, 1920, 2180),  # past the threshold
    ("210303", "鞍山铁西标准件有限公司", "33", 620, 700, 760),
    ("210302", "鞍山云鼎软件技术有限公司", "65", 1500, 1700, 1850),  # software: not industrial
    ("230503", "双鸭山岭东碳素制品有限公司", "30", 1250, 1500, 1780),
    ("230523", "宝清县绿源米业有限公司", "13", 1400, 1550, 1630),
    ("230521", "集贤县金穗农机制造有限公司", "35", 900, 1200, 1520),
    ("420982", "安陆市华祥乳胶制品有限公司", "29", 1300, 1600, 1920),
    ("420982", "安陆市聚鑫粮油机械有限公司", "35", 1500, 1680, 1750),
    ("420982", "安陆市德润纺织有限公司", "17", 1720, 1650, 1590),
]

COUNTIES = {
    ANSHAN: ["210302", "210303", "210304", "210311", "210321", "210323", "210381"],
    SHUANGYASHAN: ["230502", "230503", "230506", "230521", "230522", "230523", "230524"],
    ANLU: ["420982"],
}
PLACES = {
    "210302": "鞍山",
    "210303": "鞍山",
    "210304": "鞍山",
    "210311": "鞍山",
    "210321": "台安",
    "210323": "岫岩",
    "210381": "海城",
    "230502": "双鸭山",
    "230503": "双鸭山",
    "230506": "双鸭山",
    "230521": "集贤",
    "230522": "友谊",
    "230523": "宝清",
    "230524": "饶河",
    "420982": "安陆",
}
WORDS = ["恒信", "瑞达", "宏鑫", "金鼎", "华泰", "兴隆", "永盛", "润丰"]
WORDS += ["鑫源", "广达", "天宇", "博远", "正通", "东方", "三友", "长城"]
TRADES = {
    "30": "耐火材料",
    "31": "特钢",
    "33": "金属制品",
    "34": "机械",
    "35": "重工",
    "36": "汽车零部件",
    "38": "电气",
    "26": "化工",
    "13": "粮油",
    "39": "电子",
}
PLATFORMS = ("投资", "国有资产", "房地产", "市政")  # financing platforms, not producers

COMMISSIONERS = [
    # username, region, name, organisation, enterprises served (None: all above size)
    ("commissioner", ANSHAN, "郑专员", "鞍山市营商环境建设局", 15),
    ("sys_commissioner", SHUANGYASHAN, "孙专员", "双鸭山市营商环境建设监督局", 10),
    ("anlu_commissioner", ANLU, "周专员", "安陆市营商环境建设办公室", None),
]
BANKS = {
    ANSHAN: ["中国工商银行鞍山分行", "中国建设银行鞍山分行", "鞍山银行", "盛京银行鞍山分行"],
    SHUANGYASHAN: ["龙江银行双鸭山分行", "中国农业银行双鸭山分行", "中国银行双鸭山分行"],
    ANLU: [
        "中国工商银行安陆支行",
        "中国农业银行安陆市支行",
        "中国建设银行安陆支行",
        "湖北银行安陆支行",
        "湖北安陆农村商业银行",
        "中国邮政储蓄银行安陆市支行",
    ],
}
VISIT_TOPICS = [
    "走访了解企业一季度生产经营情况，宣传稳增长政策",
    "上门宣讲减税降费和研发费用加计扣除政策",
    "了解企业订单、用工和原材料价格变化情况",
    "协调企业新项目前期手续，现场查看扩产车间",
    "走访了解企业融资需求，对接银行授信",
    "了解企业技术改造和“专精特新”申报情况",
]
REQUESTS = [
    "希望协调银行增加流动资金贷款授信",
    "申请技术改造专项资金补助",
    "希望帮助招聘一线技术工人约30名",
    "希望协调解决厂区道路积水问题",
    "希望加快办理新增产能环评审批",
    "申请研发费用加计扣除政策辅导",
    "希望协调天然气供应价格",
    "希望组织对接省内下游采购企业",
]
# The requests that become problems: (city, category, department key, text, raised on, closed on)
PROBLEMS = [
    (
        ANSHAN,
        ProblemCategory.POWER,
        "power",
        "新建生产线增容用电申请已提交两个月，变压器增容方案尚未批复，影响设备调试",
        D(2023, 6, 8),
        D(2023, 7, 5),
    ),
    (
        ANSHAN,
        ProblemCategory.LAND,
        "land",
        "企业扩产项目需新增工业用地约30亩，用地指标尚未落实",
        D(2024, 3, 12),
        None,
    ),
    (
        ANLU,
        ProblemCategory.FINANCING,
        "finance",
        "企业流动资金紧张，申请续贷300万元尚未获批，请求协调金融机构支持",
        D(2023, 5, 16),
        D(2023, 6, 20),
    ),
]
RESOLUTIONS = {
    ProblemCategory.POWER: "供电公司现场勘查后出具增容方案，变压器增容工程已送电，设备恢复调试。",
    ProblemCategory.FINANCING: "市政府金融办组织银企对接，湖北银行安陆支行完成续贷并追加授信。",
}


@transaction.atomic
def load(stdout):
    if EnterpriseYear.objects.filter(enterprise__name=ANGANG, year=YEARS[0]).exists():
        stdout.write("demo enterprises: already loaded")
        return
    if not Project.objects.filter(code=FENGFAN_CODE).exists():
        raise LookupError("The demo projects are missing: load projects.demo first.")
    office = User.objects.filter(username="office").first()
    if office is None:
        raise LookupError("The demo user 'office' is missing: load accounts.demo first.")
    loader = Loader(office)
    with acting_as(office):
        loader.run()
    stdout.write(
        f"demo enterprises: {loader.created} added to {loader.matched} matched investors, "
        f"{loader.years} yearly figures, {loader.above[ANSHAN]} above designated size in Anshan "
        f"(2023 output value {ANSHAN_OUTPUT_2023 / 10000:,.0f} 亿元), {loader.visits} visits, "
        f"{loader.problems} requests turned into problems, {loader.benefits} policy benefits, "
        f"{loader.outcomes} project outcomes (created)"
    )


class Loader:
    def __init__(self, office):
        self.office = office
        self.rng = random.Random(2024)
        self.regions = {r.code: r for r in Region.objects.filter(code__in=[*CITIES, *PLACES])}
        self.divisions = {i.code: i for i in Industry.objects.filter(level="division")}
        if not self.divisions:
            raise LookupError("GB/T 4754 divisions are missing: run manage.py load_reference.")
        self.codes = set(Enterprise.objects.values_list("credit_code", flat=True))
        self.names = set(Enterprise.objects.values_list("name", flat=True))
        self.created = self.years = self.visits = self.problems = 0
        self.benefits = self.outcomes = 0
        self.matched = Enterprise.objects.count()
        self.offices = {
            city: User.objects.filter(username=username).first()
            for city, username in OFFICES.items()
        }
        self.above = {}  # city → [enterprise]
        self.output = {}  # enterprise pk → {year: output value}

    def run(self):
        for city in CITIES:
            self.above[city] = self.above_size(city)
        for county, name, division, *incomes in SMALL:
            self.small(county, name, division, incomes)
        self.commissioners()
        self.all_benefits()
        self.project_outcomes()
        self.above = {city: len(rows) for city, rows in self.above.items()}

    # enterprises ----------------------------------------------------------------------------

    def enterprise(self, name, county, division):
        """The enterprise of that name in the city, else a new one with a valid credit code."""
        found = Enterprise.objects.filter(
            name=name, region__code__startswith=_prefix(county)
        ).first()
        if found:
            return found
        enterprise = Enterprise(
            name=name,
            credit_code=self.credit_code(county),
            region=self.regions[county],
            industry=self.divisions.get(division),
        )
        enterprise.full_clean()
        enterprise.save()
        self.created += 1
        self.names.add(name)
        return enterprise

    def credit_code(self, county):
        """91 + region + a GB 11714 organisation code ("MA…", registered since 2015) + check."""
        while True:
            body = "MA" + "".join(self.rng.choice(CREDIT_CODE_CHARS) for _ in range(6))
            first17 = "91" + county + _organisation_code(body)
            code = first17 + credit_code_check_character(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def matched_producers(self, city):
        """The matched investors of the city that are industrial companies, by credit code."""
        rows = (
            Enterprise.objects.filter(
                region__code__startswith=_prefix(city),
                credit_code__startswith="91",
                industry__parent__code__in=INDUSTRIAL_SECTIONS,
                above_designated_size=False,
            )
            .select_related("region")
            .order_by("credit_code")
        )
        return [e for e in rows if not any(word in e.name for word in PLATFORMS)]

    def invented(self, city, count):
        """``count`` more industrial companies of the city, with invented names."""
        made = []
        counties, trades = COUNTIES[city], list(TRADES)
        while len(made) < count:
            county = counties[len(made) % len(counties)]
            division = trades[self.rng.randrange(len(trades))]
            name = f"{PLACES[county]}{self.rng.choice(WORDS)}{TRADES[division]}有限公司"
            if name in self.names:
                continue
            made.append(self.enterprise(name, county, division))
        return made

    def above_size(self, city):
        """The city's enterprises above designated size, with their figures of 2022–2024."""
        majors = []
        for name, county, division, *outputs in MAJORS[city]:
            majors.append((self.enterprise(name, county, division), outputs))
        taken = {enterprise.pk for enterprise, _outputs in majors}
        producers = [e for e in self.matched_producers(city) if e.pk not in taken]
        if city == ANSHAN:
            wanted = ANSHAN_COUNT_2023 - len(majors)
            rest = (producers + self.invented(city, max(wanted - len(producers), 0)))[:wanted]
            total = ANSHAN_OUTPUT_2023 - sum(Decimal(outputs[1]) for _e, outputs in majors)
            outputs_2023 = self.spread(total, len(rest), floor=3000)
        else:
            wanted = max(MIN_ABOVE[city] - len(majors), len(producers))
            rest = producers + self.invented(city, wanted - len(producers))
            outputs_2023 = [Decimal(self.rng.randint(4000, 150000)) for _ in rest]
        for enterprise, value in zip(rest, outputs_2023, strict=True):
            before = _round(value * Decimal(self.rng.uniform(0.86, 1.04)), ONE)
            after = _round(value * Decimal(self.rng.uniform(0.94, 1.14)), ONE)
            majors.append((enterprise, (before, value, after)))
        chosen = []
        for enterprise, outputs in majors:
            enterprise.above_designated_size = True
            enterprise.save(update_fields=["above_designated_size"])
            for year, output in zip(YEARS, outputs, strict=True):
                self.figures(enterprise, year, Decimal(output))
            chosen.append(enterprise)
        return chosen

    def spread(self, total, count, floor):
        """``count`` whole amounts of at least ``floor`` summing exactly to ``total``."""
        weights = [self.rng.lognormvariate(0, 1.1) for _ in range(count)]
        room = total - floor * count
        values = [_round(floor + room * Decimal(w / sum(weights)), ONE) for w in weights]
        values[-1] += total - sum(values)
        return values

    def figures(self, enterprise, year, output, income=None):
        income = income or _round(output * Decimal(self.rng.uniform(0.93, 1.0)), CENT)
        margin = Decimal(self.rng.uniform(-0.02, 0.09))
        row = EnterpriseYear(
            enterprise=enterprise,
            year=year,
            output_value=output,
            main_business_income=income,
            profit=_round(income * margin, CENT),
            tax=_round(income * Decimal(self.rng.uniform(0.025, 0.06)), CENT),
            employees=min(int(output / self.rng.randint(180, 260)) + 12, 38000),
        )
        row.full_clean()
        row.save()
        self.years += 1
        self.output.setdefault(enterprise.pk, {})[year] = output

    def small(self, county, name, division, incomes):
        enterprise = self.enterprise(name, county, division)
        for year, income in zip(YEARS, incomes, strict=True):
            income = Decimal(income)
            self.figures(enterprise, year, _round(income * Decimal("1.03"), CENT), income)

    # commissioners and their visits ---------------------------------------------------------

    def commissioners(self):
        departments = {
            (city, key): Department.objects.filter(
                name=DEPARTMENTS[city][key], region=self.regions[city]
            ).first()
            for city, _category, key, *_rest in PROBLEMS
        }
        for username, city, name, organisation, count in COMMISSIONERS:
            user = self.commissioner(username, city, name, organisation)
            served = self.above[city] if count is None else self.served(city, count)
            for enterprise in served:
                enterprise.commissioner = user
                enterprise.save(update_fields=["commissioner"])
            problems = [p for p in PROBLEMS if p[0] == city]
            self.visit_all(user, served[:8] if count is None else served, problems, departments)

    def served(self, city, count):
        """The commissioner's share: a few large ones, and every third of the others."""
        rows = self.above[city]
        chosen = [*rows[3:6], *rows[len(MAJORS[city]) :: 3], *rows]
        return list(dict.fromkeys(chosen))[:count]

    def commissioner(self, username, city, name, organisation):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=Role.COMMISSIONER,
                region=self.regions[city],
                last_name=name[:1],
                first_name=name[1:],
                organisation=organisation,
                email=f"{username}@demo.groundbreak.local",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def visit_all(self, user, enterprises, problems, departments):
        """Two visits a year to each enterprise, with requests; some requests become problems."""
        waiting = list(problems)
        for position, enterprise in enumerate(enterprises):
            for year in (2023, 2024):
                for half in (0, 1):
                    if (position + half) % 2:
                        continue  # every other half-year
                    month = self.rng.randint(2, 6) + 6 * half
                    on = min(D(year, month, self.rng.randint(1, 28)), LAST_EVENT)
                    problem = None
                    if waiting and waiting[0][4].year == year and waiting[0][4].month // 7 == half:
                        problem = waiting.pop(0)
                        on = problem[4]
                    self.visit(user, enterprise, on, problem, departments)

    def visit(self, user, enterprise, on, problem, departments):
        with acting_as(user):
            visit = Visit(
                enterprise=enterprise,
                commissioner=user,
                visited_on=on,
                content=self.rng.choice(VISIT_TOPICS),
            )
            visit.full_clean()
            visit.save()
            texts = self.rng.sample(REQUESTS, self.rng.randint(1, 2))
            if problem:
                texts = [problem[3], *texts[:1]]
            requests = [Request.objects.create(visit=visit, description=text) for text in texts]
        self.visits += 1
        if problem:
            department = departments[(problem[0], problem[2])]
            if department is None:
                department = Department.objects.filter(region=self.regions[problem[0]]).first()
            if department is not None:
                self.to_problem(user, requests[0], problem, department)

    def to_problem(self, user, request, spec, department):
        """The request becomes a problem (as the one-click service would), then its story."""
        _city, category, _key, text, raised_on, closed_on = spec
        problem = Problem(
            enterprise=request.visit.enterprise,
            category=category,
            description=text,
            raised_by=user,
            raised_on=raised_on,
            department=department,
            deadline=CategoryDeadline.default_deadline(category, start=raised_on),
        )
        problem.full_clean()
        with acting_as(user):
            problem.save()
            request.problem = problem
            request.save(update_fields=["problem"])
        worker = department.members.first() or self.offices.get(spec[0]) or self.office
        self.step(problem, worker, status=ProblemStatus.IN_PROGRESS)
        if closed_on:
            resolved_on = closed_on - datetime.timedelta(days=5)
            self.step(
                problem,
                worker,
                status=ProblemStatus.RESOLVED,
                resolution=RESOLUTIONS[category],
                resolved_on=resolved_on,
            )
            self.step(
                problem, user, status=ProblemStatus.CLOSED, satisfaction=5, closed_on=closed_on
            )
        self.problems += 1

    @staticmethod
    def step(problem, actor, **changes):
        for name, value in changes.items():
            setattr(problem, name, value)
        with acting_as(actor):
            problem.save(update_fields=list(changes))

    # policy benefits ------------------------------------------------------------------------

    def benefit(self, enterprise, kind, on, amount, bank=""):
        row = PolicyBenefit(
            enterprise=enterprise,
            kind=kind,
            granted_on=min(on, LAST_EVENT),
            amount=amount,
            bank=bank,
        )
        row.full_clean()
        row.save()
        self.benefits += 1

    def day(self, start, end):
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def all_benefits(self):
        self.anlu_article()
        for city in CITIES:
            for year in (2023, 2024):
                self.yearly_benefits(city, year)

    def anlu_article(self):
        """January–August 2023 in Anlu: 57,300 万元 of tax and fee relief, 24 firms financed."""
        rows = sorted(self.above[ANLU], key=lambda e: -self.output[e.pk][2023])
        start, end = ANLU_PERIOD
        tax = _round(ANLU_TAX_AND_FEE * Decimal("0.7"), ONE)  # demo: the split
        taxes = self.spread(tax * 2, len(rows) * 2, floor=20)  # twice each: in spring, in summer
        taxes = [value / 2 for value in taxes]
        fees = self.spread(ANLU_TAX_AND_FEE - tax, len(rows), floor=10)
        middle = D(2023, 4, 30)
        for position, enterprise in enumerate(rows):
            self.benefit(
                enterprise, BenefitKind.TAX_REDUCTION, self.day(start, middle), taxes[2 * position]
            )
            self.benefit(
                enterprise,
                BenefitKind.TAX_REDUCTION,
                self.day(middle + datetime.timedelta(days=1), end),
                taxes[2 * position + 1],
            )
            self.benefit(
                enterprise, BenefitKind.FEE_REDUCTION, self.day(start, end), fees[position]
            )
        financed = rows[:ANLU_FINANCED]
        amounts = [value * 10 for value in self.spread(ANLU_FINANCING / 10, len(financed), 100)]
        for enterprise, amount in zip(financed, amounts, strict=True):
            bank = self.rng.choice(BANKS[ANLU])
            self.benefit(enterprise, BenefitKind.FINANCING, self.day(start, end), amount, bank)

    def yearly_benefits(self, city, year):
        """Relief, subsidies and financing outside the Anlu article's months."""
        rows = self.above[city]
        if city == ANLU and year == 2023:
            start = ANLU_PERIOD[1] + datetime.timedelta(days=1)
        else:
            start = D(year, 1, 1)
        end = D(year, 12, 31)
        for enterprise in rows:
            output = self.output[enterprise.pk][year]
            rate = Decimal(self.rng.uniform(0.0008, 0.002))
            self.benefit(
                enterprise,
                BenefitKind.TAX_REDUCTION,
                self.day(start, end),
                _round(output * rate, CENT),
            )
            if self.rng.random() < 0.5:
                amount = _round(output * rate / 4, CENT)
                self.benefit(enterprise, BenefitKind.FEE_REDUCTION, self.day(start, end), amount)
        for enterprise in self.rng.sample(rows, min(6, len(rows))):
            amount = Decimal(self.rng.randint(5, 50) * 10)
            self.benefit(enterprise, BenefitKind.SUBSIDY, self.day(start, end), amount)
        for enterprise in self.rng.sample(rows, min(5, len(rows))):
            amount = Decimal(self.rng.randint(10, 200) * 100)
            bank = self.rng.choice(BANKS[city])
            self.benefit(enterprise, BenefitKind.FINANCING, self.day(start, end), amount, bank)

    # project outcomes -----------------------------------------------------------------------

    def project_outcomes(self):
        """Outcomes of the industrial projects in production; land areas so tax per mu shows.

        An outcome is recorded for each year 2023–2024 with at least six months of production,
        in proportion to those months (the first year falls short of an annual promise). The
        projects producing since 2023 that promised nothing get a demo promise, so that a full
        year is compared; every third promise is not kept.
        """
        projects = Project.objects.filter(
            status__in=(Status.IN_PRODUCTION, Status.AT_CAPACITY), category=Category.INDUSTRIAL
        ).order_by("code", "name")
        since = dict(
            StatusChange.objects.filter(project__in=projects, to_status=Status.IN_PRODUCTION)
            .values("project")
            .annotate(first=Min("on"))
            .values_list("project", "first")
        )
        kept = 0
        for project in projects:
            began = since.get(project.pk) or D(2024, 1, 1)
            self.prepare(project, began)
            short = False
            if project.promised_sales is not None or project.promised_tax is not None:
                short = kept % 3 == 1
                kept += 1
            for year in range(max(began.year, 2023), 2025):
                months = 12 if year > began.year else 12 - began.month + 1
                if months >= 6:
                    self.outcome(project, year, Decimal(months) / 12, short)

    def prepare(self, project, began):
        """A land area (and, producing since 2023 without one, a promise) for the project."""
        total, fields = project.total_investment, []
        if project.land_area_mu is None:
            # demo: about 350 万元 of investment per mu, a usual intensity for industry
            project.land_area_mu = _round(total / 350, CENT)
            fields.append("land_area_mu")
        promised = [project.promised_sales, project.promised_profit, project.promised_tax]
        if began.year < 2024 and all(value is None for value in promised):
            # demo: what the investor promised at signing, for yearly sales about 1.2 times the
            # investment, a 10 % margin and 5 % of sales in tax
            project.promised_sales = _round(total * Decimal("1.2"), ONE)
            project.promised_profit = _round(project.promised_sales / 10, ONE)
            project.promised_tax = _round(project.promised_sales / 20, ONE)
            project.promised_jobs = project.promised_jobs or int(total / 250) + 20
            fields += ["promised_sales", "promised_profit", "promised_tax", "promised_jobs"]
        if fields:
            project.save(update_fields=fields)

    def outcome(self, project, year, share, short):
        """Each figure: the promise (or a usual yield of the investment) × the year's share."""
        total = project.total_investment
        low, high = (0.62, 0.88) if short else (0.96, 1.15)

        def figure(promise, usual):
            base = promise if promise is not None else usual
            return _round(Decimal(base) * Decimal(self.rng.uniform(low, high)) * share, CENT)

        jobs = project.promised_jobs or int(total / 300) + 10
        row = ProjectOutcome(
            project=project,
            year=year,
            sales=figure(project.promised_sales, total * Decimal("1.1")),
            profit=figure(project.promised_profit, total * Decimal("0.088")),
            tax=figure(project.promised_tax, total * Decimal("0.044")),
            jobs=int(jobs * (self.rng.uniform(0.8, 0.95) if short else 1)),
        )
        row.full_clean()
        row.save()
        self.outcomes += 1


# helpers ------------------------------------------------------------------------------------

ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _organisation_code(body):
    """GB 11714: eight characters and their check character (0–9 or X)."""
    total = sum(ORG_CHARS.index(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _prefix(code):
    return code if code == ANLU else code[:4]


def _round(value, quantum):
    return Decimal(value).quantize(quantum, ROUND_HALF_UP)
