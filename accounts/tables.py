"""The user table."""

import django_tables2 as tables

from accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True)

    class Meta:
        model = User
        fields = ("username", "last_name", "first_name", "role", "region", "organisation", "email")
        attrs = {"class": "table table-sm table-hover"}
