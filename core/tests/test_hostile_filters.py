"""SQL-looking, NUL, overflowing and markup values in every filter: never a 500, never more rows.

Each list page and API list gets each hostile value in each of its FilterSet's parameters; the
other pages that read the query string get it in each parameter they read. The answer is a 200
(no more rows than without the filter, the value escaped where it is echoed) or a 400 naming the
parameter, and the tables are all still there afterwards.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend

from core.tests.hostile import RAW_MARKUP, SCRIPT, api_lists, list_pages

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = (
    "' OR '1'='1",
    "1; DROP TABLE projects_project; --",
    "%' UNION SELECT password FROM accounts_user --",
    "\x00",
    "1\x00",
    "99999999999999999999",  # past a 64-bit integer: PostgreSQL refuses it
    "²",  # a digit to str.isdigit(), not to int()
    f'"><{SCRIPT[1:]}',
)
# The other pages that read the query string: URL name (and a query every request keeps), path
# arguments, parameters read besides those of their GET forms.
OTHER_PAGES = {
    "dashboards:index": ((), ()),
    "dashboards:anomalies": ((), ("export",)),
    "dashboards:drill": ((), ("figure", "value")),
    "dashboards:drill?figure=band&value=1000": ((), ("value",)),
    "dashboards:push": ((), ()),
    "dashboards:rankings": ((), ("export",)),
    "dashboards:forecast": ((), ()),
    "dashboards:circular": ((), ("year", "month", "region", "language", "format")),
    "dashboards:project_colours": (("project",), ("year",)),
    "reports:project_monthly": (("project",), ("year", "as")),
    "promotion:lead_board": ((), ()),
    "promotion:figures": ((), ()),
    "enterprises:figures_totals": ((), ("county",)),
    "enterprises:figures_benefits": ((), ()),
    "enterprises:figures_outcomes": ((), ()),
    "enterprises:figures_growth": ((), ()),
    "exchange:oc4ids?year=2024": ((), ("year", "region")),
    "problems:problem_create": ((), ("report", "project")),
    "enterprises:benefit_create": ((), ("enterprise",)),
    "promotion:lead_create": ((), ("activity",)),
    "promotion:contract_create": ((), ("lead",)),
    "api-dashboard": ((), ()),
}
# Parameters naming an object or a figure: one that is not there, or not in scope, is a 404.
NAMED = {"region", "report", "project", "enterprise", "activity", "lead", "figure", "value"}
SORTING = ("sort",)  # django-tables2 orders list pages by it


@pytest.fixture
def city(cast):
    from dashboards.tests.data import make_city

    return make_city(cast)


class GetForm(HTMLParser):
    """The names of the fields of a page's GET forms: the filters it offers."""

    def __init__(self):
        super().__init__()
        self.inside, self.names = False, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method") or "get").lower() == "get"
        elif self.inside and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_parameters(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        return set()
    parser = GetForm()
    parser.feed(response.content.decode())
    return parser.names - {"csrfmiddlewaretoken"}


def rows(response):
    """How many rows a list answered with, from its table or the API's count."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()["count"]
    return response.context["table"].paginator.count


def tables():
    return set(connection.introspection.table_names())


def hostile_answers(client, url, parameters):
    """(parameter, value, response) of each hostile value in each parameter, the URL's own
    query kept."""
    path, _, query = url.partition("?")
    kept = dict(parse_qsl(query))
    for parameter in sorted(parameters):
        for value in HOSTILE_VALUES:
            yield parameter, value, client.get(path, {**kept, parameter: value})


def refused_by_name(response, parameter):
    if response.get("Content-Type", "").startswith("application/json"):
        return parameter in response.json()
    return parameter in response.content.decode()


def escaped(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        return True
    return not RAW_MARKUP.search(response.content.decode())


def check(client, url, parameters, *, count=True, also=()):
    """Every hostile answer: a 200 with no more rows, or a 400 naming the parameter (or a 404
    for the parameters in ``also``)."""
    before = tables()
    client.raise_request_exception = False  # a 500 is listed with the others
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the parameter's name is in the message
    unfiltered = client.get(url)
    assert unfiltered.status_code == 200, url
    most = rows(unfiltered) if count else None
    wrong = []
    for parameter, value, response in hostile_answers(client, url, parameters):
        fine = (
            (response.status_code == 200 and (most is None or rows(response) <= most))
            or (response.status_code == 400 and refused_by_name(response, parameter))
            or (response.status_code == 404 and parameter in also)
        )
        if not fine or not escaped(response):
            wrong.append((parameter, value, response.status_code))
    assert not wrong, url
    assert tables() == before


def test_hostile_values_are_not_sql():
    """The values reach the database as values: one of them would drop a table otherwise."""
    assert any("DROP TABLE" in value for value in HOSTILE_VALUES)
    assert "\x00" in HOSTILE_VALUES


@pytest.mark.parametrize("name", sorted(list_pages()))
def test_list_page_filters(name, cast, city, client_for):
    view = list_pages()[name]
    url = reverse(name)
    user = cast.office if client_for(cast.office).get(url).status_code == 200 else None
    client = client_for(user or cast.administrator)
    parameters = set(view.filterset_class.base_filters) | set(SORTING)
    check(client, url, parameters)


@pytest.mark.parametrize("name", sorted(api_lists()))
def test_api_list_filters(name, cast, city, client_for):
    viewset = api_lists()[name]
    filterset = DjangoFilterBackend().get_filterset_class(viewset(), viewset.queryset)
    parameters = set(filterset.base_filters) if filterset else set()
    check(client_for(cast.administrator), reverse(name), parameters)


@pytest.mark.parametrize("page", sorted(OTHER_PAGES))
def test_other_page_parameters(page, cast, city, client_for):
    arguments, read = OTHER_PAGES[page]
    name, _, query = page.partition("?")
    values = {"project": city.green.pk}
    url = reverse(name, args=[values[a] for a in arguments]) + (f"?{query}" if query else "")
    client = client_for(cast.administrator)
    parameters = form_parameters(client.get(url)) | set(read)
    check(client, url, parameters, count=False, also=NAMED)


def test_a_nul_byte_in_a_search_is_refused_by_name(cast, library, client_for):
    client = client_for(cast.office)
    response = client.get(reverse("project-list"), {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "null characters" in str(response.json()["q"]).lower()
