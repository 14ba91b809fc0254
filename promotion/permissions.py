"""Who works the promotion pipeline (everyone in scope may read it)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.choices import Role

PROMOTERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.PROMOTION, Role.COUNTY_OFFICE}


def can_promote(user):
    """Administrators, the project office, promotion bureaus and county offices, in their region."""
    return user.is_authenticated and (user.sees_everything or user.role in PROMOTERS)


def object_for(queryset, user, pk, *, edit=False):
    """The object if the user may see it (else 404) and, for a write, change it (else 403)."""
    found = get_object_or_404(queryset.visible_to(user), pk=pk)
    if edit and not can_promote(user):
        raise PermissionDenied
    return found
