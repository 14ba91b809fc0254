"""Every write that changes a project's facts marks its rollups stale (``rollups.mark_stale``).

A project's facts are read from the project itself, its memberships, monthly reports, status
and stall history, milestones and problems, and the warning rules: a save or delete of any of
them marks the project's rows of every year. A row moved to another project marks both.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from dashboards.rollups import mark_stale

PARTS = [
    "projects.Membership",
    "projects.StatusChange",
    "projects.Milestone",
    "reports.MonthlyReport",
    "problems.Problem",
]


def connect():
    from django.apps import apps

    for label in PARTS:
        model = apps.get_model(label)
        uid = f"rollups-{label}"
        pre_save.connect(_remember_project, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-delete")
    project = apps.get_model("projects.Project")
    post_save.connect(_project_changed, sender=project, dispatch_uid="rollups-project")
    project_list = apps.get_model("projects.ProjectList")
    post_save.connect(_list_changed, sender=project_list, dispatch_uid="rollups-list")
    rules = apps.get_model("reports.WarningRules")
    post_save.connect(_rules_changed, sender=rules, dispatch_uid="rollups-rules-save")
    post_delete.connect(_rules_changed, sender=rules, dispatch_uid="rollups-rules-delete")


def _remember_project(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw:
        before = sender._base_manager.filter(pk=instance.pk).values_list("project", flat=True)
        instance._rollup_project_before = before.first()


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([instance.project_id, getattr(instance, "_rollup_project_before", None)])


def _project_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([instance.pk])


def _list_changed(sender, instance, created=False, raw=False, **kwargs):
    # a list's year may have changed: its projects' plans moved from one year to another
    if not raw and not created:
        mark_stale(instance.memberships.values_list("project", flat=True))


def _rules_changed(sender, raw=False, **kwargs):
    if not raw:
        mark_stale(None)
