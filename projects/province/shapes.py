"""The shapes of a province's data: county sizes, investment sizes, seasons, category mixes."""

import math
from itertools import accumulate

from projects.choices import Category
from projects.demo.generated import _nice as nice
from projects.demo.vocabulary import MEDIAN

IND, INFRA, SOCIAL, URBAN, AGRI, ECO, OTHER = (
    Category.INDUSTRIAL,
    Category.INFRASTRUCTURE,
    Category.SOCIAL,
    Category.URBAN,
    Category.AGRICULTURE,
    Category.ECOLOGY,
    Category.OTHER,
)

# Completed investment by calendar month: the Spring Festival and frozen ground make January and
# February slow, the spring concentrated start comes in March–April, and the statistical
# year-end push (年底冲刺) makes December the largest month in spite of the cold.
SEASON = [0.22, 0.3, 0.8, 1.0, 1.1, 1.15, 1.1, 1.05, 1.15, 1.2, 1.05, 1.45]
# When projects plan to start, by calendar month (most in the spring concentrated start).
START_MONTHS = [2, 3, 16, 20, 15, 11, 8, 7, 7, 5, 4, 2]
CATEGORY_WEIGHTS = {IND: 45, INFRA: 14, URBAN: 12, SOCIAL: 9, AGRI: 10, ECO: 6, OTHER: 4}
TAIL_SHARE = 0.02  # projects drawn from the heavy tail above 100,000 万元
TAIL_FLOOR, TAIL_ALPHA = 100000, 1.0  # Pareto: one in ten of the tail passes 1,000,000 万元
SMALLEST, LARGEST = 500, 5000000  # 500 万元 to 500 亿元
YEARLY_GROWTH = 1.05  # a few more projects each year


class Choice:
    """A weighted choice, its cumulative weights computed once."""

    def __init__(self, weights):
        self.keys = list(weights)
        self.cumulative = list(accumulate(weights[k] for k in self.keys))

    def __call__(self, rng):
        return rng.choices(self.keys, cum_weights=self.cumulative)[0]


def county_weights(rng, counties, city_of, capitals):
    """Zipf-like sizes: counties ranked at random (the capitals' districts ahead), weight falling
    as 1/rank, so the largest has about ten times the median's projects.

    ``capitals``: city codes whose districts tend to rank higher (the provincial capital and a
    sub-provincial city)."""
    keyed = []
    for county in counties:
        lift = 0.35 if city_of[county.pk].code in capitals else 1.0
        keyed.append((rng.random() * lift, county.code, county))
    keyed.sort(key=lambda item: item[:2])
    return {county: 1 / (rank + 4) for rank, (_, _, county) in enumerate(keyed)}


def total_investment(rng, category):
    """Total investment in 万元: log-normal around the category's median, with a heavy tail."""
    if rng.random() < TAIL_SHARE:
        value = TAIL_FLOOR / rng.random() ** (1 / TAIL_ALPHA)
    else:
        value = rng.lognormvariate(math.log(MEDIAN[category]), 1.05)
    return nice(min(max(value, SMALLEST), LARGEST))


def nominal_months(rng, total):
    """How many months a project of this size plans to build for."""
    months = 10 + 8 * math.log10(max(total, 500) / 1000) + rng.gauss(0, 4)
    return max(4, min(round(months), 72))


def hump(position):
    """Spending over the build, 0 ≤ position ≤ 1: slow start, busy middle, a tail at the end."""
    return 0.35 + math.sin(math.pi * position)
