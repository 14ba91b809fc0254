"""MonthlyReportForm's rules applied to a batch row without building a form for it.

A form per row costs about a millisecond (its fields are deep-copied, bound, cleaned, then the
instance is built and cleaned again): a hundred thousand rows took minutes. ``RowCleaner`` runs the
same steps on the same field objects (the form's ``base_fields`` and the model's fields) and stops
at the first doubt: a row with any error, or anything it does not handle, gets ``None``, and the
import puts that row through the real form, which says what is wrong in its own words. So a row is
accepted only with exactly the values the form would have given it.

What each field makes of a cell's text depends on nothing else, so each distinct text is cleaned
once per import (whole numbers and the usual phrases repeat from row to row). The tests hold this
class to the form: same answers on a range of cells, and no rule of the form or the model (a
``clean_<field>``, a ``Model.clean``) that it does not repeat.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from reports.models import MonthlyReport

CACHE_LIMIT = 100_000  # distinct (field, text) pairs remembered; enough, and bounded
FAILED = object()  # what ``clean_text`` gives for a text the form would refuse


class RowCleaner:
    def __init__(self, form_class, names):
        self.names = names
        self.form_fields = {name: form_class.base_fields[name] for name in names}
        self.model_fields = {name: MonthlyReport._meta.get_field(name) for name in names}
        self.plain_amounts = {
            name: limits
            for name in names
            if (limits := _plain_amount(self.form_fields[name], self.model_fields[name]))
        }
        self.cache = {}

    def clean(self, data, *, total_investment, since_start_before):
        """The cleaned values of a row's form data, or None when the form must decide."""
        cleaned = {}
        for name in self.names:
            value = self.clean_text(name, data[name])
            if value is FAILED:
                return None
            cleaned[name] = value
        if not self.within_total(cleaned, total_investment, since_start_before):
            return None
        return cleaned

    @staticmethod
    def within_total(cleaned, total_investment, since_start_before):
        """MonthlyReportForm.clean: MonthlyReport.check_against_total."""
        since_start = since_start_before + cleaned["completed"]
        return since_start <= total_investment or bool(cleaned["over_total_explanation"].strip())

    def clean_text(self, name, text):
        """What the form makes of one field's text (remembered), or FAILED."""
        key = (name, text)
        value = self.cache.get(key, self)
        if value is self:
            value = self._clean_field(name, text)
            if len(self.cache) < CACHE_LIMIT:
                self.cache[key] = value
        return value

    def _clean_field(self, name, text):
        """What the form's field, then the model's field, make of the text; FAILED on an error."""
        limits = self.plain_amounts.get(name)
        if limits is not None and limits[0].fullmatch(text):
            # digits and places within the field's, no sign: the fields would give Decimal(text)
            value = Decimal(text)
            if value <= limits[1]:
                return value
        try:
            value = self.form_fields[name].clean(text)
            field = self.model_fields[name]
            # Model.full_clean leaves an empty value of a field that may be blank as it is.
            if not (field.blank and value in field.empty_values):
                value = field.clean(value, None)
        except ValidationError:
            return FAILED
        return value


def _plain_amount(form_field, model_field):
    """(pattern, largest value) of the texts a decimal field takes as they are, or None.

    Amounts differ on nearly every row, so cleaning each through both fields (a few dozen
    microseconds) is the costliest step of a batch; a text of plain digits within the fields'
    digits and places, not above their maximum, is what both fields give back as ``Decimal``.
    """
    if form_field.__class__ is not forms.DecimalField or model_field.get_internal_type() != (
        "DecimalField"
    ):
        return None
    places, digits = model_field.decimal_places, model_field.max_digits
    if (form_field.decimal_places, form_field.max_digits) != (places, digits):
        return None
    largest, smallest = None, None
    for validator in [*form_field.validators, *model_field.validators]:
        if isinstance(validator, MaxValueValidator):
            largest = (
                validator.limit_value if largest is None else min(largest, validator.limit_value)
            )
        elif isinstance(validator, MinValueValidator):
            smallest = (
                validator.limit_value if smallest is None else max(smallest, validator.limit_value)
            )
    if largest is None or (smallest is not None and smallest > 0):
        return None
    return re.compile(rf"[0-9]{{1,{digits - places}}}(\.[0-9]{{1,{places}}})?"), Decimal(largest)
