"""The seed projects: the key projects the seed articles name, with their figures and histories."""

# The seed projects (``SEEDS``) are the ones the articles in /work/shared/seeds/ name:
#
# - 002 (2023-04-24, Shuangyashan): Fengfan energy storage equipment, the 100,000-ton natural
#   graphite anode material project, the new-energy demonstration base and its wind power
#   manufacturing base, the "wind, water, fire and storage" energy base, Baoqing humic acid,
#   Jianlong's projects, the resumed building-materials park and city complex, county logistics
#   and processing projects, and the wind projects that won new-energy quotas;
# - 000 (2023-07-24, Anshan): Angang's sintering upgrade and electrical steel, Tai'an's 500,000 kW
#   wind farm, Dagushan restoration, the sodium-ion storage base, the eastern mining area,
#   Xi'anshan and Chentaigou iron mines, Xingang International Plaza, Giti Health Industry City;
# - 004 (Anlu): China Sciences Group's copper foil expansion, the auto trade city, Liwang, Beihong
#   and the companies settled in the signing rounds.
#
# Figures the articles give are used as given (1 亿元 = 10,000 万元). Everything else about a seed
# project (counties the article does not name, totals it does not give, dates, progress after the
# article) is a plausible demo value, marked "demo:" in the comments and "（演示估算）" in the
# description, so nobody mistakes it for reported fact. The articles are English translations, so
# the Chinese names of companies known only by a transliteration are best guesses (marked too).

from projects.demo.constants import (
    COMPLETE,
    CONTINUE,
    CSOE,
    ECO,
    EXP,
    FOR,
    IND,
    INFRA,
    LSOE,
    NEW,
    OTHER,
    PRIV,
    START,
    UPG,
    URBAN,
    D,
)

# The Fengfan project's national code marks the demo projects as loaded.
FENGFAN_CODE = "2023-230521-38-03-004712"

# history: (status, date) or ("stall"/"resume", date, reason); plans: year → (万元, plan).
# head: the responsible person (a county head by county code, or a person key).

SEEDS = [
    # --- Shuangyashan, article 002 (2023-04-24) ---
    {
        "key": "fengfan",
        "name": "风帆储能设备制造项目",
        # "Fengfan" in the caption, "windsurfing" in the machine-translated body: 风帆. demo: the
        # county is not in the article; Jixian is where CSSC's wind and 风帆 storage work is.
        "region": "230521",
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": CSOE,  # demo: assumes CSSC's battery maker 风帆; the article names no investor
        "total": 105000,  # 10.5 亿元
        "capacity": 6000000,
        "unit": "kW/年",  # designed annual output: 6 million kW of battery energy storage
        "sales": 150000,
        "profit": 25000,
        "tax": 10000,
        "jobs": 300,
        "planned": (D(2023, 4, 7), D(2025, 12, 31)),  # started April 7; done December 2025
        "code": FENGFAN_CODE,
        "history": [("signed", D(2023, 2, 20)), ("started", D(2023, 4, 7))],  # demo: signing date
        "plans": {2023: (35000, START), 2024: (40000, CONTINUE)},  # demo
        "leader": "sys_vm1",
        "head": "230521",
        "resp_unit": "集贤县人民政府",
        "group": ["sys_office", "sys_promo", "sys_land"],
        "unit_member": True,
        "description": "据2023年4月24日双鸭山报道：项目4月7日开工建设，总投资10.5亿元，设计年产电池"
        "储能设备600万千瓦，预计2025年12月建成；投产后可实现年销售收入15亿元、利润2.5亿元、税金"
        "1亿元，新增就业300人。（所在县区、签约日期、年度计划为演示估算）",
    },
    {
        "key": "graphite",
        "name": "10万吨天然石墨负极材料项目",
        # demo: the article places it in the Economic and Technological Development Zone, whose
        # graphite park is in Lingdong District.
        "region": "230503",
        "industry": "30",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 300000,  # 30 亿元
        "capacity": 100000,
        "unit": "吨/年",
        "planned": (D(2023, 4, 7), D(2024, 12, 31)),
        "code": "2023-230503-30-03-002186",
        "history": [("signed", D(2023, 1, 16)), ("started", D(2023, 4, 7))],  # demo dates
        "plans": {2023: (80000, START), 2024: (120000, CONTINUE)},  # demo
        "leader": "sys_vm2",
        "head": "sys_kfq",
        "resp_unit": "双鸭山经济技术开发区管委会",
        "group": ["sys_office", "sys_drc", "sys_env"],
        "overdue": ["设备安装调试"],  # the article: the equipment installation plan slipped
        "description": "据2023年4月24日双鸭山报道：总投资30亿元、年产10万吨天然石墨负极材料，"
        "已开工建设，实现石墨一体化全产业链跨越发展；施工中设备安装计划被迫推迟，经开区成立专班"
        "“一事一议”协调供电方案和设计图纸。（开工日期、年度计划为演示估算）",
    },
    {
        "key": "nebase",
        "name": "新能源综合示范基地项目",
        "region": "230521",  # demo: county not in the article
        "industry": "44",
        "category": IND,
        "nature": NEW,
        "source": CSOE,  # demo
        "total": 1770000,  # 177 亿元
        "planned": (D(2022, 8, 16), D(2027, 12, 31)),  # demo
        "code": "2022-230521-44-02-000386",
        "history": [("started", D(2022, 8, 16))],  # demo: with its first phase
        "plans": {2023: (150000, CONTINUE), 2024: (200000, CONTINUE)},  # demo
        "leader": "sys_vm1",
        "head": "230521",
        "resp_unit": "集贤县人民政府",
        "group": ["sys_office", "sys_drc", "sys_land", "sys_promo"],
        "description": "据2023年4月24日双鸭山报道：新能源综合示范基地项目总投资177亿元，其一期"
        "风电清洁能源装备制造基地首台风机已成功下线。（所在县区、日期、年度计划为演示估算）",
    },
    {
        "key": "windbase",
        "parent": "nebase",
        "name": "新能源综合示范基地风电清洁能源装备制造基地项目（一期）",
        "region": "230521",
        "industry": "34",
        "category": IND,
        "nature": NEW,
        "source": CSOE,
        "total": 120000,  # demo: the article gives only the base's 177 亿元
        "planned": (D(2022, 8, 16), D(2023, 3, 31)),
        "code": "2022-230521-34-03-000412",
        "history": [
            ("started", D(2022, 8, 16)),  # demo dates: the first turbine rolled off "not long
            ("completed", D(2023, 3, 20)),  # ago" before 2023-04-24
            ("in_production", D(2023, 3, 28)),
        ],
        "plans": {2023: (20000, COMPLETE)},  # demo
        "leader": "sys_vm1",
        "head": "230521",
        "resp_unit": "集贤县人民政府",
        "group": ["sys_office", "sys_promo"],
        "description": "据2023年4月24日双鸭山报道：一期风电清洁能源装备制造基地首台风机成功下线，"
        "标志着省东部地区风电装备制造业实现从无到有的历史性突破。（投资额、日期为演示估算）",
    },
    {
        "key": "wwfs",
        "name": "采煤沉陷区“风水火储一体化”综合能源基地转型示范项目",
        "region": "230502",  # demo: a city-wide base, registered in the city centre
        "industry": "44",
        "category": INFRA,
        "nature": NEW,
        "source": CSOE,  # demo
        "total": 5833000,  # 583.3 亿元
        "planned": (D(2024, 6, 30), D(2030, 12, 31)),  # demo
        "history": [],  # planned construction: still in reserve
        "plans": {2024: (50000, START)},  # demo
        "leader": "sys_vm1",
        "head": "230502",
        "resp_unit": "双鸭山市发展和改革委员会",
        "group": ["sys_office", "sys_drc", "sys_land"],
        "description": "据2023年4月24日双鸭山报道：规划建设总投资583.3亿元的双鸭山市采煤沉陷区"
        "“风水火储一体化”综合能源基地转型示范项目，将打通东北电力外送新通道。"
        "（所在县区、计划日期、年度计划为演示估算）",
    },
    {
        "key": "humic",
        "name": "宝清腐植酸及褐煤蜡千吨级中试项目",
        "region": "230523",
        "industry": "26",
        "category": IND,
        "nature": NEW,
        "source": PRIV,  # demo
        "total": 8000,  # demo
        "capacity": 1000,
        "unit": "吨/年",
        "planned": (D(2022, 9, 1), D(2023, 3, 31)),
        "code": "2022-230523-26-03-001057",
        "history": [
            ("started", D(2022, 9, 15)),  # demo dates; put into operation before 2023-04-24
            ("completed", D(2023, 3, 25)),
            ("in_production", D(2023, 4, 10)),
        ],
        "plans": {2023: (2000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230523",
        "resp_unit": "宝清县人民政府",
        "group": ["sys_office", "sys_drc"],
        "description": "据2023年4月24日双鸭山报道：宝清腐植酸及褐煤蜡千吨级中试项目已投产。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "jl_power",
        "name": "建龙40MW超高温超高压综合利用发电项目",
        "region": "230502",  # demo: county not in the article
        "industry": "44",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "investor": "建龙集团",
        "total": 28000,  # demo
        "capacity": 40,
        "unit": "MW",
        "planned": (D(2022, 6, 1), D(2023, 3, 31)),
        "code": "2022-230502-44-03-000733",
        "history": [
            ("started", D(2022, 6, 1)),  # demo dates; connected to the grid before 2023-04-24
            ("completed", D(2023, 3, 15)),
            ("in_production", D(2023, 4, 1)),
        ],
        "plans": {2023: (5000, COMPLETE)},
        "leader": "sys_vm2",
        "head": "230502",
        "resp_unit": "尖山区人民政府",
        "group": ["sys_office", "sys_env"],
        "description": "据2023年4月24日双鸭山报道：建龙40MW超高温超高压综合利用发电项目已并网"
        "发电。（投资额、日期为演示估算）",
    },
    {
        "key": "jl_coke",
        "name": "建龙集团150万吨焦化项目",
        "region": "230502",
        "industry": "25",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "investor": "建龙集团",
        "total": 350000,  # demo
        "capacity": 1500000,
        "unit": "吨/年",
        "planned": (D(2023, 4, 7), D(2025, 6, 30)),
        "code": "2023-230502-25-03-001264",
        "history": [("started", D(2023, 4, 7))],  # demo date
        "plans": {2023: (100000, START), 2024: (150000, CONTINUE)},
        "leader": "sys_vm2",
        "head": "230502",
        "resp_unit": "尖山区人民政府",
        "group": ["sys_office", "sys_drc", "sys_env"],
        "description": "据2023年4月24日双鸭山报道：建龙集团150万吨焦化等项目进展顺利。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "jl_hydrogen",
        "name": "建龙集团氢基竖炉冶炼项目",
        "region": "230502",
        "industry": "31",
        "category": IND,
        "nature": UPG,
        "source": PRIV,
        "investor": "建龙集团",
        "total": 200000,  # demo
        "planned": (D(2023, 5, 15), D(2025, 10, 31)),
        "code": "2023-230502-31-03-001265",
        "history": [("started", D(2023, 5, 18))],
        "plans": {2023: (50000, START), 2024: (80000, CONTINUE)},
        "leader": "sys_vm2",
        "head": "230502",
        "resp_unit": "尖山区人民政府",
        "group": ["sys_office", "sys_env"],
        "description": "据2023年4月24日双鸭山报道：建龙集团氢基竖炉冶炼项目进展顺利。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "jl_vanadium",
        "name": "建龙集团钒液流储能示范基地项目",
        "region": "230502",
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "investor": "建龙集团",
        "total": 60000,  # demo
        "planned": (D(2023, 5, 15), D(2024, 10, 31)),
        "code": "2023-230502-38-03-001266",
        "history": [("started", D(2023, 5, 18))],
        "plans": {2023: (25000, START), 2024: (30000, COMPLETE)},
        "leader": "sys_vm2",
        "head": "230502",
        "resp_unit": "尖山区人民政府",
        "group": ["sys_office", "sys_drc"],
        "description": "据2023年4月24日双鸭山报道：建龙集团钒液流储能示范基地项目进展顺利。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "obesa",
        "name": "奥贝萨建材产业园项目",  # "Obesa": transliterated guess
        "region": "230506",  # demo
        "industry": "30",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 50000,  # demo
        "planned": (D(2021, 6, 1), D(2024, 6, 30)),
        "code": "2021-230506-30-03-000524",
        "history": [  # the article: construction resumed in spring 2023; earlier dates are demo
            ("started", D(2021, 6, 10)),
            ("stall", D(2022, 10, 20), "投资方资金链紧张，停工"),
            ("resume", D(2023, 4, 7), "资金到位，恢复施工"),
        ],
        "plans": {2023: (15000, CONTINUE), 2024: (12000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230506",
        "resp_unit": "宝山区人民政府",
        "group": ["sys_office", "sys_promo"],
        "description": "据2023年4月24日双鸭山报道：奥贝萨建材产业园复工建设。"
        "（投资额、停工复工日期为演示估算）",
    },
    {
        "key": "lianfeng",
        "name": "联丰国际城市综合体项目",
        "region": "230502",  # demo
        "industry": "70",
        "category": URBAN,
        "nature": NEW,
        "source": PRIV,
        "total": 120000,  # demo
        "planned": (D(2020, 5, 1), D(2024, 10, 31)),
        "code": "2020-230502-70-03-000318",
        "history": [  # the article: construction resumed; earlier dates are demo
            ("started", D(2020, 5, 20)),
            ("stall", D(2021, 11, 15), "开发企业融资受阻，停工"),
            ("resume", D(2023, 4, 12), "问题协调解决后复工"),
        ],
        "plans": {2023: (20000, CONTINUE), 2024: (25000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230502",
        "resp_unit": "尖山区人民政府",
        "group": ["sys_office", "sys_env"],
        "description": "据2023年4月24日双鸭山报道：联丰国际城市综合体复工建设。"
        "（投资额、停工复工日期为演示估算）",
    },
    {
        "key": "bq_cold",
        "name": "宝清冷链物流基地项目",
        "region": "230523",
        "industry": "59",
        "category": OTHER,
        "nature": NEW,
        "source": PRIV,
        "total": 30000,  # demo
        "planned": (D(2023, 4, 15), D(2024, 9, 30)),
        "code": "2023-230523-59-03-000871",
        "history": [("started", D(2023, 4, 20))],
        "plans": {2023: (15000, START), 2024: (15000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230523",
        "resp_unit": "宝清县人民政府",
        "group": ["sys_office", "sys_drc"],
        "description": "据2023年4月24日双鸭山报道：宝清冷链物流基地加快建设。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "yy_grain",
        "name": "友谊中储粮仓储物流项目",
        "region": "230522",
        "industry": "59",
        "category": INFRA,
        "nature": NEW,
        "source": CSOE,  # China Grain Reserves (中储粮) is a central SOE
        "total": 25000,  # demo
        "planned": (D(2023, 4, 10), D(2024, 8, 31)),
        "code": "2023-230522-59-03-000452",
        "history": [("started", D(2023, 4, 15))],
        "plans": {2023: (15000, START), 2024: (10000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230522",
        "resp_unit": "友谊县人民政府",
        "group": ["sys_office", "sys_land"],
        "description": "据2023年4月24日双鸭山报道：友谊中储粮仓储物流项目加快建设。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "rh_park",
        "name": "饶河绿色产业加工园项目",
        "region": "230524",
        "industry": "13",
        "category": IND,
        "nature": NEW,
        "source": LSOE,  # demo
        "total": 40000,  # demo
        "planned": (D(2023, 5, 1), D(2024, 10, 31)),
        "code": "2023-230524-13-03-000395",
        "history": [("started", D(2023, 5, 6))],
        "plans": {2023: (20000, START), 2024: (20000, COMPLETE)},
        "leader": "sys_vm3",
        "head": "230524",
        "resp_unit": "饶河县人民政府",
        "group": ["sys_office", "sys_drc"],
        "description": "据2023年4月24日双鸭山报道：饶河绿色产业加工园加快建设。"
        "（投资额、日期为演示估算）",
    },
    # Three of the nine projects that won 1.45 million kW of new-energy quota ("ready to start").
    # demo: the split of the 1.45 million kW, the totals (about 6,000 元/kW) and later progress.
    {
        "key": "cssc_wind",
        "name": "中船风电双鸭山风电项目",
        "region": "230521",
        "industry": "44",
        "category": INFRA,
        "nature": NEW,
        "source": CSOE,
        "investor": "中船风电",
        "total": 300000,
        "capacity": 500000,
        "unit": "kW",
        "planned": (D(2023, 6, 1), D(2024, 12, 31)),
        "code": "2023-230521-44-02-001733",
        "history": [("signed", D(2023, 3, 28)), ("started", D(2023, 6, 16))],
        "plans": {2023: (120000, START), 2024: (180000, COMPLETE)},
        "leader": "sys_vm1",
        "head": "230521",
        "resp_unit": "集贤县人民政府",
        "group": ["sys_office", "sys_drc", "sys_land"],
        "description": "据2023年4月24日双鸭山报道：中船风电、国能宝清、广东粤电等9个项目争取新能源"
        "指标145万千瓦，已具备开工条件。（本项目装机、投资额及后续进度为演示估算）",
    },
    {
        "key": "gn_wind",
        "name": "国能宝清风电项目",
        "region": "230523",
        "industry": "44",
        "category": INFRA,
        "nature": NEW,
        "source": CSOE,
        "investor": "国家能源集团",
        "total": 180000,
        "capacity": 300000,
        "unit": "kW",
        "planned": (D(2023, 6, 1), D(2024, 10, 31)),
        "code": "2023-230523-44-02-001741",
        "history": [("signed", D(2023, 3, 28)), ("started", D(2023, 7, 3))],
        "plans": {2023: (70000, START), 2024: (110000, COMPLETE)},
        "leader": "sys_vm1",
        "head": "230523",
        "resp_unit": "宝清县人民政府",
        "group": ["sys_office", "sys_land"],
        "description": "据2023年4月24日双鸭山报道：国能宝清等项目争取新能源指标，已具备开工条件。"
        "（本项目装机、投资额及后续进度为演示估算）",
    },
    {
        "key": "yd_wind",
        "name": "广东粤电双鸭山风电项目",
        "region": "230524",  # demo
        "industry": "44",
        "category": INFRA,
        "nature": NEW,
        "source": LSOE,  # Guangdong Energy Group is owned by Guangdong Province
        "investor": "广东粤电",
        "total": 120000,
        "capacity": 200000,
        "unit": "kW",
        "planned": (D(2023, 8, 1), D(2024, 11, 30)),
        "code": "2023-230524-44-02-001752",
        "history": [("signed", D(2023, 3, 28))],  # demo: start slipped into 2024
        "plans": {2023: (40000, START), 2024: (80000, START)},
        "leader": "sys_vm1",
        "head": "230524",
        "resp_unit": "饶河县人民政府",
        "group": ["sys_office", "sys_drc"],
        "description": "据2023年4月24日双鸭山报道：广东粤电等项目争取新能源指标，已具备开工条件。"
        "（本项目装机、投资额及后续进度为演示估算）",
    },
    # --- Anshan, article 000 (2023-07-24) ---
    {
        "key": "ag_sinter",
        "name": "鞍钢烧结机环保升级改造项目",
        "region": "210303",  # demo: Angang's main works
        "industry": "31",
        "category": IND,
        "nature": UPG,
        "source": CSOE,
        "investor": "鞍钢股份有限公司",
        "total": 60000,  # demo
        "planned": (D(2022, 9, 1), D(2023, 6, 30)),
        "code": "2022-210303-31-03-003518",
        "history": [("started", D(2022, 9, 5)), ("completed", D(2023, 6, 28))],  # demo dates
        "plans": {2023: (25000, COMPLETE)},
        "leader": "leader",
        "head": "210303",
        "resp_unit": "铁西区人民政府",
        "group": ["office", "as_eco", "as_power"],
        "description": "据2023年7月24日鞍山报道：鞍钢烧结机环保升级改造项目已竣工并试车成功。"
        "（投资额、日期为演示估算）",
    },
    {
        "key": "spic_wind",
        "name": "国家电投台安50万千瓦风电项目",
        "region": "210321",
        "industry": "44",
        "category": INFRA,
        "nature": NEW,
        "source": CSOE,
        "investor": "国家电力投资集团有限公司",
        "total": 300000,  # demo: about 6,000 元/kW
        "capacity": 500000,
        "unit": "kW",
        "planned": (D(2023, 3, 15), D(2023, 12, 31)),
        "code": "2022-210321-44-02-002941",
        "history": [
            ("started", D(2023, 3, 28)),  # demo date
            ("completed", D(2023, 12, 26)),  # the article expected full-capacity grid
            ("in_production", D(2023, 12, 28)),  # connection by the end of 2023
        ],
        "plans": {2023: (240000, START), 2024: (30000, COMPLETE)},
        "leader": "as_vm1",
        "head": "210321",
        "resp_unit": "台安县人民政府",
        "group": ["office", "as_power", "department"],
        "description": "据2023年7月24日鞍山报道：国家电投台安50万千瓦风电项目预计年底实现全容量并网"
        "发电。（投资额、开工日期为演示估算；并网按预期记录）",
    },
    {
        "key": "ag_esteel",
        "name": "鞍钢新能源汽车电工钢项目",
        "region": "210303",  # demo
        "industry": "31",
        "category": IND,
        "nature": NEW,
        "source": CSOE,
        "investor": "鞍钢股份有限公司",
        "total": 350000,  # demo
        "planned": (D(2022, 6, 1), D(2025, 6, 30)),
        "code": "2022-210303-31-03-002207",
        "history": [  # the article: resumed in the first half of 2023; dates are demo
            ("started", D(2022, 6, 15)),
            ("stall", D(2022, 11, 30), "受市场变化影响，投资计划调整，暂停施工"),
            ("resume", D(2023, 3, 10), "央地合作专班协调，恢复施工"),
        ],
        "plans": {2023: (120000, CONTINUE), 2024: (150000, CONTINUE)},
        "leader": "leader",
        "head": "210303",
        "resp_unit": "铁西区人民政府",
        "group": ["office", "as_power", "commissioner"],
        "description": "据2023年7月24日鞍山报道：鞍钢新能源汽车电工钢等14个项目复工。"
        "（投资额、停工复工日期为演示估算）",
    },
    {
        "key": "dagushan",
        "name": "大孤山露天坑生态修复项目",
        "region": "210311",
        "industry": "77",
        "category": ECO,
        "nature": NEW,
        "source": CSOE,
        "investor": "鞍钢集团矿业有限公司",
        "total": 150000,  # demo
        "planned": (D(2023, 8, 1), D(2026, 12, 31)),
        "code": "2023-210311-77-03-001482",
        "history": [("started", D(2023, 8, 18))],  # the article: to start in the second half
        "plans": {2023: (30000, START), 2024: (50000, CONTINUE)},
        "leader": "as_vm2",
        "head": "210311",
        "resp_unit": "千山区人民政府",
        "group": ["office", "as_eco", "department"],
        "description": "据2023年7月24日鞍山报道：大孤山露天坑生态修复等18个新项目下半年开工。"
        "（投资额、开工日期为演示估算）",
    },
    {
        "key": "sodium",
        "name": "钠离子新型储能制造基地项目",
        "region": "210304",  # demo
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": CSOE,
        "total": 200000,  # demo
        "planned": (D(2024, 4, 1), D(2025, 12, 31)),
        "code": "2023-210304-38-03-002655",
        "history": [("signed", D(2023, 6, 15))],  # demo date of the central-SOE symposium
        "plans": {2024: (40000, START)},
        "leader": "as_vm1",
        "head": "210304",
        "resp_unit": "立山区人民政府",
        "group": ["office", "commissioner"],
        "description": "据2023年7月24日鞍山报道：钠离子新型储能制造基地等9个项目在央企助力辽宁"
        "全面振兴座谈会上签约。（所在县区、投资额、签约日期为演示估算）",
    },
    {
        "key": "ag_east",
        "name": "鞍钢股份东部矿区产能提升项目",
        "region": "210311",  # demo
        "industry": "08",
        "category": IND,
        "nature": EXP,
        "source": CSOE,
        "investor": "鞍钢集团矿业有限公司",
        "total": 500000,  # demo
        "planned": (D(2024, 4, 1), D(2026, 12, 31)),
        "code": "2023-210311-08-02-002661",
        "history": [("signed", D(2023, 6, 15)), ("started", D(2024, 4, 10))],  # demo
        "plans": {2024: (80000, START)},
        "leader": "as_vm2",
        "head": "210311",
        "resp_unit": "千山区人民政府",
        "group": ["office", "department", "as_eco"],
        "description": "据2023年7月24日鞍山报道：鞍钢股份东部矿区产能提升项目签约。"
        "（所在县区、投资额、日期为演示估算）",
    },
    {
        "key": "xianshan",
        "name": "西鞍山铁矿项目",
        "region": "210303",  # demo
        "industry": "08",
        "category": IND,
        "nature": NEW,
        "source": CSOE,
        "investor": "鞍钢集团矿业有限公司",
        "total": 1500000,  # demo
        "capacity": 30000000,  # demo
        "unit": "吨/年",
        "planned": (D(2021, 3, 1), D(2027, 12, 31)),
        "code": "2021-210303-08-02-000837",
        "history": [  # the article: a stalled project restarted in the first half of 2023
            ("started", D(2021, 3, 18)),
            ("stall", D(2021, 10, 30), "用地及采矿权手续未办结，项目停滞"),
            ("resume", D(2023, 3, 15), "专班协调手续办结，复工建设"),
        ],
        "plans": {2023: (350000, CONTINUE), 2024: (300000, CONTINUE)},
        "leader": "leader",
        "head": "210303",
        "resp_unit": "铁西区人民政府",
        "group": ["office", "department", "as_eco", "as_power"],
        "description": "据2023年7月24日鞍山报道：西鞍山铁矿、五矿陈台沟铁矿等停滞项目上半年完成投资"
        "近40亿元。鞍山新开发西鞍山、陈台沟等5座铁矿，到2025年铁矿年开采规模由5500万吨提升至"
        "1亿吨。（总投资、产能、停工复工日期为演示估算）",
    },
    {
        "key": "chentaigou",
        "name": "五矿陈台沟铁矿项目",
        "region": "210311",  # demo
        "industry": "08",
        "category": IND,
        "nature": NEW,
        "source": CSOE,
        "investor": "中国五矿集团有限公司",
        "total": 1100000,  # demo
        "capacity": 11000000,  # demo
        "unit": "吨/年",
        "planned": (D(2021, 9, 1), D(2027, 6, 30)),
        "code": "2021-210311-08-02-001129",
        "history": [
            ("started", D(2021, 9, 8)),
            ("stall", D(2022, 4, 15), "项目融资方案调整，暂停施工"),
            ("resume", D(2023, 4, 6), "资金到位，恢复施工"),
        ],
        "plans": {2023: (250000, CONTINUE), 2024: (220000, CONTINUE)},
        "leader": "leader",
        "head": "210311",
        "resp_unit": "千山区人民政府",
        "group": ["office", "department", "as_power"],
        "description": "据2023年7月24日鞍山报道：五矿陈台沟铁矿等停滞项目上半年完成投资近40亿元。"
        "（总投资、产能、停工复工日期为演示估算）",
    },
    {
        "key": "xingang",
        "name": "新港国际广场项目",
        "region": "210302",  # demo
        "industry": "70",
        "category": URBAN,
        "nature": NEW,
        "source": PRIV,
        "total": 180000,  # demo
        "planned": (D(2020, 5, 1), D(2023, 9, 30)),
        "code": "2020-210302-70-03-000946",
        "history": [("started", D(2020, 5, 12)), ("completed", D(2023, 9, 28))],  # demo dates
        "plans": {2023: (15000, COMPLETE)},
        "leader": "as_vm2",
        "head": "210302",
        "resp_unit": "铁东区人民政府",
        "group": ["office", "as_build", "county2"],
        "description": "据2023年7月24日鞍山报道：新港国际广场即将竣工。（投资额、日期为演示估算）",
    },
    {
        "key": "giti",
        "name": "新加坡佳通健康产业城项目",
        "region": "210311",  # demo
        "industry": "84",
        "category": URBAN,
        "nature": NEW,
        "source": FOR,
        "investor": "新加坡佳通集团",
        "total": 300000,  # demo
        "planned": (D(2019, 5, 1), D(2026, 12, 31)),
        "code": "2019-210311-84-03-000512",
        "history": [
            ("started", D(2019, 5, 10)),
            ("stall", D(2020, 2, 1), "受疫情及资金影响停工"),
            ("resume", D(2023, 9, 15), "投资方追加资金，恢复施工"),  # "restarted soon"
        ],
        "plans": {2023: (20000, CONTINUE), 2024: (40000, CONTINUE)},
        "leader": "as_vm2",
        "head": "210311",
        "resp_unit": "千山区人民政府",
        "group": ["office", "as_build", "commissioner"],
        "description": "据2023年7月24日鞍山报道：新加坡佳通健康产业城即将复工。"
        "（所在县区、投资额、日期为演示估算）",
    },
    # --- Anlu, article 004 ---
    {
        "key": "cu_foil",
        "name": "中科铜箔扩产项目",
        "region": "420982",
        "industry": "39",
        "category": IND,
        "nature": EXP,
        "source": PRIV,
        "investor": "中科集团",  # "China Sciences Group"
        "total": 70000,  # 7 亿元
        "planned": (D(2024, 3, 1), D(2025, 6, 30)),
        "code": "2023-420982-39-03-003384",
        "history": [("signed", D(2023, 10, 20)), ("started", D(2024, 3, 18))],  # demo dates
        "plans": {2024: (35000, START)},
        "leader": "al_vm1",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_promo", "al_eco"],
        "description": "据安陆报道：中科集团铜箔扩产项目投资7亿元，已签约落户。"
        "（签约开工日期、年度计划为演示估算）",
    },
    {
        "key": "auto_city",
        "name": "东方国际汽车商贸城项目",
        "region": "420982",
        "industry": "52",
        "category": OTHER,
        "nature": NEW,
        "source": PRIV,
        "total": 50000,  # demo
        "planned": (D(2023, 9, 1), D(2025, 3, 31)),
        "code": "2023-420982-52-03-002875",
        "history": [("started", D(2023, 9, 26))],
        "plans": {2023: (10000, START), 2024: (25000, CONTINUE)},
        "leader": "al_vm2",
        "head": "420982",
        "resp_unit": "安陆市人民政府",
        "group": ["anlu_office", "al_land"],
        "description": "据安陆报道：东方国际汽车商贸城开工建设。（投资额、日期为演示估算）",
    },
    {
        "key": "liwang",
        "name": "湖北力旺新材料项目",  # "Liwang": transliterated guess
        "region": "420982",
        "industry": "29",  # demo: the product is not in the article
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 30000,  # demo
        "planned": (D(2023, 9, 1), D(2024, 9, 30)),
        "code": "2023-420982-29-03-002881",
        "history": [("signed", D(2023, 5, 12)), ("started", D(2023, 9, 26))],
        "plans": {2023: (10000, START), 2024: (20000, COMPLETE)},
        "leader": "al_vm1",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_eco"],
        "description": "据安陆报道：湖北力旺新材料项目开工建设。（投资额、日期为演示估算）",
    },
    {
        "key": "beihong",
        "name": "北鸿能源科技项目",  # "Beihong": transliterated guess
        "region": "420982",
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 20000,  # demo
        "planned": (D(2023, 9, 1), D(2024, 8, 31)),
        "code": "2023-420982-38-03-002893",
        "history": [("signed", D(2023, 5, 12)), ("started", D(2023, 9, 26))],
        "plans": {2023: (8000, START), 2024: (12000, COMPLETE)},
        "leader": "al_vm1",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_promo"],
        "description": "据安陆报道：北鸿能源科技项目开工建设。（投资额、日期为演示估算）",
    },
    {
        "key": "yongning",
        "name": "永宁薄膜制品项目",
        "region": "420982",
        "industry": "29",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 15000,  # demo
        "planned": (D(2024, 3, 1), D(2025, 3, 31)),
        "code": "2023-420982-29-03-003105",
        "history": [("signed", D(2023, 8, 18))],  # one of the three signing rounds
        "plans": {2024: (8000, START)},
        "leader": "al_vm2",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_promo"],
        "description": "据安陆报道：全年三轮集中签约32个亿元以上项目、总投资162.8亿元，永宁薄膜制品"
        "等优质项目落户。（投资额、日期为演示估算）",
    },
    {
        "key": "hongkai",
        "name": "宏凯机械项目",  # "Hongkai": transliterated guess
        "region": "420982",
        "industry": "34",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 12000,  # demo
        "planned": (D(2024, 4, 1), D(2025, 4, 30)),
        "code": "2023-420982-34-03-003112",
        "history": [("signed", D(2023, 8, 18))],
        "plans": {2024: (6000, START)},
        "leader": "al_vm2",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_land"],
        "description": "据安陆报道：宏凯机械等优质项目签约落户。（投资额、日期为演示估算）",
    },
    {
        "key": "climate",
        "name": "克莱美特环境设备项目",  # "Climate Environmental Equipment": transliterated guess
        "region": "420982",
        "industry": "35",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "total": 10000,  # demo
        "planned": (D(2024, 5, 1), D(2025, 5, 31)),
        "history": [("signed", D(2023, 11, 24))],
        "plans": {2024: (5000, START)},
        "leader": "al_vm2",
        "head": "al_kfq",
        "resp_unit": "安陆经济开发区管委会",
        "group": ["anlu_office", "al_promo"],
        "description": "据安陆报道：Climate环境设备等优质项目签约落户。（中文名、投资额、日期为演示"
        "估算）",
    },
    # --- Haicheng: invented projects of the demo unit user's company (accounts.demo) ---
    {
        "key": "hc_battery",
        "name": "海城丰帆年产2GWh储能电池项目",
        "region": "210381",
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "investor": "海城丰帆储能科技有限公司",
        "credit": True,
        "total": 68000,
        "capacity": 2,
        "unit": "GWh/年",
        "sales": 120000,
        "profit": 9000,
        "tax": 5000,
        "jobs": 260,
        "planned": (D(2024, 4, 15), D(2025, 10, 31)),
        "code": "2024-210381-38-03-001326",
        "history": [("signed", D(2024, 1, 22)), ("started", D(2024, 4, 16))],
        "plans": {2024: (30000, START)},
        "leader": "leader",
        "head": "unit",
        "resp_unit": "海城市人民政府",
        "group": ["county", "office", "as_power"],
        "unit_member": True,
        "description": "演示项目（虚构）：演示账户“unit”所在企业在海城建设的储能电池项目。",
    },
    {
        "key": "hc_system",
        "name": "海城丰帆储能系统集成生产线项目",
        "region": "210381",
        "industry": "38",
        "category": IND,
        "nature": NEW,
        "source": PRIV,
        "investor": "海城丰帆储能科技有限公司",
        "credit": True,
        "total": 15000,
        "capacity": 1,
        "unit": "GWh/年",
        "planned": (D(2024, 10, 15), D(2025, 9, 30)),
        "code": "2024-210381-38-03-002417",
        "history": [("signed", D(2024, 9, 10))],
        "plans": {2024: (3000, START)},
        "leader": "leader",
        "head": "unit",
        "resp_unit": "海城市人民政府",
        "group": ["county", "commissioner"],
        "unit_member": True,
        "description": "演示项目（虚构）：已签约、计划2024年10月开工但尚未开工，用于演示红色预警。",
    },
]
