"""The password policy beyond Django's validators, and the page of a locked-out sign-in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _


class MixedCharactersValidator:
    def validate(self, password, user=None):
        has_letter = any(c.isalpha() for c in password)
        has_other = any(not c.isalpha() and not c.isspace() for c in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("The password must mix letters with digits or symbols."),
                code="password_unmixed",
            )

    def get_help_text(self):
        return _("Your password must mix letters with digits or symbols.")


def locked_out(request, response, credentials):
    """The page axes shows once a username is locked out at this address (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
