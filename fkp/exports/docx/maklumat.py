"""The Maklumat Pelayanan (the service pledge; KPU offices title it "Komitmen dan Jaminan
Pelayanan") as an editable Word document.

PermenPANRB 15/2014 has the head of the unit publish it with the Standar Pelayanan: the
unit pledges to serve as the standard says and to accept sanctions if it does not. It is
signed when the standard is set, after the forum, so the date is left to be written.
"""
import io

from docx import Document
from docx.shared import Emu

from . import layout

TITLE = "MAKLUMAT PELAYANAN"
# The pledge in the wording of PermenPANRB 15/2014's model, printed in capitals as offices do.
PLEDGE = ("DENGAN INI, KAMI MENYATAKAN SANGGUP MENYELENGGARAKAN PELAYANAN SESUAI STANDAR PELAYANAN "
          "YANG TELAH DITETAPKAN DAN APABILA TIDAK MENEPATI JANJI INI, KAMI SIAP MENERIMA SANKSI "
          "SESUAI PERATURAN PERUNDANG-UNDANGAN YANG BERLAKU.")


def scope(forum):
    """The sentence that ties the pledge to the forum that drafted the standard."""
    return ("Standar pelayanan tersebut disusun dengan melibatkan masyarakat melalui Forum Konsultasi "
            f"Publik pada hari {forum['date_long']}.")


def maklumat(model):
    """The Maklumat Pelayanan of the forum's unit, for the services it consulted, as DOCX bytes."""
    doc = Document()
    forum = model["forum"]
    layout.page_setup(doc, f"Maklumat Pelayanan - {forum['unit']}", forum["unit"], subject="Maklumat Pelayanan")
    layout.kop(doc, forum["kop"])
    layout.para(doc, TITLE, bold=True, align=layout.CENTER, before=18, after=0)
    layout.para(doc, forum["unit"].upper(), bold=True, align=layout.CENTER, after=30)
    layout.para(doc, PLEDGE, bold=True, align=layout.CENTER, after=30)
    layout.para(doc, "Maklumat ini berlaku untuk layanan:", bold=True, after=2)
    for number, service in enumerate(model["services"], start=1):
        layout.item(doc, f"{number}.", service["name"])
    layout.para(doc, scope(forum), align=layout.JUSTIFY, before=12, after=24)
    table = layout.table(doc, 1, [Emu(layout.TEXT_WIDTH // 2)] * 2, style=None)
    layout.signature(table.cell(0, 1), [f"{forum['sign_place']}, {layout.DOTS[:24]}",
                                        forum["head_position"] or "Pimpinan Unit Penyelenggara"],
                     forum["head_name"], bold_name=True, note=forum["head_nip"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
