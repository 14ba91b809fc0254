"""Pages of one project: create, edit, lifecycle, Five Ones, plan, lists, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.changelog import acting_as
from core.forms import render_confirm, render_form
from core.lists import ObjectListView
from projects import services
from projects.choices import TRANSITIONS, Status
from projects.filtersets import ProjectFilterSet
from projects.forms import (
    AttachmentForm,
    FiveOnesForm,
    MembershipForm,
    MilestoneForm,
    ProjectForm,
    StallForm,
    StatusForm,
)
from projects.models import Attachment, Membership, Milestone, Person, Project
from projects.permissions import can_edit_projects, project_for
from projects.tables import ProjectTable


class ProjectListView(ObjectListView):
    queryset = Project.objects.with_overdue_milestone().select_related("region", "leader")
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    title = gettext_lazy("Projects")
    export_name = "projects"
    template_name = "projects/project_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.object_list
        context["total_investment"] = filtered.total_investment()
        context["can_edit"] = can_edit_projects(self.request.user)
        context["me_as_leader"] = Person.objects.filter(user=self.request.user).first()
        if context["can_edit"]:
            context["create_url"] = reverse("projects:project_create")
        return context


@login_required
def project_detail(request, pk):
    project = project_for(request.user, pk)
    context = {
        "title": project.name,
        "object": project,
        "project": project,
        "can_edit": can_edit_projects(request.user),
        "milestones": project.milestones.all(),
        "timeline": project.history.select_related("actor"),
        "memberships": project.memberships.select_related("project_list"),
        "attachments": project.attachments.select_related("uploaded_by"),
        "children": project.children.all(),
        "working_group": project.working_group.all(),
        "next_statuses": [Status(s) for s in TRANSITIONS[Status(project.status)]],
        "status_form": StatusForm(),
        "stall_form": StallForm(),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_create(request):
    if not can_edit_projects(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            project = form.save()
        messages.success(request, _("Project “%(name)s” was created.") % {"name": project.name})
        return redirect(project)
    return render_form(
        request, form, title=_("New project"), cancel_url=reverse("projects:project_list")
    )


@login_required
def project_edit(request, pk):
    project = project_for(request.user, pk, edit=True)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The project was saved."))
        return redirect(project)
    return render_form(
        request,
        form,
        title=_("Edit %(name)s") % {"name": project.name},
        cancel_url=project.get_absolute_url(),
    )


def _lifecycle(request, pk, form_class, action):
    """Run a lifecycle service; form and service errors become messages on the project page."""
    project = project_for(request.user, pk, edit=True)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        action(project, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The project's status was recorded."))
    return redirect(reverse("projects:project_detail", args=[project.pk]) + "#timeline")


@login_required
@require_POST
def project_status(request, pk):
    def action(project, to_status, on, reason):
        services.change_status(project, to_status, on=on, reason=reason, actor=request.user)

    return _lifecycle(request, pk, StatusForm, action)


@login_required
@require_POST
def project_stall(request, pk):
    def action(project, on, reason):
        services.stall_project(project, on=on, reason=reason, actor=request.user)

    return _lifecycle(request, pk, StallForm, action)


@login_required
@require_POST
def project_resume(request, pk):
    def action(project, on, reason):
        services.resume_project(project, on=on, reason=reason, actor=request.user)

    return _lifecycle(request, pk, StallForm, action)


@login_required
def five_ones(request, pk):
    project = project_for(request.user, pk, edit=True)
    form = FiveOnesForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The Five Ones were saved."))
        return redirect(project)
    return render_form(
        request,
        form,
        title=_("Five Ones of %(name)s") % {"name": project.name},
        cancel_url=project.get_absolute_url(),
    )


@login_required
def membership_add(request, pk):
    project = project_for(request.user, pk, edit=True)
    form = MembershipForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The project was added to the list."))
        return redirect(project)
    return render_form(
        request,
        form,
        title=_("Add %(name)s to a key-project list") % {"name": project.name},
        cancel_url=project.get_absolute_url(),
    )


@login_required
def membership_remove(request, pk, membership_pk):
    project = project_for(request.user, pk, edit=True)
    membership = get_object_or_404(Membership, pk=membership_pk, project=project)
    if request.method == "POST":
        with acting_as(request.user):
            membership.delete()
        messages.success(request, _("The project was taken off the list."))
        return redirect(project)
    return render_confirm(
        request,
        title=_("Take the project off a list"),
        question=_("Take “%(project)s” off “%(list)s”? Its annual plan on that list is removed.")
        % {"project": project.name, "list": membership.project_list},
        cancel_url=project.get_absolute_url(),
    )


@login_required
def milestone_edit(request, pk, milestone_pk=None):
    project = project_for(request.user, pk, edit=True)
    milestone = (
        get_object_or_404(Milestone, pk=milestone_pk, project=project)
        if milestone_pk
        else Milestone(project=project)
    )
    form = MilestoneForm(request.POST or None, request.FILES or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The milestone was saved."))
        return redirect(reverse("projects:project_detail", args=[project.pk]) + "#plan")
    title = _("Milestone of %(name)s") % {"name": project.name}
    return render_form(request, form, title=title, cancel_url=project.get_absolute_url())


@login_required
def milestone_delete(request, pk, milestone_pk):
    project = project_for(request.user, pk, edit=True)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    if request.method == "POST":
        with acting_as(request.user):
            milestone.delete()
        messages.success(request, _("The milestone was removed."))
        return redirect(reverse("projects:project_detail", args=[project.pk]) + "#plan")
    return render_confirm(
        request,
        title=_("Remove a milestone"),
        question=_("Remove the milestone “%(name)s” from the plan?") % {"name": milestone.name},
        cancel_url=project.get_absolute_url(),
    )


@login_required
@require_POST
def plan_from_templates(request, pk):
    project = project_for(request.user, pk, edit=True)
    try:
        added = services.fill_plan_from_templates(project, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)d milestones were added from the template.") % {"count": len(added)}
        )
    return redirect(reverse("projects:project_detail", args=[project.pk]) + "#plan")


@login_required
def attachment_add(request, pk):
    project = project_for(request.user, pk, edit=True)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        form.instance.size = form.cleaned_data["file"].size
        form.instance.uploaded_by = request.user
        with acting_as(request.user), transaction.atomic():
            form.save()
        messages.success(request, _("The file was attached."))
        return redirect(reverse("projects:project_detail", args=[project.pk]) + "#attachments")
    title = _("Attach a file to %(name)s") % {"name": project.name}
    return render_form(request, form, title=title, cancel_url=project.get_absolute_url())


@login_required
def attachment_download(request, pk, attachment_pk):
    project = project_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, project=project)
    name = attachment.file.name.rsplit("/", 1)[-1]
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name)


@login_required
def milestone_evidence(request, pk, milestone_pk):
    project = project_for(request.user, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    if not milestone.evidence:
        raise Http404
    name = milestone.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(milestone.evidence.open("rb"), as_attachment=True, filename=name)
