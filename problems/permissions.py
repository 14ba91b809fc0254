"""Who raises, works on, escalates and closes problems."""

from accounts.choices import Role

OFFICES = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


def is_office(user):
    return user.sees_everything or user.role in OFFICES


def can_raise(user):
    """Project units for their projects, offices and commissioners in their scope."""
    return is_office(user) or user.role in {Role.PROJECT_UNIT, Role.COMMISSIONER, Role.PROMOTION}


def works_on(user, problem):
    """The responsible department's members, and the offices above them."""
    return is_office(user) or problem.department.members.filter(pk=user.pk).exists()


def can_close(user, problem):
    """The raiser verifies the resolution; an office may close on the raiser's behalf."""
    return problem.raised_by_id == user.pk or is_office(user)
