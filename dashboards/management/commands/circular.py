"""`manage.py circular --year Y --month M [--region CODE] --format docx|pdf`: the circular."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import Region
from dashboards.circular import circular_context, circular_docx, circular_pdf
from projects.models import Membership, Project

RENDERERS = {"docx": circular_docx, "pdf": circular_pdf}


class Command(BaseCommand):
    help = "Write the monthly circular (调度通报) of the projects on year Y's key-project lists."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="list year, e.g. 2023")
        parser.add_argument("--month", type=int, required=True, help="month 1–12")
        parser.add_argument("--region", help="GB/T 2260 code: only this region's subtree")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="zh-hans (default) or en",
        )
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS))
        parser.add_argument("--output", help="file to write; default circular-Y-MM.docx|pdf")

    def handle(self, *args, year, month, region=None, language, output=None, **options):
        fmt = options["format"]
        if not 1 <= month <= 12:
            raise CommandError(f"--month must be between 1 and 12, not {month}.")
        found = None
        if region:
            found = Region.objects.filter(code=region).first()
            if found is None:
                raise CommandError(f"Unknown region code {region!r}.")
        on_lists = Membership.objects.filter(project_list__year=year).values("project")
        projects = Project.objects.filter(pk__in=on_lists)
        context = circular_context(projects, year, month, region=found, language=language)
        path = Path(output or f"circular-{year}-{month:02d}.{fmt}")
        path.write_bytes(RENDERERS[fmt](context))
        self.stdout.write(str(path))
