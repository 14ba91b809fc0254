"""Who fills and who reviews monthly reports."""

from accounts.choices import Role

REVIEWERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


def can_review(user):
    """County offices review their county, the project office all (scope does the rest)."""
    return user.is_authenticated and (user.sees_everything or user.role in REVIEWERS)


def can_fill(user, project):
    """A project unit fills its own projects' reports; reviewers may fill on its behalf."""
    if user.role == Role.PROJECT_UNIT:
        return project.unit_members.filter(pk=user.pk).exists()
    return can_review(user)


def can_manage_periods(user):
    return user.is_authenticated and (user.sees_everything or user.role == Role.PROJECT_OFFICE)
