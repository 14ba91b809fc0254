"""Back up the database with its manifest: `manage.py backup --output FILE` (docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Copy the configured database (pg_dump on PostgreSQL, the backup API on SQLite) to FILE, "
        "with FILE.manifest.json: its sha256, the rows of every table and the change log's end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the backup file to write")

    def handle(self, *args, output, **options):
        try:
            manifest = backup.back_up(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        chain = manifest["change_log"]
        if not chain["intact"]:
            broken = chain["broken_at"]
            self.stderr.write(
                f"WARNING: the change log is already broken at entry {broken['entry']} (number "
                f"{broken['position']} in the chain); backed up anyway, as evidence, and the "
                "manifest says so. Run manage.py verify_audit."
            )
        self.stdout.write(
            f"backed up {backup.describe_database()} to {output} "
            f"({manifest['size']:,} bytes, sha256 {manifest['sha256']}): "
            f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values()):,} rows; "
            f"change log: {chain['entries']:,} entries, last entry {chain['last_id']}, "
            f"hash {chain['last_hash']}. Manifest: {backup.manifest_path(output)}"
        )
