"""zh-Hans is complete: every string in the code has a translation that is not fuzzy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = Path("locale/zh_Hans/LC_MESSAGES/django.po")
NOT_SOURCE = shutil.ignore_patterns(
    ".venv", "node_modules", "var", "assets", "test-artifacts", ".git", "__pycache__", "*.mo"
)


def incomplete(po_path):
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


def test_catalog_has_no_missing_or_fuzzy_message():
    assert incomplete(ROOT / PO) == []


def test_every_string_in_the_code_is_in_the_catalog(tmp_path):
    """Extract the strings afresh into a copy of the tree, as `make messages` would."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing: .ci/run installs the Debian package gettext")
        pytest.skip("xgettext is missing: apt-get install gettext")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    missing = incomplete(copy / PO)
    assert missing == [], f"run `make messages` and translate: {missing}"
