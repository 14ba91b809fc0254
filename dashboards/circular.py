"""The monthly circular (调度通报): its content from one board, laid out as docx and as PDF."""

import datetime
import io
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from core.money import WAN_PER_MILLION, WAN_PER_YI, amount, percent, yi
from core.scoping import region_prefix
from dashboards import queries
from dashboards.facts import month_end, overdue_problems_at, total
from dashboards.warnings import GREEN, RED, YELLOW
from problems import stats
from problems.models import Problem
from projects.models import Membership

CHINESE_NUMERALS = "一二三四五六七八九十"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def circular_context(projects, year, month, *, region=None, language, issued=None):
    """Everything the circular says, as strings in ``language``, from one ``board()``.

    ``projects`` are the projects on year Y's lists the reader may see; ``region`` narrows them to
    a subtree and names the circular after it.
    """
    if region is not None:
        projects = projects.filter(region__code__startswith=region_prefix(region))
    with override(language):
        b = queries.board(projects, year, month)
        period = date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
        scope = region.name if region is not None else _("the city")
        issuer = (
            _("Key Project Office of %(region)s") % {"region": region.name}
            if region is not None
            else _("Key Project Office")
        )
        sections = [
            _overall_section(b),
            _county_section(b),
            _list_section(b),
            _red_section(b),
            _problems_section(b, overdue_problems(b)),
            _closing_section(),
        ]
        sections = [s for s in sections if s is not None]
        for number, section in enumerate(sections, start=1):
            section["number"] = _section_number(number)
        page_before, _page, page_after = _("Page %(page)s").partition("%(page)s")
        return {
            "language": get_language(),
            "year": year,
            "month": month,
            "masthead": _("Key project scheduling circular"),
            "issue": _("%(year)s, issue %(month)s") % {"year": year, "month": month},
            "issuer": issuer,
            "date": date_format(issued or timezone.localdate(), "DATE_FORMAT"),
            "title": _("Circular on the progress of key projects in %(scope)s, %(period)s")
            % {"scope": scope, "period": period},
            "addressee": _(
                "To the people's governments of the counties and districts, "
                "and the departments concerned:"
            ),
            "opening": _(
                "The progress of key projects as of the end of %(period)s is hereby "
                "circulated as follows."
            )
            % {"period": period},
            "sections": sections,
            "page_before": page_before,
            "page_after": page_after,
            "figures": queries.headline(b),
        }


# ---------------------------------------------------------------- sections


def _overall_section(b):
    figures = queries.warnings(b)
    plan, done = queries.annual_plan(b), queries.ytd_completed(b)
    completion = queries.completion_rate(b)
    paragraphs = [
        _(
            "%(projects)s projects are on the %(year)s key-project lists, with an annual planned "
            "investment of %(plan)s. Approved investment completed this year amounts to %(ytd)s, "
            "%(rate)s of the annual plan."
        )
        % {
            "projects": len(b.facts),
            "year": b.year,
            "plan": yi(plan),
            "ytd": yi(done),
            "rate": percent(completion),
        }
    ]
    ahead = queries.ahead_points(b)
    if ahead is not None:
        values = {"time": percent(queries.time_progress(b)), "points": amount(abs(ahead), 1)}
        paragraphs.append(
            _("Time progress is %(time)s: completion is %(points)s percentage points ahead of it.")
            % values
            if ahead >= 0
            else _(
                "Time progress is %(time)s: completion is %(points)s percentage points behind it."
            )
            % values
        )
    double = queries.double_over_half(b)
    if double is not None and plan:
        june = {"rate": percent(queries.rate(total(f.june for f in b.outer), plan))}
        paragraphs.append(
            _(
                "By the end of June, %(rate)s of the annual plan was completed: "
                "the “double over half” goal was achieved."
            )
            % june
            if double
            else _(
                "By the end of June, %(rate)s of the annual plan was completed: "
                "the “double over half” goal was not achieved."
            )
            % june
        )
    paragraphs.append(_starts(b))
    paragraphs.append(_growth(b))
    pending = queries.pending(b)
    if pending:
        paragraphs.append(
            _("A further %(pending)s has been submitted and awaits review.")
            % {"pending": yi(pending)}
        )
    paragraphs.append(
        _("Warnings: %(red)s red, %(yellow)s yellow and %(green)s green projects.")
        % {"red": figures[RED], "yellow": figures[YELLOW], "green": figures[GREEN]}
    )
    return {"heading": _("Overall progress"), "paragraphs": paragraphs}


def _starts(b):
    planned = queries.planned_to_start(b)
    working = sum(f.started and not f.stalled for f in b.facts.values())
    resumed = _(
        "%(working)s projects are under construction and not stalled: "
        "a start-and-resume rate of %(rate)s."
    ) % {"working": working, "rate": percent(queries.start_resume_rate(b))}
    if not planned:
        return _("No project is planned to start this year.") + " " + resumed
    started = _(
        "%(planned)s projects were planned to start this year and %(started)s have started: "
        "a start rate of %(rate)s."
    ) % {
        "planned": len(planned),
        "started": sum(f.started for f in planned),
        "rate": percent(queries.start_rate(b)),
    }
    return started + " " + resumed


def _growth(b):
    growth = queries.yoy_growth(b)
    if growth is None:
        return _("There are no approved figures for the same months of last year to compare with.")
    if growth >= 0:
        return _("Investment completed grew by %(rate)s year on year.") % {"rate": percent(growth)}
    return _("Investment completed fell by %(rate)s year on year.") % {"rate": percent(abs(growth))}


def _county_section(b):
    rows = queries.by_county(b)
    red_total = queries.warnings(b)[RED]
    table = {
        "columns": [
            _("No."),
            _("County or district"),
            _("Number of projects"),
            _with_unit(_("Annual plan"), _total_unit()),
            _with_unit(_("Completed this year"), _total_unit()),
            _("Completion rate"),
            _("Ahead of time progress (points)"),
            _("Red warnings"),
        ],
        "widths": _widths(zh=[7, 18, 9, 15, 15, 11, 14, 11], en=[6, 20, 10, 14, 14, 11, 14, 11]),
        "align": ["center", "left", "right", "right", "right", "right", "right", "right"],
        "rows": [
            [
                str(number),
                row["label"],
                str(row["projects"]),
                _total_amount(row["plan"]),
                _total_amount(row["ytd"]),
                percent(row["completion_rate"]),
                _signed(row["ahead_points"]),
                str(row["warnings"].get(RED, 0)),
            ]
            for number, row in enumerate(rows, start=1)
        ],
        "total": [
            "",
            _("Total"),
            str(len(b.outer)),
            _total_amount(queries.annual_plan(b)),
            _total_amount(queries.ytd_completed(b)),
            percent(queries.completion_rate(b)),
            _signed(queries.ahead_points(b)),
            str(red_total),
        ],
        "note": _(
            "Note: time progress is %(time)s; a negative figure is behind time progress. "
            "Counties are ranked by completion rate."
        )
        % {"time": percent(queries.time_progress(b))},
    }
    return {
        "heading": _("Progress by county and district"),
        "paragraphs": [] if rows else [_("No project.")],
        "table": table if rows else None,
    }


def list_rows(b):
    """Plan, approved YTD and red count of each year-Y list over the board's projects.

    One query over the memberships; the YTD of each project comes from the board. A bundle
    and its phases on the same list count once, as on the dashboard.
    """
    memberships = (
        Membership.objects.filter(project_list__year=b.year, project__in=list(b.facts))
        .select_related("project_list")
        .order_by("project_list__level", "project_list__name", "project_list__batch")
    )
    lists, plans = {}, defaultdict(dict)
    for membership in memberships:
        lists[membership.project_list_id] = membership.project_list
        plans[membership.project_list_id][membership.project_id] = membership.annual_plan
    rows = []
    for list_id, project_list in lists.items():
        members = plans[list_id]
        outer = [
            project_id
            for project_id in members
            if not _inside(b.facts[project_id].project, members)
        ]
        colours = Counter(b.facts[project_id].colour for project_id in members)
        plan = total(members[project_id] for project_id in outer)
        done = total(b.facts[project_id].ytd for project_id in outer)
        rows.append(
            {
                "list": project_list,
                "projects": len(members),
                "plan": plan,
                "ytd": done,
                "completion_rate": queries.rate(done, plan),
                "red": colours.get(RED, 0),
            }
        )
    return rows


def _inside(project, members):
    parent = project.parent
    return parent is not None and (parent.pk in members or parent.parent_id in members)


def _list_section(b):
    rows = list_rows(b)
    if not rows:
        return {
            "heading": _("Progress by key-project list"),
            "paragraphs": [_("No project.")],
        }
    table = {
        "columns": [
            _("No."),
            _("List"),
            _("Level"),
            _("Number of projects"),
            _with_unit(_("Annual plan"), _total_unit()),
            _with_unit(_("Completed this year"), _total_unit()),
            _("Completion rate"),
            _("Red warnings"),
        ],
        "widths": _widths(zh=[7, 25, 9, 9, 15, 15, 10, 10], en=[6, 24, 12, 10, 14, 14, 10, 10]),
        "align": ["center", "left", "center", "right", "right", "right", "right", "right"],
        "rows": [
            [
                str(number),
                _list_name(row["list"]),
                row["list"].get_level_display(),
                str(row["projects"]),
                _total_amount(row["plan"]),
                _total_amount(row["ytd"]),
                percent(row["completion_rate"]),
                str(row["red"]),
            ]
            for number, row in enumerate(rows, start=1)
        ],
        "total": None,
        "note": _("Note: a project on several lists counts in each of them."),
    }
    return {"heading": _("Progress by key-project list"), "paragraphs": [], "table": table}


def _list_name(project_list):
    return (
        f"{project_list.name}（{project_list.batch}）" if project_list.batch else project_list.name
    )


def _red_section(b):
    red = sorted(
        (f for f in b.facts.values() if f.colour == RED),
        key=lambda f: (f.project.region.code, -f.plan, f.project.name),
    )
    heading = _("Projects with a red warning")
    if not red:
        return {"heading": heading, "paragraphs": [_("No project has a red warning this month.")]}
    table = {
        "columns": [
            _("No."),
            _("Project"),
            _("County or district"),
            _with_unit(_("Annual plan"), _project_unit()),
            _with_unit(_("Completed this year"), _project_unit()),
            _("Completion rate"),
            _("Reasons"),
        ],
        "widths": _widths(zh=[7, 20, 12, 13, 13, 9, 26], en=[6, 20, 14, 11, 12, 10, 27]),
        "align": ["center", "left", "center", "right", "right", "right", "left"],
        "rows": [
            [
                str(number),
                fact.project.name,
                str(fact.project.region),
                _project_amount(fact.plan),
                _project_amount(fact.ytd),
                percent(fact.completion_rate),
                _reasons(fact),
            ]
            for number, fact in enumerate(red, start=1)
        ],
        "total": None,
        "note": None,
    }
    intro = _("%(count)s projects have a red warning this month:") % {"count": len(red)}
    return {"heading": heading, "paragraphs": [intro], "table": table}


def _reasons(fact):
    reasons = list(fact.reasons)
    # The stall reason on the project is today's; it explains month M only if still stalled.
    if fact.stalled and fact.project.stalled and fact.project.stall_reason:
        reasons.append(_("stall reason: %(reason)s") % {"reason": fact.project.stall_reason})
    return "；".join(reasons) if _chinese() else "; ".join(reasons)


def overdue_problems(b):
    """The board's problems still open past their deadline at the end of month M, most overdue
    first, in one query (none when the board counted none): project, problem (its category),
    department, deadline, days overdue."""
    late = [pk for pk, fact in b.facts.items() if fact.overdue_problems]
    if not late:  # the board counted them already: nothing to read
        return []
    end = month_end(b.year, b.month)
    problems = (
        overdue_problems_at(end)
        .filter(project__in=late)
        .select_related("project", "department")
        .order_by("deadline", "project__name", "pk")
    )
    return [
        {
            "project": problem.project.name,
            "problem": problem.get_category_display(),
            "category": problem.category,
            "description": problem.description,
            "department": problem.department.name,
            "deadline": problem.deadline,
            "days_overdue": (end - problem.deadline).days,
        }
        for problem in problems
    ]


def _problem_figures(b):
    """One sentence of problem-solving figures for the board's projects, at the time of issue."""
    problems = Problem.objects.filter(project__in=list(b.facts))
    open_count = sum(stats.open_by_category(problems).values())
    median = stats.median_days_to_resolve(problems)
    on_time = stats.on_time_share(problems)
    if not open_count and median is None:
        return None
    return _(
        "Open problems: %(open)s. Median days to resolve: %(median)s. "
        "Resolved on time: %(on_time)s."
    ) % {
        "open": open_count,
        "median": "—" if median is None else f"{median:g}",
        "on_time": percent(on_time),
    }


def _problems_section(b, problems):
    figures = _problem_figures(b)
    if not problems:
        if figures is None:
            return None
        return {"heading": _("Problem solving"), "paragraphs": [figures], "table": None}
    table = {
        "columns": [
            _("No."),
            _("Project"),
            _("Problem"),
            _("Responsible department"),
            _("Deadline"),
            _("Days overdue"),
        ],
        "widths": [6, 24, 32, 16, 12, 10],
        "align": ["center", "left", "left", "left", "center", "right"],
        "rows": [
            [
                str(number),
                str(row["project"]),
                str(row["problem"]),
                str(row["department"]),
                date_format(row["deadline"], "SHORT_DATE_FORMAT"),
                str(row["days_overdue"]),
            ]
            for number, row in enumerate(problems, start=1)
        ],
        "total": None,
        "note": None,
    }
    return {
        "heading": _("Overdue problems"),
        "paragraphs": [figures] if figures else [],
        "table": table,
    }


def _closing_section():
    return {
        "heading": _("Next steps"),
        "paragraphs": [
            _(
                "Each county and district and each department concerned should study this "
                "circular, analyse the causes of every project with a red warning one by one, "
                "take measures, and speed up construction so that the annual plan is met."
            )
        ],
    }


# ---------------------------------------------------------------- formatting


def _chinese():
    return (get_language() or "").startswith("zh")


def _section_number(number):
    if _chinese() and number <= len(CHINESE_NUMERALS):
        return CHINESE_NUMERALS[number - 1] + "、"
    return f"{number}. "


def _widths(*, zh, en):
    """Relative column widths: English headers and county names need more room than Chinese."""
    return zh if _chinese() else en


def _with_unit(label, unit):
    # Units are each language's convention (core.money), not phrases to translate.
    return f"{label}（{unit}）" if _chinese() else f"{label} ({unit})"


def _total_unit():
    return "亿元" if _chinese() else "CNY million"


def _project_unit():
    return "万元" if _chinese() else "CNY million"


def _total_amount(value):
    return amount(value / (WAN_PER_YI if _chinese() else WAN_PER_MILLION))


def _project_amount(value):
    return amount(value if _chinese() else value / WAN_PER_MILLION)


def _signed(value):
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.1'), ROUND_HALF_UP):+,.1f}"


# ---------------------------------------------------------------- PDF


CJK_SERIF = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
CJK_SANS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
LATIN_SERIF = '"Liberation Serif", "Times New Roman"'
LATIN_SANS = '"Liberation Sans", Arial'


def circular_pdf(context):
    """The circular as an A4 PDF (WeasyPrint embeds the subset CJK fonts it uses)."""
    from weasyprint import HTML

    page = (
        f"{_css_string(context['page_before'])} counter(page) {_css_string(context['page_after'])}"
    )
    sections = [
        {**section, "table": _html_table(section["table"])} if section.get("table") else section
        for section in context["sections"]
    ]
    with override(context["language"]):
        english = not _chinese()
        html = render_to_string(
            "dashboards/circular.html",
            {
                "c": {**context, "sections": sections},
                "page_content": page,
                # Latin text reads better in a Latin face; Chinese names still need the CJK one.
                "serif": (LATIN_SERIF + ", " if english else "") + CJK_SERIF,
                "sans": (LATIN_SANS + ", " if english else "") + CJK_SANS,
            },
        )
    return HTML(string=html).write_pdf()


def _html_table(table):
    """Each cell with its alignment, as the template wants them."""
    total = table["total"]
    return {
        **table,
        "cells": [list(zip(row, table["align"], strict=True)) for row in table["rows"]],
        "total_cells": list(zip(total, table["align"], strict=True)) if total else None,
    }


def _css_string(text):
    """A CSS string literal for the page-number box (the template marks it safe)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "") + '"'


# ---------------------------------------------------------------- docx

RED_INK = "C00000"
LATIN = "Times New Roman"
BODY_FONT, HEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "宋体", "宋体"


def circular_docx(context):
    """The circular as an editable Word/WPS document in the layout of a government circular."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    _docx_styles(document, context["language"])
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # GB/T 9704-2012: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    text_width = Mm(210 - 28 - 26)

    masthead = document.add_paragraph(context["masthead"], style="Circular Masthead")
    masthead.runs[0].font.color.rgb = RGBColor.from_string(RED_INK)
    document.add_paragraph(context["issue"], style="Circular Issue")
    line = document.add_paragraph(style="Circular Issuer")
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(f"{context['issuer']}\t{context['date']}")
    _red_rule(line)
    document.add_paragraph(context["title"], style="Circular Title")
    document.add_paragraph(context["addressee"], style="Circular Addressee")
    document.add_paragraph(context["opening"], style="Circular Body")
    for part in context["sections"]:
        document.add_paragraph(part["number"] + part["heading"], style="Circular Heading")
        paragraph = None
        for text in part["paragraphs"]:
            paragraph = document.add_paragraph(text, style="Circular Body")
        table = part.get("table")
        if table:
            if paragraph is not None:
                paragraph.paragraph_format.keep_with_next = True
            _docx_table(document, table, text_width, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH)
            if table["note"]:
                document.add_paragraph(table["note"], style="Circular Note")
    signature = document.add_paragraph(style="Circular Signature")
    signature.paragraph_format.space_before = Pt(32)
    signature.add_run(context["issuer"])
    document.add_paragraph(context["date"], style="Circular Signature")
    _docx_footer(document, section, context)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _fonts(element, latin, east_asia):
    """Latin and East Asian fonts of a style or run: Word picks w:eastAsia for CJK text."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _docx_styles(document, language):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = LATIN
    _fonts(normal.element, LATIN, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN" if language.startswith("zh") else "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)

    def style(name, font, size, *, bold=False, align=None, indent=False, before=0, after=0):
        added = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        added.base_style = normal
        added.quick_style = True
        added.font.size, added.font.bold = Pt(size), bold
        _fonts(added.element, LATIN, font)
        fmt = added.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size * 2)  # two characters
        if size >= 14:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(28)  # 22 lines a page, as GB/T 9704 sets them
        return added

    center, right, justify = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    masthead = style("Circular Masthead", TITLE_FONT, 30, bold=True, align=center, after=6)
    masthead.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style("Circular Issue", BODY_FONT, 16, align=center, after=6)
    style("Circular Issuer", BODY_FONT, 14, after=18)
    title = style("Circular Title", TITLE_FONT, 22, bold=True, align=center, after=18)
    title.paragraph_format.line_spacing = Pt(34)
    style("Circular Addressee", BODY_FONT, 16, align=justify)
    style("Circular Body", BODY_FONT, 16, align=justify, indent=True)
    heading = style("Circular Heading", HEADING_FONT, 16, indent=True, before=6)
    heading.paragraph_format.keep_with_next = True
    style("Circular Signature", BODY_FONT, 16, align=right)
    style("Circular Table", TABLE_FONT, 10.5)
    style("Circular Note", TABLE_FONT, 10.5, before=3, after=6)
    style("Circular Footer", TITLE_FONT, 12, align=center)


PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _red_rule(paragraph):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": "18", "space": "6", "color": RED_INK}.items():
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # Word rejects a w:pPr whose children are out of the schema's order.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def _docx_table(document, table, text_width, table_alignment, paragraph_alignment):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    aligns = {
        "left": paragraph_alignment.LEFT,
        "center": paragraph_alignment.CENTER,
        "right": paragraph_alignment.RIGHT,
    }
    rows = table["rows"] + ([table["total"]] if table["total"] else [])
    grid = document.add_table(rows=1 + len(rows), cols=len(table["columns"]))
    grid.style = document.styles["Table Grid"]
    grid.alignment = table_alignment.CENTER
    grid.autofit = False
    weight = sum(table["widths"])
    widths = [int(text_width * w / weight) for w in table["widths"]]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    header = grid.rows[0]
    # The header row repeats on every page a table runs over.
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for row_index, values in enumerate([table["columns"], *rows]):
        keep = OxmlElement("w:cantSplit")  # a row never breaks across pages
        grid.rows[row_index]._tr.get_or_add_trPr().append(keep)
        is_header = row_index == 0
        is_total = table["total"] is not None and row_index == len(rows)
        for column, (cell, value) in enumerate(
            zip(grid.rows[row_index].cells, values, strict=True)
        ):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Circular Table"]
            paragraph.alignment = aligns["center" if is_header else table["align"][column]]
            run = paragraph.add_run(value)
            run.bold = is_header or is_total
            if is_header:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), "E7E6E6")
                cell._tc.get_or_add_tcPr().append(shading)
    return grid


def _docx_footer(document, section, context):
    """ "Page N" in the footer, N being Word's PAGE field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Circular Footer"]
    paragraph.add_run(context["page_before"])
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    paragraph.add_run(context["page_after"])
