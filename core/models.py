"""Reference data shared by every app (regions, industries) and the change log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import audit
from core.choices import ChangeAction, IndustryLevel, RegionLevel
from core.scoping import ScopedQuerySet, region_prefix


class BilingualName(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class RegionQuerySet(ScopedQuerySet):
    region_field = "self"

    def scope_for(self, user):
        if user.region_id is None:
            return models.Q(pk__in=[])
        return models.Q(code__startswith=region_prefix(user.region))


class Region(BilingualName):
    """An administrative division by its GB/T 2260 code: province → city → county."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[1-9]\d{5}$"), name="region_code_six_digits"
            )
        ]

    def get_absolute_url(self):
        return reverse("core:region_detail", args=[self.code])

    def contains(self, other):
        return other is not None and other.code.startswith(region_prefix(self))


class IndustryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A national classification: every signed-in user reads all of it."""
        return self.all() if user.is_authenticated else self.none()


class Industry(BilingualName):
    """A GB/T 4754-2017 section (A–T) or two-digit division."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = IndustryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return f"{self.code} {self.name}"


class ChangeLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self.all()
        return self.filter(actor=user)

    def append(self, entries):
        """Add entries at the end of the hash chain (the one way to write the log)."""
        return audit.append(entries)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor", "content_type")


class ChangeLog(models.Model):
    """One create, update or delete of an audited object: who, when, before and after."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a user with a history is deactivated, not deleted
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # sha256 of the content and the previous entry's hash (core/audit.py).
    hash = models.CharField(_("hash"), max_length=64, editable=False, default="")

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("change-log entry")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        """Entries are appended to the chain (``core.audit.append``), never changed."""
        if not self._state.adding:
            raise TypeError("A change-log entry cannot be changed.")
        audit.append([self])

    def delete(self, *args, **kwargs):
        raise TypeError("A change-log entry cannot be deleted.")

    def changes(self):
        """(field label, before, after) for every field the entry touches."""
        before, after = self.before or {}, self.after or {}
        labels = {}
        model = self.content_type.model_class()
        if model is not None:
            labels = {f.attname: f.verbose_name for f in model._meta.concrete_fields}
        return [
            (labels.get(name, name), before.get(name), after.get(name))
            for name in sorted(set(before) | set(after))
        ]
