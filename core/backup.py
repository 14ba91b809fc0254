"""Back up and restore the whole database, with a manifest of what the copy holds (docs/backup.md).

PostgreSQL goes through pg_dump and pg_restore, SQLite through its online backup API. Next to each
backup file lies ``FILE.manifest.json``: the file's sha256, the rows of every model's table and the
end of the change log's hash chain, all read in the same snapshot as the copy. A restore checks the
file against the manifest before touching the database and counts again afterwards.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

from core import audit

FORMAT = "groundbreak-backup/1"
VENDORS = ("postgresql", "sqlite")
# The first bytes of each kind of file, to name a wrong file before the database is touched.
MAGIC = {"postgresql": b"PGDMP", "sqlite": b"SQLite format 3\x00"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead or did not come out right; says what to do."""


@dataclass
class Census:
    """What a database holds: rows per table, and the end of the change log's hash chain."""

    tables: dict[str, int]
    entries: int
    last_id: int | None
    last_hash: str | None
    broken_at: dict | None  # {"entry": id, "position": n} of the first entry that breaks the chain

    @property
    def rows(self):
        return sum(self.tables.values())


def manifest_path(path):
    path = Path(path)
    return path.with_name(path.name + ".manifest.json")


def take_census():
    from core.models import ChangeLog

    existing = set(connection.introspection.table_names())
    tables = {}
    with connection.cursor() as cursor:
        for table in model_tables():
            if table in existing:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (names from _meta)
                tables[table] = cursor.fetchone()[0]
    last = ChangeLog.objects.order_by("-pk").values_list("pk", "hash").first()
    last_id, last_hash = last or (None, None)
    _, broken = audit.verify()
    if broken is not None:
        broken = {"entry": broken.entry_id, "position": broken.position}
    return Census(tables, ChangeLog.objects.count(), last_id, last_hash, broken)


def model_tables():
    """The table of every installed model the database holds for it (no proxies, no views)."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def back_up(output):
    """Copy the configured database to ``output`` and write its manifest; returns the manifest.

    Both are written under a ``.partial`` name and renamed at the end, so a failed backup never
    leaves a half file under the name of a good one.
    """
    output = Path(output)
    vendor = _vendor()
    if connection.in_atomic_block:
        raise BackupError("Back up outside a transaction: a backup holds committed rows only.")
    if output.is_dir():
        raise BackupError(f"{output} is a directory: give the name of the backup file.")
    copy, listing = _partial(output), _partial(manifest_path(output))
    try:
        _writable(copy)
        _writable(listing)
        # One snapshot for the copy and the census, so the manifest describes exactly this copy.
        with transaction.atomic():
            if vendor == "postgresql":
                census = _dump_postgresql(copy)
            else:
                census = take_census()
                _copy_sqlite(copy)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": vendor,
            "database": str(connection.settings_dict["NAME"]),
            "file": output.name,
            "size": copy.stat().st_size,
            "sha256": _sha256(copy),
            "tables": census.tables,
            "change_log": _chain_json(census),
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        listing.write_text(text, encoding="utf-8")
        os.replace(copy, output)
        os.replace(listing, manifest_path(output))
    finally:
        copy.unlink(missing_ok=True)
        listing.unlink(missing_ok=True)
    return manifest


def read_manifest(path):
    """The manifest of the backup at ``path``, once the file is checked against it."""
    path, target = Path(path), manifest_path(path)
    if not path.is_file():
        raise BackupError(f"No backup file {path}.")
    if not target.is_file():
        raise BackupError(
            f"No manifest {target} next to the backup: without it the copy cannot be checked, "
            "so it is not restored. Keep each backup file and its manifest together."
        )
    try:
        manifest = json.loads(target.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{target} is not a backup manifest: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{target} is not a backup manifest of this application ({FORMAT}).")
    checksum = _sha256(path)
    if checksum != manifest.get("sha256"):
        raise BackupError(
            f"{path} does not match its manifest (sha256 {checksum}, the manifest says "
            f"{manifest.get('sha256')}): the file was damaged or changed after the backup, or "
            "belongs to another manifest. Nothing was restored."
        )
    return manifest


def restore(path):
    """Replace the configured database by the backup at ``path``; returns (manifest, census).

    Refuses before touching the database when the file does not match its manifest or is of
    another database vendor. The census is taken after the restore; compare it with ``differences``.
    """
    path = Path(path)
    manifest = read_manifest(path)
    vendor = _vendor()
    if manifest.get("vendor") != vendor:
        raise BackupError(
            f"{path} is a {manifest.get('vendor')} backup; the configured database is {vendor}."
        )
    with path.open("rb") as file:
        if file.read(len(MAGIC[vendor])) != MAGIC[vendor]:
            raise BackupError(f"{path} is not a {vendor} backup.")
    if connection.in_atomic_block:
        raise BackupError("Restore outside a transaction.")
    if vendor == "postgresql":
        _restore_postgresql(path)
    else:
        _restore_sqlite(path)
    ContentType.objects.clear_cache()  # ids may differ from the database before the restore
    return manifest, take_census()


def expected_census(manifest):
    chain = manifest.get("change_log") or {}
    return Census(
        tables=manifest.get("tables") or {},
        entries=chain.get("entries"),
        last_id=chain.get("last_id"),
        last_hash=chain.get("last_hash"),
        broken_at=chain.get("broken_at"),
    )


def differences(expected, found):
    """Sentences naming each table and change-log fact in which ``found`` is not ``expected``."""
    problems = [
        f"table {table}: {_rows(expected.tables.get(table))} in the backup, "
        f"{_rows(found.tables.get(table))} after the restore"
        for table in sorted(expected.tables.keys() | found.tables.keys())
        if expected.tables.get(table) != found.tables.get(table)
    ]
    if expected.entries != found.entries:
        problems.append(
            f"change log: {expected.entries} entries in the backup, "
            f"{found.entries} after the restore"
        )
    if (expected.last_id, expected.last_hash) != (found.last_id, found.last_hash):
        problems.append(
            f"change log: the last entry is {expected.last_id} (hash {expected.last_hash}) in the "
            f"backup, {found.last_id} (hash {found.last_hash}) after the restore"
        )
    if expected.broken_at != found.broken_at:
        problems.append(
            f"change log: {_chain_state(expected.broken_at)} in the backup, "
            f"{_chain_state(found.broken_at)} after the restore"
        )
    return problems


def describe_database():
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"PostgreSQL database {settings['NAME']} on {settings['HOST'] or 'localhost'}"
    return f"SQLite database {settings['NAME']}"


def _chain_json(census):
    return {
        "entries": census.entries,
        "last_id": census.last_id,
        "last_hash": census.last_hash,
        "intact": census.broken_at is None,
        "broken_at": census.broken_at,
    }


def _chain_state(broken_at):
    if broken_at is None:
        return "the chain is intact"
    return f"the chain breaks at entry {broken_at['entry']} (number {broken_at['position']})"


def _rows(count):
    return "no such table" if count is None else f"{count} rows"


def _vendor():
    if connection.vendor not in VENDORS:
        raise BackupError(f"Backups cover PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _partial(path):
    return path.with_name(path.name + ".partial")


def _writable(partial):
    """Create the ``.partial`` file, or say why the file it stands for cannot be written."""
    try:
        partial.open("wb").close()
    except OSError as error:
        raise BackupError(f"Cannot write {partial.with_suffix('')}: {error.strerror}.") from error


def _sha256(path):
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_sqlite(target_path):
    # The backup API reads through the live connection, so the copy is consistent while the
    # application writes (a file copy is not), and an in-memory database can be copied too.
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _restore_sqlite(path):
    connection.ensure_connection()
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} could not be restored: {error}.") from error
    finally:
        source.close()


def _dump_postgresql(partial):
    """pg_dump in the snapshot of the current transaction, then the census in the same one."""
    program = _pg_program("pg_dump")
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    _run_pg(
        program,
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--snapshot={snapshot}",
        f"--file={partial}",
    )
    return take_census()


def _restore_postgresql(path):
    program = _pg_program("pg_restore")
    connection.close()  # hold no session on the tables pg_restore drops
    _run_pg(
        program,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        str(path),
    )


def _pg_program(name):
    """The path of pg_dump or pg_restore, refused when missing or older than the server."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} was not found: install the Debian package postgresql-client "
            f"(version {server} or later, to match the PostgreSQL {server} server)."
        )
    version = subprocess.run(  # noqa: S603 (the path of a PostgreSQL program)
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", version)
    if found is None or int(found[1]) < server:
        raise BackupError(
            f"{program} is {version.strip() or 'of unknown version'}, older than the PostgreSQL "
            f"{server} server: install postgresql-client-{server} or later."
        )
    return program


def _run_pg(program, *arguments):
    """Run a PostgreSQL program against the configured database; the password goes by PGPASSWORD."""
    settings = connection.settings_dict
    _, environment = DatabaseClient.settings_to_cmd_args_env(settings, [])
    command = [program]
    for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if settings.get(key):
            command.append(f"{option}={settings[key]}")
    if settings.get("NAME"):
        command.append(f"--dbname={settings['NAME']}")
    command.extend(arguments)  # pg_restore's file comes last
    result = subprocess.run(  # noqa: S603 (no shell; arguments from settings)
        command,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(program).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )
