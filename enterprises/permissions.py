"""Who keeps the enterprise registry and who serves enterprises."""

from accounts.choices import Role

KEEPERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE, Role.PROMOTION}


def keeps_registry(user):
    """Offices and promotion keep the registry, figures and benefits in their region."""
    return user.is_authenticated and (user.sees_everything or user.role in KEEPERS)


def serves(user, enterprise):
    """The enterprise's own commissioner, or a registry keeper who can see it."""
    return enterprise.commissioner_id == user.pk or keeps_registry(user)
