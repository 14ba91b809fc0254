"""Print the address and the demo logins: `manage.py demo_logins`."""

from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the URL and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write(f"\nGroundbreak is at {url}\nDemo logins (password: {DEMO_PASSWORD}):")
        for username, role, code, _name, organisation in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label:<28} {code or '—':<7} {organisation}")
        self.stdout.write("")
