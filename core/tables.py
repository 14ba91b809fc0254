"""Shared table columns, the table of a big list's pages, and the tables of reference data and the
change log."""

import inspect

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from core.models import ChangeLog, Industry, Region
from core.money import amount


class MoneyColumn(tables.Column):
    """An amount in 万元 (the header names the unit): grouped on the page, a number in export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "money"}, "th": {"class": "money"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return amount(value)

    def value(self, value):
        return value


class DateColumn(tables.Column):
    """django-tables2's DateColumn (a date as the ``date`` filter writes it, ISO in export, the
    default "—" for none in both) formatted in Python: that one renders a template per cell."""

    empty_values = ()

    def __init__(self, *args, format="SHORT_DATE_FORMAT", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value, bound_column):
        return date_format(value, self.format) if value else bound_column.default

    def value(self, value, bound_column):
        return value.isoformat() if value else bound_column.default


class PageTable(tables.Table):
    """A table whose body rows are written in Python, as ``django_tables2/bootstrap5.html``
    writes them: the template's loop over the cells of a page of 50 rows (each cell a
    ``{% for %}``, ``{% if %}`` and attribute lookups) cost more than the rows' query.

    A queryset's page is read by its keys first (see ``KeysFirst``). Subclasses declare
    ``class Meta(PageTable.Meta)``."""

    class Meta:
        template_name = "core/page_table.html"

    def __init__(self, data=None, *args, **kwargs):
        if isinstance(data, QuerySet):
            data = KeysFirst(data)
        super().__init__(data, *args, **kwargs)
        for column in self.columns.iterall():
            column.render = _signed(column.render)
            column.value = _signed(column.value)

    def body_rows(self):
        # td attributes are the same on every row unless a callable computes them from the row
        fixed = {
            column.name: column.attrs["td"].as_html()
            for column in self.columns
            if not _td_per_row(self, column)
        }
        rows = [
            format_html("<tr {}>{}</tr>", row.attrs.as_html(), _cells(row, fixed))
            for row in self.paginated_rows
        ]
        if not rows and self.empty_text:
            rows.append(
                format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text)
            )
        return mark_safe("\n".join(rows))  # noqa: S308 (each row made by format_html)


class KeysFirst(TableQuerysetData):
    """A queryset whose page is read in two steps: the page's keys, sorted and sliced, then
    those rows. The keys often come from an index alone (project_region_status holds the
    status, amount and key); one query for the whole rows read every row that matched (2,600
    of a city's at 50,000 projects) to keep 50, ten times slower."""

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        keys = list(self.data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in self.data.order_by().filter(pk__in=keys)}
        return [rows[pk] for pk in keys]


def _signed(method):
    """``method`` with its signature worked out once: django-tables2 inspects a column's render
    method again for every cell, a fifth of the time of a page of 50 rows."""

    def call(*args, **kwargs):
        return method(*args, **kwargs)

    call.__signature__ = inspect.signature(method)
    return call


def _td_per_row(table, column):
    """Whether the column's td attributes hold a callable (as ``BoundColumn.attrs`` finds them)."""
    attrs = {**table.attrs, **column.column.attrs}
    return any(callable(value) for value in attrs.get("td", attrs.get("cell", {})).values())


def _cells(row, fixed):
    """A row's cells; per-row td attributes are read once ``items()`` has set the column's cell,
    as the template reads them."""
    return mark_safe(  # noqa: S308 (each cell made by format_html)
        "".join(
            format_html(
                "<td {}>{}</td>",
                fixed[column.name] if column.name in fixed else column.attrs["td"].as_html(),
                _shown(column, cell),
            )
            for column, cell in row.items()
        )
    )


def _shown(column, cell):
    """What the template's ``{{ cell }}`` (or ``|localize``, ``|unlocalize``) makes of a cell."""
    cell = template_localtime(cell)
    return localize(cell) if column.localize is None else localize(cell, use_l10n=column.localize)


class RegionTable(tables.Table):
    code = tables.Column(linkify=True)
    name_zh = tables.Column()
    name_en = tables.Column()
    level = tables.Column()
    parent = tables.Column(verbose_name=_("parent"), order_by=("parent__code",))

    class Meta:
        model = Region
        fields = ("code", "name_zh", "name_en", "level", "parent")
        attrs = {"class": "table table-sm table-hover"}


class IndustryTable(tables.Table):
    class Meta:
        model = Industry
        fields = ("code", "name_zh", "name_en", "level", "parent")
        attrs = {"class": "table table-sm table-hover"}


class ChangeLogTable(tables.Table):
    time = tables.DateTimeColumn(format="Y-m-d H:i:s")
    content_type = tables.Column(verbose_name=_("object type"))
    changes = tables.TemplateColumn(
        template_name="core/_changes_cell.html", verbose_name=_("changes"), orderable=False
    )

    class Meta:
        model = ChangeLog
        fields = ("time", "actor", "action", "content_type", "object_id", "object_repr")
        sequence = ("time", "actor", "action", "content_type", "object_id", "object_repr")
        attrs = {"class": "table table-sm table-hover"}

    def value_changes(self, record):
        return "; ".join(f"{f}: {b} → {a}" for f, b, a in record.changes())
