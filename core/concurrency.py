"""Optimistic locking: a form opened on version N saves only if the row is still at version N.

``Versioned`` models carry a ``version`` that every save of an existing row claims with
``UPDATE … WHERE version = N``: of two saves from the same version, the second waits for the first
one's row lock, then finds the version moved on and raises ``EditConflict``; no update is lost.
Forms carry the version they were opened on (``VersionedForm``); a stale form is refused with a
message that names who changed the object and when. ``EditConflictMiddleware`` answers the rare
conflict found only at save time with a 409 page; the API answers it with a 409 too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


class EditConflict(ValidationError):
    def __init__(self, instance):
        super().__init__(conflict_message(instance), code="conflict")


def conflict_message(instance):
    from core.models import ChangeLog

    last = ChangeLog.objects.for_object(instance).first()
    if last is None:
        return gettext(
            "“%(object)s” was changed by someone else after you opened it. Your changes were "
            "not saved: reload the page to see the current version, then make them again."
        ) % {"object": instance}
    return gettext(
        "“%(object)s” was changed by %(actor)s at %(time)s, after you opened it. Your changes "
        "were not saved: reload the page to see the current version, then make them again."
    ) % {
        "object": instance,
        "actor": last.actor or gettext("the system"),
        "time": timezone.localtime(last.time).strftime("%Y-%m-%d %H:%M:%S"),
    }


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            rows = type(self)._base_manager.filter(pk=self.pk, version=self.version)
            if not rows.update(version=F("version") + 1):
                raise EditConflict(self)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)


def check_version(instance, posted):
    """Refuse a form opened on another version than the row's current one."""
    current = type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True)
    if posted is None or current.first() != posted:
        raise EditConflict(instance)
    instance.version = posted


class VersionedForm(forms.Form):
    """Mixin for forms on a ``Versioned`` instance: carries the version it was opened on.

    Model forms check it in ``clean()``; action forms pass ``instance=`` and are checked the same.
    Data without a version (an import row, an API call) is not checked here; the model's own
    save still refuses to overwrite a row that moved on while it was being saved.
    """

    # Not "version": a model form would copy a field of the model's name onto the instance.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        if isinstance(self, forms.ModelForm):
            kwargs["instance"] = instance
        else:
            self.instance = instance
        super().__init__(*args, **kwargs)
        if self.instance is not None and self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = self.add_prefix("opened_version") in self.data
        posted = cleaned.pop("opened_version", None)  # not a field of the services
        if opened and self.instance is not None and self.instance.pk:
            try:
                check_version(self.instance, posted)
            except EditConflict as conflict:
                self.add_error(None, conflict)
        return cleaned


class EditConflictMiddleware:
    """A conflict found only when saving: a 409 page that says what happened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, EditConflict):
            context = {"message": exception.messages[0], "back": request.get_full_path()}
            return render(request, "core/conflict.html", context, status=409)
        return None


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def api_exception_handler(exc, context):
    """DRF's handler, with an edit conflict answered as 409 and its sentence."""
    if isinstance(exc, EditConflict):
        exc = Conflict(exc.messages[0])
    return exception_handler(exc, context)
