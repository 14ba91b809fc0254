"""Optimistic locking: a stale form is refused with a clear message and no update is lost."""

import datetime
import re
import threading
from decimal import Decimal

import pytest
import requests
from django.db import connection

from core.concurrency import EditConflict
from core.tests.cast import PASSWORD
from problems.tests.test_rules import escalate_to, make_bureau, make_problem
from projects.forms import ProjectForm
from projects.models import Project
from reports import services
from reports.models import MonthlyReport

CONFLICT = ("after you opened it", "您打开")  # the message in English and in Chinese


def conflicted(text):
    return any(words in text for words in CONFLICT)


REPORT_FIELDS = {
    "progress_percent": "15",
    "progress_text": "桩基施工",
    "workers": "120",
    "narrative": "",
    "over_total_explanation": "",
}


def _opened(client, url):
    """The version the form on the page was opened on."""
    page = client.get(url).content.decode()
    return re.search(r'name="opened_version" value="(\d+)"', page).group(1)


def _project_form_data(project, **changes):
    form = ProjectForm(instance=project)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return {**data, **changes}


def test_a_stale_project_form_is_refused_and_the_other_edit_kept(library, cast, client_for):
    project = library.haicheng
    client = client_for(cast.office)
    url = f"/projects/{project.pk}/edit/"
    opened = _opened(client, url)
    # Meanwhile the county office renames the project.
    other = Project.objects.get(pk=project.pk)
    other.name = "县里改的名字"
    other.save()
    data = _project_form_data(project, name="市里改的名字", opened_version=opened)
    response = client.post(url, data)
    assert response.status_code == 200
    assert conflicted(response.content.decode())
    project.refresh_from_db()
    assert (project.name, project.version) == ("县里改的名字", 2)
    # Reopened on the current version, the same change saves.
    data["opened_version"] = _opened(client, url)
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.version) == ("市里改的名字", 3)


def test_two_saves_from_the_same_version_the_second_is_refused(library):
    first = Project.objects.get(pk=library.haicheng.pk)
    second = Project.objects.get(pk=library.haicheng.pk)
    first.name = "先保存"
    first.save()
    second.name = "后保存"
    with pytest.raises(EditConflict):
        second.save()
    assert Project.objects.get(pk=first.pk).name == "先保存"


def test_a_stale_report_form_is_refused(started, periods, cast, client_for):
    report = services.start_report(started, periods[1], actor=cast.unit)
    client = client_for(cast.unit)
    opened = _opened(client, report.get_absolute_url())
    MonthlyReport.objects.get(pk=report.pk).save()  # someone else saved it
    data = {**REPORT_FIELDS, "completed": "800", "opened_version": opened, "save": "1"}
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 200 and conflicted(response.content.decode())
    report.refresh_from_db()
    assert report.completed == 0


def test_a_stale_problem_action_is_refused(library, cast, client_for):
    problem = make_problem(library.haicheng, cast.unit, make_bureau(cast))
    client = client_for(cast.department)
    opened = _opened(client, problem.get_absolute_url())
    escalate_to(problem, 2, cast.office)  # escalated while the page was open
    response = client.post(
        f"/problems/{problem.pk}/resolve/",
        {"resolution": "已解决", "opened_version": opened},
        follow=True,
    )
    assert conflicted(response.content.decode())
    problem.refresh_from_db()
    assert problem.status != "resolved"


# ---------------------------------------------------------------- two real sessions


def _session(live_server, username):
    session = requests.Session()
    session.get(f"{live_server.url}/accounts/login/")
    token = session.cookies["csrftoken"]
    response = session.post(
        f"{live_server.url}/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{live_server.url}/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


def _post(session, url, data):
    token = session.cookies["csrftoken"]
    return session.post(
        url, {**data, "csrfmiddlewaretoken": token}, headers={"Referer": url}, allow_redirects=False
    )


def _at_once(*calls):
    """Run the calls in parallel threads released together; their results in order."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        start.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def on_postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("two concurrent sessions need PostgreSQL (SQLite serialises the test server)")


@pytest.mark.usefixtures("on_postgresql")
def test_two_sessions_save_one_report_at_once_and_no_update_is_lost(
    live_server, started, periods, cast
):
    report = services.start_report(started, periods[1], actor=cast.unit)
    url = f"{live_server.url}{report.get_absolute_url()}"
    unit, office = _session(live_server, "unit"), _session(live_server, "office")
    opened = [re.search(r'name="opened_version" value="(\d+)"', s.get(url).text).group(1)
              for s in (unit, office)]  # fmt: skip
    assert opened[0] == opened[1]
    figures = ["800", "900"]
    answers = _at_once(
        *[
            lambda s=s, f=f, o=o: _post(
                s, url, {**REPORT_FIELDS, "completed": f, "opened_version": o, "save": "1"}
            )
            for s, f, o in zip((unit, office), figures, opened, strict=True)
        ]
    )
    codes = sorted(answer.status_code for answer in answers)
    assert codes in ([200, 302], [302, 409]), codes
    winner = figures[[a.status_code for a in answers].index(302)]
    loser = next(a for a in answers if a.status_code != 302)
    assert conflicted(loser.text)
    report.refresh_from_db()
    assert (report.completed, report.version) == (Decimal(winner), 2)


@pytest.mark.usefixtures("on_postgresql")
def test_simultaneous_starts_and_submissions_make_one_report(live_server, started, periods, cast):
    sessions = [_session(live_server, "unit") for _ in range(3)]
    start_url = f"{live_server.url}/reports/periods/2024-2/projects/{started.pk}/"
    answers = _at_once(*[lambda s=s: _post(s, start_url, {}) for s in sessions])
    assert all(a.status_code == 302 for a in answers), [a.status_code for a in answers]
    assert MonthlyReport.objects.filter(project=started, period=periods[2]).count() == 1
    report = MonthlyReport.objects.get(project=started, period=periods[2])
    submit_url = f"{live_server.url}/reports/{report.pk}/submit/"
    _at_once(*[lambda s=s: _post(s, submit_url, {}) for s in sessions])
    report.refresh_from_db()
    assert report.status == "submitted"
    submissions = report.version - 1
    assert submissions == 1  # one save moved the version on; the others were refused


def test_the_api_answers_a_conflict_found_at_save_time_with_409(library, cast, monkeypatch):
    from rest_framework.test import APIClient

    def stale_save(self, *args, **kwargs):
        raise EditConflict(self)

    monkeypatch.setattr(Project, "save", stale_save)
    client = APIClient()
    client.force_login(cast.office)
    response = client.patch(
        f"/api/v1/projects/{library.haicheng.pk}/", {"name": "新名"}, format="json"
    )
    assert response.status_code == 409
    assert conflicted(response.json()["detail"])
