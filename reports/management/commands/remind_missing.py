"""Email the project units that have not reported: `manage.py remind_missing --period YYYY-MM`."""

import re

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import ReportingPeriod
from reports.services import missing_projects


class Command(BaseCommand):
    help = "Email each project unit user the reports they still owe for a period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")

    def handle(self, *args, period, **options):
        match = re.fullmatch(r"(\d{4})-(\d{2})", period)
        if not match:
            raise CommandError(f"--period must look like 2024-05, not {period!r}.")
        year, month = int(match[1]), int(match[2])
        found = ReportingPeriod.objects.filter(year=year, month=month).first()
        if found is None:
            raise CommandError(f"No reporting period {period} has been opened.")
        owed = {}
        for project in missing_projects(found).prefetch_related("unit_members"):
            for member in project.unit_members.all():
                if member.email and member.is_active:
                    owed.setdefault(member, []).append(project)
        with translation.override(settings.LANGUAGE_CODE):
            messages = [self.message(found, member, projects) for member, projects in owed.items()]
        send_mass_mail(messages, fail_silently=False)
        self.stdout.write(
            f"{period}: reminded {len(messages)} people of {sum(map(len, owed.values()))} reports."
        )

    def message(self, period, member, projects):
        subject = _("Monthly reports for %(period)s are due by %(deadline)s") % {
            "period": period,
            "deadline": period.deadline.isoformat(),
        }
        lines = [
            _("These projects have not yet submitted their report for %(period)s:")
            % {"period": period}
        ]
        lines += [f"- {project.name}" for project in projects]
        return subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [member.email]
