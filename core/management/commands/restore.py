"""Restore a backup into the configured database and check it: `manage.py restore FILE`."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Replace the configured database by a backup made with `manage.py backup`, after checking "
        "the file against its manifest; then count every table and verify the change log again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file; FILE.manifest.json must lie next to it")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, file, interactive, **options):
        try:
            backup.read_manifest(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if interactive and not self._confirmed():
            raise CommandError("Restore cancelled.")
        try:
            manifest, census = backup.restore(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        problems = backup.differences(backup.expected_census(manifest), census)
        if problems:
            raise CommandError(
                f"{file} was restored, but the database does not match its manifest: "
                + "; ".join(problems)
            )
        if census.broken_at is not None:
            self.stderr.write(
                f"WARNING: the change log was already broken at entry {census.broken_at['entry']} "
                "when the backup was made (the manifest says so); manage.py verify_audit fails."
            )
        self.stdout.write(
            f"restored {file} (made {manifest['created']}) into {backup.describe_database()}: "
            f"{len(census.tables)} tables, {census.rows:,} rows, as in the manifest; change log: "
            f"{census.entries:,} entries, last entry {census.last_id}, hash {census.last_hash}."
        )

    def _confirmed(self):
        question = (
            f"This replaces every table of the {backup.describe_database()} by the backup. "
            "Type 'yes' to continue (or run with --no-input): "
        )
        try:
            return input(question) == "yes"
        except EOFError:
            return False
