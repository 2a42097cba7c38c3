"""Berita Acara DOCX and inputs CSV, read back as staff would open them."""
import csv
import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from fkp.exports import csv as csv_export
from fkp.exports.cells import neutralise, xml_safe
from fkp.exports.docx import berita_acara as docx_export
from fkp.forums import forums
from fkp.record import minutes
from tests.helpers import factories
from tests.helpers.documents import CONTACTS, document_xml, render_first_page, unique_cells, xml_text

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def built(db):
    """(forum, inputs, model) of the shared scenario plus hostile attendee text."""
    forum, inputs = factories.scenario(db)
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    hacker = factories.join(db, forum, "@SUM(1+1)", "expert", institution="-2+3 Lab")
    inputs["script"] = factories.say(db, forum, hacker, services[1], aspects[3], SCRIPT)
    inputs["formula"] = factories.say(db, forum, hacker, services[1], aspects[3], FORMULA,
                                      status="pending")
    return forum, inputs, minutes.assemble(db, forums.get(db, forum["id"]))


NUMBER = "012/PP.06-BA/52/Prov/IX/2025"


@pytest.fixture
def full(db):
    """(forum, inputs, model) of factories.full_record with a berita acara number."""
    forum, inputs = factories.full_record(db)
    db.execute("UPDATE forums SET number = ? WHERE id = ?", [NUMBER, forum["id"]])
    db.conn.commit()
    return forum, inputs, minutes.assemble(db, forums.get(db, forum["id"]))


def paragraphs(body):
    return [p.text for p in docx.Document(io.BytesIO(body)).paragraphs]


def service_section(texts, index):
    """The paragraphs under the index-th service heading of the inputs part."""
    start = texts.index("Masukan peserta yang disampaikan dalam forum:")
    headings = [i for i, t in enumerate(texts)
                if i > start and t.split("\t")[-1] in [*factories.SERVICES, minutes.UNASSIGNED]]
    end = headings[index + 1] if index + 1 < len(headings) else texts.index(
        "Kesimpulan dan kesepakatan:")
    assert texts[headings[index]].endswith(factories.SERVICES[index])
    return "\n".join(texts[headings[index]:end])


def test_docx_opening_heading_and_scope(built):
    _forum, _inputs, model = built
    texts = paragraphs(docx_export.berita_acara(model))
    # The letterhead (no kop set: the unit's name over its double rule), then the title.
    assert texts[:4] == [
        "KPU PROVINSI NTB", "", "BERITA ACARA FORUM KONSULTASI PUBLIK", factories.TITLE]
    assert texts[4].startswith("Nomor:")
    assert texts[5] == "Dasar:"
    opening = next(t for t in texts if t.startswith("Pada "))
    assert ("Pada hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima, pukul "
            "09.00 WITA s.d. selesai, bertempat di Kantor KPU Provinsi NTB, Mataram, "
            "telah dilaksanakan") in opening
    assert "oleh KPU Provinsi NTB" in opening
    for number, name in enumerate(factories.SERVICES, start=1):
        assert f"{number}.\t{name}" in texts
    assert "2.\tSistem, mekanisme, dan prosedur" in texts
    assert "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya." in texts


def test_docx_online_forum_gives_the_link(db):
    forum = factories.forum(db, mode="online", place="", online_url="https://zoom.us/j/987")
    texts = paragraphs(docx_export.berita_acara(minutes.assemble(db, forum)))
    opening = next(t for t in texts if t.startswith("Pada "))
    assert "secara daring melalui https://zoom.us/j/987" in opening
    assert "bertempat" not in opening


def test_docx_record_inputs_under_their_service_only(built):
    """Every input but the hidden one, shown on the projector or not (the record is not what
    the projector showed); input never moderated is there, undecided."""
    _forum, inputs, model = built
    body = docx_export.berita_acara(model)
    texts = paragraphs(body)
    info, complaints, data = (service_section(texts, i) for i in range(3))
    assert inputs["approved_info"]["text"] in info and inputs["approved_info_2"]["text"] in info
    assert (f"{inputs['pending']['text']}\nSaran/masukan dari Ahmad Fauzi, Bakesbangpol NTB "
            "(Instansi terkait)\nKeputusan: Belum diputuskan") in info
    assert "Saran/masukan dari Siti Aminah, Lombok Post (Media massa)" in info
    assert info.index("Persyaratan") < info.index("Sistem, mekanisme, dan prosedur")
    assert inputs["approved_data"]["text"] in data and inputs["approved_data"]["text"] not in info
    assert "Made Wirawan, JPPR NTB (Organisasi masyarakat sipil)" in data
    assert SCRIPT in complaints  # approved, shown as the plain text it is
    assert FORMULA in complaints  # never moderated, in the record as the plain text it is
    assert inputs["hidden"]["text"] not in xml_text(body)


def test_docx_service_without_input_says_so(db):
    forum = factories.forum(db)
    texts = paragraphs(docx_export.berita_acara(minutes.assemble(db, forum)))
    for index in range(3):
        assert "Tidak ada masukan." in service_section(texts, index)


def test_docx_attendance_table(built):
    _forum, _inputs, model = built
    document = docx.Document(io.BytesIO(docx_export.berita_acara(model)))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Unsur")
    assert [c.text for c in table.rows[0].cells] == ["No", "Unsur", "Jumlah"]
    assert table.style.name == "Table Grid"
    rows = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert rows == {"Masyarakat pengguna layanan": "1", "Ahli / praktisi / akademisi": "1",
                    "Instansi terkait": "1", "Organisasi masyarakat sipil": "1",
                    "Media massa": "1", "Jumlah unsur masyarakat": "5", "Penyelenggara": "1",
                    "Jumlah seluruh peserta": "6"}
    assert "Peserta yang hadir berjumlah 6 (enam) orang dengan rincian:" in [
        p.text for p in document.paragraphs]


def test_docx_one_signature_per_unsur_present_and_the_head(db):
    forum, _inputs = factories.scenario(db)
    document = docx.Document(io.BytesIO(docx_export.berita_acara(minutes.assemble(db, forum))))
    cells = [c.text for c in unique_cells(document.tables[-1]) if c.text.strip()]
    reps = [c for c in cells if c.startswith("Perwakilan")]
    assert reps == [f"Perwakilan\n{label}\n(..............................)" for label in (
        "Masyarakat pengguna layanan", "Instansi terkait", "Organisasi masyarakat sipil",
        "Media massa")]
    heads = [c for c in cells if "Mengetahui" in c]
    assert heads == ["Mengetahui,\nKetua KPU Provinsi NTB\nDr. Lalu Ahmad, S.H."]
    assert len(cells) == 5


def test_docx_without_head_name_leaves_a_line_to_sign(db):
    forum = factories.forum(db, head_name="", head_position="")
    document = docx.Document(io.BytesIO(docx_export.berita_acara(minutes.assemble(db, forum))))
    (head,) = [c.text for c in unique_cells(document.tables[-1]) if c.text.strip()]
    assert head.endswith("(..............................)")


def test_docx_page_is_a4_with_margins(built):
    document = docx.Document(io.BytesIO(docx_export.berita_acara(built[2])))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.5
    assert document.styles["Normal"].font.name == "Arial"


def test_no_contact_details_in_any_export(built):
    _forum, _inputs, model = built
    outputs = [xml_text(docx_export.berita_acara(model)),
               csv_export.comments_csv(model).decode("utf-8-sig")]
    for output in outputs:
        assert factories.PHONE not in output
        assert factories.EMAIL not in output


def test_attendee_markup_is_escaped_in_docx_xml(built):
    whole = xml_text(docx_export.berita_acara(built[2]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in whole
    assert "<script>" not in whole


def test_control_characters_do_not_break_the_docx(db):
    forum = factories.forum(db)
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    person = factories.join(db, forum, "Nama\x00Rusak\x1b", "media", institution="Pers\x0bNTB")
    factories.say(db, forum, person, services[0], aspects[0], "awal\x00\x07\x0c tengah\nakhir\x1f")
    model = minutes.assemble(db, forum)
    texts = paragraphs(docx_export.berita_acara(model))
    assert "awal tengah\nakhir" in "\n".join(texts)
    assert "NamaRusak, PersNTB (Media massa)" in "\n".join(texts)
    assert csv_export.comments_csv(model)  # the CSV keeps the record as stored


def read_csv(body):
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def internal(db, forum):
    """The inputs CSV is laid out from the internal model: the staff's own list of every input."""
    return minutes.assemble(db, forums.get(db, forum["id"]), "internal")


def test_csv_lists_every_input_with_status(db, built):
    forum, inputs, _model = built
    rows = read_csv(csv_export.comments_csv(internal(db, forum)))
    assert rows[0] == ["No", "Layanan", "Aspek", "Jenis", "Masukan", "Nama", "Instansi", "Unsur",
                       "Kanal", "Status", "Waktu (WITA)"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]
    by_text = {r[4]: r for r in rows[1:]}
    assert by_text[inputs["pending"]["text"]][9] == "Menunggu"
    assert by_text[inputs["hidden"]["text"]][9] == "Disembunyikan"
    first = rows[1]
    assert first[1:10] == [factories.SERVICES[0], "Sistem, Mekanisme dan Prosedur",
                           "Saran/masukan", inputs["approved_info"]["text"], "Siti Aminah",
                           "Lombok Post", "Media massa", "Ponsel", "Ditampilkan"]


@pytest.mark.parametrize("zone, shown", [("WIB", "2025-09-04 12:30:00"), ("WITA", "2025-09-04 13:30:00"),
                                         ("WIT", "2025-09-04 14:30:00")])
def test_csv_times_are_in_the_forums_time_zone_named_in_the_header(db, built, zone, shown):
    forum = built[0]
    db.execute("UPDATE comments SET created_utc = '2025-09-04T05:30:00+00:00' WHERE forum_id = ?", [forum["id"]])
    db.execute("UPDATE forums SET time_zone = ? WHERE id = ?", [zone, forum["id"]])
    db.conn.commit()
    rows = read_csv(csv_export.comments_csv(internal(db, forum)))
    assert rows[0][-1] == f"Waktu ({zone})"
    assert {r[-1] for r in rows[1:]} == {shown}


def test_csv_neutralises_formulas(db, built):
    rows = read_csv(csv_export.comments_csv(internal(db, built[0])))
    formula = next(r for r in rows if "HYPERLINK" in r[4])
    assert formula[4] == "'" + FORMULA
    assert (formula[5], formula[6]) == ("'@SUM(1+1)", "'-2+3 Lab")
    script = next(r for r in rows if "script" in r[4])
    assert script[4] == SCRIPT  # not a formula: left exactly as written


@pytest.mark.parametrize("cell, safe", [
    ("=1+1", "'=1+1"), ("+62812", "'+62812"), ("-5", "'-5"), ("@A1", "'@A1"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (None, ""), (7, "7"),
])
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def test_xml_safe():
    assert xml_safe("a\x00b\x08c\x0bd\x0ce\x1ff\tg\nh\ri") == "abcdef\tg\nh\ri"
    assert xml_safe(None) == ""


@pytest.mark.office
def test_libreoffice_turns_the_docx_into_a_pdf(built, tmp_path):
    pdf, ink = render_first_page(docx_export.berita_acara(built[2]), tmp_path, "berita-acara")
    assert ink > 0.005, f"the first page looks blank ({ink:.2%} dark pixels)"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True, timeout=60).stdout
        assert factories.TITLE in " ".join(text.split())


def test_full_record_berita_acara_renders_a_page_with_ink(full, tmp_path):
    _forum, _inputs, model = full
    _pdf, ink = render_first_page(docx_export.berita_acara(model), tmp_path, "ba-full")
    assert ink > 0.005, f"the first page looks blank ({ink:.2%} dark pixels)"


def test_full_record_number_decisions_and_givers(full):
    _forum, inputs, model = full
    texts = paragraphs(docx_export.berita_acara(model))
    assert texts[4] == f"Nomor: {NUMBER}"
    info, complaints, data = (service_section(texts, i) for i in range(3))
    assert ("Keputusan: Diterima — Tanggapan untuk approved_info." in info)
    assert ("Keputusan: Tidak diterima — Tanggapan untuk approved_info_2. "
            "(Alasan: Diatur peraturan KPU.)") in info
    # The merged duplicate is not listed again; its giver is credited on the kept input.
    assert inputs["duplicate"]["text"] not in info
    assert ("Saran/masukan dari Siti Aminah, Lombok Post (Media massa); Prof. Hasan, "
            "Universitas Mataram (Ahli / praktisi / akademisi)") in info
    assert "Keputusan: Sudah sesuai/dijelaskan — Tanggapan untuk named." in complaints
    assert "Keputusan: Diterima sebagian — Tanggapan untuk approved_data." in data
    # The spoken input has no decision yet, and the record says so.
    spoken = next(t for t in texts if inputs["spoken"]["text"] in t)
    assert spoken.endswith("Saran/masukan dari Pak Lisan, Perorangan (Masyarakat pengguna layanan)"
                           "\nKeputusan: Belum diputuskan")


def test_full_record_per_service_summary_and_conclusions(full):
    texts = paragraphs(docx_export.berita_acara(full[2]))
    info, complaints, data = (service_section(texts, i) for i in range(3))
    assert "Ringkasan keputusan: 1 Diterima, 1 Tidak diterima, 1 Belum diputuskan" in info
    assert "Ringkasan keputusan: 1 Diterima, 1 Sudah sesuai/dijelaskan" in complaints
    assert "Ringkasan keputusan: 1 Diterima sebagian, 1 Belum diputuskan" in data
    assert "Kesimpulan: Formulir daring disepakati." in info
    assert "Kesimpulan:" not in complaints and "Kesimpulan:" not in data
    at = texts.index("Kesimpulan dan kesepakatan:")
    assert texts[at + 1] == "Standar pelayanan disempurnakan sesuai masukan."
    assert not any(t.startswith("1.\t....") for t in texts)  # no lines to fill in by hand


def test_without_conclusion_lines_are_left_to_write_on(built):
    texts = paragraphs(docx_export.berita_acara(built[2]))
    at = texts.index("Kesimpulan dan kesepakatan:")
    assert texts[at + 1:at + 4] == [f"{n}.\t{'.' * 110}" for n in (1, 2, 3)]
    assert not any("Ringkasan keputusan" in t and "Diterima" in t for t in texts)


def test_full_record_signatories_named_others_dotted(full):
    document = docx.Document(io.BytesIO(docx_export.berita_acara(full[2])))
    table = document.tables[-1]
    cells = [c.text for c in unique_cells(table) if c.text.strip()]
    dotted = "(..............................)"
    assert cells == [
        f"Perwakilan\nMasyarakat pengguna layanan\n{dotted}",
        f"Perwakilan\nAhli / praktisi / akademisi\n{dotted}",
        f"Perwakilan\nInstansi terkait\n{dotted}",
        "Perwakilan\nOrganisasi masyarakat sipil\nMade Wirawan\nJPPR NTB",
        "Perwakilan\nMedia massa\nSiti Aminah\nLombok Post",
        "Mengetahui,\nKetua KPU Provinsi NTB\nDr. Lalu Ahmad, S.H."]
    names = [r for c in unique_cells(table) for p in c.paragraphs for r in p.runs
             if r.text in ("Made Wirawan", "Siti Aminah")]
    assert [r.bold for r in names] == [True, True]
    # One page: every paragraph above the head's row keeps with the next, rows never split,
    # and the closing sentence keeps with the table.
    for row in table.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    closing = next(p for p in document.paragraphs if p.text.startswith("Demikian"))
    assert closing.paragraph_format.keep_with_next


def test_full_record_has_no_contact_details_and_inert_hostile_text(full):
    body = docx_export.berita_acara(full[2])
    whole = xml_text(body)
    for contact in CONTACTS:
        assert contact not in whole
    assert factories.HOSTILE in "\n".join(paragraphs(body))  # shown as the text it is
    document = document_xml(body)
    for active in ("<w:instrText", "<w:fldSimple", "<w:hyperlink", "<w:fldChar"):
        assert active not in document  # no field or link was made of the text


def test_docx_of_a_large_forum_counts_inputs_per_component(db, monkeypatch):
    # Beyond LISTED_IN_BERITA_ACARA inputs the berita acara counts them per component and
    # decision and points to the Matriks; the threshold is lowered so the record stays small.
    monkeypatch.setattr(minutes, "LISTED_IN_BERITA_ACARA", 2)
    forum, inputs = factories.full_record(db)
    model = minutes.assemble(db, forums.get(db, forum["id"]))
    assert not model["berita_acara_lists_inputs"]
    document = docx.Document(io.BytesIO(docx_export.berita_acara(model)))
    texts = [p.text for p in document.paragraphs]
    total = len(model["matrix"])
    assert any(t.startswith(f"Sebanyak {total} (") and "Matriks Masukan dan Tindak Lanjut yang "
               "terlampir" in t for t in texts)
    assert inputs["approved_info"]["text"] not in xml_text(docx_export.berita_acara(model))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Komponen"]
    blocks = [b for b in model["record"] if b["aspects"]]
    assert len(tables) == len(blocks) > 0
    for table, block in zip(tables, blocks):
        assert [c.text.replace("\u200b", "") for c in table.rows[0].cells] == [
            "Komponen", "Jumlah", "Diterima", "Diterima sebagian", "Tidak diterima",
            "Sudah sesuai/dijelaskan", "Belum diputuskan"]
        for row, group in zip(table.rows[1:], block["aspects"]):
            cells = [c.text for c in row.cells]
            assert cells[0] == group["aspect"]["name"]
            assert int(cells[1]) == len(group["inputs"]) == sum(int(n) for n in cells[2:])
    assert sum(int(r.cells[1].text) for t in tables for r in t.rows[1:]) == total


def test_the_berita_acara_lists_the_improvements_promised_with_who_and_by_when(full, tmp_path):
    """"Janji perbaikan": every accepted or partly accepted input, its action, who and by when,
    in the Word and the PDF Berita Acara; a not accepted one is no promise."""
    from fkp.exports.pdf.berita_acara import berita_acara_pdf
    from tests.helpers.documents import pdf_text
    _forum, _inputs, model = full
    promised = {p["promise"]: p for p in model["promises"]}
    assert promised["Membuat formulir daring"]["target"] == "1 Desember 2025"
    assert promised["Pendataan bertahap"]["pic"] == "Divisi Data"
    assert all(p["decision_label"] in ("Diterima", "Diterima sebagian") for p in model["promises"])
    body = docx_export.berita_acara(model)
    table = next(t for t in docx.Document(io.BytesIO(body)).tables
                 if t.rows[0].cells[2].text == "Perbaikan yang dijanjikan")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert ["1.", rows[0][1], "Membuat formulir daring (Diterima)", "Subbag Teknis", "1 Desember 2025"] in rows
    assert any(r[2] == "Pendataan bertahap (Diterima sebagian)" and r[4] == "15 Oktober 2025" for r in rows)
    assert len(rows) == len(model["promises"])
    flat = " ".join(pdf_text(berita_acara_pdf(model), tmp_path).split())
    assert "Janji perbaikan pelayanan:" in flat and "Membuat formulir daring (Diterima)" in flat
    assert "Subbag Teknis" in flat and "1 Desember 2025" in flat


def test_without_an_accepted_input_there_is_no_promise_section(built):
    _forum, _inputs, model = built
    assert model["promises"] == []
    assert "Janji perbaikan pelayanan:" not in "\n".join(paragraphs(docx_export.berita_acara(model)))


def test_a_forum_with_more_promises_than_a_berita_acara_lists_refers_to_the_matriks(full):
    _forum, _inputs, model = full
    many = dict(model, promises=model["promises"] * (minutes.LISTED_IN_BERITA_ACARA + 1))
    text = "\n".join(paragraphs(docx_export.berita_acara(many)))
    assert "tercantum dalam Matriks Masukan dan Tindak Lanjut yang terlampir" in text
    assert not [t for t in docx.Document(io.BytesIO(docx_export.berita_acara(many))).tables
                if t.rows[0].cells[2].text == "Perbaikan yang dijanjikan"]
