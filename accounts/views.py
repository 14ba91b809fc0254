"""The user list and profile pages (login and password change are Django's own)."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.filtersets import UserFilterSet
from accounts.models import User
from accounts.tables import UserTable
from core.lists import ObjectDetailView, ObjectListView

USER_MANAGERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


class ManagesUsers(UserPassesTestMixin):
    def test_func(self):
        user = self.request.user
        return user.sees_everything or user.role in USER_MANAGERS


class UserListView(ManagesUsers, ObjectListView):
    queryset = User.objects.select_related("region")
    filterset_class = UserFilterSet
    table_class = UserTable
    title = _("Users")
    export_name = "users"


class UserDetailView(ManagesUsers, ObjectDetailView):
    queryset = User.objects.select_related("region")
    slug_field = slug_url_kwarg = "username"
    template_name = "accounts/user_detail.html"
    context_object_name = "person"
