"""What every piece of the province generator shares: the window, regions, random streams, ids."""

import calendar
import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from core.bulk import TableWriter
from core.choices import IndustryLevel, RegionLevel
from core.models import Industry, Region

D = datetime.date


class ReferenceMissing(LookupError):
    """The regions or industries the generator needs are not loaded."""


def month_index(day):
    """Months since year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_of(index):
    return divmod(index, 12)[0], index % 12 + 1


def last_day(index):
    year, month = month_of(index)
    return D(year, month, calendar.monthrange(year, month)[1])


class Context:
    """The options, the months of the window, the province's regions and the shared results.

    Every piece draws from its own ``rng(name)``, a ``random.Random`` seeded with the seed and
    the piece's name, so one piece's draws never shift another's. "Today" is ``as_of``: the
    last day of the --until month, or today if that month is the current one.
    """

    def __init__(self, *, seed, size, years, until, province_code, stdout, today):
        self.seed, self.size, self.stdout = seed, size, stdout
        self.last_month = month_index(D(*until, 1))
        self.first_month = self.last_month - 12 * years + 1
        self.as_of = min(last_day(self.last_month), today)
        self.start = D(*month_of(self.first_month), 1)
        self.years = list(range(self.start.year, self.as_of.year + 1))
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.writer = TableWriter(stdout)
        self._load_regions(province_code)
        self.divisions = dict(
            Industry.objects.filter(level=IndustryLevel.DIVISION).values_list("code", "pk")
        )
        if not self.divisions:
            raise ReferenceMissing(
                "GB/T 4754 industries are missing: run manage.py load_reference."
            )
        self._next_ids = {}
        # filled by the pieces, read by the later ones
        self.plans = []  # projects.province.timeline.Plan, in id order
        self.people = {}
        self.investors = {}  # credit code → (name, region id, industry id, chain id, above size)
        self.credit_codes = set()

    def _load_regions(self, code):
        province = Region.objects.filter(code=code, level=RegionLevel.PROVINCE).first()
        counties = list(
            Region.objects.filter(code__startswith=code[:2], level=RegionLevel.COUNTY)
            .select_related("parent")
            .order_by("code")
        )
        if province is None or not counties:
            raise ReferenceMissing(
                f"Province {code} and its counties are not in the Region table: "
                "run manage.py load_reference first (or give a GB/T 2260 province code)."
            )
        self.province, self.counties = province, counties
        self.cities = list(
            Region.objects.filter(code__startswith=code[:2], level=RegionLevel.CITY).order_by(
                "code"
            )
        )
        # a county-level city run by the province itself hangs under the province
        self.city_of = {
            c.pk: c.parent if c.parent.level == RegionLevel.CITY else province for c in counties
        }

    def rng(self, name):
        return random.Random(f"{self.seed}:{name}")

    def ids(self, model, count):
        """``count`` fresh ids for the model's rows, after any it already has."""
        if model not in self._next_ids:
            self._next_ids[model] = self.writer.next_id(model)
        first = self._next_ids[model]
        self._next_ids[model] = first + count
        return range(first, first + count)

    def write(self, model, columns, rows):
        """Give the rows (tuples without their id) fresh ids and write them; returns the ids."""
        ids = self.ids(model, len(rows))
        rows = ((pk, *row) for pk, row in zip(ids, rows, strict=True))
        self.writer.write(model, ["id", *columns], rows)
        return ids

    def written_models(self):
        return list(self._next_ids)

    def at(self, day, hour=9, minute=0):
        """An aware datetime on that day, in the project office's time zone."""
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)
