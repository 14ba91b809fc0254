"""Generate the demo library around the seed projects: names, investors, histories, plans."""

# About 270 deterministic projects (one ``random.Random(2023)`` stream, shared with the loader)
# over the counties of the three cities, on the 2023 and 2024 key-project lists. The loader
# creates them through projects.services, so histories, actual dates and the change log agree.

import datetime
import math

from projects.demo.constants import (
    ANLU,
    ANSHAN,
    COMPLETE,
    CONT,
    CONTINUE,
    CSOE,
    ECO,
    EXP,
    FOR,
    GOV,
    IND,
    LAST_EVENT,
    LSOE,
    NEW,
    PRIV,
    REL,
    SHUANGYASHAN,
    SOCIAL,
    START,
    UPG,
    URBAN,
    YEARS,
    D,
)
from projects.demo.people import LEADERS
from projects.demo.vocabulary import (
    BRANDS,
    BUSINESS,
    CANCEL_REASONS,
    CATEGORY_WEIGHTS,
    CENTRAL_BUILDERS,
    CENTRAL_GROUPS,
    CENTRAL_MAKERS,
    CITY_LETTER,
    CITY_NAMES,
    CITY_SHARE,
    COMMERCIAL,
    COUNTY_WEIGHTS,
    DIVISION_OFFICE,
    DIVISION_SOE,
    FOREIGN,
    GOV_OFFICE,
    LOCAL_SOE,
    MEDIAN,
    NAMES,
    NATURE_WEIGHTS,
    PLACE,
    PLACES,
    PRODUCTS,
    PROVINCE_SHORT,
    PUBLIC_ONLY,
    RESUME_REASONS,
    RIVERS,
    ROADS,
    SHORT,
    SOURCE_WEIGHTS,
    STALL_REASONS,
    STATUS_WEIGHTS,
)


class Generator:
    """The specs of the generated projects; names and codes must not repeat the seeds'."""

    def __init__(self, rng, regions, seen_names, codes):
        # The loader's own random stream, names and codes: shared, not copied.
        self.rng, self.regions = rng, regions
        self.seen_names, self.codes = seen_names, codes

    def specs(self):
        """Specs of the generated projects, each bundle's parent before its phases."""
        rng = self.rng
        specs = []
        number = 0
        for city, count in CITY_SHARE.items():
            counties = COUNTY_WEIGHTS[city]
            bundles = {ANSHAN: 4, SHUANGYASHAN: 3, ANLU: 1}[city]
            for index in range(count + bundles):
                number += 1
                county = _weighted(rng, counties)
                if index < bundles:
                    specs.extend(self.bundle(number, city, county))
                else:
                    specs.append(self.single(number, city, county))
        # one or two cancellations among the projects that never started
        waiting = [s for s in specs if s["target"] in ("signed", "reserve") and not s.get("phase")]
        for spec in rng.sample(waiting, 2):
            on = max(_last(spec["history"], D(2024, 3, 1)), D(2024, 3, 1))
            on = min(on + datetime.timedelta(days=rng.randint(20, 120)), LAST_EVENT)
            reasons = CANCEL_REASONS[spec["source"] not in (PRIV, FOR)]
            spec["history"].append(("cancelled", on, rng.choice(reasons)))
            spec["target"] = "cancelled"
            spec["plans"] = {y: v for y, v in spec["plans"].items() if y <= on.year}
        return specs

    def single(self, number, city, county, category=None, total=None, year0=None, target=None):
        rng = self.rng
        carry = False
        category = category or _weighted(rng, CATEGORY_WEIGHTS[city])
        if total is None:
            total = _lognormal_total(rng, MEDIAN[category])
        given_year = year0
        year0 = year0 or (2023 if rng.random() < 0.55 else 2024)
        target = target or _weighted(rng, STATUS_WEIGHTS[year0])
        source = _weighted(rng, SOURCE_WEIGHTS[category])
        if source == GOV and target == "signed":
            target = "reserve"
        if category in (URBAN, SOCIAL, ECO) and target in ("in_production", "at_capacity"):
            target = "completed"  # a school or a park is finished, not "in production"
        elif category != IND and target == "at_capacity":
            target = "in_production"
        nature = _weighted(rng, NATURE_WEIGHTS[IND if category == IND else "other"])
        if nature == CONT and given_year is None and target not in ("signed", "reserve"):
            # 续建: started in late 2023 outside the lists, listed from 2024 as continuing
            carry, year0 = True, 2024
        elif nature == CONT:
            nature = NEW
        spec = {
            "key": f"gen{number}",
            "region": county,
            "category": category,
            "source": source,
            "nature": nature,
            "total": total,
            "target": target,
            "year0": year0,
            "carry": carry,
            "credit": True,
            "provincial": total >= (50000 if city == ANLU else 100000)
            or (total >= 30000 and rng.random() < 0.3),
        }
        if category == IND:
            self.industrial_name(spec, city, county)
        else:
            self.public_name(spec, city, county)
        spec["investor"] = self.investor(spec, city, county)
        self.timeline(spec, year0)
        self.five_ones(spec, city, county)
        return spec

    def industrial_name(self, spec, city, county):
        rng = self.rng
        letter = CITY_LETTER[city]
        product, division, unit, low, high, _ = rng.choice([p for p in PRODUCTS if letter in p[5]])
        share = (math.log(spec["total"]) - math.log(500)) / (math.log(500000) - math.log(500))
        capacity = _round(low * (high / low) ** min(max(share, 0), 1) * rng.uniform(0.8, 1.25))
        for _ in range(50):
            brand = rng.choice(BRANDS)
            amount = f"{_plain(capacity)}{unit}"
            pattern = {
                EXP: f"{brand}{product}扩能项目",
                UPG: f"{brand}{product}生产线智能化改造项目",
                REL: f"{brand}{product}退城入园搬迁改造项目",
            }.get(spec["nature"])
            if pattern is None:
                pattern = rng.choice(
                    [
                        f"年产{amount}{product}项目",
                        f"{brand}年产{amount}{product}项目",
                        f"{brand}{product}生产基地项目",
                    ]
                )
            if pattern not in self.seen_names:
                break
        self.seen_names.add(pattern)
        spec.update(
            name=pattern,
            brand=brand,
            industry=division,
            capacity=capacity,
            unit=f"{unit}/年",
        )
        if rng.random() < 0.6:  # promised outcomes for most industrial projects
            sales = _nice(spec["total"] * rng.uniform(0.8, 2.5))
            spec.update(
                sales=sales,
                profit=_nice(sales * rng.uniform(0.06, 0.15)),
                tax=_nice(sales * rng.uniform(0.03, 0.08)),
                jobs=int(_nice(max(20, spec["total"] / rng.uniform(150, 600)))),
            )

    def public_name(self, spec, city, county):
        rng = self.rng
        category = spec["category"]
        patterns = NAMES[category] + CITY_NAMES[city].get(category, [])
        if spec["source"] in (PRIV, FOR):
            patterns = [p for p in patterns if not any(w in p[0] for w in PUBLIC_ONLY)]
        elif spec["source"] == GOV:
            patterns = [p for p in patterns if not any(w in p[0] for w in COMMERCIAL)]
        county_name = SHORT.get(county, self.regions[county].name_zh)
        for _ in range(60):
            pattern, division = rng.choice(patterns)
            name = pattern.format(
                c=county_name,
                n=rng.choice([1, 2, 3, 5, 8, 10]),
                road=rng.choice(ROADS),
                place=rng.choice(PLACES),
                river=rng.choice(RIVERS[city]),
                y=spec["year0"],
            )
            if name not in self.seen_names:
                break
        else:
            name = f"{name[:-2]}（二期）项目"
        self.seen_names.add(name)
        spec.update(name=name, industry=division, brand=rng.choice(BRANDS))

    def investor(self, spec, city, county):
        rng = self.rng
        place = PLACE[county]
        county_name = self.regions[county].name_zh
        source, division = spec["source"], spec["industry"]
        if "输变电" in spec["name"]:  # the grid company builds the grid
            spec["source"] = CSOE
            return f"国网{PROVINCE_SHORT[city]}省电力有限公司{place}供电公司"
        if source == GOV:
            office = DIVISION_OFFICE.get(division) or GOV_OFFICE[spec["category"]]
            return f"{county_name}{office}"
        if source == LSOE:
            pattern = DIVISION_SOE.get(division) or rng.choice(LOCAL_SOE[spec["category"]])
            return pattern.format(p=place)
        business = BUSINESS.get(division, "实业" if spec["category"] == IND else "发展")
        if source == CSOE:
            groups = CENTRAL_GROUPS.get(division) or (
                CENTRAL_MAKERS if spec["category"] == IND else CENTRAL_BUILDERS
            )
            return f"{rng.choice(groups)}（{place}）{business}有限公司"
        if source == FOR:
            return f"{rng.choice(FOREIGN)}（{place}）{business}有限公司"
        return f"{place}{spec['brand']}{business}有限公司"

    def timeline(self, spec, year0):
        """Planned dates, a history through the services' steps, codes and annual plans."""
        rng = self.rng
        target, total = spec["target"], spec["total"]
        month = _weighted(rng, {3: 22, 4: 24, 5: 18, 6: 12, 7: 9, 8: 8, 9: 7})
        if target in ("at_capacity", "in_production", "completed"):
            month = min(month, 5 if year0 == 2023 else 4)
        planned_start = D(year0, month, rng.randint(1, 28))
        if spec.get("carry"):
            planned_start = D(year0 - 1, rng.randint(7, 11), rng.randint(1, 28))
        months = int(8 + 5 * math.log10(max(total, 1000) / 1000) + rng.randint(0, 8))
        if target in ("at_capacity", "in_production", "completed"):
            months = min(months, 10 if year0 == 2024 or target == "at_capacity" else 18)
        planned_completion = _end_of_month(_add_months(planned_start, months))
        history = []
        started = None
        if target not in ("reserve",):
            start = planned_start + datetime.timedelta(days=rng.randint(-10, 40))
            start = max(start, D(planned_start.year, 1, 10))
            enterprise = spec["source"] in (PRIV, FOR, CSOE)
            if target == "signed" or (enterprise and rng.random() < 0.7):
                signed = start - datetime.timedelta(days=rng.randint(20, 150))
                if target == "signed":
                    signed = planned_start - datetime.timedelta(days=rng.randint(10, 90))
                    signed = min(max(signed, D(2023, 1, 5)), LAST_EVENT)
                if signed >= D(2023, 1, 3):
                    history.append(("signed", signed))
            if target != "signed":
                started = min(start, LAST_EVENT)
                history.append(("started", started))
        if target in ("completed", "in_production", "at_capacity"):
            days = (planned_completion - planned_start).days + rng.randint(-20, 60)
            room = (LAST_EVENT - started).days - (160 if target == "at_capacity" else 30)
            room -= rng.randint(0, 90)
            finished = started + datetime.timedelta(days=max(min(days, room), 90))
            history.append(("completed", finished))
            if target != "completed":
                producing = finished + datetime.timedelta(days=rng.randint(10, 30))
                history.append(("in_production", producing))
                if target == "at_capacity":
                    capacity_on = producing + datetime.timedelta(days=rng.randint(90, 240))
                    history.append(("at_capacity", min(capacity_on, LAST_EVENT)))
        if target in ("stalled", "resumed"):
            stall_on = started + datetime.timedelta(days=rng.randint(60, 300))
            stall_on = min(stall_on, LAST_EVENT - datetime.timedelta(days=40))
            if stall_on > started:
                history.append(("stall", stall_on, rng.choice(STALL_REASONS)))
                if target == "resumed":
                    resume_on = stall_on + datetime.timedelta(days=rng.randint(30, 150))
                    history.append(
                        ("resume", min(resume_on, LAST_EVENT), rng.choice(RESUME_REASONS))
                    )
        spec.update(planned=(planned_start, planned_completion), history=history)
        # the national code: most projects past the reserve stage have one
        registered = history[0][1] if history else planned_start
        if rng.random() < ({GOV: 0.7}.get(spec["source"], 0.3) if target == "reserve" else 0.95):
            year = registered.year - (1 if registered.month <= 4 and rng.random() < 0.3 else 0)
            kind = "01" if spec["source"] == GOV else "03"
            if spec["industry"] in ("06", "08", "44") and spec["source"] != GOV and total >= 50000:
                kind = "02"
            spec["code"] = self.project_code(year, spec["region"], spec["industry"], kind)
        spec["plans"] = _annual_plans(rng, spec, year0)

    def five_ones(self, spec, city, county):
        rng = self.rng
        if spec["total"] >= 20000 or rng.random() < 0.3:
            spec["leader"] = rng.choice(LEADERS[city])
        spec["head"] = county
        spec["resp_unit"] = f"{self.regions[county].name_zh}人民政府"

    def bundle(self, number, city, county):
        """A park built in two or three phases: the parent, then its phases."""
        rng = self.rng
        phases = rng.choice([2, 3])
        total = _nice(rng.uniform(80000, 400000))
        parent = self.single(number, city, county, IND, total, 2023, "started")
        parent["nature"] = NEW
        parent["name"] = parent["name"].replace("项目", "").replace("年产", "")
        parent["name"] = f"{parent['brand']}{_product_of(parent['name'])}产业园项目"
        while parent["name"] in self.seen_names:
            parent["name"] = f"{PLACE[county]}{parent['name']}"
        self.seen_names.add(parent["name"])
        parent.update(bundle=True, provincial=True, sales=None, profit=None, tax=None, jobs=None)
        shares = [0.45, 0.35, 0.20] if phases == 3 else [0.6, 0.4]
        specs = [parent]
        first = next(e[1] for e in parent["history"] if e[0] == "started")
        parent_plans = {}
        for index, share in enumerate(shares):
            label = "一二三"[index]
            phase = dict(parent)
            phase.update(
                key=f"{parent['key']}-{index + 1}",
                parent=parent["key"],
                phase=True,
                bundle=False,
                provincial=False,
                name=f"{parent['name'][:-2]}{label}期项目",
                total=_nice(total * share),
                capacity=_nice(parent["capacity"] * share) if parent.get("capacity") else None,
                code=None,
            )
            if index == 0:
                phase["history"] = list(parent["history"])
                phase["planned"] = parent["planned"]
                phase["target"] = "started"
                if rng.random() < 0.5 and first.year == 2023:  # a quick first phase
                    done = min(first + datetime.timedelta(days=rng.randint(240, 330)), LAST_EVENT)
                    phase["history"].append(("completed", done))
                    phase["history"].append(
                        (
                            "in_production",
                            min(done + datetime.timedelta(days=rng.randint(10, 40)), LAST_EVENT),
                        )
                    )
                    phase["planned"] = (parent["planned"][0], _end_of_month(done))
            else:
                start = _add_months(parent["planned"][0], 12 * index)
                phase["planned"] = (start, _end_of_month(_add_months(start, 14)))
                if index == 1 and start <= D(2024, 9, 30):
                    phase["target"] = "started" if rng.random() < 0.6 else "signed"
                    begun = start + datetime.timedelta(days=rng.randint(0, 30))
                    phase["history"] = (
                        [("started", min(begun, LAST_EVENT))]
                        if phase["target"] == "started"
                        else [("signed", start - datetime.timedelta(days=rng.randint(20, 60)))]
                    )
                else:
                    phase["target"], phase["history"] = "reserve", []
            if phase["target"] != "reserve" or index == 0:
                registered = phase["history"][0][1] if phase["history"] else phase["planned"][0]
                phase["code"] = self.project_code(registered.year, county, phase["industry"], "03")
            phase["plans"] = _annual_plans(rng, phase, phase["planned"][0].year)
            for year, (amount, _) in phase["plans"].items():
                parent_plans[year] = parent_plans.get(year, 0) + amount
            specs.append(phase)
        parent["total"] = sum(p["total"] for p in specs[1:])
        if parent.get("capacity"):
            parent["capacity"] = sum(p["capacity"] or 0 for p in specs[1:])
        last = max(p["planned"][1] for p in specs[1:])
        parent["planned"] = (parent["planned"][0], last)
        parent["plans"] = {
            year: (amount, START if year == first.year else CONTINUE)
            for year, amount in sorted(parent_plans.items())
        }
        return specs

    # codes ----------------------------------------------------------------------------------

    def project_code(self, year, region_code, division, kind):
        """GB/T 40058: year, county, industry division, 01 审批 / 02 核准 / 03 备案, serial."""
        while True:
            code = f"{year}-{region_code}-{division}-{kind}-{self.rng.randint(1, 999999):06d}"
            if code not in self.codes and not code.endswith("-000000"):
                self.codes.add(code)
                return code


# helpers ------------------------------------------------------------------------------------


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _lognormal_total(rng, median):
    """A total investment in 万元, log-normal, from 500 万元 to 50 亿元, to three figures."""
    value = rng.lognormvariate(math.log(median), 1.15)
    return _nice(min(max(value, 500), 500000))


def _nice(value):
    """Three significant figures, as an int (amounts in 万元, capacities)."""
    if value <= 0:
        return 0
    digits = int(math.floor(math.log10(value))) - 2
    return int(round(value / 10**digits) * 10**digits) if digits > 0 else int(round(value))


def _round(value):
    """A capacity as people write it: the nearest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k."""
    scale = 10 ** math.floor(math.log10(value))
    step = min((1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10), key=lambda s: abs(s * scale - value))
    rounded = step * scale
    return int(rounded) if rounded >= 1 and float(rounded).is_integer() else rounded


def _plain(number):
    return str(int(number)) if float(number).is_integer() else str(number)


def _product_of(name):
    for product, *_ in PRODUCTS:
        if product in name:
            return product
    return "新材料"


def _add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    return D(day.year + year, month + 1, min(day.day, 28))


def _end_of_month(day):
    following = _add_months(D(day.year, day.month, 1), 1)
    return following - datetime.timedelta(days=1)


def _last(history, default):
    return history[-1][1] if history else default


def _annual_plans(rng, spec, year0):
    """Year → (annual planned investment, start/continue/complete) for the years it is listed."""
    start, completion = spec["planned"]
    total = spec["total"]
    events = {e[0]: e[1] for e in spec["history"]}
    finished = events.get("completed")
    started = events.get("started")
    span = max((completion - start).days, 60)
    plans = {}
    for year in YEARS:
        if year < year0:
            continue
        if finished and finished.year < year:
            break
        if year > year0 and not started:
            plan = START  # a start that slipped into the next year
            first = D(year, 3, 1)
        elif year == year0 and spec.get("carry"):
            plan, first = CONTINUE, D(year, 1, 1)
        elif year == year0:
            plan, first = START, start
        else:
            plan, first = CONTINUE, D(year, 1, 1)
        if (finished and finished.year == year) or completion.year == year:
            plan = COMPLETE if year > year0 or spec.get("carry") else plan
        last = min(completion, D(year, 12, 31))
        days = max((last - max(first, D(year, 1, 1))).days, 30)
        share = min(days / span, 1) * rng.uniform(0.8, 1.0)
        amount = _nice(max(total * share, total * 0.05))
        if completion.year > year and not (finished and finished.year == year):
            amount = min(amount, _nice(total * 0.85))  # leave room for the years after
        amount = max(min(amount, total - sum(a for a, _ in plans.values())), 1)
        plans[year] = (amount, plan)
    return plans
