"""The Berita Acara FKP as an editable Word document, laid out from the minutes model.

Attendee and staff text only ever goes in through docx_layout's plain runs.
"""
import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm, Emu

from ..indonesian import number_words
from . import docx_layout as layout

DOTS = "." * 40
CLOSING = "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya."


def _heading(doc, forum):
    layout.para(doc, forum["unit"].upper(), bold=True, align=layout.CENTER, after=0)
    layout.para(doc, "BERITA ACARA FORUM KONSULTASI PUBLIK", bold=True, align=layout.CENTER, after=0)
    layout.para(doc, forum["title"], bold=True, align=layout.CENTER, after=0)
    layout.para(doc, f"Nomor: {DOTS}", align=layout.CENTER, after=18)


def _opening(doc, forum):
    time = f", pukul {forum['start_time'].replace(':', '.')}" if forum["start_time"] else ""
    layout.para(doc, f"Pada {forum['date_in_words']}{time}, {forum['venue']}, telah dilaksanakan "
               f"Forum Konsultasi Publik (FKP) “{forum['title']}” oleh {forum['unit']} sebagai "
               "pelibatan masyarakat dalam penyusunan Standar Pelayanan sebagaimana diamanatkan "
               "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.", align=layout.JUSTIFY)


def _scope(doc, model):
    layout.para(doc, "Layanan yang dikonsultasikan:", bold=True, before=6, after=2)
    for number, service in enumerate(model["services"], start=1):
        layout.item(doc, f"{number}.", service["name"])
    layout.para(doc, "Komponen standar pelayanan yang dikonsultasikan:", bold=True, before=8, after=2)
    for number, aspect in enumerate(model["aspects"], start=1):
        layout.item(doc, f"{number}.", aspect["name"])


def _attendance(doc, counts):
    total = counts["total"]
    layout.para(doc, f"Peserta yang hadir berjumlah {total} ({number_words(total)}) orang "
               "dengan rincian:", bold=True, before=8, after=4)
    lines = [(f"{n}.", r["label"], r["count"], False) for n, r in enumerate(counts["unsur"], 1)]
    lines += [("", "Jumlah unsur masyarakat", counts["unsur_total"], True),
              ("", counts["staff"]["label"], counts["staff"]["count"], False),
              ("", "Jumlah seluruh peserta", counts["total"], True)]
    table = layout.table(doc, len(lines) + 1, [Cm(1.3), Cm(11.2), Cm(3.5)])
    layout.row_flag(table.rows[0], "w:tblHeader")
    for cell, text in zip(table.rows[0].cells, ("No", "Unsur", "Jumlah")):
        layout.cell(cell, text, bold=True, align=layout.CENTER)
    for row, (number, label, count, bold) in zip(table.rows[1:], lines):
        layout.cell(row.cells[0], number, align=layout.CENTER)
        layout.cell(row.cells[1], label, bold)
        layout.cell(row.cells[2], str(count), bold, align=layout.CENTER)


def _giver(item):
    who = ", ".join(part for part in (item["name"], item["institution"]) if part)
    return f"{item['kind_label']} dari {who} ({item['group_label']})"


def _inputs(doc, approved):
    layout.para(doc, "Masukan peserta yang disampaikan dalam forum:", bold=True, before=12, after=4)
    for number, block in enumerate(approved, start=1):
        layout.item(doc, f"{number}.", block["service"]["name"], bold=True, before=6)
        if not block["aspects"]:
            layout.item(doc, "", "Tidak ada masukan.", level=1, italic=True)
        for letter, group in zip("abcdefghijklmnopqrstuvwxyz", block["aspects"]):
            layout.item(doc, f"{letter}.", group["aspect"]["name"], level=1, bold=True)
            for sub, item in enumerate(group["inputs"], start=1):
                paragraph = layout.item(doc, f"{sub})", item["text"], level=2, after=4)
                paragraph.add_run().add_break()
                layout.run(paragraph, _giver(item), italic=True)


def _conclusion(doc):
    layout.para(doc, "Kesimpulan dan kesepakatan:", bold=True, before=12, after=2)
    for number in range(1, 4):
        layout.item(doc, f"{number}.", "." * 110)
    closing = layout.para(doc, CLOSING, align=layout.JUSTIFY, before=12, after=12)
    closing.paragraph_format.keep_with_next = True


def _sign(cell, lines, name, bold_name):
    # Bottom-aligned so the name lines of a row line up even when a label wraps.
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    layout.cell(cell, lines[0], align=layout.CENTER)
    for line in lines[1:]:
        layout.para(cell, line, align=layout.CENTER, after=2)
    layout.para(cell, name, bold=bold_name, align=layout.CENTER, before=54, after=12)


def _signatures(doc, model):
    forum, present = model["forum"], model["groups_present"]
    columns = 3
    rows = -(-len(present) // columns) + 1  # the unsur, then the head of the unit's row
    table = layout.table(doc, rows, [Emu(layout.TEXT_WIDTH // columns)] * columns, style=None)
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
    layout.page_setup(doc, f"Berita Acara FKP - {forum['title']}", forum["unit"])
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
