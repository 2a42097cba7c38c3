"""The improvements promised in the Berita Acara ("janji perbaikan pelayanan publik"): what the
unit will change, who answers for it and by when, for every input it accepted. KPU offices
name their FKP record after it; the standard is then set on its basis."""
from docx.shared import Cm

from ...language.wording import number_words
from ...record.minutes import LISTED_IN_BERITA_ACARA
from . import layout

HEADING = "Janji perbaikan pelayanan:"
NOT_YET = "belum ditentukan"
COLUMNS = ("No", "Layanan dan komponen", "Perbaikan yang dijanjikan", "Penanggung jawab", "Target waktu")


def many(count):
    """A forum with more promises than a Berita Acara lists: they are in the Matriks."""
    return (f"Sebanyak {count} ({number_words(count)}) masukan diterima atau diterima sebagian untuk "
            "ditindaklanjuti. Perbaikan yang dijanjikan, penanggung jawab, dan target waktunya "
            "tercantum dalam Matriks Masukan dan Tindak Lanjut yang terlampir.")


def promises(doc, model):
    """The section, when the unit accepted any input: a table, or the count and the Matriks."""
    rows = model["promises"]
    if not rows:
        return
    layout.para(doc, HEADING, bold=True, before=12, after=4, keep="next")
    if len(rows) > LISTED_IN_BERITA_ACARA:
        layout.para(doc, many(len(rows)), align=layout.JUSTIFY)
        return
    table = layout.table(doc, len(rows) + 1, [Cm(1.0), Cm(3.4), Cm(5.4), Cm(3.2), Cm(3.0)])
    layout.row_flag(table.rows[0], "w:tblHeader")
    for target, text in zip(table.rows[0].cells, COLUMNS):
        layout.cell(target, text, bold=True, align=layout.CENTER)
    for number, (row, promise) in enumerate(zip(table.rows[1:], rows), start=1):
        cells = row.cells
        layout.cell(cells[0], f"{number}.", align=layout.CENTER)
        layout.cell(cells[1], f"{promise['service_name']} — {promise['aspect_name']}")
        layout.cell(cells[2], f"{promise['promise']} ({promise['decision_label']})")
        layout.cell(cells[3], promise["pic"] or NOT_YET)
        layout.cell(cells[4], promise["target"] or NOT_YET)
