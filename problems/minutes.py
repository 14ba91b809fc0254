"""The minutes of a coordination meeting as an editable Word/WPS document."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LATIN = "Times New Roman"
BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"


def set_fonts(element, latin, east_asia):
    """Latin and East Asian fonts of a style or run: Word picks w:eastAsia for CJK text."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    # Theme fonts (as in the built-in heading styles) would win over the fonts named here.
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def _styles(document):
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(14)
    set_fonts(normal.element, LATIN, BODY_FONT)
    for name, font, size in (("Title", TITLE_FONT, 22), ("Heading 1", HEADING_FONT, 16)):
        style = document.styles[name]
        style.font.name, style.font.size = LATIN, Pt(size)
        set_fonts(style.element, LATIN, font)


def minutes_docx(meeting, items):
    """Title, date, chair, then each problem with its project, decision, owner and deadline."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _styles(document)
    title = document.add_paragraph(meeting.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [
        (_("Date"), date_format(meeting.held_on, "DATE_FORMAT")),
        (_("Chair"), str(meeting.chair)),
        (_("Level"), meeting.get_level_display()),
        (_("Region"), str(meeting.region)),
    ]
    for label, value in facts:
        _labelled(document, label, value)
    if meeting.notes:
        document.add_paragraph(meeting.notes)
    if not items:
        document.add_paragraph(_("No problem was on the agenda."))
    for number, item in enumerate(items, start=1):
        problem = item.problem
        document.add_heading(
            f"{number}. {problem.subject} ({problem.get_category_display()})", level=1
        )
        _labelled(document, _("Problem"), problem.description)
        _labelled(document, _("Decision"), item.decision or "—")
        _labelled(document, _("Owner"), str(item.owner) if item.owner else "—")
        deadline = date_format(item.new_deadline, "DATE_FORMAT") if item.new_deadline else "—"
        _labelled(document, _("New deadline"), deadline)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _labelled(document, label, value):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)
    return paragraph
