"""Berita Acara DOCX and inputs CSV, read back as staff would open them."""
import csv
import io
import os
import shutil
import subprocess
import zipfile

import docx
import pytest

import factories
from fkp import db as fkp_db, forums, migrations, minutes
from fkp.exports import csv as csv_export, docx as docx_export
from fkp.exports.cells import neutralise, xml_safe

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def db(tmp_path):
    app = factories.make_app(tmp_path)
    with app.app_context():
        database = fkp_db.get_db()
        migrations.migrate(database)
        yield database


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


def paragraphs(body):
    return [p.text for p in docx.Document(io.BytesIO(body)).paragraphs]


def xml_text(body):
    """Every XML part of the DOCX, as one string, to search for what must not be there."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith((".xml", ".rels")))


def service_section(texts, index):
    """The paragraphs under the index-th service heading of the inputs part."""
    start = texts.index("Masukan peserta yang disampaikan dalam forum:")
    headings = [i for i, t in enumerate(texts)
                if i > start and t.split("\t")[-1] in factories.SERVICES]
    end = headings[index + 1] if index + 1 < len(headings) else texts.index(
        "Kesimpulan dan kesepakatan:")
    assert texts[headings[index]].endswith(factories.SERVICES[index])
    return "\n".join(texts[headings[index]:end])


def unique_cells(table):
    seen, cells = set(), []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
    return cells


def test_docx_opening_heading_and_scope(built):
    _forum, _inputs, model = built
    texts = paragraphs(docx_export.berita_acara(model))
    assert texts[:3] == [
        "KPU PROVINSI NTB", "BERITA ACARA FORUM KONSULTASI PUBLIK", factories.TITLE]
    assert texts[3].startswith("Nomor:")
    opening = next(t for t in texts if t.startswith("Pada "))
    assert ("Pada hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima, pukul "
            "09.00, bertempat di Kantor KPU Provinsi NTB, Mataram, telah dilaksanakan") in opening
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


def test_docx_approved_inputs_under_their_service_only(built):
    _forum, inputs, model = built
    body = docx_export.berita_acara(model)
    texts = paragraphs(body)
    info, complaints, data = (service_section(texts, i) for i in range(3))
    assert inputs["approved_info"]["text"] in info and inputs["approved_info_2"]["text"] in info
    assert "Saran/masukan dari Siti Aminah, Lombok Post (Media massa)" in info
    assert info.index("Persyaratan") < info.index("Sistem, mekanisme, dan prosedur")
    assert inputs["approved_data"]["text"] in data and inputs["approved_data"]["text"] not in info
    assert "Made Wirawan, JPPR NTB (Organisasi masyarakat sipil)" in data
    assert SCRIPT in complaints  # approved, shown as the plain text it is
    whole = xml_text(body)
    for hidden in ("pending", "hidden", "formula"):
        assert inputs[hidden]["text"] not in whole
    assert "HYPERLINK" not in whole


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


def test_csv_lists_every_input_with_status(built):
    _forum, inputs, model = built
    rows = read_csv(csv_export.comments_csv(model))
    assert rows[0] == ["No", "Layanan", "Aspek", "Jenis", "Masukan", "Nama", "Instansi", "Unsur",
                       "Kanal", "Status", "Waktu (UTC)"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]
    by_text = {r[4]: r for r in rows[1:]}
    assert by_text[inputs["pending"]["text"]][9] == "Menunggu"
    assert by_text[inputs["hidden"]["text"]][9] == "Disembunyikan"
    first = rows[1]
    assert first[1:10] == [factories.SERVICES[0], "Sistem, Mekanisme dan Prosedur",
                           "Saran/masukan", inputs["approved_info"]["text"], "Siti Aminah",
                           "Lombok Post", "Media massa", "Ponsel", "Ditampilkan"]


def test_csv_neutralises_formulas(built):
    rows = read_csv(csv_export.comments_csv(built[2]))
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


def test_libreoffice_turns_the_docx_into_a_pdf(built, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        message = "LibreOffice (soffice) is not installed: DOCX-to-PDF conversion not checked"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    source = tmp_path / "berita-acara.docx"
    source.write_bytes(docx_export.berita_acara(built[2]))
    # A private profile: parallel runs sharing the default one block each other.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    pdf = tmp_path / "berita-acara.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True, timeout=60).stdout
        assert factories.TITLE in " ".join(text.split())
