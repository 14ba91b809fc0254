"""Retry the notifications still pending or failed: `manage.py send_notifications` (cron)."""

from collections import Counter

from django.core.management.base import BaseCommand

from problems.choices import Delivery
from problems.notifications import MAX_ATTEMPTS, send_pending


class Command(BaseCommand):
    help = "Deliver every pending or failed notification that has attempts left."

    def handle(self, *args, **options):
        tried = send_pending()
        outcome = Counter(n.status for n in tried)
        given_up = sum(n.status == Delivery.FAILED and n.attempts >= MAX_ATTEMPTS for n in tried)
        self.stdout.write(
            f"notifications: {len(tried)} tried, {outcome[Delivery.SENT]} sent, "
            f"{outcome[Delivery.FAILED]} failed ({given_up} out of attempts)."
        )
        for notification in tried:
            if notification.status == Delivery.FAILED:
                self.stderr.write(
                    f"  #{notification.pk} {notification.get_channel_display()} "
                    f"to {notification.problem.department}: {notification.last_error}"
                )
