"""Small helpers that every form view uses."""

from django.shortcuts import render


def render_form(request, form, *, title, cancel_url, submit_label=None):
    """The one generic form page, with invalid fields marked for screen readers too."""
    if form.is_bound and form.errors:
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error"
    context = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label}
    return render(request, "core/form.html", context)


def render_confirm(request, *, title, question, cancel_url, confirm_label=None):
    context = {
        "title": title,
        "question": question,
        "cancel_url": cancel_url,
        "confirm_label": confirm_label,
    }
    return render(request, "core/confirm.html", context)
