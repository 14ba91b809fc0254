"""Issue a new API token for a user and print it: `manage.py api_token USERNAME`."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from accounts.models import User


class Command(BaseCommand):
    help = "Issue a new API token for the user and print it; the old one stops working."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {username!r}.")
        Token.objects.filter(user=user).delete()  # as "My account" does: one token a user
        self.stdout.write(Token.objects.create(user=user).key)
