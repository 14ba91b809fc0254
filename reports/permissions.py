"""Who fills and who reviews monthly reports."""

from accounts.choices import Role

REVIEWERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


def can_review(user):
    """County offices review their county, the project office all (scope does the rest)."""
    return user.is_authenticated and (user.sees_everything or user.role in REVIEWERS)


def fills_reports(user):
    """Whether the user fills any reports at all: project units with projects, and reviewers."""
    if not user.is_authenticated:
        return False
    if user.role == Role.PROJECT_UNIT:
        return user.unit_projects.exists()
    return can_review(user)


def can_fill(user, project):
    """A project unit fills its own projects' reports; reviewers may fill on its behalf."""
    if user.role == Role.PROJECT_UNIT:
        return project.unit_members.filter(pk=user.pk).exists()
    return can_review(user)


def can_manage_periods(user):
    return user.is_authenticated and (user.sees_everything or user.role == Role.PROJECT_OFFICE)


def fillable_project_ids(user, project_ids):
    """``can_fill`` for a whole batch of visible projects, in one query."""
    if user.role == Role.PROJECT_UNIT:
        return set(user.unit_projects.filter(pk__in=project_ids).values_list("pk", flat=True))
    return set(project_ids) if can_review(user) else set()
