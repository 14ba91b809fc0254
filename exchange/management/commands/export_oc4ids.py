"""`manage.py export_oc4ids --year Y [--region CODE]`: the OC4IDS project package on stdout."""

from django.core.management.base import BaseCommand, CommandError

from core.models import Region
from exchange.oc4ids import dumps, in_region, project_package
from projects.models import Project


class Command(BaseCommand):
    help = "Write the OC4IDS project package of the projects on year Y's key-project lists."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="list year, e.g. 2024")
        parser.add_argument("--region", help="GB/T 2260 code: only this region's subtree")

    def handle(self, *args, year, region=None, **options):
        projects = Project.objects.all()
        uri = f"urn:groundbreak:oc4ids:{year}"
        if region:
            try:
                found = Region.objects.get(code=region)
            except Region.DoesNotExist as error:
                raise CommandError(f"Unknown region code {region!r}.") from error
            projects = in_region(projects, found)
            uri += f":{found.code}"
        package = project_package(projects, year=year, uri=uri)
        self.stdout.write(dumps(package))
