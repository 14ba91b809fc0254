"""Remind departments of problems coming due: `manage.py remind_problems [--days 3]` (daily cron).

A problem still open whose deadline falls within the next N days (today included) gets one
reminder a day at most: a problem that already has a reminder notification created today is
skipped, so running the command twice in a day sends nothing new.
"""

import datetime
import re
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from problems.choices import Delivery
from problems.models import Notification, Problem
from problems.notifications import notify

# The subject problems.notifications gives a reminder (the same msgid, so the same translations).
REMINDER_SUBJECT = "Reminder: problem of %(project)s due on %(deadline)s"


def reminder_pattern():
    """A regular expression matching a reminder's subject in any of the site's languages."""
    alternatives = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            template = gettext(REMINDER_SUBJECT)
        parts = re.split(r"%\(\w+\)s", template)
        alternatives.add(".*".join(re.escape(part) for part in parts))
    return "^(" + "|".join(sorted(alternatives)) + ")$"


def reminded_today(today):
    """Ids of the problems that already have a reminder created today (local time)."""
    return Notification.objects.filter(
        created_at__date=today, subject__regex=reminder_pattern()
    ).values("problem")


class Command(BaseCommand):
    help = "Email and message the departments about open problems due within N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Remind of deadlines up to N days ahead."
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        today = timezone.localdate()
        due = (
            Problem.objects.open()
            .filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days))
            .exclude(pk__in=reminded_today(today))
            .select_related("project", "department")
        )
        reminded, outcome = 0, Counter()
        with translation.override(settings.LANGUAGE_CODE):
            for problem in due:
                with transaction.atomic():
                    # Checked again under the row lock, so two runs at once remind once.
                    Problem.objects.select_for_update().filter(pk=problem.pk).first()
                    if reminded_today(today).filter(problem=problem.pk).exists():
                        continue
                    sent = notify(problem, "reminder")
                # The transaction has committed: the messages have been tried.
                reminded += bool(sent)
                outcome.update(n.status for n in sent)
        self.stdout.write(
            f"reminders: {reminded} problems due by "
            f"{(today + datetime.timedelta(days=days)).isoformat()}, "
            f"{outcome[Delivery.SENT]} messages sent, {outcome[Delivery.FAILED]} failed."
        )
