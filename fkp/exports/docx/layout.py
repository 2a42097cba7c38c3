"""Layout primitives for fkp's Word documents: A4 page, plain runs, hanging-label lists, tables,
signature cells.

Every piece of text goes in as a plain run through `run`, which strips what XML cannot
hold; lxml escapes the rest. No XML is ever built from attendee or staff text.
"""
import io
from copy import deepcopy
from datetime import datetime, timezone

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..cells import xml_safe
from .properties import para_props, run_props

CENTER, JUSTIFY, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
TEXT_WIDTH = Cm(16)  # A4 (21 cm) less two 2.5 cm margins
DOTS = "." * 40  # a line left blank to be written on by hand


def page_setup(doc, title, author, subject="Forum Konsultasi Publik"):
    """A4, 2.5 cm margins, Arial 11, Indonesian proofing language, "Halaman X dari Y" at the
    foot of every page, justified lines that do not stretch, and the document's own
    properties (title; author = the organising unit; today's date; nothing left over from
    the blank template python-docx starts from)."""
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
    _page_numbers(section)
    _no_stretch(doc)
    _properties(doc, title, author, subject)


def _page_numbers(section):
    """"Halaman 2 dari 7" at the bottom right, from Word's PAGE and NUMPAGES fields."""
    footer = section.footer.paragraphs[0]
    footer.alignment = RIGHT
    run(footer, "Halaman ", size=8)
    for number, name in enumerate(("PAGE", "NUMPAGES")):
        if number:
            run(footer, " dari ", size=8)
        field_run = run(footer, "", size=8)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), name)
        field_run._r.addprevious(field)
        field.append(field_run._r)
        run_text = OxmlElement("w:t")
        run_text.text = "1"  # shown until the reader updates fields (LibreOffice and Word do on open)
        field_run._r.append(run_text)


def _no_stretch(doc):
    """Word stretches a justified line that ends in a manual line break across the whole
    width; the compatibility option doNotExpandShiftReturn stops that (LibreOffice reads it)."""
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        doc.settings.element.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))  # first in the schema's order


_APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<Properties xmlns=\""
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            "<Application>fkp</Application><DocSecurity>0</DocSecurity></Properties>")


def _properties(doc, title, author, subject):
    props = doc.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title, props.author = xml_safe(title), xml_safe(author)
    props.last_modified_by, props.subject = xml_safe(author), subject
    props.comments, props.keywords, props.language = "", "FKP", "id-ID"
    props.created = props.modified = now
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the blank template's preview picture
            del package.rels[rel_id]
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":  # it named "Microsoft Macintosh Word"
            part._blob = _APP_XML.encode()


def kop(doc, kop_model):
    """The letterhead: the logo on the left, the institution, the unit, its address and
    contacts centred, a double rule under it. Without a logo, the lines alone, centred."""
    lines = [(line.upper(), True, 12) for line in (kop_model["heading"], kop_model["name"]) if line]
    lines += [(line, False, 9) for line in (kop_model["address"], kop_model["contact_line"]) if line]
    if kop_model["logo"]:
        grid = table(doc, 1, [Cm(2.6), Cm(10.8), Cm(2.6)], style=None)
        grid.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        picture = grid.rows[0].cells[0].paragraphs[0]
        picture.add_run().add_picture(io.BytesIO(kop_model["logo"]), height=Cm(2.2))
        target = grid.rows[0].cells[1]
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for index, (text, bold, size) in enumerate(lines):
            paragraph = target.paragraphs[0] if index == 0 else para(target)
            paragraph.alignment = CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            run(paragraph, text, bold, size=size)
    else:
        for text, bold, size in lines:
            run(para(doc, align=CENTER, after=0), text, bold, size=size)
    rule = para(doc, after=12)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)


def legal_basis(doc, forum):
    """"Dasar:" and the numbered laws, a unit's own additions after them."""
    para(doc, "Dasar:", bold=True, before=6, after=2, keep="next")
    for number, law in enumerate(forum["legal_basis"], start=1):
        item(doc, f"{number}.", law + (";" if number < len(forum["legal_basis"]) else "."),
             after=1)


def attachments(doc, names):
    """"Lampiran:" and the documents that go with this one."""
    para(doc, "Lampiran:", bold=True, before=10, after=2, keep="next")
    for number, name in enumerate(names, start=1):
        item(doc, f"{number}.", name, after=1)


def run(paragraph, text, bold=False, italic=False, size=None):
    """Append text as one plain run (control characters XML cannot hold removed). A "\\n" in
    the text becomes a line break inside the paragraph (much cheaper than a new paragraph),
    a "\\t" a tab, as python-docx's own run.text does, but without its per-character loop."""
    element = OxmlElement("w:r")
    props = run_props(bold, italic, size)
    if props is not None:
        element.append(deepcopy(props))
    lines = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        if number:
            element.add_br()
        for index, piece in enumerate(line.split("\t")):
            if index:
                element.add_tab()
            if piece:
                element.add_t(piece)  # lxml escapes the text: never parsed as XML
    paragraph._p.append(element)
    return Run(element, paragraph)


def _new_paragraph(container, props):
    """container.add_paragraph() with a copy of `props`, in constant time for a document's
    body: python-docx finds the body's closing w:sectPr by scanning every earlier child, which
    makes 10,000 paragraphs quadratic. The sectPr is the body's last child: insert before it."""
    last = None
    if isinstance(container, Document):
        last = next(reversed(container.element.body), None)  # lxml starts from the end
    if last is not None and last.tag == qn("w:sectPr"):
        paragraph = Paragraph(OxmlElement("w:p"), container._body)
        last.addprevious(paragraph._p)
    else:
        paragraph = container.add_paragraph()
    if props is not None:
        paragraph._p.insert(0, deepcopy(props))
    return paragraph


def para(container, text="", bold=False, italic=False, align=None, before=None, after=None,
         keep=None):
    """A new paragraph in a document or table cell; spacing in points (None: as the style
    says); keep "whole" or with the "next" paragraph."""
    paragraph = _new_paragraph(container, para_props(align, before, after, keep=keep))
    if text:
        run(paragraph, text, bold, italic)
    return paragraph


def item(container, label, text, level=0, bold=False, italic=False, before=None, after=2,
         keep=None):
    """A list item with a typed hanging label ("1.", "a."): Word's own numbering would run
    on from one list to the next, and restarting it needs numbering XML."""
    paragraph = _new_paragraph(container, para_props(None, before, after, level, keep))
    run(paragraph, f"{label}\t", bold)
    if text:
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
    return paragraph


def signature(target, lines, name, bold_name=False, note=""):
    """A signature cell: the role lines, room to sign, the name (or a dotted line to write it
    on) and an optional small note under the name, such as the signer's institution or NIP."""
    # Bottom-aligned so the name lines of a row line up even when a label wraps.
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    cell(target, lines[0], align=CENTER)
    for line in lines[1:]:
        para(target, line, align=CENTER, after=2)
    para(target, name or f"({DOTS[:30]})", bold=bold_name and bool(name), align=CENTER,
         before=54, after=0 if note else 12)
    if note:
        run(para(target, align=CENTER, after=12), note, size=9)


def keep_together(table_rows):
    """Keep these rows on the page of the row after them: a signature must not stand alone."""
    for row in table_rows:
        for target in row.cells:
            for paragraph in target.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
