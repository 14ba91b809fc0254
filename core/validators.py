"""Validators of the national codes (project code, credit code) and of amounts in 万元."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PROJECT_CODE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
MAX_AMOUNT = Decimal("100000000000")  # 100 billion 万元: anything above is a typing error


def validate_project_code(value):
    """GB/T 40058-2021: YYYY-RRRRRR-II-TT-NNNNNN, RRRRRR a GB/T 2260 region code."""
    if not PROJECT_CODE.match(value or ""):
        raise ValidationError(
            _("A national project code has the form 2023-210300-30-03-012345 (24 characters)."),
            code="project_code_form",
        )
    if value[5] == "0":
        raise ValidationError(
            _("The six digits after the year must be a region code (GB/T 2260)."),
            code="project_code_region",
        )


def credit_code_check_character(first17):
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value):
    """GB 32100-2015: 18 characters from CREDIT_CODE_CHARS, the last a check character."""
    value = value or ""
    if len(value) != 18 or any(c not in CREDIT_CODE_CHARS for c in value):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "except I, O, S, V and Z."
            ),
            code="credit_code_form",
        )
    if credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("This unified social credit code fails its check character; check for a typo."),
            code="credit_code_check",
        )


def money_field(verbose_name, **kwargs):
    """An amount in 万元, exact to the yuan, never negative, never absurd."""
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,
    )
