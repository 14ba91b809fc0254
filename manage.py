#!/usr/bin/env python
"""Django's command-line utility for Groundbreak."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        # A wrong DATABASE_URL should read as a sentence, not a traceback.
        sys.exit(
            f"Cannot use the database: {error}".strip()
            + "\nCheck DATABASE_URL (for example postgres://user@127.0.0.1:5432/groundbreak)."
        )


if __name__ == "__main__":
    main()
