"""Backups round-trip: every table's rows and the change log's chain come back as they were."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from projects.choices import Status
from projects.services import change_status
from projects.tests.factories import ProjectFactory
from reports.models import ReportingPeriod, default_deadline
from reports.services import start_report

# pg_dump sees committed rows only, so the data is committed (and flushed after each test).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def holdings(cast, library):
    """The cast, the library, a few more projects and a monthly report: a change log to chain."""
    for number in range(3):
        ProjectFactory(name=f"备份项目{number}", region=cast.regions["haicheng"])
    started = change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None
    )
    period = ReportingPeriod.objects.create(year=2024, month=1, deadline=default_deadline(2024, 1))
    return start_report(started, period, actor=cast.unit)


class Target:
    """A fresh, empty database of the test's vendor to restore into, reached by DATABASE_URL."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        test_settings = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
            return
        self.name = f"{test_settings['NAME']}_restored"
        self.options = {
            "host": test_settings["HOST"] or "localhost",
            "port": test_settings["PORT"] or 5432,
            "user": test_settings["USER"],
            "password": test_settings["PASSWORD"] or None,
        }
        password = (
            f":{quote(test_settings['PASSWORD'], safe='')}" if test_settings["PASSWORD"] else ""
        )
        self.url = (
            f"postgres://{quote(self.options['user'], safe='')}{password}@"
            f"{self.options['host']}:{self.options['port']}/{self.name}"
        )

    def query(self, sql):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as restored:
                return restored.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(dbname=self.name, **self.options) as restored:
            return restored.execute(sql).fetchall()

    def counts(self, tables):
        return {table: self.query(f"SELECT COUNT(*) FROM {table}")[0][0] for table in tables}  # noqa: S608

    def tables(self):
        if self.vendor == "sqlite":
            return self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")

    def manage(self, *arguments):
        """manage.py in a subprocess against this database."""
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": self.url},
            capture_output=True,
            text=True,
            check=False,
        )

    def _server(self, statement):
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.options) as server:
            server.execute(statement.format(name=f'"{self.name}"'))

    def __enter__(self):
        if self.vendor == "postgresql":
            self._server("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self._server("CREATE DATABASE {name}")
        return self

    def __exit__(self, *exc):
        if self.vendor == "postgresql":
            self._server("DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def target(transactional_db, tmp_path):
    with Target(tmp_path) as fresh:
        yield fresh


@pytest.fixture
def saved(holdings, tmp_path):
    """A backup of the test database and its manifest."""
    path = tmp_path / "groundbreak.backup"
    call_command("backup", output=str(path), stdout=_Sink())
    return path, json.loads(backup.manifest_path(path).read_text(encoding="utf-8"))


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text


def _round_trip(saved, target):
    path, manifest = saved
    live = backup.take_census()
    assert manifest["tables"] == live.tables
    assert set(live.tables) == set(connection.introspection.django_table_names(only_existing=True))
    assert (
        manifest["tables"]["projects_project"] >= 5 and manifest["tables"]["reports_monthlyreport"]
    )
    assert manifest["change_log"] == {
        "entries": live.entries,
        "last_id": live.last_id,
        "last_hash": live.last_hash,
        "intact": True,
        "broken_at": None,
    }

    restored = target.manage("restore", str(path), "--no-input")
    assert restored.returncode == 0, restored.stderr
    assert "as in the manifest" in restored.stdout

    assert target.counts(manifest["tables"]) == manifest["tables"]
    last = target.query("SELECT id, hash FROM core_changelog ORDER BY id DESC LIMIT 1")
    assert list(last[0]) == [live.last_id, live.last_hash]
    verified = target.manage("verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert f"change log intact: {live.entries} entries chained" in verified.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup API")
def test_sqlite_round_trip_keeps_every_table_and_the_chain(saved, target):
    _round_trip(saved, target)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_postgresql_round_trip_keeps_every_table_and_the_chain(saved, target):
    assert saved[0].read_bytes().startswith(b"PGDMP")
    _round_trip(saved, target)


def test_a_backup_file_with_one_byte_changed_is_refused_and_nothing_restored(saved, target):
    path, _ = saved
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    refused = target.manage("restore", str(path), "--no-input")
    assert refused.returncode != 0
    assert "does not match its manifest" in refused.stderr
    assert target.tables() == []


def test_a_backup_without_its_manifest_is_refused(saved):
    path, _ = saved
    backup.manifest_path(path).unlink()
    with pytest.raises(CommandError, match=f"No manifest {path}.manifest.json next to the backup"):
        call_command("restore", str(path), interactive=False, stdout=_Sink())


def _edit_manifest(path, change):
    manifest_file = backup.manifest_path(path)
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    change(manifest)
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")


def test_a_restore_that_differs_from_the_manifest_names_the_table(saved, target):
    path, manifest = saved
    projects = manifest["tables"]["projects_project"]
    _edit_manifest(path, lambda m: m["tables"].update(projects_project=projects + 1))

    restored = target.manage("restore", str(path), "--no-input")
    assert restored.returncode != 0
    assert (
        f"table projects_project: {projects + 1} rows in the backup, {projects} rows after the "
        "restore" in restored.stderr
    )
    assert "reports_monthlyreport" not in restored.stderr


def test_a_restore_whose_chain_ends_elsewhere_names_the_entry(saved, target):
    path, manifest = saved
    last_id = manifest["change_log"]["last_id"]
    _edit_manifest(path, lambda m: m["change_log"].update(last_id=last_id + 1))

    restored = target.manage("restore", str(path), "--no-input")
    assert restored.returncode != 0
    assert f"the last entry is {last_id + 1} " in restored.stderr
    assert f"{last_id} (hash {manifest['change_log']['last_hash']}) after the restore" in (
        restored.stderr
    )


def test_a_broken_chain_is_backed_up_with_a_warning_and_the_manifest_says_where(holdings, tmp_path):
    victim = backup.take_census().last_id - 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_changelog SET object_repr = %s WHERE id = %s", ["改写", victim])
    path, warnings = tmp_path / "evidence.backup", _Sink()

    call_command("backup", output=str(path), stdout=_Sink(), stderr=warnings)

    assert f"already broken at entry {victim} " in warnings.text
    chain = json.loads(backup.manifest_path(path).read_text(encoding="utf-8"))["change_log"]
    assert chain["intact"] is False and chain["broken_at"]["entry"] == victim


def test_a_backup_to_an_unwritable_place_says_so_and_leaves_nothing(holdings, tmp_path):
    output = tmp_path / "missing" / "groundbreak.backup"
    with pytest.raises(CommandError, match=f"Cannot write {output}: "):
        call_command("backup", output=str(output), stdout=_Sink())
    with pytest.raises(CommandError, match="is a directory"):
        call_command("backup", output=str(tmp_path), stdout=_Sink())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's")
def test_a_missing_pg_dump_is_named(holdings, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found: install .* postgresql-client"):
        call_command("backup", output=str(tmp_path / "x.backup"), stdout=_Sink())
    assert list(tmp_path.iterdir()) == []
