"""Money and percentages for people: Decimal 万元 in, 万元/亿元 or CNY million/billion out.

The units are the conventions of each language, not phrases to translate.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

WAN_PER_YI = Decimal(10000)
WAN_PER_MILLION = Decimal(100)
WAN_PER_BILLION = Decimal(100000)


def _decimal(value):
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _number(value, places):
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, ROUND_HALF_UP):,.{places}f}"


def _english():
    return (get_language() or "").startswith("en")


def amount(value, places=2):
    """A bare amount with grouping, for columns whose header names the unit."""
    value = _decimal(value)
    return "—" if value is None else _number(value, places)


def wan(value, places=2):
    """One project's amount: 万元 in Chinese, CNY million in English."""
    value = _decimal(value)
    if value is None:
        return "—"
    if _english():
        return f"CNY {_number(value / WAN_PER_MILLION, places)} million"
    return f"{_number(value, places)} 万元"


def yi(value, places=2):
    """A total: 亿元 in Chinese, CNY billion (or million below one billion) in English."""
    value = _decimal(value)
    if value is None:
        return "—"
    if _english():
        if abs(value) < WAN_PER_BILLION:
            return wan(value, places)
        return f"CNY {_number(value / WAN_PER_BILLION, places)} billion"
    return f"{_number(value / WAN_PER_YI, places)} 亿元"


def percent(value, places=1):
    value = _decimal(value)
    if value is None:
        return "—"
    return f"{_number(value, places)}%"


def ratio_percent(part, whole):
    """part ÷ whole × 100 as a Decimal, or None when the whole is zero."""
    part, whole = _decimal(part) or Decimal(0), _decimal(whole)
    if not whole:
        return None
    return part / whole * 100
