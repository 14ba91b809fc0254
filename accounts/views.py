"""The user list, user pages and one's own account (login and password change are Django's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from accounts.filtersets import UserFilterSet
from accounts.models import User
from accounts.tables import UserTable
from core.lists import ObjectDetailView, ObjectListView

USER_MANAGERS = {Role.ADMINISTRATOR, Role.PROJECT_OFFICE, Role.COUNTY_OFFICE}


class ManagesUsers(UserPassesTestMixin):
    def test_func(self):
        user = self.request.user
        # An anonymous visitor is sent to the login page (it has no role to ask about).
        return user.is_authenticated and (user.sees_everything or user.role in USER_MANAGERS)


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


@login_required
@require_POST
def rotate_token(request):
    """Issue a new API token for the signed-in user; the old one stops working."""
    Token.objects.filter(user=request.user).delete()
    token = Token.objects.create(user=request.user)
    messages.success(
        request,
        _("Your new API token is %(key)s. Copy it now: it will not be shown again.")
        % {"key": token.key},
    )
    return redirect("accounts:profile")


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {"title": _("My account"), "has_token": Token.objects.filter(user=request.user).exists()},
    )
