"""The bench's own PostgreSQL databases: made beside the configured one, generated once, reused.

A bench database is named after the configured one (``groundbreak`` → ``groundbreak_bench_50k``)
and carries a one-row table, ``bench_dataset``, with the parameters it was generated with. A later
run with the same parameters reuses it (after ``migrate``, which adds only what is new); different
parameters, or a database left half-made by an interrupted run, are dropped and made again. Nothing
outside the ``<name>_bench_*`` databases is touched.
"""

import json
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from psycopg import sql

MARKER = "bench_dataset"


class BenchError(Exception):
    """The bench cannot run; the message says what to fix."""


def require_postgresql():
    """The configured database is PostgreSQL's; it is made (empty) if the server lacks it: the
    bench only names its own databases after it."""
    if connection.vendor != "postgresql":
        raise BenchError(
            "The bench measures PostgreSQL only: set BENCH_DATABASE_URL (or DATABASE_URL) to "
            "postgres://user@host:5432/name. The bench creates <name>_bench_* databases beside it."
        )
    name = settings.DATABASES["default"]["NAME"]
    if not exists(name):
        with _server() as server:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_name(suffix):
    base = settings.DATABASES["default"]["NAME"]
    return f"{base}_bench_{suffix}"


def _server(**changes):
    """A psycopg connection to the server's maintenance database, outside any transaction."""
    params = {**connection.get_connection_params(), "dbname": "postgres", **changes}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def exists(name):
    with _server() as server:
        return server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def recreate(name):
    with _server() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(name):
    with _server() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def using(name):
    """Point Django's default connection at database ``name`` for the block."""
    original = settings.DATABASES["default"]["NAME"]
    _switch(name)
    try:
        yield
    finally:
        _switch(original)


def _switch(name):
    connection.close()
    # The connection's settings are the settings' own dict: one assignment moves both.
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # ids differ from one database to the next


def url_of(name):
    """DATABASE_URL of database ``name`` on the same server (for gunicorn and child processes)."""
    config = settings.DATABASES["default"]
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def recorded_params():
    """The parameters of the connected bench database, or None if it has no marker."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT params FROM {MARKER}")  # noqa: S608 (a constant)
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def record_params(params):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (params jsonb NOT NULL, made timestamptz "
            "NOT NULL DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608
        cursor.execute(f"INSERT INTO {MARKER} (params) VALUES (%s)", [json.dumps(params)])  # noqa: S608


@contextmanager
def dataset(name, params, make, *, say, regenerate=False):
    """Connect to bench database ``name`` made by ``make(params)``, reusing it when its
    recorded parameters are ``params``. ``make`` may add keys to ``params`` (kept in the marker);
    the block receives the recorded parameters."""
    recorded = None
    if exists(name) and not regenerate:
        with using(name):
            recorded = recorded_params()
            wanted = {key: recorded.get(key) for key in params} if recorded else None
            if wanted == params:
                say(f"{name}: reusing ({_describe(recorded)})")
                call_command("migrate", verbosity=0, interactive=False)
                yield recorded
                return
    say(f"{name}: generating ({_describe(params)}); this takes a while once")
    recreate(name)
    with using(name):
        call_command("migrate", verbosity=0, interactive=False)
        recorded = make(dict(params))
        record_params(recorded)
        yield recorded


def _describe(params):
    return ", ".join(f"{key} {value}" for key, value in params.items())
