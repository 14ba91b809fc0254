"""The change log: every create, update and delete of an audited model, with actor and values.

Models opt in with ``@audited``. The actor comes from the request (``ActorMiddleware``) or,
in services and commands, from ``acting_as(user)``. Bulk writes that bypass ``save()`` call
``record_change`` themselves.
"""

import json
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

from core.choices import ChangeAction

_actor = ContextVar("changelog_actor", default=None)
_AUDITED = {}  # model class -> field names left out of the log

NEVER_LOGGED = {"password", "last_login"}


def audited(model=None, *, exclude=()):
    """Class decorator: log every save and delete of this model."""

    def register(cls):
        _AUDITED[cls] = NEVER_LOGGED | set(exclude)
        pre_save.connect(_remember_before, sender=cls, dispatch_uid=f"cl-pre-{cls.__name__}")
        post_save.connect(_log_save, sender=cls, dispatch_uid=f"cl-post-{cls.__name__}")
        post_delete.connect(_log_delete, sender=cls, dispatch_uid=f"cl-del-{cls.__name__}")
        return cls

    return register(model) if model else register


@contextmanager
def acting_as(user):
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


def snapshot(instance):
    """The audited fields of an instance as JSON-safe values."""
    left_out = _AUDITED.get(type(instance), NEVER_LOGGED)
    values = {
        field.attname: _plain(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in left_out and field.attname not in left_out
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _plain(value):
    """Files are logged by their stored name."""
    return value.name or None if isinstance(value, FieldFile) else value


def record_change(instance, action, before=None, after=None, actor=None):
    from core.models import ChangeLog

    entry = ChangeLog(
        actor=actor or current_actor(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )
    return ChangeLog.objects.append([entry])[0]


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        instance._changelog_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._changelog_before = snapshot(old) if old else None


def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_changelog_before", None)
    if created or before is None:
        record_change(instance, ChangeAction.CREATE, None, after)
        return
    changed = [k for k in after if before.get(k) != after[k]]
    if changed:
        record_change(
            instance,
            ChangeAction.UPDATE,
            {k: before.get(k) for k in changed},
            {k: after[k] for k in changed},
        )


def _log_delete(sender, instance, **kwargs):
    record_change(instance, ChangeAction.DELETE, snapshot(instance), None)
