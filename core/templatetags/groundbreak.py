"""Template filters for money, percentages and the change log."""

from django import template

from core import money
from core.models import ChangeLog

register = template.Library()

register.filter("wan", money.wan)
register.filter("yi", money.yi)
register.filter("pct", money.percent)


@register.inclusion_tag("core/_history.html", takes_context=True)
def history(context, obj):
    return {"entries": ChangeLog.objects.for_object(obj)[:100], "request": context["request"]}
