"""The problem loop: raise, work, resolve, close or escalate; meetings decide on escalations."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import acting_as
from core.scoping import region_prefix
from problems.choices import Level, ProblemStatus
from problems.models import AgendaItem, CategoryDeadline, Problem
from problems.notifications import notify
from problems.permissions import can_close, can_raise, is_office, works_on
from projects.models import Project


def _check_deadline(deadline):
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


@transaction.atomic
def raise_problem(subject, *, actor, category, description, department, deadline=None, **extra):
    """Route a project's or an enterprise's difficulty to a department with a deadline."""
    owner = "project" if isinstance(subject, Project) else "enterprise"
    visible = type(subject).objects.visible_to(actor).filter(pk=subject.pk).exists()
    if not can_raise(actor) or not visible:
        raise PermissionDenied
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe the problem.")})
    deadline = deadline or CategoryDeadline.default_deadline(category)
    _check_deadline(deadline)
    problem = Problem(
        **{owner: subject},
        category=category,
        description=description.strip(),
        department=department,
        deadline=deadline,
        raised_by=actor,
        **extra,
    )
    with acting_as(actor):
        problem.save()
    notify(problem, "assigned")
    return problem


def _locked(problem):
    return Problem.objects.select_for_update().select_related("department").get(pk=problem.pk)


def _save(problem, actor, *fields):
    with acting_as(actor):
        problem.save(update_fields=list(fields))
    return problem


@transaction.atomic
def start_work(problem, *, actor):
    problem = _locked(problem)
    if not works_on(actor, problem):
        raise PermissionDenied
    if problem.status != ProblemStatus.OPEN:
        raise ValidationError(_("Only an open problem can be taken in hand."))
    problem.status = ProblemStatus.IN_PROGRESS
    return _save(problem, actor, "status")


@transaction.atomic
def resolve_problem(problem, *, resolution, actor, evidence=None):
    problem = _locked(problem)
    if not works_on(actor, problem):
        raise PermissionDenied
    if not problem.is_open:
        raise ValidationError(_("This problem is no longer open."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the problem was resolved.")})
    problem.status, problem.resolution = ProblemStatus.RESOLVED, resolution.strip()
    problem.resolved_on = timezone.localdate()
    fields = ["status", "resolution", "resolved_on"]
    if evidence:
        problem.evidence = evidence
        fields.append("evidence")
    return _save(problem, actor, *fields)


@transaction.atomic
def close_problem(problem, *, satisfaction, actor):
    """The raiser verifies the resolution and rates it (1–5)."""
    problem = _locked(problem)
    if not can_close(actor, problem):
        raise PermissionDenied
    if problem.status != ProblemStatus.RESOLVED or not problem.resolution.strip():
        raise ValidationError(
            _("A problem is closed only after it is resolved, with its resolution.")
        )
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": _("Rate the resolution from 1 to 5.")})
    problem.status, problem.satisfaction = ProblemStatus.CLOSED, satisfaction
    problem.closed_on = timezone.localdate()
    return _save(problem, actor, "status", "satisfaction", "closed_on")


@transaction.atomic
def reopen_problem(problem, *, reason, actor):
    """The raiser is not satisfied: the problem goes back to the department."""
    problem = _locked(problem)
    if not can_close(actor, problem):
        raise PermissionDenied
    if problem.status != ProblemStatus.RESOLVED:
        raise ValidationError(_("Only a resolved problem can be sent back."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the resolution is not enough.")})
    problem.status, problem.resolved_on = ProblemStatus.IN_PROGRESS, None
    problem.resolution = f"{problem.resolution}\n— {reason.strip()}"
    return _save(problem, actor, "status", "resolved_on", "resolution")


@transaction.atomic
def escalate_problem(problem, *, to_level, actor):
    """Up the ladder one step at a time: department → county → municipal → provincial."""
    problem = _locked(problem)
    if not works_on(actor, problem):
        raise PermissionDenied
    if not problem.is_open:
        raise ValidationError(_("Only an open problem can be escalated."))
    try:
        to_level = Level(int(to_level))
    except ValueError as error:
        raise ValidationError({"to_level": _("Choose an escalation level.")}) from error
    if to_level != problem.level + 1:
        raise ValidationError(
            {
                "to_level": _(
                    "Escalate one level at a time: from %(current)s the next is %(next)s."
                )
                % {
                    "current": Level(problem.level).label,
                    "next": Level(problem.level + 1).label
                    if problem.level < Level.PROVINCIAL
                    else "—",
                }
            }
        )
    problem.status, problem.level = ProblemStatus.ESCALATED, to_level
    return _save(problem, actor, "status", "level")


@transaction.atomic
def build_agenda(meeting, *, actor):
    """One click: every escalated problem of the meeting's level and region not yet on it."""
    if not is_office(actor):
        raise PermissionDenied
    waiting = (
        Problem.objects.visible_to(actor)
        .filter(status=ProblemStatus.ESCALATED, level=meeting.level)
        .filter(
            Q(project__region__code__startswith=region_prefix(meeting.region))
            | Q(enterprise__region__code__startswith=region_prefix(meeting.region))
        )
        .exclude(agenda_items__meeting=meeting)
    )
    with acting_as(actor):
        return [AgendaItem.objects.create(meeting=meeting, problem=p) for p in waiting]


@transaction.atomic
def record_decision(item, *, decision, owner, new_deadline, actor):
    """The meeting's decision: a new owner and deadline, and the problem is worked on again."""
    if not is_office(actor):
        raise PermissionDenied
    if not (decision or "").strip():
        raise ValidationError({"decision": _("Write down the decision.")})
    _check_deadline(new_deadline)
    item.decision, item.owner, item.new_deadline = decision.strip(), owner, new_deadline
    problem = _locked(item.problem)
    problem.department, problem.deadline = owner, new_deadline
    problem.status = ProblemStatus.IN_PROGRESS
    with acting_as(actor):
        item.save(update_fields=["decision", "owner", "new_deadline"])
        problem.save(update_fields=["department", "deadline", "status"])
    notify(problem, "assigned")
    return item
