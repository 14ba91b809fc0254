"""Generate a province-scale dataset: `manage.py generate_province --projects 50000 --years 5`.

Regions, people, projects (bundles with phases), status history, lists with annual plans,
milestones, reporting periods, monthly reports with their approved revisions, departments and
problems, promotion chains, activities, leads, contracts and funds, and the investors as
enterprises. The same --seed, options and --until give the same rows (except that, when --until
is the current month, the data ends today). It needs `load_reference`, refuses a database that
already holds such data unless --clear (which deletes those rows; the change log keeps its
entries and new ids never reuse old ones), and writes no change-log entries for the rows it makes.
Then, unless --no-rollups, it refreshes the planner's statistics (PostgreSQL) and computes the
dashboard's rollups, so that the first dashboard does not compute tens of thousands of them.
"""

import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from projects.province import Occupied, ReferenceMissing, generate


class Command(BaseCommand):
    help = "Generate a reproducible province-scale dataset (after load_reference)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=50000, help="how many projects")
        parser.add_argument("--years", type=int, default=5, help="how many years of reports")
        parser.add_argument("--until", help="the last month, YYYY-MM (default: this month)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--province", default="210000", help="GB/T 2260 province code (default Liaoning)"
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="first delete every project, report, problem, promotion and enterprise row",
        )
        parser.add_argument(
            "--no-rollups",
            dest="rollups",
            action="store_false",
            help="leave the dashboard's rollups to be computed later (manage.py refresh_rollups)",
        )

    def handle(self, *args, projects, years, until, seed, province, clear, rollups, **options):
        today = timezone.localdate()
        until = self.month(until) if until else (today.year, today.month)
        if until > (today.year, today.month):
            raise CommandError("--until cannot be a month that has not begun.")
        if projects < 10 or not 1 <= years <= 20:
            raise CommandError("Give at least 10 projects and 1 to 20 years.")
        try:
            generate(
                seed=seed,
                size=projects,
                years=years,
                until=until,
                province=province,
                clear=clear,
                stdout=self.stdout,
                today=today,
            )
        except (Occupied, ReferenceMissing) as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":  # what autovacuum would do after a bulk load, now
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if rollups:
            self.stdout.write("the dashboard's rollups:")
            call_command("refresh_rollups", stdout=self.stdout)

    @staticmethod
    def month(text):
        found = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not found or not 1 <= int(found[2]) <= 12:
            raise CommandError(f"--until must look like 2025-06, not {text!r}.")
        return int(found[1]), int(found[2])
