"""The authorization matrix: every page and API route, for every role, on own and other objects.

The routes come from the URLconf, so a new URL without a rule below fails, and so does a rule left
behind by a URL that is gone. Pages answer an anonymous visitor with a redirect to the login page
(302) and the API with 403 (session authentication comes first, so there is no 401 challenge).
Writes run in a savepoint that is rolled back; a refused write must leave the database unchanged.
"""

import logging
from dataclasses import replace

import pytest
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.tests.authz import Access, Matrix, Rule, all_routes
from core.tests.authz_world import OTHER, OWN, ROLES, make_world
from projects import views as project_views
from projects.models import Project
from promotion.models import Contract
from promotion.tests.factories import ContractFactory

# The administrator, project offices and county offices: they edit projects, review reports,
# promote, keep the enterprise registry, work on every problem and manage users.
OFFICES = frozenset({"administrator", "office", "county", "county2", "other_city"})
PERIOD_MANAGERS = frozenset({"administrator", "office", "other_city"})
ADMINISTRATOR = frozenset({"administrator"})
FILLERS = OFFICES | {"unit"}  # fill monthly reports: the unit its own projects', offices any
RAISERS = OFFICES | {"unit"}  # raise problems
WORKERS = OFFICES | {"department"}  # work on a problem: offices and the department it went to
CLOSERS = OFFICES | {"unit"}  # close a resolved problem: the raiser (the unit) or an office


PUBLIC = Access(anonymous=200)
SIGNED_IN = Access()  # signed in, and the object in scope
OFFICE_ONLY = Access(OFFICES, role_first=True)
OFFICE_EDIT = Access(OFFICES)  # the object is looked up first: out of scope is 404 for all
ADMIN_ONLY = Access(ADMINISTRATOR, role_first=True)
# A GET of a POST-only page (@require_POST) or API action: 405 before anything else.
POST_ONLY = Access(ok=405, scoped=False)


def writes(access, **ok):
    """API write methods -> the access, each with its answer to those who may."""
    return {method: replace(access, ok=status) for method, status in ok.items()}


EDITS = {"put": 400, "patch": 200, "delete": 204}  # an empty PUT is invalid, an empty PATCH is not
# A project or person still referred to (reports, problems, meetings) cannot be deleted: 409.
IN_USE = {**EDITS, "delete": 409}


RULES = {
    # ------------------------------------------------------------ home and accounts
    "home": Rule(SIGNED_IN),
    "accounts:login": Rule(Access(ok=302, anonymous=200)),  # signed in: redirected home
    # Logging out is a POST; it is not tried here, it would end the shared sessions.
    "accounts:logout": Rule(Access(ok=405, anonymous=405)),
    "accounts:password_change": Rule(SIGNED_IN, post=SIGNED_IN),
    "accounts:password_change_done": Rule(SIGNED_IN),
    "accounts:profile": Rule(SIGNED_IN),
    "accounts:rotate_token": Rule(POST_ONLY, post=Access(ok=302)),
    "accounts:user_list": Rule(OFFICE_ONLY),
    "accounts:user_detail": Rule(OFFICE_ONLY, "user"),
    # ------------------------------------------------------------ reference data, change log
    "core:region_list": Rule(SIGNED_IN),
    "core:region_detail": Rule(SIGNED_IN, "region"),
    "core:industry_list": Rule(SIGNED_IN),
    "core:changelog_list": Rule(SIGNED_IN),
    # ------------------------------------------------------------ projects
    "projects:project_list": Rule(SIGNED_IN),
    "projects:project_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "projects:project_detail": Rule(SIGNED_IN, "project"),
    "projects:project_edit": Rule(OFFICE_EDIT, "project", post=OFFICE_EDIT),
    "projects:project_status": Rule(POST_ONLY, "project", post=replace(OFFICE_EDIT, ok=302)),
    "projects:project_stall": Rule(POST_ONLY, "project", post=replace(OFFICE_EDIT, ok=302)),
    "projects:project_resume": Rule(POST_ONLY, "project", post=replace(OFFICE_EDIT, ok=302)),
    "projects:five_ones": Rule(OFFICE_EDIT, "project", post=OFFICE_EDIT),
    "projects:membership_add": Rule(OFFICE_EDIT, "project", post=OFFICE_EDIT),
    "projects:membership_remove": Rule(
        OFFICE_EDIT, "membership", post=replace(OFFICE_EDIT, ok=302)
    ),
    "projects:milestone_create": Rule(OFFICE_EDIT, "project", post=OFFICE_EDIT),
    "projects:plan_from_templates": Rule(POST_ONLY, "project", post=replace(OFFICE_EDIT, ok=302)),
    "projects:milestone_edit": Rule(OFFICE_EDIT, "milestone", post=OFFICE_EDIT),
    "projects:milestone_delete": Rule(OFFICE_EDIT, "milestone", post=replace(OFFICE_EDIT, ok=302)),
    "projects:milestone_evidence": Rule(SIGNED_IN, "milestone"),
    "projects:attachment_add": Rule(OFFICE_EDIT, "project", post=OFFICE_EDIT),
    "projects:attachment_download": Rule(SIGNED_IN, "attachment"),
    "projects:list_list": Rule(SIGNED_IN),
    "projects:list_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "projects:list_detail": Rule(SIGNED_IN, "list"),
    "projects:list_edit": Rule(OFFICE_ONLY, "list", post=OFFICE_ONLY),
    "projects:person_list": Rule(SIGNED_IN),
    "projects:person_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "projects:person_detail": Rule(SIGNED_IN, "person"),
    "projects:person_edit": Rule(OFFICE_ONLY, "person", post=OFFICE_ONLY),
    # ------------------------------------------------------------ monthly reports
    "reports:report_list": Rule(SIGNED_IN),
    "reports:period_list": Rule(SIGNED_IN),
    "reports:period_open": Rule(Access(PERIOD_MANAGERS), post=Access(PERIOD_MANAGERS)),
    "reports:period_detail": Rule(SIGNED_IN, "period"),
    "reports:period_lock": Rule(
        Access(PERIOD_MANAGERS), "period", post=Access(PERIOD_MANAGERS, ok=302)
    ),
    "reports:missing": Rule(SIGNED_IN, "period"),
    "reports:report_start": Rule(POST_ONLY, "project", post=Access(FILLERS, ok=302)),
    # Those who may not fill the report are shown it again: the POST is ignored.
    "reports:report_detail": Rule(SIGNED_IN, "report", post=Access(FILLERS, denied=200)),
    "reports:report_submit": Rule(POST_ONLY, "report", post=Access(FILLERS, ok=302)),
    "reports:report_approve": Rule(POST_ONLY, "submitted_report", post=Access(OFFICES, ok=302)),
    "reports:report_return": Rule(
        POST_ONLY, "submitted_report", post=Access(OFFICES, ok=302), data={"reason": "数据有误"}
    ),
    "reports:report_correct": Rule(
        POST_ONLY, "approved_report", post=Access(OFFICES, ok=302), data={"reason": "数据有误"}
    ),
    "reports:evidence_add": Rule(Access(FILLERS), "report", post=Access(FILLERS)),
    "reports:evidence_download": Rule(SIGNED_IN, "evidence"),
    "reports:warning_rules": Rule(ADMIN_ONLY, post=ADMIN_ONLY),
    "reports:project_monthly": Rule(SIGNED_IN, "project"),
    # ------------------------------------------------------------ problems
    "problems:problem_list": Rule(SIGNED_IN),
    "problems:queue": Rule(SIGNED_IN),
    "problems:problem_create": Rule(
        Access(RAISERS, role_first=True), post=Access(RAISERS, role_first=True)
    ),
    "problems:problem_detail": Rule(SIGNED_IN, "problem"),
    "problems:problem_start": Rule(POST_ONLY, "problem", post=Access(WORKERS, ok=302)),
    "problems:problem_resolve": Rule(
        POST_ONLY, "problem", post=Access(WORKERS, ok=302), data={"resolution": "已落实用地指标"}
    ),
    "problems:problem_escalate": Rule(
        POST_ONLY, "problem", post=Access(WORKERS, ok=302), data={"to_level": 2}
    ),
    "problems:problem_close": Rule(
        POST_ONLY, "resolved_problem", post=Access(CLOSERS, ok=302), data={"satisfaction": 5}
    ),
    "problems:problem_reopen": Rule(
        POST_ONLY, "resolved_problem", post=Access(CLOSERS, ok=302), data={"reason": "仍未解决"}
    ),
    "problems:problem_evidence": Rule(SIGNED_IN, "problem"),
    "problems:project_problems": Rule(SIGNED_IN, "project"),
    "problems:department_list": Rule(SIGNED_IN),
    "problems:department_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "problems:department_detail": Rule(SIGNED_IN, "department"),
    "problems:department_edit": Rule(OFFICE_ONLY, "department", post=OFFICE_ONLY),
    "problems:category_deadlines": Rule(ADMIN_ONLY, post=ADMIN_ONLY),
    "problems:meeting_list": Rule(SIGNED_IN),
    "problems:meeting_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "problems:meeting_detail": Rule(SIGNED_IN, "meeting"),
    "problems:meeting_edit": Rule(OFFICE_ONLY, "meeting", post=OFFICE_ONLY),
    "problems:meeting_agenda": Rule(POST_ONLY, "meeting", post=replace(OFFICE_EDIT, ok=302)),
    "problems:meeting_decision": Rule(POST_ONLY, "item", post=replace(OFFICE_EDIT, ok=302)),
    "problems:meeting_minutes": Rule(SIGNED_IN, "meeting"),
    # ------------------------------------------------------------ promotion
    "promotion:activity_list": Rule(SIGNED_IN),
    "promotion:activity_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "promotion:activity_detail": Rule(SIGNED_IN, "activity"),
    "promotion:activity_edit": Rule(OFFICE_ONLY, "activity", post=OFFICE_ONLY),
    "promotion:lead_list": Rule(SIGNED_IN),
    "promotion:lead_board": Rule(SIGNED_IN),
    "promotion:lead_rules": Rule(ADMIN_ONLY, post=ADMIN_ONLY),
    "promotion:lead_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "promotion:lead_detail": Rule(SIGNED_IN, "lead"),
    "promotion:lead_edit": Rule(OFFICE_ONLY, "lead", post=OFFICE_ONLY),
    "promotion:lead_stage": Rule(POST_ONLY, "lead", post=replace(OFFICE_EDIT, ok=302)),
    "promotion:lead_step": Rule(
        POST_ONLY, "lead", post=replace(OFFICE_EDIT, ok=302), kwargs={"step": "respond"}
    ),
    "promotion:contract_list": Rule(SIGNED_IN),
    "promotion:contract_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "promotion:contract_detail": Rule(SIGNED_IN, "contract"),
    "promotion:contract_edit": Rule(OFFICE_ONLY, "contract", post=OFFICE_ONLY),
    "promotion:contract_funds": Rule(POST_ONLY, "contract", post=replace(OFFICE_EDIT, ok=302)),
    "promotion:contract_convert": Rule(OFFICE_EDIT, "contract", post=OFFICE_EDIT),
    "promotion:project_contract": Rule(SIGNED_IN, "project"),
    "promotion:chain_list": Rule(SIGNED_IN),
    "promotion:chain_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "promotion:chain_detail": Rule(SIGNED_IN, "chain"),
    "promotion:chain_edit": Rule(OFFICE_ONLY, "chain", post=OFFICE_ONLY),
    "promotion:gap_create": Rule(OFFICE_EDIT, "chain", post=OFFICE_EDIT),
    "promotion:gap_edit": Rule(OFFICE_EDIT, "gap", post=OFFICE_EDIT),
    "promotion:target_create": Rule(OFFICE_EDIT, "chain", post=OFFICE_EDIT),
    "promotion:target_edit": Rule(OFFICE_EDIT, "target", post=OFFICE_EDIT),
    "promotion:group_list": Rule(SIGNED_IN),
    "promotion:group_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "promotion:group_edit": Rule(OFFICE_ONLY, "group", post=OFFICE_ONLY),
    "promotion:figures": Rule(SIGNED_IN),
    # ------------------------------------------------------------ enterprises
    "enterprises:enterprise_list": Rule(SIGNED_IN),
    "enterprises:my_enterprises": Rule(SIGNED_IN),
    "enterprises:enterprise_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "enterprises:enterprise_detail": Rule(SIGNED_IN, "enterprise"),
    "enterprises:enterprise_edit": Rule(OFFICE_ONLY, "enterprise", post=OFFICE_ONLY),
    "enterprises:enterprise_assign": Rule(OFFICE_EDIT, "enterprise", post=OFFICE_EDIT),
    "enterprises:year_create": Rule(OFFICE_EDIT, "enterprise", post=OFFICE_EDIT),
    "enterprises:year_edit": Rule(OFFICE_EDIT, "year", post=OFFICE_EDIT),
    "enterprises:visit_create": Rule(OFFICE_EDIT, "enterprise", post=OFFICE_EDIT),
    "enterprises:request_problem": Rule(POST_ONLY, "request", post=replace(OFFICE_EDIT, ok=302)),
    "enterprises:year_list": Rule(SIGNED_IN),
    "enterprises:visit_list": Rule(SIGNED_IN),
    "enterprises:benefit_list": Rule(SIGNED_IN),
    "enterprises:benefit_create": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "enterprises:figures_totals": Rule(SIGNED_IN),
    "enterprises:figures_benefits": Rule(SIGNED_IN),
    "enterprises:figures_outcomes": Rule(SIGNED_IN),
    "enterprises:figures_growth": Rule(SIGNED_IN),
    # ------------------------------------------------------------ Excel and OC4IDS
    "exchange:oc4ids": Rule(SIGNED_IN, query={"year": 2024}),
    "exchange:project_template": Rule(SIGNED_IN),
    "exchange:project_import": Rule(OFFICE_ONLY, post=OFFICE_ONLY),
    "exchange:report_template": Rule(Access(FILLERS), "period"),
    "exchange:report_import": Rule(Access(FILLERS), "period", post=Access(FILLERS)),
    "exchange:promotion_template": Rule(OFFICE_ONLY, kwargs={"kind": "activities"}),
    "exchange:promotion_import": Rule(OFFICE_ONLY, post=OFFICE_ONLY, kwargs={"kind": "activities"}),
    "exchange:enterprise_template": Rule(OFFICE_ONLY, kwargs={"kind": "enterprises"}),
    "exchange:enterprise_import": Rule(
        OFFICE_ONLY, post=OFFICE_ONLY, kwargs={"kind": "enterprises"}
    ),
    # ------------------------------------------------------------ dashboards
    "dashboards:index": Rule(SIGNED_IN),
    "dashboards:anomalies": Rule(SIGNED_IN),
    "dashboards:drill": Rule(SIGNED_IN),
    "dashboards:push": Rule(SIGNED_IN),
    "dashboards:rankings": Rule(SIGNED_IN),
    "dashboards:forecast": Rule(SIGNED_IN),
    "dashboards:circular": Rule(SIGNED_IN, query={"year": 2024, "month": 1, "format": "docx"}),
    "dashboards:project_colours": Rule(SIGNED_IN, "project"),
    # ------------------------------------------------------------ API
    "api-root": Rule(SIGNED_IN),
    # The OpenAPI schema and its docs are public (drf-spectacular's default): no data in them.
    "api-schema": Rule(PUBLIC),
    "api-docs": Rule(PUBLIC),
    "api-dashboard": Rule(SIGNED_IN),
    "region-list": Rule(SIGNED_IN, lists="region"),
    "region-detail": Rule(SIGNED_IN, "region"),
    "industry-list": Rule(SIGNED_IN),
    "industry-detail": Rule(SIGNED_IN, "industry"),
    "project-list": Rule(SIGNED_IN, lists="project", write=writes(OFFICE_ONLY, post=400)),
    "project-detail": Rule(SIGNED_IN, "project", write=writes(OFFICE_ONLY, **IN_USE)),
    "projectlist-list": Rule(SIGNED_IN, lists="list", write=writes(OFFICE_ONLY, post=400)),
    "projectlist-detail": Rule(SIGNED_IN, "list", write=writes(OFFICE_ONLY, **EDITS)),
    "membership-list": Rule(SIGNED_IN, lists="membership", write=writes(OFFICE_ONLY, post=400)),
    "membership-detail": Rule(SIGNED_IN, "membership", write=writes(OFFICE_ONLY, **EDITS)),
    "milestone-list": Rule(SIGNED_IN, lists="milestone", write=writes(OFFICE_ONLY, post=400)),
    "milestone-detail": Rule(SIGNED_IN, "milestone", write=writes(OFFICE_ONLY, **EDITS)),
    "person-list": Rule(SIGNED_IN, lists="person", write=writes(OFFICE_ONLY, post=400)),
    "person-detail": Rule(SIGNED_IN, "person", write=writes(OFFICE_ONLY, **IN_USE)),
    "reportingperiod-list": Rule(SIGNED_IN),
    "reportingperiod-detail": Rule(SIGNED_IN, "period"),
    # A report or problem of the own project: the project must be in scope (else the field is
    # invalid: 400), then the user must fill reports or raise problems (403).
    "monthlyreport-list": Rule(
        SIGNED_IN,
        lists="report",
        write={"post": Access(FILLERS, ok=201, hidden=400, about="project")},
        data=lambda world: {
            "project": world.objects["project"][OWN].pk,
            "period": world.empty_period.pk,
            "completed": "120",
        },
    ),
    "monthlyreport-detail": Rule(
        SIGNED_IN, "report", write={"patch": Access(FILLERS)}, data={"completed": "120"}
    ),
    "monthlyreport-submit": Rule(POST_ONLY, "report", write={"post": Access(FILLERS)}),
    "monthlyreport-approve": Rule(POST_ONLY, "submitted_report", write={"post": Access(OFFICES)}),
    "monthlyreport-return-": Rule(
        POST_ONLY, "submitted_report", write={"post": Access(OFFICES)}, data={"reason": "数据有误"}
    ),
    "problem-list": Rule(
        SIGNED_IN,
        lists="problem",
        write={"post": Access(RAISERS, ok=201, hidden=400, about="project")},
        data=lambda world: {
            "project": world.objects["project"][OWN].pk,
            "department": world.objects["department"][OWN].pk,
            "category": "land",
            "description": "用地指标尚未落实",
        },
    ),
    "problem-detail": Rule(SIGNED_IN, "problem"),
    "problem-start": Rule(POST_ONLY, "problem", write={"post": Access(WORKERS)}),
    "problem-resolve": Rule(
        POST_ONLY, "problem", write={"post": Access(WORKERS)}, data={"resolution": "已落实"}
    ),
    "problem-escalate": Rule(
        POST_ONLY, "problem", write={"post": Access(WORKERS)}, data={"to_level": 2}
    ),
    "problem-close": Rule(
        POST_ONLY, "resolved_problem", write={"post": Access(CLOSERS)}, data={"satisfaction": 5}
    ),
    "problem-reopen": Rule(
        POST_ONLY, "resolved_problem", write={"post": Access(CLOSERS)}, data={"reason": "仍未解决"}
    ),
    "department-list": Rule(SIGNED_IN, lists="department", write=writes(OFFICE_ONLY, post=400)),
    "department-detail": Rule(SIGNED_IN, "department", write=writes(OFFICE_ONLY, patch=200)),
    "meeting-list": Rule(SIGNED_IN, lists="meeting"),
    "meeting-detail": Rule(SIGNED_IN, "meeting"),
    "activity-list": Rule(SIGNED_IN, lists="activity", write=writes(OFFICE_ONLY, post=400)),
    "activity-detail": Rule(SIGNED_IN, "activity", write=writes(OFFICE_ONLY, patch=200)),
    "lead-list": Rule(SIGNED_IN, lists="lead", write=writes(OFFICE_ONLY, post=400)),
    "lead-detail": Rule(SIGNED_IN, "lead", write=writes(OFFICE_ONLY, patch=200)),
    "lead-stage": Rule(POST_ONLY, "lead", write=writes(OFFICE_ONLY, post=400)),
    "contract-list": Rule(SIGNED_IN, lists="contract", write=writes(OFFICE_ONLY, post=400)),
    "contract-detail": Rule(SIGNED_IN, "contract", write=writes(OFFICE_ONLY, patch=200)),
    "contract-funds": Rule(POST_ONLY, "contract", write=writes(OFFICE_ONLY, post=400)),
    "contract-convert": Rule(POST_ONLY, "contract", write=writes(OFFICE_ONLY, post=400)),
    "chain-list": Rule(SIGNED_IN, lists="chain", write=writes(OFFICE_ONLY, post=400)),
    "chain-detail": Rule(SIGNED_IN, "chain", write=writes(OFFICE_ONLY, patch=200)),
    "enterprise-list": Rule(SIGNED_IN, lists="enterprise", write=writes(OFFICE_ONLY, post=400)),
    "enterprise-detail": Rule(
        SIGNED_IN, "enterprise", write=writes(OFFICE_ONLY, put=400, patch=200)
    ),
    "enterpriseyear-list": Rule(SIGNED_IN, lists="year", write=writes(OFFICE_ONLY, post=400)),
    "enterpriseyear-detail": Rule(SIGNED_IN, "year", write=writes(OFFICE_ONLY, **EDITS)),
    "visit-list": Rule(SIGNED_IN, lists="visit"),
    "visit-detail": Rule(SIGNED_IN, "visit"),
    "policybenefit-list": Rule(SIGNED_IN, lists="benefit", write=writes(OFFICE_ONLY, post=400)),
    "policybenefit-detail": Rule(SIGNED_IN, "benefit", write=writes(OFFICE_ONLY, **EDITS)),
}

# Routes that are deliberately not in the matrix.
SKIPPED = {
    # Django's language switch: it sets a cookie, reads and changes no data.
    "set_language",
}


def _skipped(route):
    if route.name in SKIPPED:
        return True
    # Format-suffix twins of the API routes (/api/v1/projects.json): the same view and rule.
    if "format" in route.arguments:
        return True
    # Static and media files are files, not pages (whitenoise and the web server serve them).
    return route.path.startswith((settings.STATIC_URL.lstrip("/"), settings.MEDIA_URL.lstrip("/")))


def routes():
    found = [route for route in all_routes() if not _skipped(route)]
    return {route.name: route for route in found}


@pytest.fixture
def matrix(cast):
    # Thousands of refusals are the point here: keep them out of the log.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield Matrix(make_world(cast))
    logger.setLevel(level)


def _ruled(kind_of_route):
    table = routes()
    return [
        (table[name], RULES[name])
        for name in sorted(table)
        if name in RULES and kind_of_route(table[name])
    ]


# ---------------------------------------------------------------- the tests


def test_every_route_has_a_rule_and_every_rule_a_route():
    names = [route.name for route in all_routes() if not _skipped(route)]
    assert len(names) == len(set(names)), "two routes share a name: one rule cannot cover both"
    table = routes()
    missing = sorted(set(table) - set(RULES))
    stale = sorted(set(RULES) - set(table))
    assert not missing, f"routes without a rule in RULES: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_every_write_method_of_the_api_has_a_rule():
    table = routes()
    unruled = [
        f"{name} {method.upper()}"
        for name, route in table.items()
        if name in RULES
        for method in route.write_methods
        if method not in RULES[name].write
    ]
    stale = [
        f"{name} {method.upper()}"
        for name, rule in RULES.items()
        if name in table
        for method in rule.write
        if method not in table[name].write_methods
    ]
    assert not unruled, f"API writes without a rule: {unruled}"
    assert not stale, f"write rules for methods the route does not answer: {stale}"


def test_the_matrix_catches_a_write_let_through(matrix, monkeypatch):
    """If the project pages forgot to check the role, a leader could take a project off a list."""

    def project_for_anyone(user, pk, edit=False):
        return get_object_or_404(Project.objects.visible_to(user), pk=pk)

    monkeypatch.setattr(project_views, "project_for", project_for_anyone)
    route, rule = routes()["projects:membership_remove"], RULES["projects:membership_remove"]
    matrix.write(route, rule, "post", rule.post)
    (leader,) = [row for row in matrix.mismatches if row[2] == "leader" and row[3] == OWN]
    assert leader[:6] == ("projects:membership_remove", "POST", "leader", OWN, 403, 302)
    assert leader[6].startswith("refused, yet changed:")
    assert "projects_membership" in leader[6]


def test_a_project_unit_sees_the_contract_of_its_own_project_and_no_other(library, cast):
    haicheng = cast.regions["haicheng"]
    own = ContractFactory(region=haicheng, project=library.haicheng)
    other = ContractFactory(region=haicheng, project=library.tiedong)
    ContractFactory(region=haicheng)
    assert list(Contract.objects.visible_to(cast.unit)) == [own]
    assert other in Contract.objects.visible_to(cast.county)


# Pages that also take an object from the query string (?project=…): it is scoped like the URL's.
QUERY_OBJECTS = [
    ("problems:problem_create", "project", "project"),
    ("problems:problem_create", "report", "report"),
    ("promotion:lead_create", "activity", "activity"),
    ("promotion:contract_create", "lead", "lead"),
    ("enterprises:benefit_create", "enterprise", "enterprise"),
    ("dashboards:circular", "region", "region"),
]


def test_objects_named_in_the_query_are_scoped_too(matrix):
    table = routes()
    for name, parameter, kind in QUERY_OBJECTS:
        rule, url = RULES[name], reverse(name, kwargs=RULES[name].kwargs)
        for side in (OWN, OTHER):
            obj = matrix.world.objects[kind][side]
            query = {**rule.query, parameter: obj.code if kind == "region" else obj.pk}
            for role in ROLES:
                response = matrix.call(role, "get", url, query=query)
                expected = rule.get.expect(role, kind, side, api=table[name].api)
                matrix.check(f"{name} ?{parameter}=", "get", role, side, expected, response)
    assert not matrix.mismatches, matrix.report()


def test_pages_answer_each_role_as_the_table_says(matrix):
    for route, rule in _ruled(lambda route: not route.api):
        matrix.get(route, rule)
        if rule.post is not None:
            matrix.write(route, rule, "post", rule.post)
    assert not matrix.mismatches, matrix.report()


def test_api_answers_each_role_as_the_table_says(matrix):
    for route, rule in _ruled(lambda route: route.api):
        matrix.get(route, rule)
        for method in route.write_methods:
            matrix.write(route, rule, method, rule.write[method])
    assert not matrix.mismatches, matrix.report()
