"""The batch import's bulk shortcuts, each held to the slower path it stands for."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from core import audit
from core.choices import ChangeAction
from core.models import ChangeLog
from core.tests.factories import UserFactory
from exchange.report_batch import INPUTS, BatchReportForm, import_reports
from exchange.report_cleaning import FAILED, RowCleaner
from exchange.report_writes import _Log
from exchange.tests.test_report_batch import library as library_fixture  # noqa: F401 (a fixture)
from exchange.tests.test_report_batch import may as may_fixture  # noqa: F401 (a fixture)
from exchange.tests.test_report_batch import row, upload
from reports.models import MonthlyReport, ReportingPeriod

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the per-set checks are PostgreSQL's"
)

CREATED_VALUES = [
    (7, Decimal("12.3400"), "主体“施工”\n", 35, 120, 'say "ok" \\ <b> \u2028 \x01', ""),
    (1, Decimal("0.0000"), "", 0, 0, "", "设计变更"),
    (2**40, Decimal("99999999999.9999"), "'=1+1", 100, 2**31 - 1, "\t", " "),
]


@pytest.mark.django_db
@pytest.mark.parametrize("values", CREATED_VALUES)
def test_filled_template_is_the_encoded_snapshot(values):
    log = _Log(ReportingPeriod(pk=4, year=2024, month=5), UserFactory.build(pk=5))
    text = log.created_text(99, "项目", values)["after"]
    assert text == audit.ENCODER.encode(log.created(99, "项目", values)["after"])


@pytest.mark.django_db
def test_append_plain_chains_encoded_entries_as_dicts():
    kind = ContentType.objects.get_for_model(MonthlyReport).pk
    after = {"completed": "1.5000", "narrative": "按计划\n推进", "workers": 3}
    entries = [
        {
            "actor_id": None,
            "action": ChangeAction.CREATE,
            "content_type_id": kind,
            "object_id": n,
            "object_repr": f"项目 {n}",
            "before": None,
            "after": audit.JSONText(audit.ENCODER.encode(after)) if n % 2 else after,
        }
        for n in range(6)
    ]
    assert audit.append_plain(iter(entries)) == 6
    assert audit.verify() == (ChangeLog.objects.count(), None)
    assert {tuple(sorted(entry.after.items())) for entry in ChangeLog.objects.all()} == {
        tuple(sorted(after.items()))
    }


@pytest.mark.parametrize(
    "text",
    ["0", "7", "12.5", "12.3456", "12.34567", "100000000000", "100000000000.0001",
     "999999999999", "1000000000000", "0012", "１２", "1.", ".5", "1e3", "-0", "+1", " 1"],
)  # fmt: skip
def test_plain_amounts_are_cleaned_as_the_fields_clean_them(text):
    fast = RowCleaner(BatchReportForm, INPUTS)
    slow = RowCleaner(BatchReportForm, INPUTS)
    slow.plain_amounts = {}
    assert fast.plain_amounts  # the shortcut applies to the amount
    value, expected = fast.clean_text("completed", text), slow.clean_text("completed", text)
    assert value is expected if expected is FAILED else value == expected
    if value is not FAILED:
        assert value.as_tuple() == expected.as_tuple()


@postgresql_only
def test_the_import_leaves_its_keys_checked_and_its_entries_chained(cast, request):
    library = request.getfixturevalue("library_fixture")  # test_report_batch's, imported above
    may = request.getfixturevalue("may_fixture")
    with translation.override("en"):
        result = import_reports(
            upload(row(library.haicheng), row(library.tiedong)), may, user=cast.office
        )
    assert (result.errors, result.created) == ([], 2)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # every key checked now, none pending
    assert audit.verify() == (ChangeLog.objects.count(), None)
