"""Compute the dashboard's rollups: `manage.py refresh_rollups [--year Y …]`."""

import time

from django.core.management.base import BaseCommand

from dashboards.rollups import refresh_years


class Command(BaseCommand):
    help = (
        "Compute the dashboard's rollups of the projects on each year's lists (every year with "
        "lists by default). The API computes missing or stale rows itself: this makes the first "
        "calls after a bulk load fast."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="a year (repeatable)")

    def handle(self, *args, year=None, **options):
        started = time.perf_counter()
        refresh_years(year, stdout=self.stdout)
        self.stdout.write(f"rollups refreshed in {time.perf_counter() - started:.1f} s")
