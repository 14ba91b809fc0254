"""The status lifecycle runs through one service that validates and records each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import ChangeLog
from projects.choices import HistoryKind, Status
from projects.services import change_status, resume_project, stall_project

D = datetime.date


def test_start_records_the_date_and_history(library, cast):
    project = change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    assert project.status == Status.STARTED
    assert project.actual_start == D(2024, 3, 5)
    [step] = project.history.all()
    assert (step.from_status, step.to_status, step.on, step.actor) == (
        Status.RESERVE,
        Status.STARTED,
        D(2024, 3, 5),
        cast.office,
    )


def test_the_change_log_names_the_actor(library, cast):
    change_status(library.haicheng, Status.SIGNED, on=D(2024, 1, 5), actor=cast.county)
    entry = ChangeLog.objects.for_object(library.haicheng).filter(action="update").get()
    assert entry.actor == cast.county
    assert entry.before == {"status": "reserve"} or entry.before["status"] == "reserve"


def test_no_completion_before_a_start(library, cast):
    with pytest.raises(ValidationError) as error:
        change_status(library.haicheng, Status.COMPLETED, on=D(2024, 3, 5), actor=cast.office)
    assert "to_status" in error.value.message_dict


def test_completion_date_cannot_precede_the_start(library, cast):
    change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    with pytest.raises(ValidationError) as error:
        change_status(library.haicheng, Status.COMPLETED, on=D(2024, 3, 1), actor=cast.office)
    assert "on" in error.value.message_dict
    library.haicheng.refresh_from_db()
    assert library.haicheng.status == Status.STARTED


def test_each_transition_needs_its_date(library, cast):
    with pytest.raises(ValidationError):
        change_status(library.haicheng, Status.SIGNED, on=None, actor=cast.office)


def test_future_dates_are_refused(library, cast):
    with pytest.raises(ValidationError):
        change_status(
            library.haicheng, Status.SIGNED, on=D.today() + datetime.timedelta(days=2), actor=None
        )


def test_cancelled_is_final_and_needs_a_reason(library, cast):
    with pytest.raises(ValidationError):
        change_status(library.haicheng, Status.CANCELLED, on=D(2024, 1, 1), actor=cast.office)
    change_status(
        library.haicheng, Status.CANCELLED, on=D(2024, 1, 1), reason="投资方撤资", actor=None
    )
    with pytest.raises(ValidationError):
        change_status(library.haicheng, Status.STARTED, on=D(2024, 2, 1), actor=cast.office)


def test_full_lifecycle_to_capacity(library, cast):
    project = library.haicheng
    for status, on in [
        (Status.SIGNED, D(2023, 5, 1)),
        (Status.STARTED, D(2023, 6, 1)),
        (Status.COMPLETED, D(2024, 6, 1)),
        (Status.IN_PRODUCTION, D(2024, 7, 1)),
        (Status.AT_CAPACITY, D(2025, 1, 1)),
    ]:
        project = change_status(project, status, on=on, actor=cast.office)
    assert project.actual_completion == D(2024, 6, 1)
    assert project.history.count() == 5


def test_stall_needs_a_reason_and_a_started_project(library, cast):
    with pytest.raises(ValidationError):
        stall_project(library.haicheng, on=D(2024, 4, 1), reason="缺资金", actor=cast.office)
    change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    with pytest.raises(ValidationError):
        stall_project(library.haicheng, on=D(2024, 4, 1), reason="  ", actor=cast.office)


def test_stall_and_resume_are_both_in_the_history(library, cast):
    change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    project = stall_project(library.haicheng, on=D(2024, 4, 1), reason="征地未完成", actor=None)
    assert project.stalled and project.stalled_since == D(2024, 4, 1)
    project = resume_project(project, on=D(2024, 6, 1), actor=cast.office)
    assert not project.stalled and project.stall_reason == ""
    kinds = list(project.history.values_list("kind", flat=True))
    assert kinds == [HistoryKind.STATUS, HistoryKind.STALL, HistoryKind.RESUME]


def test_resume_needs_a_stall(library, cast):
    change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    with pytest.raises(ValidationError):
        resume_project(library.haicheng, on=D(2024, 4, 1), actor=cast.office)


def test_a_date_before_the_last_step_is_refused(library, cast):
    change_status(library.haicheng, Status.STARTED, on=D(2024, 3, 5), actor=cast.office)
    with pytest.raises(ValidationError):
        stall_project(library.haicheng, on=D(2024, 3, 1), reason="x", actor=cast.office)
