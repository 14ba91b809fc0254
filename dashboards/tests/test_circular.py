"""The monthly circular: its content in docx and PDF, Chinese and English, the command, the view."""

import datetime
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import RequestFactory
from docx import Document

from dashboards.circular import circular_context, circular_docx, circular_pdf
from dashboards.circular_views import circular_download
from projects.choices import ListLevel, Status, YearPlan
from projects.models import Project
from projects.services import change_status, stall_project
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory
from reports.models import MonthlyReport, ReportingPeriod, WarningRules, default_deadline

YEAR, MONTH = 2023, 6


@dataclass
class City:
    fengfan: Project  # Haicheng, on two lists, 1,000 万元 a month: green
    tiedong: Project  # Tiedong, stalled in April for want of funds: red
    haicheng_new: Project  # Haicheng, planned to start in March and not started: red
    jianshan: Project  # Shuangyashan: never in an Anshan circular


def _period(year, month):
    period, _ = ReportingPeriod.objects.get_or_create(
        year=year, month=month, defaults={"deadline": default_deadline(year, month)}
    )
    return period


def _approved(project, year, months, amount):
    for month in months:
        MonthlyReport.objects.create(
            project=project,
            period=_period(year, month),
            completed=Decimal(amount),
            approved_completed=Decimal(amount),
            status="approved",
            revision=1,
        )


@pytest.fixture
def city(cast):
    """Anshan in June 2023: plan 35,000 万元, 9,000 approved, two red projects.

    丰帆 (Haicheng) 10,000 on the municipal and provincial lists, 6,000 done (3,000 in
    Jan–Jun 2022); 铁东 (Tiedong) 20,000, 3,000 done, stalled since April; 海城新材料 (Haicheng)
    5,000, planned to start in March, not started; 双鸭山 (Jianshan) 8,000 on Shuangyashan's list.
    """
    regions = cast.regions
    municipal = ProjectListFactory(name="鞍山市重点项目", year=YEAR, region=regions["anshan"])
    provincial = ProjectListFactory(
        name="辽宁省重点项目", year=YEAR, level=ListLevel.PROVINCIAL, region=regions["liaoning"]
    )
    other = ProjectListFactory(name="双鸭山市重点项目", year=YEAR, region=regions["shuangyashan"])

    fengfan = ProjectFactory(
        name="丰帆储能装备制造项目",
        region=regions["haicheng"],
        planned_start=datetime.date(2022, 3, 1),
    )
    change_status(fengfan, Status.STARTED, on=datetime.date(2022, 3, 1), actor=None)
    for project_list in (municipal, provincial):
        MembershipFactory(
            project=fengfan,
            project_list=project_list,
            annual_plan=Decimal(10000),
            plan=YearPlan.CONTINUE,
        )
    _approved(fengfan, YEAR, range(1, 7), 1000)
    _approved(fengfan, YEAR - 1, range(3, 7), 750)

    tiedong = ProjectFactory(
        name="铁东智慧物流园", region=regions["tiedong"], planned_start=datetime.date(2023, 1, 1)
    )
    MembershipFactory(project=tiedong, project_list=municipal, annual_plan=Decimal(20000))
    change_status(tiedong, Status.STARTED, on=datetime.date(2023, 1, 15), actor=None)
    _approved(tiedong, YEAR, range(1, 4), 1000)
    stall_project(tiedong, on=datetime.date(2023, 4, 10), reason="资金未到位", actor=None)

    haicheng_new = ProjectFactory(
        name="海城新材料产业园", region=regions["haicheng"], planned_start=datetime.date(2023, 3, 1)
    )
    MembershipFactory(project=haicheng_new, project_list=municipal, annual_plan=Decimal(5000))

    jianshan = ProjectFactory(name="双鸭山石墨负极材料项目", region=regions["jianshan"])
    MembershipFactory(project=jianshan, project_list=other, annual_plan=Decimal(8000))
    change_status(jianshan, Status.STARTED, on=datetime.date(2023, 1, 10), actor=None)
    _approved(jianshan, YEAR, range(1, 7), 1000)
    return City(fengfan, tiedong, haicheng_new, jianshan)


def _context(cast, language="zh-hans", region="anshan"):
    return circular_context(
        Project.objects.all(),
        YEAR,
        MONTH,
        region=cast.regions[region] if region else None,
        language=language,
        issued=datetime.date(2023, 7, 5),
    )


def docx_text(content):
    """Every paragraph, then every table row as cells joined by " | "."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def poppler(tool, content, tmp_path, *args):
    """The output of a poppler-utils tool (pdftotext, pdffonts) on the PDF."""
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: .ci/run installs the Debian package poppler-utils")
        pytest.skip(f"{tool} is missing: apt-get install poppler-utils")
    path = tmp_path / "circular.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def pdf_text(content, tmp_path):
    """The PDF's text without white space (CJK table cells wrap anywhere)."""
    return "".join(poppler("pdftotext", content, tmp_path, "-enc", "UTF-8").split())


def squeeze(text):
    return "".join(text.split())


# ---------------------------------------------------------------- content, Chinese

ZH_KEY_STRINGS = [
    "重点项目调度通报",
    "关于2023年6月鞍山市重点项目推进情况的通报",
    "鞍山市重点项目办公室",
    "2023年7月5日",
    "年度计划投资3.50亿元",
    "累计完成投资0.90亿元",
    "完成年度计划的25.7%",
    "慢于时间进度24.3个百分点",
    "未实现“双过半”目标",
    "开工率50.0%",
    "开复工率33.3%",
    "同比增长200.0%",
    "红色2个、黄色0个、绿色1个",
    "铁东智慧物流园",
    "海城新材料产业园",
    "停工原因：资金未到位",
    "2023-03-01",
]


def test_headline_figures_in_chinese(city, cast):
    text = docx_text(circular_docx(_context(cast)))
    assert "关于2023年6月鞍山市重点项目推进情况的通报" in text
    assert "2023年第6期" in text
    assert "一、总体情况" in text
    assert (
        "2023年纳入重点项目清单的项目共3个，年度计划投资3.50 亿元；"
        "经审核累计完成投资0.90 亿元，完成年度计划的25.7%。"
    ) in text
    assert "时间进度为50.0%，完成率慢于时间进度24.3个百分点。" in text
    assert "截至6月底完成年度计划的25.7%，未实现“双过半”目标。" in text
    assert "计划新开工项目2个，已开工1个，开工率50.0%。" in text
    assert "开复工项目1个，开复工率33.3%。" in text
    assert "累计完成投资同比增长200.0%。" in text
    assert "三色预警：红色2个、黄色0个、绿色1个。" in text


def test_county_table_ranks_counties_by_completion_rate(city, cast):
    text = docx_text(circular_docx(_context(cast)))
    assert "二、各县（市、区）推进情况" in text
    header = "序号 | 县（市、区） | 项目数 | 年度计划投资（亿元） | 累计完成投资（亿元） | 完成率"
    assert header in text
    haicheng = "1 | 海城市 | 2 | 1.50 | 0.60 | 40.0% | -10.0 | 1"
    tiedong = "2 | 铁东区 | 1 | 2.00 | 0.30 | 15.0% | -35.0 | 1"
    assert haicheng in text and tiedong in text
    assert " | 合计 | 3 | 3.50 | 0.90 | 25.7% | -24.3 | 2" in text
    assert "尖山区" not in text


def test_list_table_gives_each_list_its_own_plan(city, cast):
    text = docx_text(circular_docx(_context(cast)))
    assert "三、各级重点项目清单推进情况" in text
    assert "鞍山市重点项目 | 市级 | 3 | 3.50 | 0.90 | 25.7% | 2" in text
    assert "辽宁省重点项目 | 省级 | 1 | 1.00 | 0.60 | 60.0% | 0" in text
    assert "双鸭山市重点项目" not in text


def test_red_projects_come_with_their_reasons(city, cast):
    text = docx_text(circular_docx(_context(cast)))
    assert "四、红色预警项目" in text
    assert "本月红色预警项目2个，具体如下：" in text
    tiedong = next(line for line in text.splitlines() if "铁东智慧物流园" in line)
    assert tiedong.startswith("1 | 铁东智慧物流园 | 铁东区 | 20,000.00 | 3,000.00 | 15.0% | ")
    assert "停工" in tiedong and "停工原因：资金未到位" in tiedong
    new = next(line for line in text.splitlines() if "海城新材料产业园" in line)
    assert "2023-03-01" in new
    assert "丰帆储能装备制造项目" not in text  # green


def test_no_overdue_problem_section_until_problems_exist(city, cast):
    context = _context(cast)
    headings = [section["heading"] for section in context["sections"]]
    assert "逾期未解决问题" not in headings
    assert [section["number"] for section in context["sections"]] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
    ]


def test_a_month_without_red_projects_says_so(city, cast):
    Project.objects.filter(pk=city.haicheng_new.pk).update(planned_start=datetime.date(2023, 9, 1))
    context = _context(cast, region="haicheng")
    text = docx_text(circular_docx(context))
    assert "本月无红色预警项目。" in text
    assert "关于2023年6月海城市重点项目推进情况的通报" in text


def test_docx_sets_chinese_fonts_and_page_numbers(city, cast):
    document = Document(io.BytesIO(circular_docx(_context(cast))))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    heading = document.styles["Circular Heading"].element.rPr.rFonts
    assert (
        heading.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "黑体"
    )
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and "第 " in footer
    assert round(document.sections[0].page_width.mm) == 210


def test_pdf_has_the_same_content_with_fonts_embedded(city, cast, tmp_path):
    content = circular_pdf(_context(cast))
    assert content.startswith(b"%PDF")
    fonts = poppler("pdffonts", content, tmp_path).splitlines()[2:]
    cjk = [line.split() for line in fonts if "Noto-Serif-CJK-SC" in line]
    assert cjk and all(columns[-5] == "yes" for columns in cjk)  # embedded
    text = pdf_text(content, tmp_path)
    for expected in ZH_KEY_STRINGS:
        assert squeeze(expected) in text, expected
    assert "第1页" in text
    assert "尖山区" not in text and "双鸭山石墨负极材料项目" not in text


# ---------------------------------------------------------------- English


def test_english_circular_uses_english_titles_and_units(city, cast, tmp_path):
    context = _context(cast, language="en")
    text = docx_text(circular_docx(context))
    assert "Circular on the progress of key projects in Anshan, June 2023" in text
    assert "annual planned investment of CNY 350.00 million" in text
    assert "Approved investment completed this year amounts to CNY 90.00 million" in text
    assert "Annual plan (CNY million)" in text
    assert "1 | Haicheng City | 2 | 150.00 | 60.00 | 40.0% | -10.0 | 1" in text
    assert "1. Overall progress" in text
    assert "亿元" not in text and "万元" not in text
    pdf = pdf_text(circular_pdf(context), tmp_path)
    for expected in ["CircularontheprogressofkeyprojectsinAnshan,June2023", "CNY350.00million"]:
        assert expected in pdf
    assert "Page1" in pdf


# ---------------------------------------------------------------- queries


def test_context_reads_a_bounded_number_of_queries(city, cast, django_assert_max_num_queries):
    for number in range(20):
        project = ProjectFactory(name=f"追加项目{number}", region=cast.regions["haicheng"])
        MembershipFactory(
            project=project,
            project_list=city.fengfan.lists.get(level=ListLevel.MUNICIPAL),
        )
    WarningRules.objects.current()  # created on first use, with its change-log entry
    with django_assert_max_num_queries(15):  # the board, the lists, three problem figures
        _context(cast)


# ---------------------------------------------------------------- command


def test_command_writes_the_file(city, cast, tmp_path):
    output = tmp_path / "c.docx"
    call_command(
        "circular",
        "--year=2023",
        "--month=6",
        "--region=210300",
        "--format=docx",
        f"--output={output}",
        stdout=io.StringIO(),
    )
    assert "关于2023年6月鞍山市重点项目推进情况的通报" in docx_text(output.read_bytes())


def test_command_default_output_in_current_directory(city, cast, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("circular", "--year=2023", "--month=6", "--format=pdf", stdout=io.StringIO())
    assert (tmp_path / "circular-2023-06.pdf").read_bytes().startswith(b"%PDF")


def test_command_names_an_unknown_region(city):
    with pytest.raises(CommandError, match="999999"):
        call_command("circular", "--year=2023", "--month=6", "--region=999999", "--format=pdf")


def test_command_rejects_month_13(city):
    with pytest.raises(CommandError, match="between 1 and 12"):
        call_command("circular", "--year=2023", "--month=13", "--format=pdf")


# ---------------------------------------------------------------- download view


def _download(user, **params):
    request = RequestFactory().get("/dashboard/circular/", params)
    request.user = user
    return circular_download(request)


def test_county_officer_circular_lists_only_their_county(city, cast):
    response = _download(cast.county, year=2023, month=6, format="docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="circular-2023-06.docx"'
    text = docx_text(response.content)
    assert "关于2023年6月海城市重点项目推进情况的通报" in text
    assert "海城新材料产业园" in text
    assert "铁东" not in text and "双鸭山" not in text


def test_county_officer_cannot_ask_for_another_county(city, cast):
    with pytest.raises(Http404):
        _download(cast.county, year=2023, month=6, format="pdf", region="210302")


def test_office_downloads_the_english_pdf(city, cast, tmp_path):
    response = _download(cast.office, year=2023, month=6, format="pdf", language="en")
    assert response["Content-Type"] == "application/pdf"
    assert "Anshan" in pdf_text(response.content, tmp_path)


def test_download_rejects_a_bad_month_or_format(city, cast):
    assert _download(cast.office, year=2023, month=13, format="pdf").status_code == 400
    assert _download(cast.office, year=2023, month=6, format="exe").status_code == 400


def test_download_requires_sign_in(city):
    from django.contrib.auth.models import AnonymousUser

    response = _download(AnonymousUser(), year=2023, month=6, format="pdf")
    assert response.status_code == 302


def test_dashboard_links_to_the_circular_of_its_month(city, cast, client_for):
    client = client_for(cast.county)
    page = client.get("/dashboard/", {"year": 2023, "month": 6}).content.decode()
    link = (
        "/dashboard/circular/?year=2023&amp;month=6&amp;region=&amp;language=zh-hans&amp;format=pdf"
    )
    assert link in page
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_problem_figures_are_in_the_circular(city, cast):
    from problems.models import Department
    from problems.services import raise_problem, resolve_problem

    department = Department.objects.create(name="海城市供电公司", region=cast.regions["haicheng"])
    problem = raise_problem(
        city.fengfan,
        actor=cast.office,
        category="power",
        description="用电负荷不足",
        department=department,
    )
    resolve_problem(problem, resolution="增容方案已批复", actor=cast.office)
    raise_problem(
        city.fengfan,
        actor=cast.office,
        category="land",
        description="用地指标",
        department=department,
    )
    context = _context(cast, language="en")
    text = str(context)
    assert "Open problems: 1. Median days to resolve: 0. Resolved on time: 100.0%." in text
