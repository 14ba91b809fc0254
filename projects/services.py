"""Writes that change a project's state: the lifecycle, the Five Ones, plans and lists."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import acting_as
from projects.choices import TRANSITIONS, HistoryKind, Status
from projects.models import Milestone, MilestoneTemplate, Project, StatusChange


def _check_date(project, on):
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": _("Each change needs its date.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    last = project.history.order_by("-on", "-pk").first()
    if last and on < last.on:
        raise ValidationError(
            {"on": _("The date is before the last recorded change (%(date)s).") % {"date": last.on}}
        )


@transaction.atomic
def change_status(project, to_status, *, on, actor, reason=""):
    """Move a project along its lifecycle, recording the dated step."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    to_status = Status(to_status)
    if to_status not in TRANSITIONS[Status(project.status)]:
        raise ValidationError(
            {
                "to_status": _("A project that is %(current)s cannot become %(target)s.")
                % {"current": project.get_status_display(), "target": to_status.label}
            }
        )
    _check_date(project, on)
    if to_status == Status.COMPLETED and (
        project.actual_start is None or on < project.actual_start
    ):
        raise ValidationError({"on": _("A project cannot be completed before it started.")})
    if to_status == Status.CANCELLED and not reason:
        raise ValidationError({"reason": _("Say why the project is cancelled.")})
    fields = ["status", "updated_at"]
    if to_status == Status.STARTED:
        project.actual_start = on
        fields.append("actual_start")
    if to_status == Status.COMPLETED:
        project.actual_completion = on
        fields.append("actual_completion")
    if project.stalled and to_status in {Status.COMPLETED, Status.CANCELLED}:
        project.stalled, project.stalled_since, project.stall_reason = False, None, ""
        fields += ["stalled", "stalled_since", "stall_reason"]
    previous = project.status
    project.status = to_status
    with acting_as(actor):
        project.save(update_fields=fields)
        StatusChange.objects.create(
            project=project,
            kind=HistoryKind.STATUS,
            on=on,
            from_status=previous,
            to_status=to_status,
            reason=reason,
            actor=actor,
        )
    return project


@transaction.atomic
def stall_project(project, *, on, reason, actor):
    """停工: only a project under construction, with a reason and a date."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Status.STARTED or project.stalled:
        raise ValidationError(_("Only a project under construction that is not stalled can stall."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A stall needs a reason.")})
    _check_date(project, on)
    project.stalled, project.stalled_since, project.stall_reason = True, on, reason.strip()
    with acting_as(actor):
        project.save(update_fields=["stalled", "stalled_since", "stall_reason", "updated_at"])
        StatusChange.objects.create(
            project=project,
            kind=HistoryKind.STALL,
            on=on,
            from_status=project.status,
            to_status=project.status,
            reason=reason.strip(),
            actor=actor,
        )
    return project


@transaction.atomic
def resume_project(project, *, on, actor, reason=""):
    """复工: clears the stall, keeping it in the history."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.stalled:
        raise ValidationError(_("Only a stalled project can resume."))
    _check_date(project, on)
    project.stalled, project.stalled_since, project.stall_reason = False, None, ""
    with acting_as(actor):
        project.save(update_fields=["stalled", "stalled_since", "stall_reason", "updated_at"])
        StatusChange.objects.create(
            project=project,
            kind=HistoryKind.RESUME,
            on=on,
            from_status=project.status,
            to_status=project.status,
            reason=reason,
            actor=actor,
        )
    return project


@transaction.atomic
def fill_plan_from_templates(project, *, actor):
    """One click: add the category's standard milestones that the plan does not have yet."""
    if project.planned_start is None:
        raise ValidationError(_("Set the planned start first: the template dates count from it."))
    have = set(project.milestones.values_list("name", flat=True))
    added = []
    with acting_as(actor):
        for template in MilestoneTemplate.objects.filter(category=project.category):
            if template.name in have:
                continue
            added.append(
                Milestone.objects.create(
                    project=project,
                    name=template.name,
                    oc4ids_type=template.oc4ids_type,
                    oc4ids_code=template.oc4ids_code,
                    due_date=project.planned_start
                    + datetime.timedelta(days=template.days_after_start),
                    responsible_unit=template.responsible_unit or project.responsible_unit,
                )
            )
    return added
