"""Filters of the user list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import User
from core.filters import SearchFilterSet


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "organisation", "email")
    role = django_filters.ChoiceFilter(label=_("role"), choices=Role.choices)

    class Meta:
        model = User
        fields = ["q", "role", "region"]
