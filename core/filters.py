"""The FilterSet every list, API and export share: a free-text search over declared fields."""

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import QuickSelect


class SearchFilterSet(django_filters.FilterSet):
    """Subclasses name ``search_fields``; ``q`` matches any of them, case-insensitively."""

    search_fields = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect.like(field.widget)  # lists of a thousand choices
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


FIRST_YEAR, LAST_YEAR = 1900, 2100


class YearFilter(django_filters.NumberFilter):
    """A year as a whole number from 1900 to 2100: year 0 or 1e9 is a 400, not a date error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1  # the largest BigAutoField key


def whole_number(value, *, low, high):
    """``value`` (a query parameter) as an int from ``low`` to ``high``, else None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def offer_only(field, offered, chosen=None):
    """Make a model choice field offer the rows of ``offered`` (and the ``chosen`` key, so the
    form shows what the page is filtered by) while it still accepts any row of its queryset:
    a link or an API call may name any of them."""
    chosen = whole_number(chosen, low=1, high=MAX_ID)
    choices = field.iterator(field)
    choices.queryset = offered if chosen is None else offered | field.queryset.filter(pk=chosen)
    field.widget.choices = choices


class IdFilter(django_filters.NumberFilter):
    """A row's id as a whole number a key can hold: 1e20 is a 400, not a database overflow."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
