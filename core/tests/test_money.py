"""Money in 万元 and 亿元 for Chinese, CNY million and billion for English; percentages."""

from decimal import Decimal

from django.utils import translation

from core.money import percent, ratio_percent, wan, yi


def test_chinese_project_amount_in_wan():
    with translation.override("zh-hans"):
        assert wan(Decimal("123456.7890")) == "123,456.79 万元"


def test_chinese_total_in_yi():
    with translation.override("zh-hans"):
        assert yi(Decimal("456000")) == "45.60 亿元"


def test_english_amounts_in_million_and_billion():
    with translation.override("en"):
        assert wan(Decimal("150000")) == "CNY 1,500.00 million"
        assert yi(Decimal("4560000")) == "CNY 45.60 billion"
        assert yi(Decimal("25000")) == "CNY 250.00 million"


def test_rounding_is_half_up_and_exact():
    with translation.override("zh-hans"):
        assert wan(Decimal("0.005")) == "0.01 万元"
        assert wan("1.0049") == "1.00 万元"


def test_missing_amount_shows_a_dash():
    assert wan(None) == "—" and yi(None) == "—" and percent(None) == "—"


def test_percent_and_ratio():
    assert percent(Decimal("45.678")) == "45.7%"
    assert ratio_percent(Decimal(1), Decimal(4)) == Decimal(25)
    assert ratio_percent(Decimal(1), Decimal(0)) is None
