"""Reading settings from the environment, failing with a sentence that says what to set."""

import os

import dj_database_url


def flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def refuse(message):
    """Stop at start-up with a readable message instead of a traceback."""
    raise SystemExit(f"Groundbreak cannot start: {message}")


def secret_key(debug):
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if debug:
        return "dev-only-not-secret-" + "x" * 40
    refuse(
        "SECRET_KEY is not set. With DEBUG=0 set SECRET_KEY to a long random string, e.g. "
        "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )


def database(default_url):
    url = os.environ.get("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as error:
        refuse(
            f"DATABASE_URL={url!r} is not a database URL ({error}). Set it like "
            "postgres://user:password@host:5432/name or sqlite:///var/groundbreak.sqlite3."
        )
    if not config.get("ENGINE") or not config.get("NAME"):
        refuse(f"DATABASE_URL={url!r} names no database. Add the database name after the host.")
    return config
