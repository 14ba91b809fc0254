"""Widgets of many choices, written in Python rather than a template per option."""

from django import forms
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """``forms.Select`` with Django's own HTML, its options written without a template each.

    Django renders every ``<option>`` through two templates: a filter offering a province's
    thousand lists and people took 50–100 ms to render, more than the rest of the page.
    """

    @classmethod
    def like(cls, select):
        """A QuickSelect with the attributes, choices and requiredness of ``select``."""
        quick = cls(attrs=select.attrs, choices=select.choices)
        quick.is_required = select.is_required
        return quick

    def render(self, name, value, attrs=None, renderer=None):
        """What ``select.html`` and ``select_option.html`` write (``Select.optgroups`` choosing
        the selected option), spaces between tags aside."""
        values = self.format_value(value)
        attributes = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attributes["multiple"] = True
        lines = [format_html('<select name="{}"{}>', name, _attributes(attributes))]
        chosen = False
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                lines.append(format_html('<optgroup label="{}">', group_value))
                options, closing = group_label, "</optgroup>"
            else:
                options, closing = [(group_value, group_label)], None
            for option_value, label in options:
                text = "" if option_value is None else str(option_value)
                selected = (not chosen or self.allow_multiple_selected) and text in values
                chosen |= selected
                lines.append(
                    f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>"
                )
            if closing:
                lines.append(closing)
        lines.append("</select>")
        return mark_safe("\n".join(lines))  # noqa: S308 (every value and label escaped above)


def _attributes(attrs):
    """As django/forms/widgets/attrs.html: False left out, True as a bare name."""
    return format_html_join(
        "",
        "{}{}",
        (
            (f" {name}", "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs.items()
            if value is not False
        ),
    )
