"""The Berita Acara FKP as an editable Word document, laid out from the minutes model.

Attendee and staff text only ever goes in through docx_layout's plain runs.
"""
import io

from docx import Document
from docx.shared import Cm, Emu

from ...language.wording import number_words
from ...record.minutes import AGREEMENT_HEADING
from . import layout
from .berita_acara_inputs import inputs
from .berita_acara_promises import promises

DOTS = layout.DOTS
CLOSING = "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya."


def _heading(doc, forum):
    layout.kop(doc, forum["kop"])
    layout.para(doc, "BERITA ACARA FORUM KONSULTASI PUBLIK", bold=True, align=layout.CENTER,
                after=0)
    layout.para(doc, forum["title"], bold=True, align=layout.CENTER, after=0)
    layout.para(doc, f"Nomor: {forum['number'] or DOTS}", align=layout.CENTER, after=18)


def _opening(doc, forum):
    time = f", pukul {forum['hours']}" if forum["hours"] else ""
    layout.para(doc, f"Pada {forum['date_in_words']}{time}, {forum['venue']}, telah dilaksanakan "
                f"Forum Konsultasi Publik (FKP) “{forum['title']}” oleh {forum['unit']} sebagai "
                "pelibatan masyarakat dalam penyusunan Standar Pelayanan sebagaimana diamanatkan "
                "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.", align=layout.JUSTIFY,
                before=8)


def _scope(doc, model):
    layout.para(doc, "Layanan yang dikonsultasikan:", bold=True, before=6, after=2)
    for number, service in enumerate(model["services"], start=1):
        layout.item(doc, f"{number}.", service["name"])
    layout.para(doc, "Komponen standar pelayanan yang dikonsultasikan:", bold=True, before=8,
                after=2)
    for number, aspect in enumerate(model["aspects"], start=1):
        layout.item(doc, f"{number}.", aspect["name"])


def _attendance(doc, counts):
    total = counts["total"]
    layout.para(doc, f"Peserta yang hadir berjumlah {total} ({number_words(total)}) orang "
                "dengan rincian:", bold=True, before=8, after=4)
    lines = [(f"{n}.", r["label"], r["count"], False) for n, r in enumerate(counts["unsur"], 1)]
    lines += [("", "Jumlah unsur masyarakat", counts["unsur_total"], True)]
    if counts["no_group"]["count"]:  # imported from a chat, no unsur assigned yet
        lines += [("", counts["no_group"]["label"], counts["no_group"]["count"], False)]
    lines += [("", counts["staff"]["label"], counts["staff"]["count"], False),
              ("", "Jumlah seluruh peserta", counts["total"], True)]
    table = layout.table(doc, len(lines) + 1, [Cm(1.3), Cm(11.2), Cm(3.5)])
    layout.row_flag(table.rows[0], "w:tblHeader")
    for cell, text in zip(table.rows[0].cells, ("No", "Unsur", "Jumlah")):
        layout.cell(cell, text, bold=True, align=layout.CENTER)
    for row, (number, label, count, bold) in zip(table.rows[1:], lines):
        layout.cell(row.cells[0], number, align=layout.CENTER)
        layout.cell(row.cells[1], label, bold)
        layout.cell(row.cells[2], str(count), bold, align=layout.CENTER)


def _agreement(doc, results):
    """The hall's answers to "Setuju dengan rancangan ini?", one line per question asked."""
    if not results:
        return
    layout.para(doc, AGREEMENT_HEADING, bold=True, before=12, after=2, keep="next")
    for number, result in enumerate(results, start=1):
        layout.item(doc, f"{number}.", result["sentence"] + ".")


def _conclusion(doc, conclusion):
    layout.para(doc, "Kesimpulan dan kesepakatan:", bold=True, before=12, after=2, keep="next")
    if conclusion:
        layout.para(doc, conclusion, align=layout.JUSTIFY)
    else:  # none written yet: lines to complete by hand at the forum
        for number in range(1, 4):
            layout.item(doc, f"{number}.", "." * 110)
    # The closing sentence stays with the signatures it introduces.
    layout.para(doc, CLOSING, align=layout.JUSTIFY, before=12, after=12, keep="next")


def _signatures(doc, model):
    """The place and date; a representative of each unsur present (the chosen one's name,
    else a line to write it on), then the head of the unit with the NIP, three to a row."""
    forum, signers = model["forum"], model["signatories"]
    layout.para(doc, forum["place_date"], align=layout.CENTER, before=6, after=6, keep="next")
    columns = 3
    rows = -(-len(signers) // columns) + 1  # the unsur, then the head of the unit's row
    table = layout.table(doc, rows, [Emu(layout.TEXT_WIDTH // columns)] * columns, style=None)
    for index, signer in enumerate(signers):
        # The public audience has no names, but the institution must not stand alone then.
        layout.signature(table.cell(index // columns, index % columns),
                         ["Perwakilan", signer["label"]], signer["name"], bold_name=True,
                         note=signer["institution"] if signer["name"] else "")
    position = forum["head_position"] or "Pimpinan Unit Penyelenggara"
    layout.signature(table.cell(rows - 1, 1), ["Mengetahui,", position], forum["head_name"],
                     bold_name=True, note=forum["head_nip"])
    # Keep the signature rows on one page: the head's signature must not stand alone.
    layout.keep_together(table.rows[:-1])


def berita_acara(model):
    """The Berita Acara FKP of the minutes model as DOCX bytes."""
    doc = Document()
    forum = model["forum"]
    layout.page_setup(doc, f"Berita Acara FKP - {forum['title']}", forum["unit"])
    _heading(doc, forum)
    layout.legal_basis(doc, forum)
    _opening(doc, forum)
    _scope(doc, model)
    _attendance(doc, model["attendance_counts"])
    inputs(doc, model)
    promises(doc, model)
    _agreement(doc, model["agreement"])
    _conclusion(doc, model["conclusion"])
    _signatures(doc, model)
    layout.attachments(doc, forum["attachments"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
