"""Pages of coordination meetings: the agenda built in one click, decisions, the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.changelog import acting_as
from core.forms import render_form
from core.lists import ObjectListView
from problems import services
from problems.filtersets import MeetingFilterSet
from problems.forms import DecisionForm, MeetingForm
from problems.minutes import DOCX_TYPE, minutes_docx
from problems.models import Meeting, Problem
from problems.permissions import is_office
from problems.tables import MeetingTable
from problems.views import error_messages


class MeetingListView(ObjectListView):
    # A grouped query drops the model's default ordering: restate it.
    queryset = (
        Meeting.objects.select_related("region", "chair")
        .annotate(item_count=Count("items"))
        .order_by("-held_on", "pk")
    )
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    title = gettext_lazy("Coordination meetings")
    export_name = "coordination-meetings"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_office(self.request.user):
            context["create_url"] = reverse("problems:meeting_create")
        return context


def _meeting(user, pk):
    queryset = Meeting.objects.visible_to(user).select_related("region", "chair")
    return get_object_or_404(queryset, pk=pk)


def _items(meeting):
    return meeting.items.select_related(
        "problem__project", "problem__department", "owner"
    ).order_by("pk")


@login_required
def meeting_edit(request, pk=None):
    if not is_office(request.user):
        raise PermissionDenied
    instance = _meeting(request.user, pk) if pk else None
    form = MeetingForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            meeting = form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    title = _("Edit the meeting") if instance else _("New coordination meeting")
    cancel_url = instance.get_absolute_url() if instance else reverse("problems:meeting_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    items = list(_items(meeting))
    office = is_office(request.user)
    # The agenda is the meeting's record; only the problems the reader may open are linked.
    visible = set(
        Problem.objects.visible_to(request.user)
        .filter(agenda_items__meeting=meeting)
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "item": item,
            "linked": item.problem_id in visible,
            "form": DecisionForm(user=request.user, item=item) if office else None,
        }
        for item in items
    ]
    context = {
        "title": str(meeting),
        "object": meeting,
        "meeting": meeting,
        "rows": rows,
        "can_edit": office,
    }
    return render(request, "problems/meeting_detail.html", context)


@login_required
@require_POST
def meeting_agenda(request, pk):
    """One click: every escalated problem of the meeting's level and region joins the agenda."""
    meeting = _meeting(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    added = services.build_agenda(meeting, actor=request.user)
    if added:
        messages.success(
            request,
            _("%(count)d escalated problems were put on the agenda.") % {"count": len(added)},
        )
    else:
        messages.info(request, _("No escalated problem is waiting for this meeting."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_decision(request, pk, item_pk):
    meeting = _meeting(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    item = get_object_or_404(_items(meeting), pk=item_pk)
    form = DecisionForm(request.POST, user=request.user, item=item)
    labels = {name: field.label for name, field in form.fields.items()}
    labels["deadline"] = labels["new_deadline"]
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.record_decision(item, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        error_messages(request, error, labels)
    else:
        messages.success(
            request,
            _("The decision on “%(problem)s” was recorded and sent to %(owner)s.")
            % {"problem": item.problem, "owner": item.owner},
        )
    return redirect(reverse("problems:meeting_detail", args=[meeting.pk]) + f"#item-{item.pk}")


@login_required
def meeting_minutes(request, pk):
    meeting = _meeting(request.user, pk)
    content = minutes_docx(meeting, list(_items(meeting)))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"minutes-{meeting.held_on:%Y%m%d}-{meeting.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
