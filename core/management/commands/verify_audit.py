"""Check the change log's hash chain; exit 1 and name the first broken entry if it is broken."""

from django.core.management.base import BaseCommand, CommandError

from core import audit
from core.models import ChangeLog


class Command(BaseCommand):
    help = "Verify the change log's hash chain and name the first entry that breaks it."

    def handle(self, *args, **options):
        checked, broken = audit.verify()
        if broken is None:
            self.stdout.write(f"change log intact: {checked} entries chained")
            return
        entry = ChangeLog.objects.filter(pk=broken.entry_id).first()
        raise CommandError(
            f"change log broken at entry {broken.entry_id} (number {broken.position} in the "
            f"chain: {entry}): its hash does not match its content and the entry before it. "
            "It was edited, or an entry before it was deleted or moved."
        )
