"""The revised Standar Pelayanan as the attachment of the unit's decree, and the table of its
changes (draft → final, with the reasons), both as editable Word documents.

PermenPANRB 15/2014 lays a standard out per service in two parts: the components of service
delivery, which are published, and those of the unit's internal management. The final text
staff wrote after the forum is printed (fkp/standards/); a component still without one shows
its draft, marked so, or a line to write on, so the office sees what is left before signing.
"""
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Emu, Pt

from . import layout

DELIVERY = ("A.", "KOMPONEN STANDAR PELAYANAN YANG TERKAIT DENGAN PROSES PENYAMPAIAN PELAYANAN")
INTERNAL = ("B.", "KOMPONEN STANDAR PELAYANAN YANG TERKAIT DENGAN PENGELOLAAN PELAYANAN DI INTERNAL "
            "ORGANISASI")
DRAFT_MARK = "[Rancangan; teks akhir belum ditetapkan]"
EMPTY = "." * 60
CHANGES_TITLE = "TABEL PERUBAHAN STANDAR PELAYANAN HASIL FORUM KONSULTASI PUBLIK"
CHANGE_COLUMNS = ("No", "Komponen", "Rancangan", "Teks akhir", "Keterangan", "Dasar perubahan",
                  "Persetujuan hadirin")


def component_text(row):
    """What the standard says for a component: the final text, else the draft marked as one,
    else a line to write on."""
    if row["state"] != "not_started":
        return row["final"]
    return f"{row['draft']}\n{DRAFT_MARK}" if row["draft"] else EMPTY


def reasons(row):
    """The inputs behind a change, one per line: "Masukan #12: … — Diterima. Tanggapan: …"."""
    lines = []
    for linked in row["reasons"]:
        line = f"Masukan #{linked['id']}: {linked['text']} — {linked['decision_label']}."
        if linked["response"]:
            line += f" Tanggapan: {linked['response']}"
        lines.append(line)
    return "\n".join(lines) or "—"


def decree_heading(forum):
    position = (forum["head_position"] or "Pimpinan Unit Penyelenggara").upper()
    return ["LAMPIRAN", f"KEPUTUSAN {position}", f"NOMOR {'.' * 30}",
            f"TENTANG STANDAR PELAYANAN PADA {forum['unit'].upper()}"]


def _components(doc, letter_title, rows):
    letter, title = letter_title
    layout.item(doc, letter, title, bold=True, before=10, keep="next")
    table = layout.table(doc, len(rows) + 1, [Cm(1.0), Cm(4.5), Cm(10.5)])
    layout.row_flag(table.rows[0], "w:tblHeader")
    for target, text in zip(table.rows[0].cells, ("No", "Komponen", "Uraian")):
        layout.cell(target, text, bold=True, align=layout.CENTER)
    for number, (line, row) in enumerate(zip(table.rows[1:], rows), start=1):
        layout.cell(line.cells[0], f"{number}.", align=layout.CENTER)
        layout.cell(line.cells[1], row["name"])
        layout.cell(line.cells[2], component_text(row))


def _head_signature(doc, forum):
    table = layout.table(doc, 1, [Emu(layout.TEXT_WIDTH // 2)] * 2, style=None)
    layout.signature(table.cell(0, 1), [forum["head_position"] or "Pimpinan Unit Penyelenggara"],
                     forum["head_name"], bold_name=True, note=forum["head_nip"])


def standar_pelayanan(model):
    """The standard of every service the forum consulted, as DOCX bytes."""
    doc = Document()
    forum = model["forum"]
    layout.page_setup(doc, f"Standar Pelayanan - {forum['unit']}", forum["unit"], subject="Standar Pelayanan")
    for line in decree_heading(forum):
        layout.para(doc, line, align=layout.RIGHT, after=0)
    for index, part in enumerate(model["standard"]):
        layout.para(doc, "STANDAR PELAYANAN", bold=True, align=layout.CENTER, before=24 if index == 0 else 0,
                    after=0)
        layout.para(doc, part["service"].upper(), bold=True, align=layout.CENTER, after=0)
        layout.para(doc, forum["unit"].upper(), bold=True, align=layout.CENTER, after=12)
        _components(doc, DELIVERY, [r for r in part["rows"] if r["delivery"]])
        _components(doc, INTERNAL, [r for r in part["rows"] if not r["delivery"]])
        layout.para(doc, "", after=12)
        _head_signature(doc, forum)
        if index < len(model["standard"]) - 1:
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _small_cell(target, text, bold=False, align=None):
    """A cell of the seven-column table in 9 pt, so that a component's texts fit beside each other."""
    paragraph = target.paragraphs[0]
    layout.run(paragraph, text, bold, size=9)
    paragraph.alignment, paragraph.paragraph_format.space_after = align, Pt(2)


def _landscape(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def perubahan_standar(model):
    """Draft → final of every component of every service, with the inputs and decisions behind
    each change and the hall's agreement with the draft, as DOCX bytes (A4 landscape)."""
    doc = Document()
    forum = model["forum"]
    layout.page_setup(doc, f"Perubahan Standar Pelayanan - {forum['title']}", forum["unit"])
    _landscape(doc)
    layout.kop(doc, forum["kop"])
    layout.para(doc, CHANGES_TITLE, bold=True, align=layout.CENTER, after=0)
    layout.para(doc, forum["title"], bold=True, align=layout.CENTER, after=0)
    layout.para(doc, forum["date_long"], align=layout.CENTER, after=12)
    widths = [Cm(1.0), Cm(3.2), Cm(5.0), Cm(5.0), Cm(2.6), Cm(5.3), Cm(2.6)]
    for number, part in enumerate(model["standard"], start=1):
        layout.item(doc, f"{number}.", part["service"], bold=True, before=10, keep="next")
        table = layout.table(doc, len(part["rows"]) + 1, widths)
        layout.row_flag(table.rows[0], "w:tblHeader")
        for target, text in zip(table.rows[0].cells, CHANGE_COLUMNS):
            _small_cell(target, text, bold=True, align=layout.CENTER)
        for row_number, (line, row) in enumerate(zip(table.rows[1:], part["rows"]), start=1):
            values = (f"{row_number}.", row["name"], row["draft"] or "—",
                      row["final"] if row["state"] != "not_started" else "—", row["state_label"], reasons(row),
                      row["agreement"] or "—")
            for target, text in zip(line.cells, values):
                _small_cell(target, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
