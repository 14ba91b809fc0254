"""The change log as a hash chain: each entry's hash covers its content and the previous hash.

Entries are only ever appended through ``append``, which takes a lock (on PostgreSQL a
transaction-level advisory lock, so concurrent writers chain one after the other), reads the last
hash and stamps each new entry. ``verify`` walks the chain in id order and names the first entry
whose hash does not match: an entry edited, deleted or moved in the database breaks the chain there.
Removing entries from the very end leaves no trace in the chain itself; the backup copies and the
count reported by ``verify_audit`` are the check for that.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

GENESIS = "0" * 64
LOCK_KEY = 0x6772626B  # "grbk": the one advisory lock of the change log
FIELDS = (
    "pk",
    "time",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "hash",
)


# json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False), without making
# an encoder for every entry (imports hash a hundred thousand at a time).
ENCODER = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False)


def digest(previous, *, time, actor_id, action, content_type_id, object_id, object_repr, **values):
    content = {
        "time": time.astimezone(datetime.UTC).isoformat(),
        "actor": actor_id,
        "action": action,
        "type": ContentType.objects.get_for_id(content_type_id).natural_key(),
        "object": str(object_id),
        "repr": object_repr,
        "before": values["before"],
        "after": values["after"],
    }
    text = ENCODER.encode(content)
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def append(entries, batch_size=2000):
    """Stamp and insert new ChangeLog entries at the end of the chain, in the given order."""
    from core.models import ChangeLog

    if not entries:
        return entries
    with transaction.atomic():
        _lock()
        previous = ChangeLog.objects.order_by("-pk").values_list("hash", flat=True).first()
        previous = previous or GENESIS
        now = timezone.now()
        for entry in entries:
            entry.time = entry.time or now
            entry.before = _plain(entry.before)
            entry.after = _plain(entry.after)
            entry.hash = previous = digest(previous, **_values(entry))
        ChangeLog.objects.bulk_create(entries, batch_size=batch_size)
    return entries


PLAIN_COLUMNS = [
    "time",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "hash",
]


class JSONText(str):
    """``before`` or ``after`` already encoded, exactly as ``ENCODER.encode`` encodes the value:
    a batch that writes many entries of one shape fills a template instead of encoding a dict
    per entry (``exchange.report_writes``; its tests hold the two texts equal)."""


def _loaded(value):
    return json.loads(value) if value.__class__ is JSONText else value


def append_plain(entries):
    """Append entries given as dicts of ChangeLog values, from any iterable; returns how many.

    For imports of many thousand rows: no model instance per entry, and on PostgreSQL one COPY.
    Each dict has ``actor_id``, ``action``, ``content_type_id``, ``object_id``, ``object_repr``,
    ``before`` and ``after`` (optionally ``time``); ``before`` and ``after`` must already be
    what the database gives back (``core.changelog.snapshot`` values are), as the hash covers them,
    or that value's ``JSONText``.
    Entries are chained exactly as ``append`` chains them, in the order given.
    """
    from core.models import ChangeLog

    with transaction.atomic():
        _lock()
        previous = ChangeLog.objects.order_by("-pk").values_list("hash", flat=True).first()
        previous = previous or GENESIS
        now = timezone.now()
        if connection.vendor != "postgresql":
            chain = []
            for entry in entries:
                values = {"time": now, **entry}
                values["before"], values["after"] = (
                    _loaded(entry["before"]),
                    _loaded(entry["after"]),
                )
                values["hash"] = previous = digest(previous, **values)
                chain.append(ChangeLog(**values))
            return len(ChangeLog.objects.bulk_create(chain, batch_size=2000))
        return _copy(ChangeLog._meta.db_table, _stamped(entries, previous, now))


def _stamped(entries, previous, now):
    """Each entry's COPY row: its values, before and after as JSON text, and its hash.

    The hashed text is ``digest``'s, put together from parts: before and after are encoded once,
    for the hash and for the row (``test_append_plain_hashes_as_digest`` holds them equal).
    """
    encode = ENCODER.encode
    times, types = {}, {}
    for entry in entries:
        moment = entry.get("time") or now
        if moment not in times:
            times[moment] = encode(moment.astimezone(datetime.UTC).isoformat())
        kind = entry["content_type_id"]
        if kind not in types:
            types[kind] = encode(ContentType.objects.get_for_id(kind).natural_key())
        before, after = entry["before"], entry["after"]
        if before is not None and before.__class__ is not JSONText:
            before = encode(before)
        if after is not None and after.__class__ is not JSONText:
            after = encode(after)
        # json.dumps(content, sort_keys=True): the keys in order, ", " and ": " between
        text = (
            f'{{"action": {encode(entry["action"])}, "actor": {encode(entry["actor_id"])}, '
            f'"after": {after or "null"}, "before": {before or "null"}, '
            f'"object": {encode(str(entry["object_id"]))}, "repr": {encode(entry["object_repr"])}, '
            f'"time": {times[moment]}, "type": {types[kind]}}}'
        )
        previous = hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()
        yield (
            moment,
            entry["actor_id"],
            entry["action"],
            kind,
            entry["object_id"],
            entry["object_repr"],
            before,
            after,
            previous,
        )


def _copy(table, rows):
    """COPY the rows (the ids come from the table's sequence, in the order written)."""
    names = ", ".join(PLAIN_COLUMNS)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 (the model's own table)
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _plain(value):
    """The JSON the database will give back, so the hash reads the same later."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _values(entry):
    return {name: getattr(entry, name) for name in FIELDS[1:-1]}


@dataclass
class Break:
    entry_id: int
    position: int  # 1-based position in the chain, in id order


def verify():
    """(entries checked, the first Break or None).

    An entry breaks the chain when its hash is not the digest of its content and the hash of the
    entry before it: it was edited, or an entry before it was deleted or moved.
    """
    from core.models import ChangeLog

    previous, checked = GENESIS, 0
    rows = ChangeLog.objects.order_by("pk").values_list(*FIELDS).iterator(chunk_size=5000)
    for row in rows:
        checked += 1
        values = dict(zip(FIELDS, row, strict=True))
        stored = values.pop("hash")
        values.pop("pk")
        if stored != digest(previous, **values):
            return checked, Break(row[0], checked)
        previous = stored
    return checked, None
