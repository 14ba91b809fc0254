"""Who may change the project library (everyone in scope may read it)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.choices import Role
from projects.models import Project

EDITORS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


def can_edit_projects(user):
    return user.is_authenticated and (user.sees_everything or user.role in EDITORS)


def project_for(user, pk, *, edit=False):
    """The project if the user may see it (else 404) and, for a write, change it (else 403)."""
    project = get_object_or_404(Project.objects.visible_to(user), pk=pk)
    if edit and not can_edit_projects(user):
        raise PermissionDenied
    return project
