"""XSS: with a payload in every text field, no page, fragment or API page lets markup through."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from core.tests.hostile import (
    ESCAPED_MARKUP,
    RAW_MARKUP,
    URL_PAYLOAD,
    crawl,
    download_urls,
    hostile_models,
    payloads,
    route_of,
    start_urls,
    text_fields,
    url_patterns,
)

pytestmark = pytest.mark.django_db

# Fields whose own validation refuses markup, besides every field with choices.
CODES_AND_ADDRESSES = {
    ("core.Region", "code"),
    ("core.Industry", "code"),
    ("accounts.User", "username"),
    ("accounts.User", "email"),
    ("projects.Project", "code"),
    ("projects.Project", "investor_credit_code"),
    ("problems.Department", "email"),
    ("problems.Department", "webhook_url"),
    ("promotion.TargetEnterprise", "credit_code"),
    ("promotion.Lead", "investor_credit_code"),
    ("promotion.Contract", "counterparty_credit_code"),
    ("enterprises.Enterprise", "credit_code"),
}
# Kept but shown on no page: a user's phone, templates for new plans, revisions' old narratives,
# a department's webhook secret, and the notification outbox.
NEVER_SHOWN = {
    ("accounts.User", "phone"),
    ("projects.MilestoneTemplate", "name"),
    ("projects.MilestoneTemplate", "responsible_unit"),
    ("reports.ReportRevision", "narrative"),
    ("problems.Department", "webhook_secret"),
    ("problems.Notification", "subject"),
    ("problems.Notification", "body"),
    ("problems.Notification", "last_error"),
}
# Routes the crawl does not GET: actions that take only POST (their forms are on crawled pages),
# files that exist only once uploaded (core/tests/test_hostile_uploads.py), signing in and out.
NOT_CRAWLED = {
    "accounts/login/",
    "accounts/logout/",
    "accounts/password/done/",
    "accounts/me/token/",
    "i18n/setlang/",
    "enterprises/requests/<int:pk>/problem/",
    "problems/<int:pk>/start/",
    "problems/<int:pk>/resolve/",
    "problems/<int:pk>/escalate/",
    "problems/<int:pk>/close/",
    "problems/<int:pk>/reopen/",
    "problems/<int:pk>/evidence/",
    "problems/meetings/<int:pk>/agenda/",
    "problems/meetings/<int:pk>/items/<int:item_pk>/decision/",
    "projects/<int:pk>/status/",
    "projects/<int:pk>/stall/",
    "projects/<int:pk>/resume/",
    "projects/<int:pk>/milestones/template/",
    "projects/<int:pk>/milestones/<int:milestone_pk>/evidence/",
    "promotion/leads/<int:pk>/stage/",
    "promotion/leads/<int:pk>/record/<slug:step>/",
    "promotion/contracts/<int:pk>/funds/",
    "reports/<int:pk>/submit/",
    "reports/<int:pk>/approve/",
    "reports/<int:pk>/return/",
    "reports/<int:pk>/correct/",
    "reports/periods/<int:year>-<int:month>/projects/<int:project_pk>/",
}
TAG = re.compile(r"~(\d+)#\d")


@pytest.fixture(scope="module")
def site(hostile_world, django_db_blocker):
    """Every page the administrator reaches from home, fetched once for the module's tests."""
    client = Client()
    client.force_login(hostile_world.admin)
    with django_db_blocker.unblock():
        return crawl(client, start_urls())


def test_every_model_with_free_text_has_rows(hostile_world):
    free = [m for m in hostile_models() if any(not f.choices for f in text_fields(m))]
    empty = [m._meta.label for m in free if not m._base_manager.exists()]
    assert not empty


def test_every_free_text_field_holds_a_payload_in_every_row(hostile_world):
    for label, fields in hostile_world.poisoned.items():
        model = next(m for m in hostile_models() if m._meta.label == label)
        for name, payload in fields.items():
            assert not model._base_manager.exclude(**{f"{name}__startswith": payload}).exists()
    poisoned = {
        (label, name) for label, fields in hostile_world.poisoned.items() for name in fields
    }
    every = {(m._meta.label, f.name) for m in hostile_models() for f in text_fields(m)}
    assert poisoned | hostile_world.refused == every


def test_only_choices_codes_and_addresses_refuse_the_payloads(hostile_world):
    choices = {
        (m._meta.label, f.name) for m in hostile_models() for f in text_fields(m) if f.choices
    }
    assert hostile_world.refused == choices | CODES_AND_ADDRESSES
    for model in hostile_models():
        for field in text_fields(model):
            if (model._meta.label, field.name) in hostile_world.refused:
                for payload in payloads(0) + payloads(1):
                    with pytest.raises(ValidationError):
                        field.clean(payload, None)


def test_url_fields_refuse_javascript_urls(hostile_world):
    from problems.models import Department

    with pytest.raises(ValidationError):
        Department._meta.get_field("webhook_url").clean(URL_PAYLOAD, None)


def test_every_page_answers(site):
    failed = {url: fetched.status for url, fetched in site.fetched.items() if fetched.status != 200}
    assert not failed


def test_no_page_carries_markup_from_the_data(site):
    leaks = {}
    for fetched in site.pages:
        if found := RAW_MARKUP.search(fetched.text):
            leaks[fetched.url] = fetched.text[max(found.start() - 80, 0) : found.end() + 20]
    assert not leaks
    assert all(
        ESCAPED_MARKUP.search(fetched.text) for fetched in site.pages if "<html" in fetched.text
    )


def test_every_field_is_shown_escaped_somewhere(hostile_world, site):
    """The crawl reached where each field is shown, and there it reads as text."""
    shown = set()
    for fetched in site.pages:
        for number in set(TAG.findall(fetched.text)):
            tag = f"~{number}"
            label, name = hostile_world.tags[tag]
            payload = hostile_world.poisoned[label][name]
            if escape(payload[1:])[-20:] + tag in fetched.text:
                shown.add((label, name))
    poisoned = {
        (label, name) for label, fields in hostile_world.poisoned.items() for name in fields
    }
    assert poisoned - NEVER_SHOWN <= shown


def test_files_are_downloads_not_pages(site):
    assert site.files
    for fetched in site.files:
        assert "html" not in fetched.content_type
        assert fetched.disposition.startswith("attachment"), fetched.url


def test_the_crawl_reached_every_page(site):
    visited = {route_of(url)[0] for url in [*site.fetched, *site.exports]}
    routes = {route for route, _, _ in url_patterns() if not route.startswith("api/")}
    assert routes - NOT_CRAWLED <= visited
    assert not NOT_CRAWLED & visited


def file_kind(url):
    """A file's route and what it asks for (?export=…, ?format=…), whatever the filters."""
    route, query = route_of(url)
    return route, tuple(key for key in query if "=" in key)


def test_every_file_the_pages_offer_is_checked_by_the_export_tests(hostile_world, site):
    checked = {file_kind(url) for url in download_urls().values()}
    offered = {file_kind(url) for url in [*site.exports, *(f.url for f in site.files)]}
    uploads = {
        ("projects/<int:pk>/attachments/<int:attachment_pk>/", ()),
        ("reports/<int:pk>/evidence/<int:evidence_pk>/", ()),
    }
    assert offered - uploads <= checked
