"""The Berita Acara FKP as an editable Word document, laid out from the minutes model.

Every piece of attendee or staff text goes in as a plain run through `_run`, which strips
what XML cannot hold; python-docx escapes the rest. No XML is ever built from that text.
"""
import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from ..indonesian import number_words
from .cells import xml_safe

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
TEXT_WIDTH = Cm(16)  # A4 (21 cm) less two 2.5 cm margins
DOTS = "." * 40
CLOSING = "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya."


def _setup(doc, forum):
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
    doc.core_properties.title = xml_safe(f"Berita Acara FKP - {forum['title']}")
    doc.core_properties.author = xml_safe(forum["unit"])


def _run(paragraph, text, bold=False, italic=False):
    run = paragraph.add_run(xml_safe(text))
    run.bold, run.italic = bold or None, italic or None
    return run


def _para(container, text="", bold=False, italic=False, align=None, before=None, after=None):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, bold, italic)
    paragraph.alignment, fmt = align, paragraph.paragraph_format
    fmt.space_before = None if before is None else Pt(before)  # None: as the style says
    fmt.space_after = None if after is None else Pt(after)
    return paragraph


def _item(container, label, text, level=0, bold=False, italic=False, before=None, after=2):
    """A list item with a typed hanging label ("1.", "a."): Word's own numbering would run
    on from one list to the next, and restarting it needs numbering XML."""
    paragraph = _para(container, before=before, after=after)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Cm(0.8 * (level + 1)), Cm(-0.8)
    fmt.tab_stops.add_tab_stop(fmt.left_indent)
    _run(paragraph, f"{label}\t", bold)
    _run(paragraph, text, bold, italic)
    return paragraph


def _row_flag(row, tag):
    """Set a row property: w:tblHeader repeats a header row, w:cantSplit keeps a row whole."""
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _table(doc, rows, widths, style="Table Grid"):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style, table.autofit = style, False
    for index, width in enumerate(widths):
        table.columns[index].width = width  # LibreOffice reads the grid, Word the cells
        for cell in table.columns[index].cells:
            cell.width = width
    for row in table.rows:
        _row_flag(row, "w:cantSplit")
    return table


def _cell(cell, text, bold=False, align=None):
    paragraph = cell.paragraphs[0]
    _run(paragraph, text, bold)
    paragraph.alignment, paragraph.paragraph_format.space_after = align, Pt(2)


def _heading(doc, forum):
    _para(doc, forum["unit"].upper(), bold=True, align=CENTER, after=0)
    _para(doc, "BERITA ACARA FORUM KONSULTASI PUBLIK", bold=True, align=CENTER, after=0)
    _para(doc, forum["title"], bold=True, align=CENTER, after=0)
    _para(doc, f"Nomor: {DOTS}", align=CENTER, after=18)


def _opening(doc, forum):
    time = f", pukul {forum['start_time'].replace(':', '.')}" if forum["start_time"] else ""
    _para(doc, f"Pada {forum['date_in_words']}{time}, {forum['venue']}, telah dilaksanakan "
               f"Forum Konsultasi Publik (FKP) “{forum['title']}” oleh {forum['unit']} sebagai "
               "pelibatan masyarakat dalam penyusunan Standar Pelayanan sebagaimana diamanatkan "
               "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.", align=JUSTIFY)


def _scope(doc, model):
    _para(doc, "Layanan yang dikonsultasikan:", bold=True, before=6, after=2)
    for number, service in enumerate(model["services"], start=1):
        _item(doc, f"{number}.", service["name"])
    _para(doc, "Komponen standar pelayanan yang dikonsultasikan:", bold=True, before=8, after=2)
    for number, aspect in enumerate(model["aspects"], start=1):
        _item(doc, f"{number}.", aspect["name"])


def _attendance(doc, counts):
    total = counts["total"]
    _para(doc, f"Peserta yang hadir berjumlah {total} ({number_words(total)}) orang "
               "dengan rincian:", bold=True, before=8, after=4)
    lines = [(f"{n}.", r["label"], r["count"], False) for n, r in enumerate(counts["unsur"], 1)]
    lines += [("", "Jumlah unsur masyarakat", counts["unsur_total"], True),
              ("", counts["staff"]["label"], counts["staff"]["count"], False),
              ("", "Jumlah seluruh peserta", counts["total"], True)]
    table = _table(doc, len(lines) + 1, [Cm(1.3), Cm(11.2), Cm(3.5)])
    _row_flag(table.rows[0], "w:tblHeader")
    for cell, text in zip(table.rows[0].cells, ("No", "Unsur", "Jumlah")):
        _cell(cell, text, bold=True, align=CENTER)
    for row, (number, label, count, bold) in zip(table.rows[1:], lines):
        _cell(row.cells[0], number, align=CENTER)
        _cell(row.cells[1], label, bold)
        _cell(row.cells[2], str(count), bold, align=CENTER)


def _giver(item):
    who = ", ".join(part for part in (item["name"], item["institution"]) if part)
    return f"{item['kind_label']} dari {who} ({item['group_label']})"


def _inputs(doc, approved):
    _para(doc, "Masukan peserta yang disampaikan dalam forum:", bold=True, before=12, after=4)
    for number, block in enumerate(approved, start=1):
        _item(doc, f"{number}.", block["service"]["name"], bold=True, before=6)
        if not block["aspects"]:
            _item(doc, "", "Tidak ada masukan.", level=1, italic=True)
        for letter, group in zip("abcdefghijklmnopqrstuvwxyz", block["aspects"]):
            _item(doc, f"{letter}.", group["aspect"]["name"], level=1, bold=True)
            for sub, item in enumerate(group["inputs"], start=1):
                paragraph = _item(doc, f"{sub})", item["text"], level=2, after=4)
                paragraph.add_run().add_break()
                _run(paragraph, _giver(item), italic=True)


def _conclusion(doc):
    _para(doc, "Kesimpulan dan kesepakatan:", bold=True, before=12, after=2)
    for number in range(1, 4):
        _item(doc, f"{number}.", "." * 110)
    _para(doc, CLOSING, align=JUSTIFY, before=12, after=12).paragraph_format.keep_with_next = True


def _sign(cell, lines, name, bold_name):
    # Bottom-aligned so the name lines of a row line up even when a label wraps.
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    _cell(cell, lines[0], align=CENTER)
    for line in lines[1:]:
        _para(cell, line, align=CENTER, after=2)
    _para(cell, name, bold=bold_name, align=CENTER, before=54, after=12)


def _signatures(doc, model):
    forum, present = model["forum"], model["groups_present"]
    columns = 3
    rows = -(-len(present) // columns) + 1  # the unsur, then the head of the unit's row
    table = _table(doc, rows, [Emu(TEXT_WIDTH // columns)] * columns, style=None)
    for index, group in enumerate(present):
        _sign(table.cell(index // columns, index % columns),
              ["Perwakilan", group["label"]], f"({DOTS[:30]})", False)
    position = forum["head_position"] or "Pimpinan Unit Penyelenggara"
    head_name = forum["head_name"] or f"({DOTS[:30]})"
    _sign(table.cell(rows - 1, 1), ["Mengetahui,", position], head_name, bool(forum["head_name"]))
    # Keep the signature rows on one page: the head's signature must not stand alone.
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def berita_acara(model):
    """The Berita Acara FKP of the minutes model as DOCX bytes."""
    doc = Document()
    forum = model["forum"]
    _setup(doc, forum)
    _heading(doc, forum)
    _opening(doc, forum)
    _scope(doc, model)
    _attendance(doc, model["attendance_counts"])
    _inputs(doc, model["approved"])
    _conclusion(doc)
    _signatures(doc, model)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
