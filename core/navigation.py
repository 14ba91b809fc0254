"""The main menu: each app adds its areas here as it lands, shown to the roles that use them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, roles that see it or None for everyone)
MENU = [
    (_("Home"), "home", None),
    (_("Projects"), "projects:project_list", None),
    (_("Key-project lists"), "projects:list_list", None),
    (_("People"), "projects:person_list", None),
    (_("Monthly reports"), "reports:report_list", None),
    (_("Reporting periods"), "reports:period_list", None),
    (_("Regions"), "core:region_list", None),
    (_("Industries"), "core:industry_list", None),
    (_("Users"), "accounts:user_list", {"administrator", "project_office", "county_office"}),
    (_("Change log"), "core:changelog_list", None),
    (_("API"), "api-docs", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = []
    for label, name, roles in MENU:
        if roles is not None and user.role not in roles and not user.sees_everything:
            continue
        url = reverse(name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    items[0]["active"] = request.path == items[0]["url"]
    return {"menu": items}
