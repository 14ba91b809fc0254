"""Demo investment promotion, 2023–2024, for `manage.py seed_demo`.

Chains with their leaders, gaps and target enterprises; promotion groups; activities; leads at every
stage; contracts, funds arrived, and contracts that became projects on the library. What the seed
articles (/work/shared/seeds/) give is used as given (1 亿元 = 10,000 万元):

- 002 (Shuangyashan, 2023-04-24): "in the first quarter of this year, the city carried out 208
  investment promotion activities, resulting in 86 contracted projects with a contract value of
  45.6 billion yuan": 208 activities and 86 contracts of 4,560,000 万元 in all, signed from January
  to March 2023; "on April 13, Shuangyashan City joined hands with Zhongjia Minyuan Industrial Group
  to sign contracts for 12 projects" in industrial parks, biomedicine and energy agriculture;
  "8 industrial chain investment promotion groups"; the six leading industries (coal, electric
  power, steel, grain processing, new materials, tourism and health care) and the special classes
  (coal, food, digital); the party secretary Shao Guoqiang "led a team to Beijing, Hebei, Jiangsu,
  Guangdong" in February, county and district leaders "went to Shanghai and Guangxi, went to
  Zhejiang and Fujian"; the investment promotion meeting of the twelfth day of the first lunar
  month (2023-02-02); the key areas Beijing–Tianjin–Hebei, the Yangtze River belt, the Bohai Rim
  and the Greater Bay Area.
- 001 and 003 (Anshan): chains of steel and deep processing (refined and special steel; plates,
  wires, pipes, structures), iron ore (new mines such as Xishan and Chentaigou), magnesite (green
  mining, kilns, high-end refractories, magnesium building materials and chemicals), equipment
  manufacturing, new energy and new materials (the "double saddle" by-products: coal tar to battery
  materials, coke oven gas to hydrogen, iron oxide to magnetic materials, tailings to building
  materials), agricultural products processing. 000: nine projects signed at the symposium of
  central state-owned enterprises and Liaoning, among them the sodium-ion storage base and Angang's
  eastern mining area.
- 004 (Anlu): "three rounds of centralized signing activities ... with 32 projects signed" of over
  100 million yuan each, "the total investment of which was 16.28 billion yuan" (1,628,000 万元);
  Yongning Film Products, Hongkai Machinery, Climate Environmental Equipment settled; the delegation
  of 16 enterprises of the Pingyang County (Wenzhou) latex association on October 14; negotiation
  online and "Signing in Video"; China Sciences Group's copper foil expansion (7 亿元) signed.

Contracts of the seed projects (projects.demo) are linked to them, with the project's signing date
(its "signed" history), county, investor and total investment; some other contracts become new
projects on the library, written through the model and ``change_status`` (past dates are fine
there). Everything the articles do not give (the other companies, dates, single amounts, leads,
funds, registration) is demo, drawn from ``random.Random(2023)`` so every load is the same, and
the names of companies known only from an English transliteration are best guesses. Rows are
written under ``acting_as`` the city's promotion or office user; leads are written at their final
stage with their dated stage history, since the services refuse nothing about the past but need
one step at a time.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from core.changelog import acting_as
from core.models import Industry, Region
from projects.choices import Category, InvestmentSource, Nature, Status
from projects.demo.constants import ANLU, ANSHAN, LAST_EVENT, SHUANGYASHAN
from projects.demo.vocabulary import PLACE
from projects.models import Person, Project
from projects.services import change_status
from promotion.choices import ActivityKind, Segment, Stage, TargetRegion
from promotion.models import (
    Activity,
    Chain,
    Contract,
    FundsArrival,
    Gap,
    Lead,
    LeadRules,
    LeadStageChange,
    PromotionGroup,
    TargetEnterprise,
)

D, DAY = datetime.date, datetime.timedelta(days=1)
UP, MID, DOWN = Segment.UPSTREAM, Segment.MIDSTREAM, Segment.DOWNSTREAM
BTH, YRD, GBA, OTHER = (
    TargetRegion.BEIJING_TIANJIN_HEBEI,
    TargetRegion.YANGTZE_DELTA,
    TargetRegion.GREATER_BAY,
    TargetRegion.OTHER,
)
OUT, DELEGATION, CONFERENCE, ONLINE, SIGNING = (
    ActivityKind.OUTBOUND,
    ActivityKind.DELEGATION,
    ActivityKind.CONFERENCE,
    ActivityKind.ONLINE,
    ActivityKind.SIGNING,
)

# Shuangyashan, first quarter of 2023 (article 002)
Q1_ACTIVITIES, Q1_CONTRACTS, Q1_VALUE = 208, 86, 4560000  # 456 亿元
APRIL_13 = D(2023, 4, 13)
APRIL_13_EVENT = "双鸭山市与中嘉民源实业集团项目集中签约（2023年4月13日）"  # marks the demo loaded
ZHONGJIA = "中嘉民源实业集团有限公司"  # "Zhongjia Minyuan Industrial Group": transliterated guess
# Anlu's three rounds (article 004): 32 projects, 1,628,000 万元, every one of 1 亿元 or more.
# The dates are those of the seed projects' signings in projects.demo.
ANLU_ROUNDS = [
    ("安陆市2023年第一轮招商项目集中签约（视频连线）", D(2023, 5, 12), 11, 560000),
    ("安陆市2023年第二轮招商项目集中签约（视频连线）", D(2023, 8, 18), 11, 590000),
    ("安陆市2023年第三轮招商项目集中签约", D(2023, 11, 24), 10, 478000),
]
SYMPOSIUM = "央地合作推进辽宁全面振兴座谈会项目签约（鞍山）"  # article 000: nine projects
SYMPOSIUM_ON = D(2023, 6, 15)  # the date projects.demo gives the two seed projects' signing

# Where investors come from, by target region (a province or city for "other").
ORIGINS = {
    BTH: ["北京", "天津", "河北"],
    YRD: ["上海", "江苏", "浙江", "安徽"],
    GBA: ["广东", "深圳", "广州", "香港"],
    OTHER: ["山东", "辽宁", "福建", "四川", "湖北", "吉林", "黑龙江", "河南"],
}
BRANDS = [
    "恒业", "宏达", "华信", "金诚", "瑞丰", "鼎盛", "远大", "昌盛", "泰和", "众合",
    "博源", "新锐", "国泰", "永昌", "盛源", "天润", "嘉华", "汇通", "安泰", "中联",
    "德昌", "华晟", "鑫源", "聚能", "万通", "启航", "同创", "亿丰", "正泰和", "润丰",
]  # fmt: skip
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]
SOURCES = ["招商活动对接", "以商招商", "客商来访", "线上推介", "驻外招商小分队", "商协会推荐"]
LAND = [
    "工业用地约{n}0亩，需“七通一平”",
    "租赁标准化厂房约{n}000平方米",
    "工业用地约{n}00亩，分期供地",
    "利用园区现有闲置厂房改造",
]
SUPPORT = [
    "协调电力增容和供水",
    "申请固定资产投资补助和贴息",
    "协助办理环评、能评手续",
    "协调用工招聘和人才公寓",
    "协调原材料就地供应",
]
LOST = [
    "投资方最终选择落户外省园区",
    "项目不符合园区环保准入条件",
    "投资方资金链紧张，放弃投资",
    "产品市场变化，投资方取消计划",
]
ON_HOLD = [
    "投资方资金计划调整，项目暂缓",
    "用地指标待落实，暂缓推进",
    "投资方内部决策周期延长",
]
BACK = "投资方调整投资规模，退回重新评估"

# The chains, by key: city, name, leader (a person's name), group, industry division, project
# category, the words of investors' and projects' names, gaps, and target enterprises (name, where
# from, index of the gap). Gaps follow the articles; the target enterprises are invented.
CHAINS = [
    # --- Anshan (articles 001, 003) ---
    {
        "key": "as_steel",
        "city": ANSHAN,
        "name": "钢铁及深加工产业链",
        "leader": "吴市长",
        "group": "钢铁及深加工产业链招商组",
        "industry": "31",
        "words": ["精密钢管", "钢结构", "汽车零部件", "特钢制品", "金属制品"],
        "projects": [
            "{c}精密冷轧板深加工项目",
            "{c}高端钢结构件制造项目",
            "{c}无缝钢管精加工项目",
            "{c}汽车用钢激光拼焊项目",
            "{c}特钢棒线材深加工项目",
            "{c}装配式钢结构建筑部品项目",
        ],
        "gaps": [
            (MID, "精品钢和特殊钢：在粗钢产能不变的前提下发展高附加值产品"),
            (DOWN, "板材、线材、管材、结构件四大深加工门类的精深加工企业"),
            (DOWN, "新能源汽车电工钢下游的电机铁芯加工"),
        ],
        "targets": [
            ("江苏恒润精密管业有限公司", "江苏无锡", 1),
            ("浙江华晟汽车部件有限公司", "浙江宁波", 2),
            ("天津远大钢结构工程有限公司", "天津", 1),
            ("广东德昌电机铁芯有限公司", "广东佛山", 2),
        ],
        "description": "依托鞍钢，发展精品钢、特殊钢和板、线、管、结构件深加工，打造国家钢铁产业"
        "综合基地（据鞍山报道）。",
    },
    {
        "key": "as_magnesite",
        "city": ANSHAN,
        "name": "菱镁产业链",
        "leader": "刘振东",
        "group": "菱镁产业链招商组",
        "industry": "30",
        "words": ["耐火材料", "镁质材料", "镁化工", "新型建材"],
        "projects": [
            "{c}高端镁质耐火材料项目",
            "{c}电熔镁砂节能窑炉改造项目",
            "{c}镁质绿色建材项目",
            "{c}高纯氧化镁精细化工项目",
            "{c}菱镁尾矿综合利用项目",
        ],
        "gaps": [
            (UP, "菱镁资源整合与集团化绿色开采"),
            (MID, "轻烧、重烧窑炉的节能环保改造"),
            (DOWN, "高端镁质耐火材料、镁质建材、镁化工新品种"),
        ],
        "targets": [
            ("北京中联耐材科技有限公司", "北京", 2),
            ("山东鑫源镁业有限公司", "山东淄博", 0),
            ("上海同创新型建材有限公司", "上海", 2),
            ("河南聚能窑炉工程有限公司", "河南郑州", 1),
        ],
        "description": "完成菱镁资源整合，推进绿色开采和窑炉改造，发展高端镁质耐火材料、镁质建材和"
        "镁化工，打造世界级菱镁产业基地（据鞍山报道）。",
    },
    {
        "key": "as_iron",
        "city": ANSHAN,
        "name": "铁矿产业链",
        "leader": "高明远",
        "group": "铁矿产业链招商组",
        "industry": "08",
        "words": ["矿业", "矿山装备", "选矿科技"],
        "projects": [
            "{c}铁矿智能化选矿改造项目",
            "{c}铁尾矿制备砂石骨料项目",
            "{c}矿山无人驾驶运输系统项目",
        ],
        "gaps": [
            (UP, "西山、陈台沟等新建铁矿的开发建设"),
            (MID, "老矿山改造和智能化选矿"),
            (DOWN, "尾矿、剥岩综合利用"),
        ],
        "targets": [
            ("北京智矿科技有限公司", "北京", 1),
            ("湖南启航矿山装备有限公司", "湖南长沙", 1),
        ],
        "description": "新开发西山、陈台沟等5座铁矿，改造7座老矿，到2025年铁矿开采规模由5500万吨"
        "增至1亿吨（据鞍山报道）。",
    },
    {
        "key": "as_equipment",
        "city": ANSHAN,
        "name": "装备制造产业链",
        "leader": "高明远",
        "group": "装备制造产业链招商组",
        "industry": "34",
        "words": ["智能装备", "冶金装备", "输变电设备", "机械"],
        "projects": [
            "{c}冶金成套装备制造项目",
            "{c}智能输送装备项目",
            "{c}高效节能电机制造项目",
            "{c}工业机器人集成应用项目",
        ],
        "gaps": [
            (MID, "冶金、矿山成套装备的关键部件"),
            (DOWN, "智能制造和工业机器人系统集成"),
        ],
        "targets": [
            ("江苏亿丰智能装备有限公司", "江苏苏州", 1),
            ("深圳华信机器人有限公司", "广东深圳", 1),
        ],
        "description": "建设东北地区重要装备制造业基地，推动传统产业数字化、网络化、智能化改造"
        "（据鞍山报道）。",
    },
    {
        "key": "as_energy",
        "city": ANSHAN,
        "name": "新能源产业链",
        "leader": "刘振东",
        "group": "新能源产业链招商组",
        "industry": "38",
        "words": ["新能源", "储能科技", "氢能", "光伏科技"],
        "projects": [
            "{c}储能电池模组制造项目",
            "{c}分布式光伏发电项目",
            "{c}焦炉煤气制氢项目",
            "{c}风电装备零部件项目",
            "{c}储能系统集成项目",
        ],
        "gaps": [
            (UP, "钠离子电池正负极材料"),
            (MID, "储能电池和系统集成"),
            (DOWN, "依托焦炉煤气的氢能应用"),
        ],
        "targets": [
            ("上海聚能储能科技有限公司", "上海", 1),
            ("北京华晟氢能科技有限公司", "北京", 2),
            ("安徽天润新能源有限公司", "安徽合肥", 0),
        ],
        "description": "发展新能源、新材料等新兴产业，建设钠离子新型储能制造基地和风电项目"
        "（据鞍山报道）。",
    },
    {
        "key": "as_materials",
        "city": ANSHAN,
        "name": "新材料产业链",
        "leader": "吴市长",
        "group": "新材料产业链招商组",
        "industry": "26",
        "words": ["新材料", "碳材料", "磁性材料"],
        "projects": [
            "{c}煤焦油基负极材料项目",
            "{c}氧化铁磁性材料项目",
            "{c}针状焦项目",
            "{c}尾矿新型建材项目",
        ],
        "gaps": [
            (MID, "以煤焦油为原料的电池材料"),
            (MID, "以氧化铁等副产品为原料的磁性材料"),
            (DOWN, "以尾矿剥岩为原料的新型建材"),
        ],
        "targets": [
            ("浙江博源碳材料有限公司", "浙江湖州", 0),
            ("广东正泰和磁材科技有限公司", "广东东莞", 1),
        ],
        "description": "实施“双鞍”融合工程，推动鞍钢副产品向新材料领域延伸（据鞍山报道）。",
    },
    {
        "key": "as_food",
        "city": ANSHAN,
        "name": "农产品精深加工产业链",
        "leader": "高明远",
        "group": "农产品精深加工产业链招商组",
        "industry": "13",
        "category": Category.AGRICULTURE,
        "words": ["食品", "农业科技", "果业"],
        "projects": [
            "{c}南果梨精深加工项目",
            "{c}设施蔬菜冷链加工项目",
            "{c}优质稻米加工项目",
        ],
        "gaps": [
            (MID, "南果梨、设施蔬菜的精深加工"),
            (DOWN, "冷链物流和食品品牌"),
        ],
        "targets": [("山东润丰食品有限公司", "山东烟台", 0)],
        "description": "打造鞍山食品加工和农产品精深加工产业集群（据鞍山报道）。",
    },
    # --- Shuangyashan: the eight chains of its eight promotion groups (article 002) ---
    {
        "key": "sys_coal",
        "city": SHUANGYASHAN,
        "name": "煤炭及煤化工产业链",
        "leader": "韩志强",
        "group": "煤炭及煤化工产业链招商组",
        "industry": "06",
        "words": ["煤化工", "能源", "矿业"],
        "projects": [
            "{c}煤矸石综合利用项目",
            "{c}褐煤提质项目",
            "{c}煤焦油深加工项目",
            "{c}腐植酸肥料项目",
        ],
        "gaps": [
            (MID, "焦化和煤基化工"),
            (DOWN, "腐植酸、褐煤蜡等煤基精细化学品"),
        ],
        "targets": [
            ("山东盛源煤化工有限公司", "山东济宁", 0),
            ("北京鼎盛能源科技有限公司", "北京", 1),
        ],
        "description": "推动由“煤经济”向“非煤经济”转变，延伸原材料加工产业链（据双鸭山报道）。",
    },
    {
        "key": "sys_graphite",
        "city": SHUANGYASHAN,
        "name": "石墨新材料产业链",
        "leader": "马春雷",
        "group": "石墨新材料产业链招商组",
        "industry": "30",
        "words": ["石墨", "碳素", "新材料"],
        "projects": [
            "{c}球形石墨项目",
            "{c}高纯石墨提纯项目",
            "{c}石墨烯导热膜项目",
            "{c}等静压石墨项目",
        ],
        "gaps": [
            (UP, "天然石墨资源开采和选矿"),
            (MID, "球形石墨和高纯石墨"),
            (DOWN, "负极材料和石墨烯制品"),
        ],
        "targets": [
            ("深圳新锐碳材料有限公司", "广东深圳", 2),
            ("江苏同创石墨科技有限公司", "江苏常州", 1),
        ],
        "description": "10万吨天然石墨负极材料项目开工，实现石墨一体化全产业链跨越发展"
        "（据双鸭山报道）。",
    },
    {
        "key": "sys_energy",
        "city": SHUANGYASHAN,
        "name": "新能源产业链",
        "leader": "邵国强",
        "group": "新能源产业链招商组",
        "industry": "44",
        "words": ["新能源", "风电", "储能"],
        "projects": [
            "{c}风电项目",
            "{c}光伏发电项目",
            "{c}风电塔筒制造项目",
            "{c}储能电站项目",
            "{c}生物质热电联产项目",
        ],
        "gaps": [
            (MID, "风电整机和叶片、塔筒配套"),
            (DOWN, "电池储能设备和储能电站"),
        ],
        "targets": [
            ("江苏华信风电设备有限公司", "江苏盐城", 0),
            ("广东万通储能科技有限公司", "广东广州", 1),
        ],
        "description": "风电清洁能源装备制造基地首台风机下线，东部地区风电装备制造业实现从无到有"
        "（据双鸭山报道）。",
    },
    {
        "key": "sys_steel",
        "city": SHUANGYASHAN,
        "name": "钢铁产业链",
        "leader": "韩志强",
        "group": "钢铁产业链招商组",
        "industry": "31",
        "words": ["钢铁", "金属制品", "冶金"],
        "projects": ["{c}钢材深加工项目", "{c}钢渣综合利用项目", "{c}冶金辅料项目"],
        "gaps": [(DOWN, "建龙集团钢材的就地深加工"), (DOWN, "钢渣、除尘灰综合利用")],
        "targets": [("河北昌盛金属制品有限公司", "河北唐山", 0)],
        "description": "建龙集团150万吨焦化、氢基竖炉冶炼、钒液流储能示范基地等项目顺利推进"
        "（据双鸭山报道）。",
    },
    {
        "key": "sys_grain",
        "city": SHUANGYASHAN,
        "name": "粮食精深加工产业链",
        "leader": "罗丽华",
        "group": "粮食精深加工产业链招商组",
        "industry": "13",
        "category": Category.AGRICULTURE,
        "words": ["粮食", "生物科技", "食品"],
        "projects": [
            "{c}玉米深加工项目",
            "{c}大豆蛋白项目",
            "{c}稻米精深加工项目",
            "{c}粮食仓储物流项目",
        ],
        "gaps": [
            (MID, "依托万里润达、四川宏展等项目的粮食精深加工"),
            (DOWN, "食品化、高端化、生物化的终端产品"),
        ],
        "targets": [
            ("四川宏达生物科技有限公司", "四川成都", 1),
            ("山东国泰食品有限公司", "山东潍坊", 1),
        ],
        "description": "做好“粮头食尾”“农头工尾”，走精深加工之路（据双鸭山报道）。",
    },
    {
        "key": "sys_food",
        "city": SHUANGYASHAN,
        "name": "绿色食品和生物产业链",
        "leader": "罗丽华",
        "group": "绿色食品和生物产业链招商组",
        "industry": "27",
        "words": ["生物医药", "绿色食品", "种业"],
        "projects": [
            "{c}中药材种植加工项目",
            "{c}绿色食品加工项目",
            "{c}种业繁育基地项目",
            "{c}生物农业项目",
        ],
        "gaps": [
            (UP, "种业和生物农业"),
            (DOWN, "食品、医药“四个经济”终端产品"),
        ],
        "targets": [("浙江汇通生物医药有限公司", "浙江杭州", 1)],
        "description": "围绕“农、医、食、安”需求，培育引进食品产业、种业、生物农业和绿色食品项目"
        "（据双鸭山报道）。",
    },
    {
        "key": "sys_tourism",
        "city": SHUANGYASHAN,
        "name": "旅游康养产业链",
        "leader": "马春雷",
        "group": "旅游康养产业链招商组",
        "industry": "78",
        "category": Category.OTHER,
        "words": ["文旅", "康养", "冰雪装备"],
        "projects": ["{c}冰雪运动装备项目", "{c}森林康养基地项目", "{c}湿地生态旅游项目"],
        "gaps": [(DOWN, "冰雪装备知名企业"), (DOWN, "森林、湿地康养旅游运营")],
        "targets": [("北京嘉华冰雪装备有限公司", "北京", 0)],
        "description": "发挥冰雪市场优势，吸引知名冰雪装备企业投资（据双鸭山报道）。",
    },
    {
        "key": "sys_digital",
        "city": SHUANGYASHAN,
        "name": "数字经济产业链",
        "leader": "韩志强",
        "group": "数字经济产业链招商组",
        "industry": "65",
        "category": Category.OTHER,
        "words": ["数字科技", "信息技术", "数据"],
        "projects": ["{c}数据中心项目", "{c}智慧园区平台项目", "{c}数字农业平台项目"],
        "gaps": [(MID, "数据中心和算力"), (DOWN, "工业互联网和数字农业应用")],
        "targets": [("深圳众合数字科技有限公司", "广东深圳", 1)],
        "description": "设立数字经济工作专班，推进产业数字化（据双鸭山报道）。",
    },
    # --- Anlu (article 004) ---
    {
        "key": "al_electronic",
        "city": ANLU,
        "name": "电子信息材料产业链",
        "leader": "黄建平",
        "group": "电子信息材料产业链招商组",
        "industry": "39",
        "words": ["电子材料", "铜箔", "电子科技"],
        "projects": ["{c}电子铜箔项目", "{c}覆铜板项目", "{c}电子元器件项目"],
        "gaps": [(MID, "锂电铜箔和覆铜板"), (DOWN, "电子元器件")],
        "targets": [("江苏金诚电子材料有限公司", "江苏昆山", 0)],
        "description": "中科集团铜箔扩产项目投资7亿元，已签约落户（据安陆报道）。",
    },
    {
        "key": "al_equipment",
        "city": ANLU,
        "name": "智能装备制造产业链",
        "leader": "程志刚",
        "group": "智能装备制造产业链招商组",
        "industry": "35",
        "words": ["机械", "环境设备", "智能装备"],
        "projects": ["{c}智能粮机项目", "{c}环保设备制造项目", "{c}精密机械加工项目"],
        "gaps": [(MID, "通用机械零部件"), (DOWN, "环保装备和农机装备整机")],
        "targets": [("浙江瑞丰机械有限公司", "浙江台州", 1)],
        "description": "宏凯机械、克莱美特环境设备等项目落户（据安陆报道）。",
    },
    {
        "key": "al_latex",
        "city": ANLU,
        "name": "乳胶及塑料制品产业链",
        "leader": "程志刚",
        "group": "乳胶及塑料制品产业链招商组",
        "industry": "29",
        "words": ["乳胶制品", "薄膜", "塑业"],
        "projects": ["{c}乳胶制品项目", "{c}功能薄膜项目", "{c}医用乳胶手套项目"],
        "gaps": [(MID, "乳胶制品和功能薄膜"), (DOWN, "医用、日用乳胶终端产品")],
        "targets": [
            ("平阳县华丰乳胶制品有限公司", "浙江温州", 0),
            ("平阳县安泰乳胶有限公司", "浙江温州", 1),
        ],
        "description": "浙江温州平阳县乳胶协会16家企业组团考察，达成投资意向（据安陆报道）。",
    },
    {
        "key": "al_energy",
        "city": ANLU,
        "name": "新能源产业链",
        "leader": "黄建平",
        "group": "新能源产业链招商组",
        "industry": "38",
        "words": ["能源科技", "新能源"],
        "projects": ["{c}储能设备项目", "{c}光伏组件项目"],
        "gaps": [(MID, "储能设备和光伏组件")],
        "targets": [("上海永昌能源科技有限公司", "上海", 0)],
        "description": "北鸿能源科技等项目开工建设（据安陆报道）。",
    },
]

# Contracts of the seed projects (projects.demo): project name → chain, counterparty (when the
# project names no investor), signing event, target region of the lead, registered (days after
# signing, or None).
LINKED = {
    "10万吨天然石墨负极材料项目": (
        "sys_graphite",
        "双鸭山石墨新材料投资有限公司",  # demo: the article names no investor
        "",
        YRD,
        30,
    ),
    "风帆储能设备制造项目": ("sys_energy", "风帆有限责任公司", "", BTH, 20),
    "中船风电双鸭山风电项目": ("sys_energy", "", "双鸭山市新能源项目集中签约", BTH, 40),
    "国能宝清风电项目": ("sys_energy", "", "双鸭山市新能源项目集中签约", BTH, 45),
    "广东粤电双鸭山风电项目": ("sys_energy", "", "双鸭山市新能源项目集中签约", GBA, None),
    "钠离子新型储能制造基地项目": ("as_energy", "鞍山钠电储能科技有限公司", SYMPOSIUM, BTH, 90),
    "鞍钢股份东部矿区产能提升项目": ("as_iron", "", SYMPOSIUM, OTHER, 60),
    "海城丰帆年产2GWh储能电池项目": ("as_energy", "", "", YRD, 30),
    "海城丰帆储能系统集成生产线项目": ("as_energy", "", "", YRD, None),
    "中科铜箔扩产项目": ("al_electronic", "", "中科铜箔扩产项目签约", YRD, 45),
    "湖北力旺新材料项目": ("al_latex", "湖北力旺新材料有限公司", ANLU_ROUNDS[0][0], OTHER, 60),
    "北鸿能源科技项目": ("al_energy", "湖北北鸿能源科技有限公司", ANLU_ROUNDS[0][0], OTHER, 70),
    "永宁薄膜制品项目": ("al_latex", "永宁薄膜制品有限公司", ANLU_ROUNDS[1][0], YRD, 90),
    "宏凯机械项目": ("al_equipment", "宏凯机械有限公司", ANLU_ROUNDS[1][0], YRD, None),
    "克莱美特环境设备项目": (
        "al_equipment",
        "克莱美特环境设备有限公司",
        ANLU_ROUNDS[2][0],
        YRD,
        None,
    ),
}

# The twelve projects of April 13 (article 002: industrial parks, biomedicine, energy agriculture):
# name, county, chain, 万元 (demo), converted to a project (start date or "signed"), category.
ZHONGJIA_PROJECTS = [
    ("中嘉民源双鸭山生物医药产业园项目", "230503", "sys_food", 150000, D(2023, 8, 8)),
    ("中嘉民源中药材种植及精深加工项目", "230523", "sys_food", 60000, None),
    ("中嘉民源生物制药项目", "230503", "sys_food", 80000, None),
    ("中嘉民源医疗器械产业园项目", "230502", "sys_food", 50000, None),
    ("中嘉民源能源农业示范园项目", "230521", "sys_energy", 120000, D(2023, 9, 12)),
    ("中嘉民源农光互补光伏发电项目", "230521", "sys_energy", 100000, None),
    ("中嘉民源生物质能源综合利用项目", "230522", "sys_energy", 45000, None),
    ("中嘉民源现代农业产业园项目", "230522", "sys_grain", 70000, "signed"),
    ("中嘉民源绿色食品加工产业园项目", "230523", "sys_grain", 40000, None),
    ("中嘉民源冷链物流园项目", "230506", "sys_grain", 30000, None),
    ("中嘉民源标准化厂房产业园项目", "230505", "sys_digital", 35000, None),
    ("中嘉民源新材料产业园项目", "230503", "sys_graphite", 60000, None),
]

# Named activities: (city, date, kind, title, county or None, target region, target place,
# chain key, leader name or None, enterprises met).
NAMED_ACTIVITIES = [
    (SHUANGYASHAN, D(2023, 2, 2), CONFERENCE, "双鸭山市招商引资工作推进会", None, OTHER,
     "双鸭山市", None, "邵国强", ""),
    (SHUANGYASHAN, D(2023, 2, 13), OUT, "市委书记邵国强率队赴北京对接知名企业", None, BTH,
     "北京", "sys_energy", "邵国强", "中船风电、国家能源集团等"),
    (SHUANGYASHAN, D(2023, 2, 15), OUT, "市委书记邵国强率队赴河北开展招商和项目洽谈", None,
     BTH, "河北", "sys_steel", "邵国强", "建龙集团等"),
    (SHUANGYASHAN, D(2023, 2, 20), OUT, "市委书记邵国强率队赴江苏开展招商和项目洽谈", None,
     YRD, "江苏", "sys_graphite", "邵国强", ""),
    (SHUANGYASHAN, D(2023, 2, 23), OUT, "市委书记邵国强率队赴广东开展招商和项目洽谈", None,
     GBA, "广东", "sys_energy", "邵国强", "广东粤电等"),
    (SHUANGYASHAN, D(2023, 3, 7), OUT, "宝清县领导赴上海开展招商", "230523", YRD, "上海",
     "sys_grain", None, ""),
    (SHUANGYASHAN, D(2023, 3, 9), OUT, "集贤县领导赴广西开展招商", "230521", OTHER, "广西",
     "sys_food", None, ""),
    (SHUANGYASHAN, D(2023, 3, 14), OUT, "友谊县领导赴浙江开展招商", "230522", YRD, "浙江",
     "sys_grain", None, ""),
    (SHUANGYASHAN, D(2023, 3, 16), OUT, "饶河县领导赴福建开展招商", "230524", OTHER, "福建",
     "sys_tourism", None, ""),
    (SHUANGYASHAN, D(2023, 3, 28), SIGNING, "双鸭山市新能源项目集中签约", None, BTH, "",
     "sys_energy", "邵国强", "中船风电、国家能源集团、广东粤电等"),
    (SHUANGYASHAN, APRIL_13, SIGNING, "双鸭山市与中嘉民源实业集团项目集中签约仪式", None,
     BTH, "北京", "sys_food", "邵国强", ZHONGJIA),
    (ANSHAN, SYMPOSIUM_ON, SIGNING, SYMPOSIUM, None, BTH, "北京", "as_energy", "吴市长",
     "中央企业"),
    (ANLU, D(2023, 10, 14), DELEGATION, "浙江温州平阳县乳胶协会16家企业考察安陆HMZ智造产业新城",
     None, YRD, "浙江温州", "al_latex", "程志刚", "平阳县乳胶协会会员企业16家"),
    (ANLU, D(2023, 10, 20), SIGNING, "中科铜箔扩产项目签约", None, YRD, "", "al_electronic",
     "黄建平", "中科集团"),
]  # fmt: skip

# Generated activities per city and period: (city, first day, last day, count).
ACTIVITY_SPANS = [
    (SHUANGYASHAN, D(2023, 1, 3), D(2023, 3, 31), None),  # up to 208 with the named ones
    (SHUANGYASHAN, D(2023, 4, 1), D(2023, 12, 22), 70),
    (SHUANGYASHAN, D(2024, 1, 3), D(2024, 12, 18), 60),
    (ANSHAN, D(2023, 1, 5), D(2023, 12, 22), 95),
    (ANSHAN, D(2024, 1, 4), D(2024, 12, 18), 90),
    (ANLU, D(2023, 2, 6), D(2023, 12, 20), 34),
    (ANLU, D(2024, 2, 19), D(2024, 12, 18), 28),
]
# Generated contracts per city and period: (city, first day, last day, count, floor 万元, mean).
CONTRACT_SPANS = [
    (SHUANGYASHAN, D(2023, 4, 20), D(2023, 12, 20), 26, 2000, 30000),
    (SHUANGYASHAN, D(2024, 1, 10), D(2024, 12, 15), 24, 2000, 25000),
    (ANSHAN, D(2023, 1, 10), D(2023, 12, 20), 30, 3000, 35000),
    (ANSHAN, D(2024, 1, 10), D(2024, 12, 15), 28, 3000, 30000),
    (ANLU, D(2024, 3, 1), D(2024, 12, 15), 10, 10000, 25000),
]
# Leads still in the pipeline, per city: count.
OPEN_LEADS = {ANSHAN: 42, SHUANGYASHAN: 30, ANLU: 14}
COUNTIES = {
    ANSHAN: ["210302", "210303", "210304", "210311", "210321", "210323", "210381"],
    SHUANGYASHAN: [
        "230502", "230503", "230505", "230506", "230521", "230522", "230523", "230524"
    ],
    ANLU: ["420982"],
}  # fmt: skip
ACTORS = {ANSHAN: "promotion", SHUANGYASHAN: "sys_office", ANLU: "anlu_office"}


@transaction.atomic
def load(stdout):
    if Contract.objects.filter(signing_event=APRIL_13_EVENT).exists():
        stdout.write("demo promotion: already loaded")
        return
    regions = {r.code: r for r in Region.objects.filter(code__in=_region_codes())}
    missing = set(_region_codes()) - set(regions)
    if missing:
        raise LookupError(f"Regions {sorted(missing)} are missing: run manage.py load_reference.")
    users = {u.username: u for u in User.objects.filter(username__in=[*ACTORS.values(), "office"])}
    if "promotion" not in users:
        raise LookupError("The demo user 'promotion' is missing: load accounts.demo first.")
    linked = {p.name: p for p in Project.objects.filter(name__in=list(LINKED))}
    if len(linked) < len(LINKED):
        raise LookupError("The demo projects are missing: load projects.demo first.")
    industries = {i.code: i for i in Industry.objects.filter(level="division")}
    loader = Loader(regions, users, industries, linked)
    loader.run()
    counts = loader.counts
    stdout.write(
        f"demo promotion: {counts['chains']} chains, {counts['groups']} groups, "
        f"{counts['activities']} activities, {counts['leads']} leads, "
        f"{counts['contracts']} contracts ({counts['projects']} new projects), "
        f"{counts['funds']} funds arrived (created)"
    )


def _region_codes():
    return [ANSHAN, SHUANGYASHAN, ANLU, *(c for codes in COUNTIES.values() for c in codes)]


def split(rng, total, count, floor, step=100):
    """``count`` amounts of at least ``floor`` that add up to exactly ``total`` (万元)."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    spare = total - floor * count
    amounts = [floor + int(spare * w / sum(weights) / step) * step for w in weights]
    amounts[amounts.index(max(amounts))] += total - sum(amounts)
    return amounts


class Loader:
    def __init__(self, regions, users, industries, linked):
        self.regions, self.users, self.industries, self.linked = regions, users, industries, linked
        self.rng = random.Random(2023)
        self.people = {p.name: p for p in Person.objects.filter(region__code__in=list(ACTORS))}
        self.chains, self.groups, self.targets = {}, {}, {}
        self.activities = {city: [] for city in ACTORS}
        self.changes = []
        self.names = set(Project.objects.values_list("name", flat=True))
        self.codes = set(Project.objects.exclude(code=None).values_list("code", flat=True))
        self.counts = dict.fromkeys(
            ["chains", "groups", "activities", "leads", "contracts", "projects", "funds"], 0
        )

    def actor(self, city):
        return self.users.get(ACTORS[city]) or self.users["promotion"]

    def run(self):
        with acting_as(self.users["promotion"]):
            LeadRules.objects.current()
            self.make_people()
        for city in ACTORS:
            with acting_as(self.actor(city)):
                self.make_chains(city)
                self.make_activities(city)
                self.make_contracts(city)
                self.make_open_leads(city)
        LeadStageChange.objects.bulk_create(self.changes, batch_size=500)

    # people, chains, groups --------------------------------------------------------------------

    def make_people(self):
        """Two people the articles name, and the demo promotion user as a person."""
        wanted = [
            # "Shao Guoqiang, secretary of the Shuangyashan Municipal Party Committee" (002);
            # the Chinese characters are a best guess from the transliteration
            ("邵国强", "市委书记", "中共双鸭山市委员会", SHUANGYASHAN, None),
            # "Sun Xiaohui, director of Shuangyashan Economic Cooperation Promotion Bureau" (002)
            ("孙晓辉", "局长", "双鸭山市经济合作促进局", SHUANGYASHAN, None),
        ]
        promotion = self.users["promotion"]
        if not Person.objects.filter(user=promotion).exists():
            name = f"{promotion.last_name}{promotion.first_name}"
            wanted.append((name, "局长", promotion.organisation, ANSHAN, promotion))
        for name, title, organisation, city, user in wanted:
            if name in self.people:
                continue
            person = Person(
                name=name,
                title=title,
                organisation=organisation,
                region=self.regions[city],
                user=user,
            )
            person.full_clean()
            person.save()
            self.people[name] = person

    def make_chains(self, city):
        members = [u for u in [self.users.get(ACTORS[city])] if u]
        for spec in (s for s in CHAINS if s["city"] == city):
            chain = Chain(
                name=spec["name"],
                region=self.regions[city],
                leader=self.people.get(spec["leader"]),
                description=spec["description"],
            )
            chain.full_clean()
            chain.save()
            gaps = []
            for segment, text in spec["gaps"]:
                gap = Gap(chain=chain, segment=segment, description=text)
                gap.save()
                gaps.append(gap)
            targets = []
            for name, location, gap_index in spec["targets"]:
                target = TargetEnterprise(
                    chain=chain,
                    gap=gaps[gap_index],
                    name=name,
                    location=location,
                    notes="演示数据：虚构的目标企业。",
                )
                target.save()
                targets.append(target)
            group = PromotionGroup(name=spec["group"], region=self.regions[city], chain=chain)
            group.save()
            group.members.set(members)
            self.chains[spec["key"]] = chain
            self.groups[spec["key"]] = group
            self.targets[spec["key"]] = targets
            self.counts["chains"] += 1
            self.counts["groups"] += 1

    def chain_keys(self, city):
        return [s["key"] for s in CHAINS if s["city"] == city]

    def spec(self, key):
        return next(s for s in CHAINS if s["key"] == key)

    # activities -------------------------------------------------------------------------------

    def make_activities(self, city):
        named = [a for a in NAMED_ACTIVITIES if a[0] == city]
        for _, on, kind, title, county, target, place, chain, leader, met in named:
            self.activity(city, on, kind, title, county, target, place, chain, leader, met)
        for span_city, first, last, count in ACTIVITY_SPANS:
            if span_city != city:
                continue
            if count is None:  # Shuangyashan's first quarter: 208 with the named ones
                count = Q1_ACTIVITIES - sum(first <= a[1] <= last for a in named)
            for on in self.dates(first, last, count, avoid_new_year=True):
                self.generated_activity(city, on)
        self.activities[city].sort(key=lambda a: a.held_on)

    def dates(self, first, last, count, avoid_new_year=False):
        days = (last - first).days
        found = []
        while len(found) < count:
            on = first + DAY * self.rng.randint(0, days)
            if avoid_new_year and D(on.year, 1, 20) <= on <= D(on.year, 1, 28):
                continue  # the Spring Festival week (2023: January 22; 2024: February 10)
            if on.weekday() == 6 and self.rng.random() < 0.7:
                continue
            found.append(on)
        return sorted(found)

    def generated_activity(self, city, on):
        rng = self.rng
        key = rng.choice(self.chain_keys(city))
        spec = self.spec(key)
        kind = rng.choices([OUT, DELEGATION, CONFERENCE, ONLINE, SIGNING], [34, 30, 10, 20, 6])[0]
        target = rng.choices([BTH, YRD, GBA, OTHER], [28, 32, 20, 20])[0]
        place = rng.choice(ORIGINS[target])
        county = rng.choice(COUNTIES[city]) if rng.random() < 0.55 else None
        who = PLACE[county] if county else self.regions[city].name_zh
        chain = spec["name"]
        title = {
            OUT: f"赴{place}开展{chain}招商对接",
            DELEGATION: f"{place}客商来{who}考察{chain}项目",
            CONFERENCE: f"{who}{chain}专题招商推介会（{place}）",
            ONLINE: f"{chain}线上招商洽谈（{place}客商）",
            SIGNING: f"{who}{chain}项目签约仪式",
        }[kind]
        met = "、".join(self.company(target, key) for _ in range(rng.randint(1, 3)))
        leader = self.leader_of(city, county) if rng.random() < 0.4 else None
        self.activity(city, on, kind, title, county, target, place, key, leader, met)

    def leader_of(self, city, county):
        names = {
            ANSHAN: ["吴市长", "刘振东", "高明远", "李招商"],
            SHUANGYASHAN: ["邵国强", "韩志强", "马春雷", "罗丽华", "孙晓辉"],
            ANLU: ["黄建平", "程志刚"],
        }[city]
        return self.rng.choice(names)

    def activity(self, city, on, kind, title, county, target, place, key, leader, met):
        made = Activity(
            kind=kind,
            held_on=on,
            title=title[:200],
            region=self.regions[county or city],
            group=self.groups.get(key),
            leader=self.people.get(leader) if leader else None,
            place=place
            if kind in (OUT,)
            else (PLACE.get(county, "") or self.regions[city].name_zh),
            target_region=target,
            target_place=place,
            participants=self.rng.choice(
                ["市领导、招商局、相关县区", "招商小组成员", "县区主要领导、园区管委会", ""]
            ),
            enterprises_met=met,
        )
        made.save()
        self.activities[city].append(made)
        self.counts["activities"] += 1
        return made

    def company(self, target, key):
        rng = self.rng
        origin = rng.choice(ORIGINS[target]) if target else rng.choice(ORIGINS[OTHER])
        word = rng.choice(self.spec(key)["words"])
        return f"{origin}{rng.choice(BRANDS)}{word}{rng.choice(SUFFIXES)}"

    def source_activity(self, city, before):
        """An activity of the city in the 75 days before the date, if any (it produced the lead)."""
        window = [a for a in self.activities[city] if before - 75 * DAY <= a.held_on <= before]
        return self.rng.choice(window) if window else None

    # contracts ---------------------------------------------------------------------------------

    def make_contracts(self, city):
        rng = self.rng
        if city == SHUANGYASHAN:
            linked = [n for n, spec in LINKED.items() if self.spec(spec[0])["city"] == city]
            value = sum(int(self.linked[n].total_investment) for n in linked)
            for name in linked:
                self.linked_contract(city, name)
            count = Q1_CONTRACTS - len(linked)
            q1 = self.dates(D(2023, 1, 9), D(2023, 3, 31), count, avoid_new_year=True)
            for on, amount in zip(q1, split(rng, Q1_VALUE - value, count, 2000), strict=True):
                event = "双鸭山市新能源项目集中签约" if on == D(2023, 3, 28) else ""
                self.contract(city, on, amount, event=event)
            for name, county, key, amount, converted in ZHONGJIA_PROJECTS:
                self.contract(
                    city,
                    APRIL_13,
                    amount,
                    event=APRIL_13_EVENT,
                    key=key,
                    county=county,
                    name=name,
                    counterparty=ZHONGJIA,
                    convert=converted,
                )
        elif city == ANSHAN:
            for name in [n for n, spec in LINKED.items() if self.spec(spec[0])["city"] == city]:
                self.linked_contract(city, name)
            # the symposium's nine: the two seed projects and seven more with central SOEs
            soes = ["中国宝武钢铁集团有限公司", "国家电力投资集团有限公司", "中国五矿集团有限公司",
                    "中国华能集团有限公司", "中国中化控股有限责任公司", "中国建材集团有限公司",
                    "中国通用技术（集团）控股有限责任公司"]  # fmt: skip
            keys = ["as_steel", "as_energy", "as_iron", "as_energy", "as_materials",
                    "as_magnesite", "as_equipment"]  # fmt: skip
            amounts = split(rng, 700000, 7, 30000, 1000)  # demo
            for position, (soe, key, amount) in enumerate(zip(soes, keys, amounts, strict=True)):
                converted = {0: D(2023, 10, 16), 3: "signed"}.get(position)
                self.contract(
                    city,
                    SYMPOSIUM_ON,
                    amount,
                    event=SYMPOSIUM,
                    key=key,
                    counterparty=soe,
                    convert=converted,
                    source=InvestmentSource.CENTRAL_SOE,
                )
        else:
            for name in [n for n, spec in LINKED.items() if self.spec(spec[0])["city"] == city]:
                self.linked_contract(city, name)
            for event, on, count, total in ANLU_ROUNDS:
                named = [n for n, spec in LINKED.items() if spec[2] == event]
                rest = total - sum(int(self.linked[n].total_investment) for n in named)
                extra = count - len(named)
                for position, amount in enumerate(split(rng, rest, extra, 10000, 1000)):
                    converted = (
                        D(2024, 4, 8) if (event, position) == (ANLU_ROUNDS[0][0], 0) else None
                    )
                    if (event, position) == (ANLU_ROUNDS[1][0], 0):
                        converted = "signed"
                    self.contract(city, on, amount, event=event, convert=converted)
        for span_city, first, last, count, floor, mean in CONTRACT_SPANS:
            if span_city != city:
                continue
            for on in self.dates(first, last, count):
                amount = max(floor, int(rng.lognormvariate(0, 0.9) * mean / 100) * 100)
                self.contract(city, on, amount)

    def linked_contract(self, city, name):
        project = self.linked[name]
        key, counterparty, event, target, registered_after = LINKED[name]
        signed_on = (
            project.history.filter(to_status=Status.SIGNED).values_list("on", flat=True).first()
        )
        registered = None
        if registered_after is not None:
            registered = signed_on + registered_after * DAY
            if project.actual_start and registered > project.actual_start:
                registered = project.actual_start - 7 * DAY
        return self.contract(
            city,
            signed_on,
            int(project.total_investment),
            event=event,
            key=key,
            county=project.region.code,
            name=project.name,
            counterparty=project.investor_name or counterparty,
            credit_code=project.investor_credit_code,
            project=project,
            registered=registered or "none",
            target=target,
        )

    def contract(self, city, on, amount, *, event="", key=None, county=None, name=None, **more):
        rng = self.rng
        key = key or rng.choice(self.chain_keys(city))
        spec = self.spec(key)
        county = county or rng.choice(COUNTIES[city])
        target = more.get("target") or rng.choices([BTH, YRD, GBA, OTHER], [28, 32, 20, 20])[0]
        named = more.get("counterparty")
        investor = named or self.company(target, key)
        name = name or self.project_name(spec, county)
        project = more.get("project")
        lead = self.contract_lead(city, key, county, on, investor, amount, target, not named)
        counterparty = named or lead.investor_name
        registered = more.get("registered")
        if registered == "none":
            registered = None
        elif registered is None and on < D(2024, 10, 1) and rng.random() < 0.7:
            registered = min(on + DAY * rng.randint(15, 120), LAST_EVENT)
        contract = Contract(
            lead=lead,
            name=name,
            signed_on=on,
            signing_event=event,
            contracted_investment=Decimal(amount),
            counterparty=counterparty,
            counterparty_credit_code=more.get("credit_code", ""),
            region=self.regions[county],
            chain=self.chains[key],
            group=self.groups[key],
            registered_on=registered,
            project=project,
        )
        contract.full_clean(exclude=["lead", "project"])
        contract.save()
        self.counts["contracts"] += 1
        convert = more.get("convert")
        if convert is None and project is None and not named and on < D(2024, 9, 1):
            convert = self.maybe_start(on)
        if convert:
            project = self.convert(contract, spec, convert, more.get("source"))
        started = project.actual_start if project else None
        self.lead_history(lead, contract, started)
        self.funds(contract, started)
        return contract

    def maybe_start(self, signed_on):
        """About a third of the other contracts become projects; most of those start since."""
        rng = self.rng
        if rng.random() >= 0.3:
            return None
        start = signed_on + DAY * rng.randint(40, 200)
        return start if start <= LAST_EVENT and rng.random() < 0.8 else "signed"

    def project_name(self, spec, county):
        place = PLACE[county] if county != "420982" else "安陆"
        for _ in range(20):
            name = self.rng.choice(spec["projects"]).format(c=place)
            if name not in self.names:
                break
            name = name.replace("项目", f"（{self.rng.choice(['二期', '三期', '扩建'])}）项目")
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def convert(self, contract, spec, start, source=None):
        """The contract becomes a project on the library: prefilled, linked both ways."""
        rng = self.rng
        county = contract.region.code
        division = spec["industry"]
        code = None
        while code is None or code in self.codes:
            serial = rng.randint(100000, 999999)
            code = f"{contract.signed_on.year}-{county}-{division}-03-{serial:06d}"
        self.codes.add(code)
        planned = contract.signed_on + DAY * rng.randint(45, 120)
        project = Project(
            name=contract.name,
            code=code,
            region=contract.region,
            industry=self.industries[division],
            category=spec.get("category", Category.INDUSTRIAL),
            nature=Nature.NEW,
            source=source or InvestmentSource.PRIVATE,
            investor_name=contract.counterparty,
            total_investment=contract.contracted_investment,
            planned_start=planned,
            planned_completion=planned + DAY * rng.randint(400, 800),
            description=f"由招商签约项目转入（{contract.signing_event or contract.signed_on}）。"
            "（演示数据）",
        )
        project.full_clean()
        project.save()
        actor = self.actor(spec["city"])
        change_status(project, Status.SIGNED, on=contract.signed_on, actor=actor)
        if isinstance(start, datetime.date):
            project = change_status(project, Status.STARTED, on=start, actor=actor)
        contract.project = project
        contract.save(update_fields=["project"])
        self.counts["projects"] += 1
        return project

    # leads -------------------------------------------------------------------------------------

    def contract_lead(self, city, key, county, signed_on, investor, amount, target, any_target):
        """The lead the contract came from, received 35–150 days before the signing."""
        rng = self.rng
        received = signed_on - DAY * rng.randint(35, 150)
        source = self.source_activity(city, received)
        if source is not None and target and source.target_region != target:
            source = None
        return self.lead(
            city,
            key,
            county,
            received,
            investor,
            amount,
            source,
            timely=True,
            any_target=any_target,
        )

    def lead(self, city, key, county, received, investor, amount, source, timely, any_target=True):
        """A lead from ``investor``, or from one of the chain's target enterprises (a quarter)."""
        rng = self.rng
        spec = self.spec(key)
        targets = self.targets.get(key) or []
        chosen = any_target and targets and rng.random() < 0.25
        target = rng.choice(targets) if chosen else None
        if target is not None:
            investor = target.name
        respond, assess, answer = (rng.randint(0, 1), rng.randint(1, 3), rng.randint(3, 7))
        if not timely:
            respond, assess, answer = (rng.randint(2, 5), rng.randint(4, 12), rng.randint(8, 25))
        lead = Lead(
            investor_name=investor,
            source=source.title[:200] if source else rng.choice(SOURCES),
            region=self.regions[county],
            industry=self.industries.get(spec["industry"]),
            chain=self.chains[key],
            target=target,
            activity=source,
            group=self.groups[key],
            intended_investment=Decimal(amount) if amount else None,
            content=f"拟投资建设{rng.choice(spec['projects']).format(c='')}（演示数据）",
            land_needs=rng.choice(LAND).format(n=rng.randint(1, 9)),
            support_requested=rng.choice(SUPPORT),
            received_on=received,
            responded_on=received + DAY * respond,
            assessed_on=received + DAY * assess,
            answered_on=received + DAY * answer,
        )
        lead.save()
        self.counts["leads"] += 1
        return lead

    def step(self, lead, on, to_stage, reason=""):
        """One dated stage change (written in bulk at the end); the lead keeps its final stage."""
        self.changes.append(
            LeadStageChange(
                lead=lead,
                on=on,
                from_stage=lead.stage,
                to_stage=to_stage,
                reason=reason,
                actor=self.actor(self._city(lead)),
            )
        )
        lead.stage = to_stage
        lead.stage_reason = reason

    def _city(self, lead):
        code = lead.region.code
        return ANLU if code == ANLU else code[:4] + "00"

    def lead_history(self, lead, contract, started):
        """Lead → assessment → negotiation → signed, then registered and started when they were."""
        received, signed_on = lead.received_on, contract.signed_on
        assessed = min(lead.assessed_on, signed_on - 2 * DAY)
        self.step(lead, max(assessed, received), Stage.ASSESSMENT)
        negotiated = received + DAY * self.rng.randint(8, max(8, (signed_on - received).days - 5))
        self.step(lead, min(negotiated, signed_on - DAY), Stage.NEGOTIATION)
        self.step(lead, signed_on, Stage.SIGNED)
        registered = contract.registered_on
        if registered and (started is None or registered <= started):
            self.step(lead, max(registered, signed_on), Stage.REGISTERED)
        if started and started <= LAST_EVENT:
            self.step(lead, max(started, signed_on), Stage.STARTED)
        lead.save(update_fields=["stage", "stage_reason"])

    def make_open_leads(self, city):
        """Leads not (yet) signed: at every stage, some lost or on hold, some overdue."""
        rng = self.rng
        count = OPEN_LEADS[city]
        stages = [Stage.LEAD, Stage.ASSESSMENT, Stage.NEGOTIATION, Stage.ON_HOLD, Stage.LOST]
        weights = [20, 22, 26, 14, 18]
        for position in range(count):
            key = rng.choice(self.chain_keys(city))
            county = rng.choice(COUNTIES[city])
            received = D(2023, 2, 1) + DAY * rng.randint(0, (D(2024, 12, 12) - D(2023, 2, 1)).days)
            stage = rng.choices(stages, weights)[0]
            # the last few of each city came in late in 2024 and missed their deadlines
            late = position >= count - 5
            if late:
                received = D(2024, 12, 1) + DAY * rng.randint(0, 12)
                stage = Stage.LEAD if position % 2 else Stage.ASSESSMENT
            target = rng.choices([BTH, YRD, GBA, OTHER], [28, 32, 20, 20])[0]
            amount = max(1000, int(rng.lognormvariate(0, 0.9) * 20000 / 100) * 100)
            source = self.source_activity(city, received)
            lead = self.lead(
                city, key, county, received, self.company(target, key), amount, source, not late
            )
            if late:  # nobody answered yet: overdue for the steps it has not taken
                lead.answered_on = None
                if stage == Stage.LEAD:
                    lead.assessed_on = lead.responded_on = None
                lead.save(update_fields=["responded_on", "assessed_on", "answered_on"])
            self.open_history(lead, stage, position)

    def open_history(self, lead, stage, position):
        rng = self.rng
        day = lead.received_on
        if stage == Stage.LEAD:
            return

        def later(low, high):
            nonlocal day
            day = min(day + DAY * rng.randint(low, high), LAST_EVENT)
            return day

        self.step(lead, later(1, 3), Stage.ASSESSMENT)
        if stage in (Stage.NEGOTIATION, Stage.ON_HOLD, Stage.LOST) and rng.random() < 0.8:
            self.step(lead, later(5, 25), Stage.NEGOTIATION)
            if stage == Stage.NEGOTIATION and position % 7 == 3:
                # a step back, with its reason, then forward again
                self.step(lead, later(10, 30), Stage.ASSESSMENT, BACK)
                self.step(lead, later(10, 30), Stage.NEGOTIATION)
        if stage == Stage.ON_HOLD:
            self.step(lead, later(15, 60), Stage.ON_HOLD, rng.choice(ON_HOLD))
        elif stage == Stage.LOST:
            self.step(lead, later(15, 90), Stage.LOST, rng.choice(LOST))
        lead.save(update_fields=["stage", "stage_reason"])

    # funds -------------------------------------------------------------------------------------

    def funds(self, contract, started):
        """Funds arrive after a company registered or its project started: 20–90 % so far."""
        rng = self.rng
        begin = contract.registered_on or started
        if begin is None or begin > LAST_EVENT - 20 * DAY:
            return
        share = Decimal(rng.randint(20, 90)) / 100
        total = (contract.contracted_investment * share).quantize(Decimal(1))
        parts = rng.randint(1, 3)
        span = (LAST_EVENT - begin).days
        days = sorted(rng.randint(5, max(6, span)) for _ in range(parts))
        amounts = split(rng, int(total), parts, 0, 1) if parts > 1 else [int(total)]
        for offset, amount in zip(days, amounts, strict=True):
            if amount <= 0:
                continue
            arrival = FundsArrival(
                contract=contract, arrived_on=begin + DAY * offset, amount=Decimal(amount)
            )
            arrival.save()
            self.counts["funds"] += 1
