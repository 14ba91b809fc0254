"""Short names the demo modules share: choices, the three cities, the demo's years and dates."""

import datetime

from projects.choices import Category, InvestmentSource, Nature, YearPlan

D = datetime.date
IND, INFRA, SOCIAL, URBAN, AGRI, ECO, OTHER = (
    Category.INDUSTRIAL,
    Category.INFRASTRUCTURE,
    Category.SOCIAL,
    Category.URBAN,
    Category.AGRICULTURE,
    Category.ECOLOGY,
    Category.OTHER,
)
NEW, CONT, EXP, UPG, REL = (
    Nature.NEW,
    Nature.CONTINUING,
    Nature.EXPANSION,
    Nature.UPGRADE,
    Nature.RELOCATION,
)
CSOE, LSOE, PRIV, FOR, GOV = (
    InvestmentSource.CENTRAL_SOE,
    InvestmentSource.LOCAL_SOE,
    InvestmentSource.PRIVATE,
    InvestmentSource.FOREIGN,
    InvestmentSource.GOVERNMENT,
)
START, CONTINUE, COMPLETE = YearPlan.START, YearPlan.CONTINUE, YearPlan.COMPLETE

LAST_EVENT = D(2024, 12, 20)  # every generated date is in 2023–2024 (and so in the past)
YEARS = (2023, 2024)
ANSHAN, SHUANGYASHAN, ANLU = "210300", "230500", "420982"
