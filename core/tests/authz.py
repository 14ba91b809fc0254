"""The machinery of the authorization matrix: the routes of the URLconf, the expected answers,
and a runner that asks every route as every role and collects the answers that differ."""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from core.tests.authz_world import (
    ANONYMOUS,
    MIXED,
    OTHER,
    OWN,
    PARENTS,
    ROLES,
    SHARED,
    viewers,
)


@dataclass(frozen=True)
class Access:
    """What each role is answered.

    ``roles`` may act (None: everyone signed in). A role that may not is answered ``denied``; an
    object out of the role's scope is 404, unless ``role_first`` (the role is checked before the
    object is looked up: 403 even out of scope) or not ``scoped`` (the object is not looked up).
    """

    roles: frozenset | None = None
    ok: int = 200
    denied: int = 403
    role_first: bool = False
    scoped: bool = True
    hidden: int = 404  # the answer when the object is out of the role's scope
    about: str | None = None  # a route without an object, whose data names the own one of a kind
    anonymous: int | None = None  # None: 302 to the login page, 403 from the API

    def _address(self, kind, side):
        return (self.about, OWN) if self.about and side is None else (kind, side)

    def allows(self, role, kind, side):
        kind, side = self._address(kind, side)
        if role == ANONYMOUS or (self.roles is not None and role not in self.roles):
            return False
        return not self.scoped or (side != MIXED and role in viewers(kind, side))

    def expect(self, role, kind, side, *, api):
        if role == ANONYMOUS:
            return self.anonymous or (403 if api else 302)
        kind, side = self._address(kind, side)
        allowed = self.roles is None or role in self.roles
        if self.role_first and not allowed:
            return self.denied
        if self.scoped and role not in viewers(kind, side):
            return self.hidden
        if not allowed:
            return self.denied
        # A mixed address is looked up through its own parent; the other city's child is not in it.
        return 404 if self.scoped and side == MIXED else self.ok


@dataclass(frozen=True)
class Rule:
    get: Access
    kind: str | None = None  # the object the URL addresses (own, other and mixed are tried)
    post: Access | None = None  # pages: the answer to a POST of ``data``
    write: dict = field(default_factory=dict)  # API: method -> Access
    data: object = None  # a dict, or a function of the world returning one
    query: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # fixed URL arguments (slugs)
    lists: str | None = None  # API lists: the kind whose own and other objects are listed


# ---------------------------------------------------------------- the routes of the URLconf


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    arguments: frozenset
    callback: object

    @property
    def api(self):
        return self.path.startswith("api/")

    @property
    def write_methods(self):
        """The unsafe methods a DRF route answers (pages declare theirs in the rule)."""
        actions = getattr(self.callback, "actions", None) or {}
        allowed = getattr(getattr(self.callback, "cls", None), "http_method_names", ())
        return sorted(m for m in actions if m in allowed and m not in {"get", "head", "options"})


def _arguments(pattern):
    return set(pattern.regex.groupindex)  # a route's <converter:name> is a named group too


def _walk(resolver, prefix="", namespace=None, arguments=frozenset()):
    for entry in resolver.url_patterns:
        names = arguments | _arguments(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner, names)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name, prefix + str(entry.pattern), frozenset(names), entry.callback)


def all_routes():
    """Every named route of the URLconf, API router routes included."""
    return list(_walk(get_resolver()))


# ---------------------------------------------------------------- running the matrix


def _sides(route, rule):
    """Own and other; and mixed, for a page that addresses a child through its parent."""
    if rule.kind is None or rule.kind in SHARED:
        return [None]
    return [OWN, OTHER, MIXED] if rule.kind in PARENTS and not route.api else [OWN, OTHER]


def _url(world, route, rule, side):
    if rule.kind is None:
        address = {}
    elif route.api:
        obj = world.shared[rule.kind] if side is None else world.objects[rule.kind][side]
        lookup = getattr(route.callback.cls, "lookup_field", "pk")
        address = {lookup: getattr(obj, lookup)}
    else:
        address = world.url_kwargs(rule.kind, side)
    address = {key: value for key, value in address.items() if key in route.arguments}
    return reverse(route.name, kwargs={**address, **rule.kwargs})


def _watched(world, rule):
    """The objects a refused write must leave as they were: the rule's kind, both sides."""
    if rule.kind is None or rule.kind in SHARED:
        return []
    kinds = [rule.kind, *([PARENTS[rule.kind][0]] if rule.kind in PARENTS else [])]
    return [world.objects[kind][side] for kind in kinds for side in (OWN, OTHER)]


WATCHED_APPS = {
    "core",
    "accounts",
    "projects",
    "reports",
    "problems",
    "promotion",
    "enterprises",
    "authtoken",
}


def database_state(objects):
    """Row counts of every table of the apps (one query), and the fields of ``objects``."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in WATCHED_APPS
        }
    )
    quote = connection.ops.quote_name
    counts = [f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables]  # noqa: S608 (_meta)
    sql = "SELECT " + ", ".join(counts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counted = dict(zip(tables, cursor.fetchone(), strict=True))
    fields = [type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in objects]
    return counted, fields


def _changes(before, after):
    counts = [
        f"{table} {before[0][table]}→{after[0][table]}"
        for table in before[0]
        if before[0][table] != after[0][table]
    ]
    return ", ".join(counts) or ("fields changed" if before[1] != after[1] else "")


class Matrix:
    """Runs the cases and collects every answer that differs from the table."""

    def __init__(self, world):
        self.world = world
        self.clients = {}
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if role != ANONYMOUS:
                client.force_login(getattr(world.cast, role))
            self.clients[role] = client
        self.cases = 0
        self.mismatches = []

    def call(self, role, method, url, *, data=None, query=None, api=False):
        client = self.clients[role]
        if method == "get":
            response = client.get(url, query or {})
        elif api:
            body = json.dumps(data or {})
            response = client.generic(method.upper(), url, body, "application/json")
        else:
            response = client.post(url, data or {})
        if response.streaming:  # a file download: read it, so the client closes the file
            b"".join(response.streaming_content)
        return response

    def check(self, name, method, role, side, expected, response, note=""):
        self.cases += 1
        if response.status_code != expected or note:
            self.mismatches.append(
                (name, method.upper(), role, side or "-", expected, response.status_code, note)
            )

    def get(self, route, rule):
        for side in _sides(route, rule):
            url = _url(self.world, route, rule, side)
            for role in ROLES:
                response = self.call(role, "get", url, query=rule.query)
                expected = rule.get.expect(role, rule.kind, side, api=route.api)
                self.check(route.name, "get", role, side, expected, response)
                if rule.lists and response.status_code == 200:
                    self.check_listing(route, rule, role, response)

    def check_listing(self, route, rule, role, response):
        """An API list shows the own and other objects exactly to those who see them."""
        lookup = getattr(route.callback.cls, "lookup_field", "pk")
        key = "id" if lookup == "pk" else lookup
        shown = {row[key] for row in response.json()["results"]}
        for side in (OWN, OTHER):
            obj = self.world.objects[rule.lists][side]
            listed = getattr(obj, "pk" if lookup == "pk" else lookup) in shown
            seen = role in viewers(rule.lists, side)
            self.cases += 1
            if listed != seen:
                self.mismatches.append((route.name, "LIST", role, side, seen, listed, "listed?"))

    def write(self, route, rule, method, access):
        data = rule.data(self.world) if callable(rule.data) else rule.data
        watched = _watched(self.world, rule)
        for side in _sides(route, rule):
            url = _url(self.world, route, rule, side)
            for role in ROLES:
                refused = not access.allows(role, rule.kind, side)
                with transaction.atomic():
                    before = database_state(watched) if refused else None
                    response = self.call(role, method, url, data=data, api=route.api)
                    after = database_state(watched) if refused else None
                    transaction.set_rollback(True)
                note = "refused, yet changed: " + _changes(before, after) if before != after else ""
                expected = access.expect(role, rule.kind, side, api=route.api)
                self.check(route.name, method, role, side, expected, response, note)

    def report(self):
        header = ("url name", "method", "role", "object", "expected", "got", "")
        rows = [header, *sorted(self.mismatches, key=lambda row: [str(c) for c in row])]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
        lines = [
            "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
        ]
        return f"{len(self.mismatches)} of {self.cases} cases differ:\n" + "\n".join(lines)
