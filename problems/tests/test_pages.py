"""Problem pages, departments, default deadlines, meetings and their minutes, and the API."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from problems import services
from problems.choices import DEFAULT_DAYS, Category, Level, ProblemStatus
from problems.models import CategoryDeadline, Department, Meeting, Problem
from problems.tests.test_rules import (
    DESCRIPTION,
    days,
    escalate_to,
    make_bureau,
    make_meeting,
    make_problem,
    refresh,
)
from projects.choices import Status
from projects.services import change_status
from projects.tests.factories import PersonFactory, ProjectFactory
from reports.models import ReportingPeriod, default_deadline
from reports.services import start_report

PDF = b"%PDF-1.4\n% test evidence\n"


@pytest.fixture
def bureau(cast):
    return make_bureau(cast)


@pytest.fixture
def other_bureau(cast):
    from accounts.choices import Role
    from core.tests.factories import UserFactory

    power = UserFactory(username="power", role=Role.DEPARTMENT, region=cast.regions["anshan"])
    return make_bureau(cast, name="海城市供电分公司", member=power)


@pytest.fixture
def problem(library, cast, bureau):
    return make_problem(library.haicheng, cast.unit, bureau)


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def form_data(project, department, **extra):
    return {
        "project": project.pk,
        "category": Category.POWER,
        "description": DESCRIPTION,
        "department": department.pk,
        "lead_leader": "",
        "deadline": "",
        **extra,
    }


# ---------------------------------------------------------------- raising a problem


def test_unit_raises_from_its_project(library, cast, bureau, client_for):
    client = client_for(cast.unit)
    url = f"/problems/new/?project={library.haicheng.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["project"].initial == library.haicheng.pk
    response = client.post(url, form_data(library.haicheng, bureau))
    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == problem.get_absolute_url()
    assert (problem.project, problem.raised_by, problem.deadline) == (
        library.haicheng,
        cast.unit,
        days(DEFAULT_DAYS[Category.POWER]),
    )


def test_the_project_from_the_link_cannot_be_swapped(library, cast, bureau, client_for):
    client = client_for(cast.office)
    client.post(f"/problems/new/?project={library.haicheng.pk}", form_data(library.tiedong, bureau))
    assert Problem.objects.get().project == library.haicheng


def test_raised_from_a_monthly_report(library, cast, bureau, client_for):
    project = change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None
    )
    period = ReportingPeriod.objects.create(year=2024, month=2, deadline=default_deadline(2024, 2))
    report = start_report(project, period, actor=cast.unit)
    client = client_for(cast.unit)
    assert f"/problems/new/?report={report.pk}" in client.get(report.get_absolute_url()).text
    url = f"/problems/new/?report={report.pk}"
    assert client.get(url).context["form"]["project"].initial == library.haicheng.pk
    client.post(url, form_data(library.haicheng, bureau))
    problem = Problem.objects.get()
    assert (problem.project, problem.source_report) == (library.haicheng, report)


def test_past_deadline_is_refused_on_its_field(library, cast, bureau, client_for):
    response = client_for(cast.unit).post(
        "/problems/new/", form_data(library.haicheng, bureau, deadline=str(days(-1)))
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not Problem.objects.exists()


def test_form_offers_departments_in_scope_and_shows_default_days(cast, library, client_for):
    CategoryDeadline.objects.create(category=Category.LAND, days=12)
    haicheng = make_bureau(cast)
    make_bureau(cast, name="双鸭山市自然资源局", region="jianshan")
    form = client_for(cast.unit).get("/problems/new/").context["form"]
    assert list(form.fields["department"].queryset) == [haicheng]
    assert list(form.fields["project"].queryset) == [library.haicheng]
    help_text = str(form.fields["deadline"].help_text)
    assert f"{Category.LAND.label} 12" in help_text
    assert f"{Category.POWER.label} {DEFAULT_DAYS[Category.POWER]}" in help_text


def test_who_may_not_raise_gets_403(library, cast, client_for):
    assert client_for(cast.department).get("/problems/new/").status_code == 403
    assert client_for(cast.leader).get("/problems/new/").status_code == 403


def test_raising_for_a_project_out_of_scope_is_404(library, cast, client_for):
    url = f"/problems/new/?project={library.tiedong.pk}"
    assert client_for(cast.unit).get(url).status_code == 404
    assert client_for(cast.unit).get("/problems/new/?project=x").status_code == 404


def test_project_page_lists_its_problems_and_links_to_raise(problem, library, cast, client_for):
    client = client_for(cast.unit)
    page = client.get(library.haicheng.get_absolute_url()).text
    assert f"/problems/projects/{library.haicheng.pk}/" in page
    fragment = client.get(f"/problems/projects/{library.haicheng.pk}/").text
    assert problem.get_absolute_url() in fragment
    assert f"/problems/new/?project={library.haicheng.pk}" in fragment
    leader = client_for(cast.leader).get(f"/problems/projects/{library.haicheng.pk}/").text
    assert "/problems/new/" not in leader


# ---------------------------------------------------------------- acting on a problem


def test_department_sees_its_actions_and_the_unit_does_not(problem, cast, client_for):
    context = client_for(cast.department).get(problem.get_absolute_url()).context
    assert context["can_start"] and context["resolve_form"] and context["escalate_form"]
    assert context["close_form"] is None
    # Only the next level is offered.
    assert list(context["escalate_form"].fields["to_level"].widget.choices) == [
        (Level.COUNTY.value, Level.COUNTY.label)
    ]
    context = client_for(cast.unit).get(problem.get_absolute_url()).context
    assert not context["can_start"] and context["resolve_form"] is None
    assert context["escalate_form"] is None


def test_loop_through_the_pages(problem, cast, client_for):
    department = client_for(cast.department)
    assert department.post(f"/problems/{problem.pk}/start/").status_code == 302
    evidence = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    department.post(
        f"/problems/{problem.pk}/resolve/", {"resolution": "供电方案已批复", "evidence": evidence}
    )
    assert refresh(problem).status == ProblemStatus.RESOLVED
    unit = client_for(cast.unit)
    download = unit.get(f"/problems/{problem.pk}/evidence/")
    assert b"".join(download.streaming_content) == PDF
    assert unit.get(problem.get_absolute_url()).context["close_form"] is not None
    unit.post(f"/problems/{problem.pk}/close/", {"satisfaction": "5"})
    problem = refresh(problem)
    assert (problem.status, problem.satisfaction) == (ProblemStatus.CLOSED, 5)


def test_a_renamed_file_is_refused_as_evidence(problem, cast, client_for):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(cast.department).post(
        f"/problems/{problem.pk}/resolve/", {"resolution": "已解决", "evidence": fake}, follow=True
    )
    assert any("PDF" in str(m) for m in response.context["messages"])
    assert refresh(problem).status == ProblemStatus.OPEN


def test_skipping_a_level_from_the_page_is_refused(problem, cast, client_for):
    response = client_for(cast.department).post(
        f"/problems/{problem.pk}/escalate/", {"to_level": Level.MUNICIPAL}, follow=True
    )
    assert any(str(Level.COUNTY.label) in str(m) for m in response.context["messages"])
    assert refresh(problem).level == Level.DEPARTMENT


def test_closing_from_the_page_before_resolution_is_refused(problem, cast, client_for):
    client_for(cast.unit).post(f"/problems/{problem.pk}/close/", {"satisfaction": "5"})
    assert refresh(problem).status == ProblemStatus.OPEN


def test_another_departments_problem_is_404(problem, other_bureau, client_for):
    power = client_for(other_bureau.members.get())
    assert power.get(problem.get_absolute_url()).status_code == 404
    for action in ("start", "resolve", "escalate", "close", "reopen", "evidence"):
        assert power.post(f"/problems/{problem.pk}/{action}/").status_code == 404
    assert refresh(problem).status == ProblemStatus.OPEN


def test_seeing_without_working_is_403(problem, cast, client_for):
    assert client_for(cast.leader).post(f"/problems/{problem.pk}/start/").status_code == 403


# ---------------------------------------------------------------- lists, queue and export


def test_department_list_shows_only_its_problems(library, cast, bureau, other_bureau, client_for):
    make_problem(library.haicheng, cast.unit, bureau)
    make_problem(library.haicheng, cast.unit, other_bureau)
    assert client_for(cast.department).get("/problems/").context["table"].paginator.count == 1
    assert client_for(cast.office).get("/problems/").context["table"].paginator.count == 2
    assert client_for(cast.county2).get("/problems/").context["table"].paginator.count == 0


def test_filters(library, cast, bureau, client_for):
    make_problem(library.haicheng, cast.unit, bureau, category=Category.LAND)
    late = make_problem(library.haicheng, cast.unit, bureau, category=Category.POWER)
    Problem.objects.filter(pk=late.pk).update(deadline=days(-3))
    client = client_for(cast.office)

    def count(query):
        return client.get(f"/problems/?{query}").context["table"].paginator.count

    assert count("category=power") == 1
    assert count("overdue=true") == 1
    assert count("overdue=false") == 1
    assert count("region=210381") == 2
    assert count("region=210302") == 0
    assert count(f"project={library.haicheng.pk}") == 2
    assert count("q=供电方案") == 2
    assert count("status=resolved") == 0


def test_export_is_scoped(library, cast, bureau, other_bureau, client_for):
    mine = make_problem(library.haicheng, cast.unit, bureau)
    make_problem(library.haicheng, cast.unit, other_bureau)
    response = client_for(cast.department).get("/problems/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and my department's one problem
    assert rows[1][0] == mine.description and bureau.name in rows[1]


def test_queue_is_sorted_by_deadline_and_flags_overdue(library, cast, bureau, client_for):
    later = make_problem(library.haicheng, cast.unit, bureau, deadline=days(20))
    sooner = make_problem(library.haicheng, cast.unit, bureau, deadline=days(5))
    late = make_problem(library.haicheng, cast.unit, bureau)
    Problem.objects.filter(pk=late.pk).update(deadline=days(-2))
    done = make_problem(library.haicheng, cast.unit, bureau)
    services.resolve_problem(done, resolution="已解决", actor=cast.department)
    response = client_for(cast.department).get("/problems/queue/")
    rows = list(response.context["table"].rows)
    assert [row.record.pk for row in rows] == [late.pk, sooner.pk, later.pk]
    assert response.text.count('class="table-warning') == 1
    assert client_for(cast.office).get("/problems/queue/").context["table"].paginator.count == 0


def test_problem_list_queries_do_not_grow(library, cast, bureau, client_for):
    client = client_for(cast.office)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/problems/").status_code == 200
        return len(context)

    make_problem(library.haicheng, cast.unit, bureau)
    before = count()
    for n in range(10):
        project = ProjectFactory(region=cast.regions["tiedong"])
        make_problem(project, cast.office, make_bureau(cast, name=f"部门{n}"))
    assert count() == before


# ---------------------------------------------------------------- departments


def test_departments_show_open_and_overdue_counts(library, cast, bureau, client_for):
    make_problem(library.haicheng, cast.unit, bureau)
    late = make_problem(library.haicheng, cast.unit, bureau)
    Problem.objects.filter(pk=late.pk).update(deadline=days(-1))
    done = make_problem(library.haicheng, cast.unit, bureau)
    services.resolve_problem(done, resolution="已解决", actor=cast.department)
    table = client_for(cast.office).get("/problems/departments/").context["table"]
    [department] = [row.record for row in table.rows]
    assert (department.open_count, department.overdue_count) == (2, 1)
    page = client_for(cast.department).get(bureau.get_absolute_url())
    assert page.context["department"].open_count == 2
    assert page.context["table"].paginator.count == 2


def test_department_list_queries_do_not_grow(library, cast, bureau, client_for):
    client = client_for(cast.office)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/problems/departments/").status_code == 200
        return len(context)

    make_problem(library.haicheng, cast.unit, bureau)
    before = count()
    for n in range(5):
        make_problem(library.haicheng, cast.unit, make_bureau(cast, name=f"部门{n}"))
    assert count() == before


DEPARTMENT = {
    "name": "海城市发改局",
    "region": "",
    "email": "fgj@example.cn",
    "webhook": "dingtalk",
    "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
    "webhook_secret": "SECabcdef0123456789",
}


def test_office_creates_a_department_and_the_secret_is_never_shown(cast, client_for):
    data = {**DEPARTMENT, "region": cast.regions["haicheng"].pk, "members": [cast.department.pk]}
    assert client_for(cast.unit).post("/problems/departments/new/", data).status_code == 403
    client = client_for(cast.office)
    assert client.post("/problems/departments/new/", data).status_code == 302
    department = Department.objects.get()
    assert department.webhook_secret == "SECabcdef0123456789"
    assert list(department.members.all()) == [cast.department]
    for url in (department.get_absolute_url(), f"/problems/departments/{department.pk}/edit/"):
        text = client.get(url).text
        assert "SECabcdef0123456789" not in text and "••••6789" in text
    # Saving again without typing the secret keeps it.
    client.post(f"/problems/departments/{department.pk}/edit/", {**data, "webhook_secret": ""})
    department.refresh_from_db()
    assert department.webhook_secret == "SECabcdef0123456789"


def test_a_robot_needs_its_address(cast, client_for):
    data = {**DEPARTMENT, "region": cast.regions["haicheng"].pk, "webhook_url": ""}
    response = client_for(cast.office).post("/problems/departments/new/", data)
    assert "webhook_url" in response.context["form"].errors


def test_administrator_sets_default_deadlines(cast, client_for):
    assert client_for(cast.office).get("/problems/deadlines/").status_code == 403
    client = client_for(cast.administrator)
    formset = client.get("/problems/deadlines/").context["formset"]
    assert CategoryDeadline.objects.count() == len(Category) == len(formset.forms)
    data = {"form-TOTAL_FORMS": len(Category), "form-INITIAL_FORMS": len(Category)}
    for index, form in enumerate(formset.forms):
        days_ = 9 if form.instance.category == Category.LAND else form.instance.days
        data |= {f"form-{index}-id": form.instance.pk, f"form-{index}-days": days_}
    assert client.post("/problems/deadlines/", data).status_code == 302
    assert CategoryDeadline.default_deadline(Category.LAND) == days(9)


# ---------------------------------------------------------------- meetings


def test_meeting_agenda_decision_and_minutes(library, cast, bureau, other_bureau, client_for):
    problem = escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    chair = PersonFactory(name="王副市长", region=cast.regions["anshan"])
    data = {
        "title": "重点项目协调会",
        "held_on": str(days(1)),
        "level": Level.MUNICIPAL,
        "region": cast.regions["anshan"].pk,
        "chair": chair.pk,
        "notes": "",
    }
    assert client_for(cast.department).post("/problems/meetings/new/", data).status_code == 403
    client = client_for(cast.office)
    client.post("/problems/meetings/new/", data)
    meeting = Meeting.objects.get()
    client.post(f"/problems/meetings/{meeting.pk}/agenda/")
    client.post(f"/problems/meetings/{meeting.pk}/agenda/")  # the second click adds nothing
    [item] = meeting.items.all()
    assert item.problem == problem
    prefix = f"item{item.pk}"
    decision = {
        f"{prefix}-decision": "由供电公司十日内接入",
        f"{prefix}-owner": other_bureau.pk,
        f"{prefix}-new_deadline": str(days(10)),
    }
    client.post(f"/problems/meetings/{meeting.pk}/items/{item.pk}/decision/", decision)
    problem = refresh(problem)
    assert (problem.department, problem.deadline) == (other_bureau, days(10))

    response = client.get(f"/problems/meetings/{meeting.pk}/minutes.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for expected in (
        "重点项目协调会",
        "王副市长",
        library.haicheng.name,
        str(Category.LAND.label),
        DESCRIPTION,
        "由供电公司十日内接入",
        "海城市供电分公司",
    ):
        assert expected in text


def test_minutes_use_chinese_fonts(cast):
    from problems.minutes import minutes_docx

    document = Document(io.BytesIO(minutes_docx(make_meeting(cast), [])))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_a_decision_with_a_past_deadline_names_the_field(library, cast, bureau, client_for):
    escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    meeting = make_meeting(cast)
    [item] = services.build_agenda(meeting, actor=cast.office)
    prefix = f"item{item.pk}"
    response = client_for(cast.office).post(
        f"/problems/meetings/{meeting.pk}/items/{item.pk}/decision/",
        {
            f"{prefix}-decision": "限期解决",
            f"{prefix}-owner": bureau.pk,
            f"{prefix}-new_deadline": str(days(-1)),
        },
        follow=True,
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(str(response.context["rows"][0]["form"]["new_deadline"].label))
    item.refresh_from_db()
    assert item.decision == ""


def test_meetings_are_scoped(cast, client_for):
    meeting = make_meeting(cast)
    assert client_for(cast.other_city).get(meeting.get_absolute_url()).status_code == 404
    assert client_for(cast.department).get(meeting.get_absolute_url()).status_code == 200
    assert (
        client_for(cast.department).post(f"/problems/meetings/{meeting.pk}/agenda/").status_code
        == 403
    )


# ---------------------------------------------------------------- API


def test_api_is_scoped(library, cast, bureau, other_bureau):
    mine = make_problem(library.haicheng, cast.unit, bureau)
    theirs = make_problem(library.haicheng, cast.unit, other_bureau)
    client = api(cast.department)
    assert [row["id"] for row in client.get("/api/v1/problems/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/problems/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/problems/{theirs.pk}/start/").status_code == 404
    assert refresh(theirs).status == ProblemStatus.OPEN
    assert api(cast.county2).get("/api/v1/problems/").json()["count"] == 0


def test_api_raises_through_the_service(library, cast, bureau):
    client = api(cast.unit)
    data = {
        "project": library.haicheng.pk,
        "category": "power",
        "description": DESCRIPTION,
        "department": bureau.pk,
    }
    response = client.post("/api/v1/problems/", data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["deadline"], body["status"], body["raised_by"]) == (
        str(days(15)),
        "open",
        cast.unit.pk,
    )
    past = client.post("/api/v1/problems/", {**data, "deadline": str(days(-1))}, format="json")
    assert past.status_code == 400 and "deadline" in past.json()
    other = client.post("/api/v1/problems/", {**data, "project": library.tiedong.pk})
    assert other.status_code == 400 and "project" in other.json()
    assert api(cast.department).post("/api/v1/problems/", data).status_code == 403
    assert client.patch(f"/api/v1/problems/{body['id']}/", {"status": "closed"}).status_code == 405


def test_api_actions(problem, cast):
    department, unit = api(cast.department), api(cast.unit)
    url = f"/api/v1/problems/{problem.pk}"
    assert department.post(f"{url}/start/").json()["status"] == "in_progress"
    skipped = department.post(f"{url}/escalate/", {"to_level": 3})
    assert skipped.status_code == 400 and "to_level" in skipped.json()
    assert department.post(f"{url}/escalate/", {"to_level": 2}).json()["level"] == 2
    assert department.post(f"{url}/resolve/", {"resolution": ""}).status_code == 400
    assert unit.post(f"{url}/close/", {"satisfaction": 5}).status_code == 400  # not resolved
    evidence = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    resolved = department.post(
        f"{url}/resolve/", {"resolution": "已解决", "evidence": evidence}, format="multipart"
    ).json()
    assert (resolved["status"], resolved["has_evidence"]) == ("resolved", True)
    assert department.post(f"{url}/close/", {"satisfaction": 5}).status_code == 403
    assert unit.post(f"{url}/close/", {"satisfaction": 9}).status_code == 400
    closed = unit.post(f"{url}/close/", {"satisfaction": 4}).json()
    assert (closed["status"], closed["satisfaction"]) == ("closed", 4)


def test_api_list_queries_do_not_grow(library, cast, bureau):
    client = api(cast.office)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/problems/").status_code == 200
            assert client.get("/api/v1/departments/").status_code == 200
        return len(context)

    make_problem(library.haicheng, cast.unit, bureau)
    before = count()
    for n in range(5):
        make_problem(library.haicheng, cast.unit, make_bureau(cast, name=f"部门{n}"))
    assert count() == before


def test_api_departments_never_show_the_secret(cast, bureau):
    Department.objects.filter(pk=bureau.pk).update(
        webhook="dingtalk",
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=abc",
        webhook_secret="SECabcdef0123456789",
    )
    for user in (cast.office, cast.department):
        response = api(user).get(f"/api/v1/departments/{bureau.pk}/")
        assert "SECabcdef" not in response.text
        assert response.json()["has_webhook_secret"] is True
    assert "access_token" not in api(cast.department).get("/api/v1/departments/").text


def test_api_departments_are_read_only_except_for_offices(cast, bureau):
    data = {"name": "海城市住建局", "region": "210381"}
    assert api(cast.department).post("/api/v1/departments/", data).status_code == 403
    assert api(cast.department).patch(f"/api/v1/departments/{bureau.pk}/", data).status_code == 403
    response = api(cast.county).post(
        "/api/v1/departments/", {**data, "webhook": "wecom"}, format="json"
    )
    assert response.status_code == 400 and "webhook_url" in response.json()
    created = api(cast.county).post("/api/v1/departments/", data, format="json")
    assert created.status_code == 201 and created.json()["open_count"] == 0
    outside = api(cast.county).post("/api/v1/departments/", {**data, "region": "230502"})
    assert outside.status_code == 400


def test_api_meetings_are_read_only_and_scoped(library, cast, bureau):
    escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    meeting = make_meeting(cast)
    services.build_agenda(meeting, actor=cast.office)
    body = api(cast.office).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (body["region"], len(body["items"])) == ("210300", 1)
    assert api(cast.office).post("/api/v1/meetings/", {}).status_code == 405
    assert api(cast.other_city).get("/api/v1/meetings/").json()["count"] == 0


def test_openapi_schema_lists_problems(cast, client_for):
    paths = client_for(cast.office).get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    assert "/api/v1/problems/{id}/escalate/" in paths
    assert "/api/v1/meetings/{id}/" in paths
