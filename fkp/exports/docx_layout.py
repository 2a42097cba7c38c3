"""Layout primitives for fkp's Word documents: A4 page, plain runs, hanging-label lists, tables.

Every piece of text goes in as a plain run through `run`, which strips what XML cannot
hold; python-docx escapes the rest. No XML is ever built from attendee or staff text.
"""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .cells import xml_safe

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
TEXT_WIDTH = Cm(16)  # A4 (21 cm) less two 2.5 cm margins


def page_setup(doc, title, author):
    """A4, 2.5 cm margins, Arial 11, Indonesian proofing language, document properties."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    lang = OxmlElement("w:lang")  # Indonesian, so Word spell-checks in the right language
    lang.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(lang)
    doc.core_properties.title = xml_safe(title)
    doc.core_properties.author = xml_safe(author)


def run(paragraph, text, bold=False, italic=False):
    """Append text as one plain run (control characters XML cannot hold removed)."""
    added = paragraph.add_run(xml_safe(text))
    added.bold, added.italic = bold or None, italic or None
    return added


def para(container, text="", bold=False, italic=False, align=None, before=None, after=None):
    """A new paragraph in a document or table cell; spacing in points."""
    paragraph = container.add_paragraph()
    if text:
        run(paragraph, text, bold, italic)
    paragraph.alignment, fmt = align, paragraph.paragraph_format
    fmt.space_before = None if before is None else Pt(before)  # None: as the style says
    fmt.space_after = None if after is None else Pt(after)
    return paragraph


def item(container, label, text, level=0, bold=False, italic=False, before=None, after=2):
    """A list item with a typed hanging label ("1.", "a."): Word's own numbering would run
    on from one list to the next, and restarting it needs numbering XML."""
    paragraph = para(container, before=before, after=after)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Cm(0.8 * (level + 1)), Cm(-0.8)
    fmt.tab_stops.add_tab_stop(fmt.left_indent)
    run(paragraph, f"{label}\t", bold)
    run(paragraph, text, bold, italic)
    return paragraph


def row_flag(row, tag):
    """Set a row property: w:tblHeader repeats a header row, w:cantSplit keeps a row whole."""
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def table(doc, rows, widths, style="Table Grid"):
    grid = doc.add_table(rows=rows, cols=len(widths))
    grid.style, grid.autofit = style, False
    for index, width in enumerate(widths):
        grid.columns[index].width = width  # LibreOffice reads the grid, Word the cells
        for column_cell in grid.columns[index].cells:
            column_cell.width = width
    for row in grid.rows:
        row_flag(row, "w:cantSplit")
    return grid


def cell(target, text, bold=False, align=None):
    paragraph = target.paragraphs[0]
    run(paragraph, text, bold)
    paragraph.alignment, paragraph.paragraph_format.space_after = align, Pt(2)
