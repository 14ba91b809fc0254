"""A started Haicheng project with a 2024 annual plan, and the periods of early 2024."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import Status
from projects.services import change_status
from reports.models import ReportingPeriod, default_deadline


@pytest.fixture
def started(library):
    """丰帆 (Haicheng, unit member: cast.unit), started 2024-01-10, annual plan 5,000 万元."""
    return change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None
    )


@pytest.fixture
def periods(db):
    return {
        month: ReportingPeriod.objects.create(
            year=2024, month=month, deadline=default_deadline(2024, month)
        )
        for month in (1, 2, 3)
    }


def money(value):
    return Decimal(value)
