"""The FilterSet every list, API and export share: a free-text search over declared fields."""

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchFilterSet(django_filters.FilterSet):
    """Subclasses name ``search_fields``; ``q`` matches any of them, case-insensitively."""

    search_fields = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            kind = getattr(field.widget, "input_type", "")
            css = (
                "form-select form-select-sm" if kind == "select" else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        terms = [Q(**{f"{field}__icontains": value}) for field in self.search_fields]
        return queryset.filter(reduce(operator.or_, terms))


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter whose empty choice reads "any" rather than "unknown"."""

    def __init__(self, *args, **kwargs):
        choices = [("", _("any")), ("true", _("yes")), ("false", _("no"))]
        kwargs.setdefault("widget", forms.Select(choices=choices))
        super().__init__(*args, **kwargs)
