"""Writes of the enterprise side: visits with their requests, and a request becoming a problem."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import acting_as
from enterprises.models import Request, Visit
from enterprises.permissions import serves
from problems.services import raise_problem


@transaction.atomic
def log_visit(enterprise, *, visited_on, content, requests, actor):
    """A commissioner's visit, with one request per non-empty line of ``requests``."""
    if not serves(actor, enterprise):
        raise PermissionDenied
    if visited_on is None or visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Give the date of the visit; not in the future.")})
    if not (content or "").strip():
        raise ValidationError({"content": _("Say what the visit was about.")})
    with acting_as(actor):
        visit = Visit.objects.create(
            enterprise=enterprise,
            commissioner=actor,
            visited_on=visited_on,
            content=content.strip(),
        )
        for line in (requests or "").splitlines():
            if line.strip():
                Request.objects.create(visit=visit, description=line.strip())
    return visit


@transaction.atomic
def request_to_problem(request, *, category, department, actor, deadline=None):
    """One click: the enterprise's request becomes a problem routed to a department."""
    request = (
        Request.objects.select_for_update(of=("self",)).select_related("visit").get(pk=request.pk)
    )
    if request.problem_id:
        raise ValidationError(_("This request is already a problem."))
    enterprise = request.visit.enterprise
    if not serves(actor, enterprise):
        raise PermissionDenied
    problem = raise_problem(
        enterprise,
        actor=actor,
        category=category,
        description=request.description,
        department=department,
        deadline=deadline,
    )
    request.problem = problem
    with acting_as(actor):
        request.save(update_fields=["problem"])
    return problem
