"""Load the demo data of every app, idempotently: `manage.py seed_demo`."""

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

# Each app with demo data adds its module here; they run in this order.
DEMO_MODULES = [
    "accounts.demo",
    "projects.demo",
    "reports.demo",
    "problems.demo",
    "promotion.demo",
    "enterprises.demo",
]


class Command(BaseCommand):
    help = "Load demo regions, users and data (safe to run again)."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                import_module(name).load(self.stdout)
            except LookupError as error:
                raise CommandError(str(error)) from error
