"""Users: each has one role and one region, which bound what they see."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.changelog import audited
from core.scoping import ScopedQuerySet


class UserQuerySet(ScopedQuerySet):
    pass


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


@audited
class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The region whose subtree this user works in."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = ScopedUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Chinese order: family name first, no space (王建国)."""
        return f"{self.last_name}{self.first_name}".strip()

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.username])

    @property
    def sees_everything(self):
        """The administrator's scope is the whole database."""
        return self.is_superuser or self.role == Role.ADMINISTRATOR
