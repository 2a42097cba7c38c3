"""The documents as naskah dinas: the unit's letterhead with its logo, the number, the legal
basis, the place-and-date line, the signatories' names with position and NIP, "Mengetahui"
on the Notulen, page numbers, the attachments named, and real document properties."""
import io
import re
import subprocess
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from PIL import Image
from reportlab.lib.units import cm
from reportlab.platypus import Image as Picture

from fkp.exports import xlsx
from fkp.exports.docx.berita_acara import berita_acara
from fkp.exports.docx.notulen import notulen
from fkp.exports.pdf import layout
from fkp.exports.pdf.berita_acara import berita_acara_pdf
from fkp.exports.pdf.daftar_hadir import daftar_hadir_pdf
from fkp.exports.pdf.matriks import matriks_pdf
from fkp.exports.pdf.notulen import notulen_pdf
from fkp.forums import forums, units
from fkp.people import users
from fkp.record import minutes, statements
from tests.helpers import factories
from tests.helpers.documents import pdf_text, render_first_page, unique_cells

NUMBER = "007/PP.06-BA/52/Prov/IX/2025"
HEAD_NIP = "197805122005011003"
NOTULIS_NIP = "198903142015032001"


def logo_png():
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (160, 20, 20)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def official(db):
    """A forum of a unit whose letterhead, head's NIP, number and note-taker are all set."""
    forum, _inputs = factories.scenario(db)
    db["forums"].update(forum["id"], {"number": NUMBER, "head_nip": HEAD_NIP, "sign_place": "",
                                      "legal_basis": "Keputusan KPU Provinsi NTB Nomor 12 Tahun 2025"})
    units.save(db, "kpu provinsi ntb", {"heading": "Komisi Pemilihan Umum",
                                        "address": "Jl. Udayana No. 6, Mataram",
                                        "contact": "Telp. (0370) 123456", "city": "Mataram"},
               user_id=None, logo=logo_png())
    notulis = users.create(db, "notulis1", "password-123", "notulis", full_name="Rina Lestari, S.Sos.",
                           position="Penata Muda", nip="19890314 201503 2 001")
    users.assign(db, forum["id"], notulis)
    return forums.get(db, forum["id"])


def all_text(document):
    """Every paragraph of the body, tables included, in document order."""
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
                     for p in body.iter(docx.oxml.ns.qn("w:p")))


def test_nip_is_eighteen_digits_written_any_usual_way():
    assert users.normalise_nip("19890314 201503 2 001") == NOTULIS_NIP
    assert users.normalise_nip("") == ""
    for bad in ("1989031420150320", "19890314x015032001", "1" * 19):
        with pytest.raises(ValueError):
            users.normalise_nip(bad)


def test_model_carries_what_the_documents_print(db, official):
    forum = minutes.assemble(db, official)["forum"]
    assert forum["kop"]["heading"] == "Komisi Pemilihan Umum"  # matched whatever the case
    assert forum["kop"]["logo"].startswith(b"\x89PNG")
    assert forum["place_date"] == "Mataram, 4 September 2025"  # the unit's city, no weekday
    assert forum["head_nip"] == f"NIP. {HEAD_NIP}"
    assert forum["legal_basis"][0] == "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
    assert forum["legal_basis"][-1] == "Keputusan KPU Provinsi NTB Nomor 12 Tahun 2025"
    assert len(forum["legal_basis"]) == 4


def test_berita_acara_docx_is_a_naskah_dinas(db, official):
    body = berita_acara(minutes.assemble(db, official))
    document = docx.Document(io.BytesIO(body))
    kop = document.tables[0]  # the logo on the left, the text in the middle
    assert kop.rows[0].cells[1].text == ("KOMISI PEMILIHAN UMUM\nKPU PROVINSI NTB\n"
                                         "Jl. Udayana No. 6, Mataram\nTelp. (0370) 123456")
    assert document.inline_shapes[0].height > 0  # the logo is in the document
    text = all_text(document)
    assert f"Nomor: {NUMBER}" in text
    assert "Dasar:" in text and "tentang Pedoman Standar Pelayanan;" in text
    assert "Keputusan KPU Provinsi NTB Nomor 12 Tahun 2025." in text
    assert "Mataram, 4 September 2025" in text
    head = next(c.text for c in unique_cells(document.tables[-1]) if "Mengetahui" in c.text)
    assert head.endswith(f"Dr. Lalu Ahmad, S.H.\nNIP. {HEAD_NIP}")
    assert text.index("Lampiran:") > text.index("Mengetahui")
    assert "Matriks Masukan dan Tindak Lanjut" in text[text.index("Lampiran:"):]


def test_notulen_docx_is_signed_by_its_notetaker_known_to_the_head(db, official):
    document = docx.Document(io.BytesIO(notulen(minutes.assemble(db, official))))
    left, right = (c.text for c in unique_cells(document.tables[-1]))
    assert left == f"Mengetahui,\nKetua KPU Provinsi NTB\nDr. Lalu Ahmad, S.H.\nNIP. {HEAD_NIP}"
    assert right == f"Mataram, 4 September 2025\nNotulis,\nPenata Muda\nRina Lestari, S.Sos.\nNIP. {NOTULIS_NIP}"
    assert "notulis1" not in all_text(document)  # never the login name


@pytest.mark.parametrize("writer", [berita_acara, notulen])
def test_word_files_carry_real_properties_page_numbers_and_no_leftovers(db, official, writer):
    body = writer(minutes.assemble(db, official))
    props = docx.Document(io.BytesIO(body)).core_properties
    assert props.author == "KPU Provinsi NTB" and props.last_modified_by == "KPU Provinsi NTB"
    assert props.title.endswith(factories.TITLE)
    assert props.comments == "" and props.language == "id-ID"
    assert props.created.date() == datetime.now(timezone.utc).date()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        assert "docProps/thumbnail.jpeg" not in names
        xml = "".join(archive.read(n).decode() for n in names if n.endswith((".xml", ".rels")))
        footer = "".join(archive.read(n).decode() for n in names if n.startswith("word/footer"))
        settings = archive.read("word/settings.xml").decode()
    assert "python-docx" not in xml and "Macintosh" not in xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer and "Halaman " in footer
    assert "<w:doNotExpandShiftReturn/>" in settings  # justified lines do not stretch


def test_without_a_letterhead_or_city_the_documents_leave_lines_to_write_on(db):
    forum, _inputs = factories.scenario(db)
    model = minutes.assemble(db, forum)
    assert model["forum"]["kop"]["logo"] is None and model["forum"]["kop"]["name"] == "KPU Provinsi NTB"
    assert model["forum"]["place_date"] == "...................., 4 September 2025"
    assert model["forum"]["head_nip"] == ""


def test_a_forum_place_of_signing_wins_over_the_units_city(db, official):
    db["forums"].update(official["id"], {"sign_place": "Kota Bima"})
    assert minutes.assemble(db, forums.get(db, official["id"]))["forum"]["place_date"] == \
        "Kota Bima, 4 September 2025"


@pytest.mark.parametrize("writer", [berita_acara, notulen])
def test_libreoffice_prints_the_letterhead_number_and_nip(db, official, writer, tmp_path):
    pdf, ink = render_first_page(writer(minutes.assemble(db, official)), tmp_path, writer.__name__)
    assert ink > 0.005
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "KOMISI PEMILIHAN UMUM" in text and "Jl. Udayana No. 6, Mataram" in text
    assert f"NIP. {HEAD_NIP}" in text and "Halaman 1 dari" in text
    if writer is berita_acara:
        assert f"Nomor: {NUMBER}" in text
    else:
        assert "Rina Lestari, S.Sos." in text and f"NIP. {NOTULIS_NIP}" in text
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert len(images) == 1  # the logo, drawn on the first page


# The PDFs (ReportLab) say what the Word documents say.

PDF_WRITERS = {"berita_acara": berita_acara_pdf, "notulen": notulen_pdf, "daftar_hadir": daftar_hadir_pdf,
               "matriks": matriks_pdf}


def page_one_images(body, tmp_path):
    path = tmp_path / "images.pdf"
    path.write_bytes(body)
    listed = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(path)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    return [line for line in listed if " smask " not in line]  # a PNG's transparency is no picture


@pytest.mark.office
@pytest.mark.parametrize("name", ["berita_acara", "notulen", "daftar_hadir"])
def test_pdf_is_a_naskah_dinas(db, official, name, tmp_path):
    body = PDF_WRITERS[name](minutes.assemble(db, official))
    text = pdf_text(body, tmp_path)
    lines = text.splitlines()
    assert lines[:4] == ["KOMISI PEMILIHAN UMUM", "KPU PROVINSI NTB", "Jl. Udayana No. 6, Mataram",
                         "Telp. (0370) 123456"]  # the kop comes first
    assert "Mataram, 4 September 2025" in lines and f"NIP. {HEAD_NIP}" in lines
    assert "Halaman 1 dari" in text
    assert len(page_one_images(body, tmp_path)) == 1  # the logo
    if name == "berita_acara":
        assert f"Nomor: {NUMBER}" in lines
        assert "Dasar:" in lines and "Keputusan KPU Provinsi NTB Nomor 12 Tahun 2025." in text
        assert text.index("Lampiran:") > text.index("Mengetahui,")
    if name == "notulen":
        assert "Notulis : Rina Lestari, S.Sos." in lines
        assert "Rina Lestari, S.Sos." in lines and f"NIP. {NOTULIS_NIP}" in lines
        assert "Penata Muda" in lines and "notulis1" not in text
    if name == "daftar_hadir":  # certified by the unit under the list
        assert text.index("Mengetahui,") > text.index("Jumlah seluruh peserta")


@pytest.mark.office
def test_matriks_pdf_starts_with_the_kop(db, official, tmp_path):
    body = matriks_pdf(minutes.assemble(db, official))
    assert pdf_text(body, tmp_path).splitlines()[:2] == ["KOMISI PEMILIHAN UMUM", "KPU PROVINSI NTB"]
    assert len(page_one_images(body, tmp_path)) == 1


def significant(text):
    """A document's text without whitespace or list numbers (Word separates a number by a tab,
    which is no text; a PDF wraps a long item over lines): what it says, whatever the layout."""
    return "".join(re.sub(r"^\d+\.\s*", "", line.strip()) for line in text.splitlines()).replace(" ", "")


@pytest.mark.office
def test_berita_acara_pdf_and_docx_agree(db, official, tmp_path):
    model = minutes.assemble(db, official)
    word = significant(all_text(docx.Document(io.BytesIO(berita_acara(model)))))
    pdf = significant(pdf_text(berita_acara_pdf(model), tmp_path))
    forum = model["forum"]
    laws = [law + (";" if n < len(forum["legal_basis"]) else ".")
            for n, law in enumerate(forum["legal_basis"], start=1)]
    attached = forum["attachments"]
    shared = [f"Nomor: {NUMBER}", "Mataram, 4 September 2025", "Dr. Lalu Ahmad, S.H.", f"NIP. {HEAD_NIP}",
              "Dasar:", "Lampiran:", *laws, *attached]
    shared = [line.replace(" ", "") for line in shared]
    assert [line for line in shared if line not in word] == []
    assert [line for line in shared if line not in pdf] == []
    assert pdf.index(f"Nomor:{NUMBER}") < pdf.index("Dasar:") < pdf.index("Mengetahui,") < pdf.index("Lampiran:")
    assert word.index(f"Nomor:{NUMBER}") < word.index("Dasar:") < word.index("Mengetahui,") < word.index("Lampiran:")


@pytest.mark.office
def test_notulen_pdf_says_the_organisers_explanation_where_it_was_said(db, official, tmp_path):
    db.execute("UPDATE comments SET created_utc = strftime('%Y-%m-%dT%H:%M:%S+00:00', "
               "'2025-09-04 02:00:00', '+' || id || ' minutes') WHERE forum_id = ?", [official["id"]])
    db.conn.commit()
    record = minutes.assemble(db, official)["running_record"]
    statement, _ = statements.record(db, official, None, speaker="Dr. Lalu Ahmad, S.H.",
                                     position="Ketua KPU Provinsi NTB", client_id="said-1",
                                     text="Prosedur permohonan informasi kini daring.")
    db.execute("UPDATE statements SET created_utc = ? WHERE id = ?",
               [record[1]["created_utc"][:17] + "30+00:00", statement["id"]])
    db.conn.commit()
    text = " ".join(pdf_text(notulen_pdf(minutes.assemble(db, official)), tmp_path).split())
    said = text.index("Penjelasan penyelenggara — Dr. Lalu Ahmad, S.H., Ketua KPU Provinsi NTB "
                      "Prosedur permohonan informasi kini daring.")
    assert text.index(" ".join(record[1]["text"].split())) < said < text.index(" ".join(record[2]["text"].split()))


@pytest.mark.office
def test_hostile_kop_prints_as_text_and_draws_only_the_logo(db, official, tmp_path):
    hostile = '<img src="/etc/passwd"/>'
    units.save(db, "kpu provinsi ntb", {"heading": hostile, "address": '<a href="http://example.org/">x</a>',
                                        "contact": "<b>Telp</b>", "city": "Mataram"},
               user_id=None, logo=logo_png())
    model = minutes.assemble(db, forums.get(db, official["id"]))
    model["forum"]["legal_basis"].append("<font size=40>besar</font>")
    for write in PDF_WRITERS.values():
        body = write(model)
        text = pdf_text(body, tmp_path)
        assert hostile.upper() in text or hostile in text
        assert "<b>Telp</b>" in text
        assert body.count(b"/Subtype /Image") == 1  # the logo, nothing read from a path
        assert b"root:x:0:0" not in body and b"/URI" not in body
    assert "<font size=40>besar</font>." in pdf_text(berita_acara_pdf(model), tmp_path)


def test_workbooks_carry_the_kop_the_closing_signature_and_the_unit_as_author(db, official):
    model = minutes.assemble(db, official)
    for write, title in ((xlsx.daftar_hadir_xlsx, "Daftar Hadir FKP"), (xlsx.matriks_xlsx, "Matriks")):
        book = load_workbook(io.BytesIO(write(model)))
        assert book.properties.creator == "KPU Provinsi NTB" == book.properties.lastModifiedBy
        assert book.properties.title.startswith(title)
        rows = [[v for v in row if v is not None] for row in book.active.iter_rows(values_only=True)]
        assert rows[:4] == [["KOMISI PEMILIHAN UMUM"], ["KPU PROVINSI NTB"], ["Jl. Udayana No. 6, Mataram"],
                            ["Telp. (0370) 123456"]]
        merged = {str(cells) for cells in book.active.merged_cells.ranges}
        last = get_column_letter(book.active.max_column)
        assert {f"A{row}:{last}{row}" for row in range(1, 5)} <= merged  # across the table
    sheet = load_workbook(io.BytesIO(xlsx.daftar_hadir_xlsx(model))).active
    tail = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)][-8:]
    said = [row[0] for row in tail if row][-5:]
    assert said == ["Mataram, 4 September 2025", "Mengetahui,", "Ketua KPU Provinsi NTB",
                    "Dr. Lalu Ahmad, S.H.", f"NIP. {HEAD_NIP}"]


@pytest.mark.office
def test_a_publication_names_the_online_meeting_by_its_platform_only(db, official, tmp_path):
    db["forums"].update(official["id"], {"mode": "online", "online_url": "https://zoom.us/j/123?pwd=rahasia"})
    forum = forums.get(db, official["id"])
    public, staff = minutes.assemble(db, forum, "public"), minutes.assemble(db, forum)
    for write in (notulen_pdf, daftar_hadir_pdf, matriks_pdf):
        text = pdf_text(write(public), tmp_path)
        assert "Zoom" in text and "rahasia" not in text
    assert "Tempat/tautan : https://zoom.us/j/123?pwd=rahasia" in pdf_text(notulen_pdf(staff), tmp_path)
    assert "Tempat/tautan : Zoom" in pdf_text(notulen_pdf(public), tmp_path)


def test_a_wide_logo_fits_its_column_and_a_damaged_one_is_left_out(caplog):
    wide = io.BytesIO()
    Image.new("RGB", (600, 150), (0, 90, 160)).save(wide, "JPEG")
    letterhead = {"heading": "Komisi Pemilihan Umum", "name": "KPU Kota Mataram", "address": "", "contact_line": ""}
    table = layout.kop({"forum": {"kop": {**letterhead, "logo": wide.getvalue()}}})[0]
    logo = table._cellvalues[0][0]
    assert isinstance(logo, Picture) and logo.drawWidth <= 2.4 * cm and logo.drawHeight < 2.2 * cm
    table = layout.kop({"forum": {"kop": {**letterhead, "logo": b"\x89PNG damaged"}}})[0]
    assert table._cellvalues[0][0] == "" and "logo could not be read" in caplog.text


def test_a_finalised_record_keeps_the_letterhead_and_notetaker_it_was_signed_with(db, official):
    """A letterhead changed later, or a note-taker's new position, changes the documents of the
    forums still being written, never those already finalised; unfinalising lets go of it."""
    from fkp.forums import lifecycle
    lifecycle.transition(db, official, "close", None)
    lifecycle.transition(db, forums.get(db, official["id"]), "finalise", None, accept_open=True)
    signed = minutes.assemble(db, forums.get(db, official["id"]))
    units.save(db, "KPU Provinsi NTB", {"heading": "Komisi Pemilihan Umum", "address": "Alamat baru",
                                        "city": "Lombok"}, user_id=None, remove_logo=True)
    notulis = db.execute("SELECT id FROM users WHERE username = 'notulis1'").fetchone()[0]
    users.set_identity(db, notulis, {"full_name": "Rina Lestari, S.Sos.", "position": "Penata",
                                     "nip": ""})
    later = minutes.assemble(db, forums.get(db, official["id"]))
    assert later["forum"]["kop"] == signed["forum"]["kop"]
    assert later["forum"]["kop"]["logo"].startswith(b"\x89PNG")
    assert later["forum"]["place_date"] == "Mataram, 4 September 2025"
    assert later["staff"]["notetaker"] == {"name": "Rina Lestari, S.Sos.", "position": "Penata Muda",
                                           "nip": f"NIP. {NOTULIS_NIP}"}
    lifecycle.transition(db, forums.get(db, official["id"]), "unfinalise", None, reason="Salah NIP.")
    reopened = minutes.assemble(db, forums.get(db, official["id"]))
    assert reopened["forum"]["kop"]["address"] == "Alamat baru" and reopened["forum"]["kop"]["logo"] is None
    assert reopened["staff"]["notetaker"]["position"] == "Penata"
