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

from django.core.exceptions import ValidationError

from reports.models import MonthlyReport

CACHE_LIMIT = 100_000  # distinct (field, text) pairs remembered; enough, and bounded


class RowCleaner:
    def __init__(self, form_class, names):
        self.names = names
        self.form_fields = {name: form_class.base_fields[name] for name in names}
        self.model_fields = {name: MonthlyReport._meta.get_field(name) for name in names}
        self.cache = {}

    def clean(self, data, *, total_investment, since_start_before):
        """The cleaned values of a row's form data, or None when the form must decide."""
        cleaned = {}
        for name in self.names:
            key = (name, data[name])
            value = self.cache.get(key, self)
            if value is self:
                value = self._clean_field(name, data[name])
                if value is self:
                    return None
                if len(self.cache) < CACHE_LIMIT:
                    self.cache[key] = value
            cleaned[name] = value
        # MonthlyReportForm.clean: MonthlyReport.check_against_total
        since_start = since_start_before + cleaned["completed"]
        if since_start > total_investment and not cleaned["over_total_explanation"].strip():
            return None
        return cleaned

    def _clean_field(self, name, text):
        """What the form's field, then the model's field, make of the text; self on an error."""
        try:
            value = self.form_fields[name].clean(text)
            field = self.model_fields[name]
            # Model.full_clean leaves an empty value of a field that may be blank as it is.
            if not (field.blank and value in field.empty_values):
                value = field.clean(value, None)
        except ValidationError:
            return self
        return value
