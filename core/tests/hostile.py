"""Hostile data for the security tests: a world whose every text field carries a payload.

Each payload starts like a spreadsheet formula (=, +, -, @, tab, CR, in turn) and goes on with
markup that would run script if a page, a chart, a fragment or a document let it through. The
world is the demo data (``seed_demo``) with every free-text field of every model overwritten,
plus the rows the demo has none of (attachments, evidence, notifications).
"""

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse

from core.excel import FORMULA_STARTS

APPS = ("core", "accounts", "projects", "reports", "problems", "promotion", "enterprises")
SCRIPT = "<script>window.__xss=1</script>"
BODIES = (  # longest first: each field gets the longest its own validation accepts
    f'1+1</script>{SCRIPT}"><img src=x onerror="window.__xss=1">'
    "'><svg onload=window.__xss=1>{{7*7}}",
    '1+1"><img src=x onerror=window.__xss=1>{{7*7}}',
    "<svg onload=__xss=1>",
)
URL_PAYLOAD = "javascript:window.__xss=1"
# Markup the payloads carry that must never reach a page unescaped.
RAW_MARKUP = re.compile(r"<(script>window|img src=x|svg onload)|onerror=\"window|'><svg")
ESCAPED_MARKUP = re.compile(r"&lt;(script&gt;window|img src=x|svg onload)")
NOT_TEXT = {("accounts.User", "password")}  # a hash, never shown
# Append-only: its entries are written through record_change (see poison_change_log).
APPEND_ONLY = {"core.ChangeLog"}


def text_fields(model):
    """The concrete CharFields and TextFields of a model, a password hash aside."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and (model._meta.label, f.name) not in NOT_TEXT
    ]


def hostile_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS and m._meta.label not in APPEND_ONLY and text_fields(m)
    ]


def payloads(index):
    head = FORMULA_STARTS[index % len(FORMULA_STARTS)]
    return [head + body for body in BODIES]


def accepted_payload(model_field, index, suffix_length):
    """The longest payload (with room for a suffix) the field's validation accepts."""
    for payload in payloads(index):
        try:
            model_field.clean(payload + "#" * suffix_length, None)
        except ValidationError:
            continue
        return payload
    return None


@dataclass
class World:
    admin: object
    poisoned: dict = field(default_factory=dict)  # model label -> {field name: payload}
    tags: dict = field(default_factory=dict)  # "~12" -> (model label, field name)
    refused: set = field(default_factory=set)  # (model label, field name)


def poison(world, model, index):
    """Overwrite each field of every row with a payload, then "~<field number>#<pk>"."""
    rows = model._base_manager.all()
    top = rows.aggregate(top=models.Max("pk"))["top"] or 0
    updates = {}
    for number, model_field in enumerate(text_fields(model), start=index):
        tag = f"~{number}"
        payload = accepted_payload(model_field, number, len(f"{tag}#{top}"))
        if payload is None:
            world.refused.add((model._meta.label, model_field.name))
            continue
        world.poisoned.setdefault(model._meta.label, {})[model_field.name] = payload
        world.tags[tag] = (model._meta.label, model_field.name)
        updates[model_field.attname] = Concat(
            Value(f"{payload}{tag}#"), Cast("pk", models.CharField())
        )
    if updates:
        rows.update(**updates)
    return index + len(text_fields(model))


def poison_change_log(world):
    """One update entry per poisoned model, naming a poisoned row with poisoned values."""
    from core.changelog import record_change
    from core.choices import ChangeAction

    for model in hostile_models():
        values = world.poisoned.get(model._meta.label)
        instance = model._base_manager.order_by("pk").first()
        if values and instance is not None:
            record_change(instance, ChangeAction.UPDATE, values, values, actor=world.admin)


def add_files(admin):
    """The demo has no attachments, evidence or notifications: one of each."""
    from problems.choices import Channel
    from problems.models import Notification, Problem
    from projects.models import Attachment, Project
    from reports.models import Evidence, MonthlyReport

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    project = Project.objects.order_by("pk").first()
    Attachment.objects.create(
        project=project,
        title="attachment",
        file=ContentFile(pdf, name="attachment.pdf"),
        size=len(pdf),
        uploaded_by=admin,
    )
    for report in MonthlyReport.objects.order_by("pk")[:1]:
        Evidence.objects.create(
            report=report,
            title="evidence",
            file=ContentFile(pdf, name="evidence.pdf"),
            size=len(pdf),
            uploaded_by=admin,
        )
    for problem in Problem.objects.order_by("pk")[:1]:
        Notification.objects.create(
            problem=problem, channel=Channel.choices[0][0], subject="s", body="b", last_error="e"
        )


def build_world():
    """The demo, then every free-text field of every row overwritten with a payload."""
    from accounts.models import User

    call_command("load_reference", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    add_files(admin)
    world = World(admin=admin)
    index = 0
    for model in hostile_models():
        index = poison(world, model, index)
    poison_change_log(world)
    admin.refresh_from_db()
    return world


# ---------------------------------------------------------------- the crawler

SKIPPED_PATHS = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/api/")


class Links(HTMLParser):
    """Every href and hx-get of a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "hx-get") and value:
                self.found.append(value)


def links(html, base):
    parser = Links()
    parser.feed(html)
    for link in parser.found:
        url = urljoin(base, link.split("#")[0])
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED_PATHS):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


KIND_PARAMETERS = ("export", "format")  # their values change what comes back, not just the rows


def route_of(url):
    """A URL's pattern and its query parameters' names: pages of one kind share it."""
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    query = {
        f"{key}={value}" if key in KIND_PARAMETERS else key
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    }
    return route, tuple(sorted(query - {"page", "sort"}))


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    disposition: str
    body: bytes

    @property
    def is_html(self):
        return self.content_type.startswith("text/html")

    @property
    def text(self):
        return self.body.decode()


def fetch(client, url):
    """GET a URL, asking for HTML (the API then answers with its browsable pages)."""
    response = client.get(url, HTTP_ACCEPT="text/html")
    # A file is read to its end: the client then closes it (and keeps the connection).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Fetched(
        url,
        response.status_code,
        response.get("Content-Type", ""),
        response.get("Content-Disposition", ""),
        body,
    )


@dataclass
class Site:
    fetched: dict  # url -> Fetched
    exports: set  # the ?export= links: listed, not fetched

    @property
    def pages(self):
        return [fetched for fetched in self.fetched.values() if fetched.is_html]

    @property
    def files(self):
        return [fetched for fetched in self.fetched.values() if not fetched.is_html]


def crawl(client, start, *, per_route=1):
    """GET every same-site link reachable from ``start``, ``per_route`` URLs of each kind.

    Exports (``?export=…``) are listed, not fetched: the export tests fetch each of them.
    """
    seen, exports, visits, queue = {}, set(), {}, list(start)
    while queue:
        url = queue.pop(0)
        key = route_of(url)
        if url in seen or url in exports or visits.get(key, 0) >= per_route:
            continue
        visits[key] = visits.get(key, 0) + 1
        if "export" in dict(parse_qsl(urlsplit(url).query)):
            exports.add(url)
            continue
        seen[url] = fetched = fetch(client, url)
        if fetched.is_html:
            queue.extend(links(fetched.text, url))
    return Site(seen, exports)


# ---------------------------------------------------------------- where to look


def url_patterns(resolver=None, route="", namespace=""):
    """(route, namespaced name, pattern) of every URL pattern of the site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, here, inner)
        else:
            yield here, f"{namespace}{pattern.name}", pattern


def list_pages():
    """URL name -> view class of every list page (an ObjectListView without arguments)."""
    from core.lists import ObjectListView

    return {
        name: pattern.callback.view_class
        for _, name, pattern in url_patterns()
        if issubclass(getattr(pattern.callback, "view_class", object), ObjectListView)
        and not pattern.pattern.converters
    }


def api_lists():
    """URL name -> viewset of every API list endpoint."""
    from config.urls import router

    return {f"{basename}-list": viewset for _, viewset, basename in router.registry}


def latest_period():
    from reports.models import ReportingPeriod

    return ReportingPeriod.objects.order_by("-year", "-month").first()


def start_urls():
    """Where the crawl begins: home, pages no page links to, the rows with files, the API."""
    from projects.models import Attachment, Membership, Person
    from promotion.models import Contract
    from reports.models import Evidence

    attachment, evidence = Attachment.objects.first(), Evidence.objects.first()
    year = Membership.objects.order_by("-project_list__year").first().project_list.year
    contract = Contract.objects.filter(project=None).first()
    return [
        "/",
        f"/projects/?year={year}",  # the OC4IDS link shows once a list year is chosen
        reverse("reports:warning_rules"),
        reverse("projects:person_edit", args=[Person.objects.first().pk]),
        reverse("promotion:contract_convert", args=[contract.pk]),
        attachment.project.get_absolute_url(),
        reverse("reports:report_detail", args=[evidence.report_id]),
        *(reverse(name) for name in api_lists()),
    ]


def download_urls():
    """Name -> URL of every file the site offers: exports, templates, documents."""
    from exchange import enterprise_import, promotion_import
    from problems.models import Meeting
    from projects.models import ProjectList

    period = latest_period()
    month = {"year": period.year, "month": period.month}
    urls = {name: reverse(name) + "?export=xlsx" for name in list_pages()}
    urls["core:changelog_list"] += "&q=__xss"  # the entries naming poisoned rows, not all 14,000
    urls.update(
        {
            "dashboards:anomalies": reverse("dashboards:anomalies") + "?export=xlsx",
            "projects:list_detail": reverse(
                "projects:list_detail", args=[ProjectList.objects.first().pk]
            )
            + "?export=xlsx",
            "dashboards:drill": reverse("dashboards:drill") + "?figure=all&export=xlsx",
            "dashboards:push": reverse("dashboards:push") + "?export=xlsx",
            "dashboards:rankings counties": reverse("dashboards:rankings") + "?export=counties",
            "dashboards:rankings leaders": reverse("dashboards:rankings") + "?export=leaders",
            "dashboards:forecast": reverse("dashboards:forecast") + "?export=xlsx",
            "exchange:project_template": reverse("exchange:project_template"),
            "exchange:report_template": reverse("exchange:report_template", kwargs=month),
            "exchange:oc4ids": reverse("exchange:oc4ids") + f"?year={period.year}",
        }
    )
    for name in ("figures_totals", "figures_benefits", "figures_outcomes", "figures_growth"):
        urls[f"enterprises:{name}"] = reverse(f"enterprises:{name}") + "?export=xlsx"
    for kind in promotion_import.KINDS:
        urls[f"promotion template {kind}"] = reverse("exchange:promotion_template", args=[kind])
    for kind in enterprise_import.KINDS:
        urls[f"enterprise template {kind}"] = reverse("exchange:enterprise_template", args=[kind])
    for fmt in ("pdf", "docx"):
        urls[f"circular {fmt}"] = (
            reverse("dashboards:circular")
            + f"?year={period.year}&month={period.month}&format={fmt}"
        )
    meeting = Meeting.objects.filter(items__isnull=False).first()
    urls["problems:meeting_minutes"] = reverse("problems:meeting_minutes", args=[meeting.pk])
    return urls
