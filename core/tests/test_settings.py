"""Settings refuse to start insecurely, and say what to set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for browser tests only
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_database_url_is_named():
    result = manage("check", DATABASE_URL="not a url at all")
    assert result.returncode != 0
    assert "DATABASE_URL='not a url at all'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_says_what_to_check():
    result = manage("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:1/nowhere")
    assert result.returncode != 0
    assert "Cannot use the database" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-" + "z" * 30,
        ALLOWED_HOSTS="groundbreak.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
