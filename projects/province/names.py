"""Names of the generated province: places, projects, investors and their credit codes, people."""

import math
import re

from core.validators import CREDIT_CODE_CHARS, credit_code_check_character
from projects.choices import InvestmentSource
from projects.demo.generated import _plain, _round
from projects.demo.loader import _organisation_code
from projects.demo.vocabulary import (
    BRANDS,
    BUSINESS,
    CENTRAL_BUILDERS,
    CENTRAL_GROUPS,
    CENTRAL_MAKERS,
    COMMERCIAL,
    DIVISION_OFFICE,
    DIVISION_SOE,
    FOREIGN,
    GOV_OFFICE,
    LOCAL_SOE,
    NAMES,
    PLACES,
    PRODUCTS,
    PUBLIC_ONLY,
    ROADS,
)
from projects.province.shapes import IND

CSOE, LSOE, PRIV, FOR, GOV = (
    InvestmentSource.CENTRAL_SOE,
    InvestmentSource.LOCAL_SOE,
    InvestmentSource.PRIVATE,
    InvestmentSource.FOREIGN,
    InvestmentSource.GOVERNMENT,
)
RIVERS = {"21": ["辽河", "浑河", "太子河", "大凌河", "小凌河", "柳河", "绕阳河", "大洋河"]}
OTHER_RIVERS = ["境内主要河道"]
SUFFIX = re.compile(
    r"^(.{2,}?)(?:(?:满|蒙古|回|锡伯|朝鲜|土家|苗|瑶|壮|彝|藏|侗)族)*(?:自治县|县|市|区|旗)$"
)
MUNICIPALITIES = {"11", "12", "31", "50"}
AUTONOMOUS = {
    "15": "自治区",
    "45": "壮族自治区",
    "54": "自治区",
    "64": "回族自治区",
    "65": "维吾尔自治区",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文关"  # noqa: E501
GIVEN = "伟刚勇毅俊峰强军平东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信杰涛昌成康星光天达安岩中茂进林有坚和博诚先振会思群豪邦承乐绍功松善厚庆磊民友裕哲江超浩亮政谦奇宏鸣朋斌栋维启克伦翔旭鹏泽晨士建家树德行泰盛雄钧冠策腾航弘秀娟英华慧巧美娜静淑惠玉萍红玲芬芳燕春兰凤洁梅琳云莲雪荣霞艳瑞佳琼桂丽敏"  # noqa: E501


def place(region):
    """The place a name starts with: 海城 for 海城市, 岫岩 for 岫岩满族自治县."""
    found = SUFFIX.match(region.name_zh)
    return found.group(1) if found else region.name_zh


def full_name(region):
    """The region's name with its suffix, as a list or an office writes it (辽宁省, 鞍山市)."""
    name = region.name_zh
    if region.level == "province":
        prefix = region.code[:2]
        suffix = "市" if prefix in MUNICIPALITIES else AUTONOMOUS.get(prefix, "省")
        return name if name.endswith(suffix) else name + suffix
    if region.level == "city":
        return name if name[-1] in "市州盟" or name.endswith("地区") else name + "市"
    return name


class Namer:
    """Project and investor names, credit codes: the same investor name keeps its code."""

    def __init__(self, rng, ctx):
        self.rng, self.ctx = rng, ctx
        self.rivers = RIVERS.get(ctx.province.code[:2], OTHER_RIVERS)
        self.codes = {}  # investor name → credit code

    # projects ---------------------------------------------------------------------------------

    def industrial(self, plan):
        """Name, division, capacity and brand of a factory, its capacity growing with the total;
        returns the product."""
        rng = self.rng
        product, division, unit, low, high, _ = rng.choice(PRODUCTS)
        share = min(max(math.log(plan.total / 500) / math.log(1000), 0), 1)
        capacity = _round(low * (high / low) ** share * rng.uniform(0.8, 1.25))
        brand = rng.choice(BRANDS)
        amount = f"{_plain(capacity)}{unit}"
        plan.name = rng.choice(
            [
                f"年产{amount}{product}项目",
                f"{brand}年产{amount}{product}项目",
                f"{brand}{product}生产基地项目",
                f"{brand}{product}扩能改造项目",
            ]
        )
        plan.division, plan.capacity, plan.unit, plan.brand = (
            division,
            capacity,
            f"{unit}/年",
            brand,
        )
        return product

    def public(self, plan, county, city):
        """Name and division of a public or commercial work, named after its county."""
        rng = self.rng
        patterns = NAMES[plan.category]
        if plan.source in (PRIV, FOR):
            patterns = [p for p in patterns if not any(w in p[0] for w in PUBLIC_ONLY)]
        elif plan.source == GOV:
            patterns = [p for p in patterns if not any(w in p[0] for w in COMMERCIAL)]
        pattern, plan.division = rng.choice(patterns or NAMES[plan.category])
        where = (
            full_name(city) + county.name_zh if county.name_zh.endswith("区") else county.name_zh
        )
        plan.name = pattern.format(
            c=where,
            n=rng.choice([1, 2, 3, 5, 8, 10]),
            road=rng.choice(ROADS),
            place=rng.choice(PLACES),
            river=rng.choice(self.rivers),
            y=plan.planned_start.year,
        )

    # investors --------------------------------------------------------------------------------

    def investor(self, plan, county, city):
        """The investor's name and credit code; local companies are often met again."""
        rng, source, division = self.rng, plan.source, plan.division
        town = place(city) if county.name_zh.endswith("区") else place(county)
        if source == GOV:
            office = DIVISION_OFFICE.get(division) or GOV_OFFICE[plan.category]
            name = f"{county.name_zh}{office}"
        elif source == LSOE:
            name = (DIVISION_SOE.get(division) or rng.choice(LOCAL_SOE[plan.category])).format(
                p=town
            )
        else:
            business = BUSINESS.get(division, "实业" if plan.category == IND else "发展")
            if source == CSOE:
                groups = CENTRAL_GROUPS.get(division) or (
                    CENTRAL_MAKERS if plan.category == IND else CENTRAL_BUILDERS
                )
                name = f"{rng.choice(groups)}（{town}）{business}有限公司"
            elif source == FOR:
                name = f"{rng.choice(FOREIGN)}（{town}）{business}有限公司"
            else:
                name = f"{town}{plan.brand or rng.choice(BRANDS)}{business}有限公司"
        return name, self.credit_code(name, county.code, source == GOV)

    def credit_code(self, name, region_code, agency=False):
        """GB 32100: 11 (an agency) or 91 (a company) + region + organisation code + check."""
        if name in self.codes:
            return self.codes[name]
        code = new_credit_code(self.rng, self.ctx.credit_codes, region_code, agency)
        self.codes[name] = code
        return code

    # people -----------------------------------------------------------------------------------

    def person(self):
        rng = self.rng
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        return rng.choice(SURNAMES) + given


def new_credit_code(rng, taken, region_code, agency=False):
    """A credit code not in ``taken`` (which it joins), with a valid check character."""
    while True:
        if agency:
            prefix, body = "11", "".join(rng.choice("0123456789") for _ in range(8))
        elif rng.random() < 0.7:  # registered since 2015: organisation code "MA…"
            prefix, body = "91", "MA" + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(6))
        else:
            prefix, body = "91", "".join(rng.choice("0123456789") for _ in range(8))
        first17 = prefix + region_code + _organisation_code(body)
        code = first17 + credit_code_check_character(first17)
        if code not in taken:
            taken.add(code)
            return code
