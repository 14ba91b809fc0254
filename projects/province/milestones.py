"""Implementation plans of the generated projects: the category's milestone templates, stretched
to each project's planned span; done as the project moved on, some past due and not done."""

import datetime

from projects.choices import MilestoneCode
from projects.models import Milestone, MilestoneTemplate

DAY = datetime.timedelta(days=1)
COLUMNS = [
    "project_id", "name", "oc4ids_type", "oc4ids_code", "due_date", "responsible_unit",
    "done_date", "evidence",
]  # fmt: skip


def generate(ctx, rng):
    templates = {}
    for template in MilestoneTemplate.objects.order_by("category", "days_after_start", "pk"):
        templates.setdefault(template.category, []).append(template)
    rows = []
    for plan in ctx.plans:
        nodes = templates.get(plan.category, [])
        ends = [t.days_after_start for t in nodes if t.oc4ids_code == MilestoneCode.COMPLETION]
        span = (plan.planned_completion - plan.planned_start).days
        stretch = span / ends[0] if ends and ends[0] > 0 else 1
        for node in nodes:
            offset = node.days_after_start
            due = plan.planned_start + (round(offset * stretch) if offset > 0 else offset) * DAY
            done = _done(rng, ctx, plan, node, due)
            unit = node.responsible_unit or plan.unit_name
            rows.append(
                (plan.id, node.name, node.oc4ids_type, node.oc4ids_code, due, unit, done, "")
            )
    ctx.write(Milestone, COLUMNS, rows)


def _done(rng, ctx, plan, template, due):
    """When the node was done, or None: most on time, some late, some not yet (overdue)."""
    code, as_of = template.oc4ids_code, ctx.as_of
    if code == MilestoneCode.COMMENCEMENT:
        return plan.started
    if code == MilestoneCode.COMPLETION:
        return plan.completed
    if code == MilestoneCode.COMMISSIONING:
        return plan.producing
    stop = min(as_of, plan.cancelled or as_of)
    if template.days_after_start <= 0:  # approvals and preparation, before the start
        if plan.started:
            return min(due + rng.randint(-5, 12) * DAY, plan.started)
        if due < stop and rng.random() < 0.6:
            return min(due + rng.randint(0, 30) * DAY, stop)
        return None
    if not plan.started:
        return None
    if plan.completed:
        return max(min(due + rng.randint(0, 30) * DAY, plan.completed), plan.started)
    if due < stop and rng.random() < 0.65:
        return max(min(due + rng.randint(0, 45) * DAY, stop), plan.started)
    return None
