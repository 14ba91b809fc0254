"""Pages of one problem: the lists, raising a problem, and the department's actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import render_form
from core.lists import ObjectListView
from problems import services
from problems.choices import Level, ProblemStatus
from problems.filtersets import ProblemFilterSet
from problems.forms import CloseForm, EscalateForm, ProblemForm, ReopenForm, ResolveForm
from problems.models import Problem
from problems.permissions import can_close, can_raise, works_on
from problems.tables import ProblemTable, QueueTable
from projects.permissions import project_for
from reports.models import MonthlyReport

PROBLEM_ROWS = ("project__region", "enterprise__region", "department", "raised_by", "lead_leader")


class ProblemListView(ObjectListView):
    queryset = Problem.objects.select_related(*PROBLEM_ROWS)
    filterset_class = ProblemFilterSet
    table_class = ProblemTable
    title = gettext_lazy("Problems")
    export_name = "problems"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_raise(self.request.user):
            context["create_url"] = reverse("problems:problem_create")
        return context


class QueueView(ProblemListView):
    """A department's open problems, the most urgent first."""

    table_class = QueueTable
    title = gettext_lazy("My department's queue")
    export_name = "queue"

    def get_queryset(self):
        mine = super().get_queryset().filter(department__members=self.request.user)
        return mine.open().order_by("deadline", "pk")


def problem_for(user, pk):
    """The problem if the user may see it, else 404 (another department's problem included)."""
    queryset = Problem.objects.visible_to(user).select_related(
        *PROBLEM_ROWS, "project", "source_report__period"
    )
    return get_object_or_404(queryset, pk=pk)


def _number(value):
    if not (value or "").isdecimal():
        raise Http404
    return int(value)


@login_required
def problem_detail(request, pk):
    problem = problem_for(request.user, pk)
    user = request.user
    working = problem.is_open and works_on(user, problem)
    closing = problem.status == ProblemStatus.RESOLVED and can_close(user, problem)
    context = {
        "title": str(problem),
        "object": problem,
        "problem": problem,
        "overdue": problem.is_overdue(),
        "can_start": problem.status == ProblemStatus.OPEN and working,
        "resolve_form": ResolveForm(instance=problem) if working else None,
        "escalate_form": (
            EscalateForm(instance=problem) if working and problem.level < Level.PROVINCIAL else None
        ),
        "close_form": CloseForm(instance=problem) if closing else None,
        "reopen_form": ReopenForm(instance=problem) if closing else None,
        "decisions": problem.agenda_items.select_related("meeting", "owner"),
    }
    return render(request, "problems/problem_detail.html", context)


@login_required
def problem_create(request):
    """From the list, a project page (?project=) or a monthly report (?report=)."""
    if not can_raise(request.user):
        raise PermissionDenied
    project = report = None
    if "report" in request.GET:
        reports = MonthlyReport.objects.visible_to(request.user).select_related("project")
        report = get_object_or_404(reports, pk=_number(request.GET["report"]))
        project = report.project
    elif "project" in request.GET:
        project = project_for(request.user, _number(request.GET["project"]))
    form = ProblemForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.raise_problem(
                data["project"],
                actor=request.user,
                category=data["category"],
                description=data["description"],
                department=data["department"],
                deadline=data["deadline"],
                lead_leader=data["lead_leader"],
                source_report=report,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The problem was sent to %(department)s, due on %(deadline)s.")
                % {"department": problem.department, "deadline": problem.deadline},
            )
            return redirect(problem)
    if report is not None:
        cancel_url = report.get_absolute_url()
    elif project is not None:
        cancel_url = project.get_absolute_url()
    else:
        cancel_url = reverse("problems:problem_list")
    title = (
        _("Raise a problem of %(project)s") % {"project": project.name}
        if project
        else _("Raise a problem")
    )
    return render_form(request, form, title=title, cancel_url=cancel_url)


def error_messages(request, error, labels=None):
    """A service's or a form's refusal as messages, each named by its field."""
    labels = labels or {}
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            label = labels.get(field)
            for text in texts:
                named = label and not text.startswith(f"{label}:")  # an upload names its field
                messages.error(request, f"{label}: {text}" if named else text)
    else:
        for text in error.messages:
            messages.error(request, text)


def _act(request, pk, form_class, action, success):
    """Run a service on the problem; refusals become messages on the problem page."""
    problem = problem_for(request.user, pk)
    form = form_class(request.POST, request.FILES or None, instance=problem) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors)
        action(problem, **(form.cleaned_data if form else {}))
    except ValidationError as error:
        labels = {name: field.label for name, field in form.fields.items()} if form else {}
        error_messages(request, error, labels)
    else:
        messages.success(request, success)
    return redirect(problem)


@login_required
@require_POST
def problem_start(request, pk):
    def action(problem):
        services.start_work(problem, actor=request.user)

    return _act(request, pk, None, action, _("The problem is in hand."))


@login_required
@require_POST
def problem_resolve(request, pk):
    def action(problem, resolution, evidence):
        services.resolve_problem(
            problem, resolution=resolution, evidence=evidence, actor=request.user
        )

    return _act(
        request, pk, ResolveForm, action, _("The problem is resolved; the raiser will verify it.")
    )


@login_required
@require_POST
def problem_escalate(request, pk):
    def action(problem, to_level):
        services.escalate_problem(problem, to_level=to_level, actor=request.user)

    return _act(request, pk, EscalateForm, action, _("The problem was escalated."))


@login_required
@require_POST
def problem_close(request, pk):
    def action(problem, satisfaction):
        services.close_problem(problem, satisfaction=satisfaction, actor=request.user)

    return _act(request, pk, CloseForm, action, _("The problem is closed. Thank you."))


@login_required
@require_POST
def problem_reopen(request, pk):
    def action(problem, reason):
        services.reopen_problem(problem, reason=reason, actor=request.user)

    return _act(request, pk, ReopenForm, action, _("The problem was sent back to the department."))


@login_required
def problem_evidence(request, pk):
    problem = problem_for(request.user, pk)
    if not problem.evidence:
        raise Http404
    name = problem.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(problem.evidence.open("rb"), as_attachment=True, filename=name)


@login_required
def project_problems(request, project_pk):
    """The problems of a project, shown on the project's page (projects does not import us)."""
    project = project_for(request.user, project_pk)
    problems = Problem.objects.visible_to(request.user).filter(project=project)
    context = {
        "project": project,
        "problems": problems.select_related("department"),
        "can_raise": can_raise(request.user),
    }
    return render(request, "problems/_project_problems.html", context)
