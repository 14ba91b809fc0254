"""The main menu: each app adds its areas here as it lands, shown to the roles that use them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MANAGERS = {"administrator", "project_office", "county_office"}

# (group label, [(label, url name, roles that see it or None for everyone)])
MENU = [
    (
        _("Projects"),
        [
            (_("Projects"), "projects:project_list", None),
            (_("Key-project lists"), "projects:list_list", None),
            (_("People"), "projects:person_list", None),
        ],
    ),
    (
        _("Dashboard"),
        [
            (_("Dashboard"), "dashboards:index", None),
            (_("Push list"), "dashboards:push", None),
            (_("Rankings"), "dashboards:rankings", None),
            (_("Year-end forecast"), "dashboards:forecast", None),
        ],
    ),
    (
        _("Monthly scheduling"),
        [
            (_("Monthly reports"), "reports:report_list", None),
            (_("Reporting periods"), "reports:period_list", None),
        ],
    ),
    (
        _("Problems"),
        [
            (_("Problems"), "problems:problem_list", None),
            (_("My department's queue"), "problems:queue", {"department"}),
            (_("Departments"), "problems:department_list", None),
            (_("Coordination meetings"), "problems:meeting_list", None),
        ],
    ),
    (
        _("Promotion"),
        [
            (_("Activities"), "promotion:activity_list", None),
            (_("Leads"), "promotion:lead_list", None),
            (_("Pipeline board"), "promotion:lead_board", None),
            (_("Contracts"), "promotion:contract_list", None),
            (_("Industrial chains"), "promotion:chain_list", None),
            (_("Promotion figures"), "promotion:figures", None),
        ],
    ),
    (
        _("Enterprises"),
        [
            (_("Enterprises"), "enterprises:enterprise_list", None),
            (_("My enterprises"), "enterprises:my_enterprises", {"commissioner"}),
            (_("Visits"), "enterprises:visit_list", None),
            (_("Policy benefits"), "enterprises:benefit_list", None),
            (_("Enterprise totals"), "enterprises:figures_totals", None),
            (_("Policy benefits totals"), "enterprises:figures_benefits", None),
            (_("Outcomes"), "enterprises:figures_outcomes", None),
            (_("Growth lists"), "enterprises:figures_growth", None),
        ],
    ),
    (
        _("Reference data"),
        [
            (_("Regions"), "core:region_list", None),
            (_("Industries"), "core:industry_list", None),
        ],
    ),
    (
        _("Administration"),
        [
            (_("Users"), "accounts:user_list", MANAGERS),
            (_("Change log"), "core:changelog_list", None),
            (_("API"), "api-docs", None),
        ],
    ),
]


def navigation(request):
    # Once per request: a table's template columns run the context processors for every cell.
    if not hasattr(request, "_navigation"):
        request._navigation = _navigation(request)
    return request._navigation


def _navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    menu = []
    for group, entries in MENU:
        items = [
            {"label": label, "url": reverse(name)}
            for label, name, roles in entries
            if roles is None or user.role in roles or user.sees_everything
        ]
        if items:
            menu.append({"label": group, "items": items})
    # The entry whose address is the longest prefix of this page's is the current one.
    entries = [item for group in menu for item in group["items"]]
    matches = [item for item in entries if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    for group in menu:
        group["active"] = any(item.get("active") for item in group["items"])
    return {"menu": menu}
