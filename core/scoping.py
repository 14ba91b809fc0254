"""Who may see what: the one queryset method every view, API, export and dashboard uses."""

from django.db import models
from django.db.models import Q


def region_prefix(region):
    """GB/T 2260 codes are hierarchical: a region's subtree shares its code prefix."""
    return region.code[: {"province": 2, "city": 4}.get(region.level, 6)]


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region, reached through ``region_field``.

    An administrator sees everything; everyone else sees their own region's subtree;
    a user without a region sees nothing. Models refine this by overriding ``scope_for``.
    """

    region_field = "region"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self.all()
        return self.filter(self.scope_for(user))

    def scope_for(self, user):
        if user.region_id is None:
            return Q(pk__in=[])
        return Q(**{f"{self.region_field}__code__startswith": region_prefix(user.region)})


class PartQuerySet(models.QuerySet):
    """Rows visible exactly when the row they belong to is: ``part_of`` names that foreign key.

    Subclass with ``part_of = "project"`` (or "chain", "enterprise", …); the owner's own
    ``visible_to`` decides, so a project unit sees its projects' reports, a commissioner their
    enterprises' visits, and so on.
    """

    part_of = None

    def visible_to(self, user):
        owner = self.model._meta.get_field(self.part_of).related_model
        visible = owner.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.part_of}__in": visible})
