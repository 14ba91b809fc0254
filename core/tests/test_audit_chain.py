"""The change log is a hash chain: editing, deleting or moving an entry is found and named."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core import audit
from core.models import ChangeLog
from projects.tests.factories import ProjectFactory


@pytest.fixture
def history(cast):
    """Some audited writes: the cast itself, then projects created and renamed."""
    for number in range(4):
        project = ProjectFactory(name=f"链条项目{number}", region=cast.regions["haicheng"])
        project.name = f"改名项目{number}"
        project.save()
    return list(ChangeLog.objects.order_by("pk").values_list("pk", flat=True))


def _verify():
    try:
        call_command("verify_audit", stdout=_Sink())
    except CommandError as broken:
        return str(broken)
    return None


class _Sink:
    def write(self, text):
        pass


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_log_verifies(history):
    checked, broken = audit.verify()
    assert broken is None and checked == len(history) > 8
    assert _verify() is None


def test_an_entry_edited_in_the_database_is_named(history):
    victim = history[5]
    _sql("UPDATE core_changelog SET object_repr = %s WHERE id = %s", "虚报项目", victim)
    assert f"broken at entry {victim} " in _verify()


def test_a_figure_edited_in_the_json_is_named(history):
    victim = history[-1]
    _sql("UPDATE core_changelog SET after = %s WHERE id = %s", '{"name": "x"}', victim)
    assert f"broken at entry {victim} " in _verify()


def test_an_entry_deleted_in_the_database_names_the_next_one(history):
    _sql("DELETE FROM core_changelog WHERE id = %s", history[3])
    assert f"broken at entry {history[4]} " in _verify()


def test_two_entries_swapped_in_the_database_are_named(history):
    first, second = history[2], history[6]
    _sql("UPDATE core_changelog SET id = %s WHERE id = %s", -1, first)
    _sql("UPDATE core_changelog SET id = %s WHERE id = %s", first, second)
    _sql("UPDATE core_changelog SET id = %s WHERE id = %s", second, -1)
    assert f"broken at entry {first} " in _verify()


def test_entries_cannot_be_changed_or_deleted_through_the_application(history):
    entry = ChangeLog.objects.get(pk=history[0])
    entry.object_repr = "改写"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    assert _verify() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(cast):
    """On PostgreSQL, writers in parallel transactions chain one after the other."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the advisory lock is PostgreSQL's")
    start = threading.Barrier(4)
    errors = []

    def write(number):
        try:
            start.wait()
            for step in range(5):
                ProjectFactory(name=f"并发{number}-{step}", region=cast.regions["haicheng"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken = audit.verify()
    assert broken is None and checked >= 20
