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
        _("Monthly scheduling"),
        [
            (_("Monthly reports"), "reports:report_list", None),
            (_("Reporting periods"), "reports:period_list", None),
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
        for item in items:
            item["active"] = request.path.startswith(item["url"])
        if items:
            menu.append({"label": group, "items": items, "active": any(i["active"] for i in items)})
    return {"menu": menu}
