"""Matriks Masukan dan Tindak Lanjut (XLSX, CSV) and Daftar Hadir (XLSX), read back as an office
opens them: the layout staff work in, the values, no formula anywhere, no contact details
outside the internal attendance list, and a PDF that LibreOffice prints from each workbook."""
import csv
import io
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from fkp.exports import csv as csv_export
from fkp.exports import xlsx
from fkp.exports.cells import sheet_text
from fkp.record import minutes
from fkp.store import migrations
from fkp.store.db import get_db
from fkp.vocabulary import NOTICE_VERSION
from tests.helpers import factories
from tests.helpers.app import skip_or_fail

HEADER = ["No", "Layanan", "Komponen/Topik", "Masukan", "Pemberi masukan", "Unsur", "Tanggapan",
          "Keputusan", "Tindak lanjut", "PIC", "Target", "Status"]
CONTACTS = [factories.PHONE, factories.EMAIL, "0819-PUBLIK", "hasan@example.org"]
HOSTILE_ACTION, HOSTILE_PIC = "=cmd|' /C calc'!A0", "@SUM(1+1)"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # page images to look at


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    """The full record's minutes model, official and internal, and its inputs."""
    app = factories.make_app(tmp_path_factory.mktemp("spreadsheets"))
    with app.app_context():
        db = get_db()
        migrations.migrate(db)
        forum, inputs = factories.full_record(db)
        return {"official": minutes.assemble(db, forum), "inputs": inputs,
                "internal": minutes.assemble(db, forum, audience="internal")}


def sheet(body):
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def matrix_rows(ws):
    """The data rows under the header row (row 6)."""
    return [list(row) for row in ws.iter_rows(min_row=7, values_only=True)]


def workbook_text(body):
    """Every XML part of a workbook as one string: what must not be in the file at all."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith(".xml"))


def test_matriks_title_header_and_office_layout(record):
    ws = sheet(xlsx.matriks_xlsx(record["official"]))
    assert ws.title == "Matriks"
    assert [r[0] for r in values(ws)[:4]] == [
        "KPU PROVINSI NTB", "MATRIKS MASUKAN DAN TINDAK LANJUT FORUM KONSULTASI PUBLIK",
        factories.TITLE, "Kamis, 4 September 2025"]
    assert [c.value for c in ws[6]] == HEADER
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == f"A6:L{6 + len(record['official']['matrix'])}"
    head = ws["D6"]
    assert head.font.b and head.fill.fgColor.rgb.endswith("D9E1F2") and head.border.bottom.style
    data = ws["D7"]
    assert data.alignment.wrap_text and data.alignment.vertical == "top" and data.border.left.style
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"}
    assert all(widths.values()) and widths["D"] > widths["B"] > widths["A"]
    assert ws.row_dimensions[8].height >= 15  # set: LibreOffice does not fit wrapped rows
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$6:$6"


def test_matriks_one_row_per_input_of_the_record(record):
    model, inputs = record["official"], record["inputs"]
    rows = matrix_rows(sheet(xlsx.matriks_xlsx(model)))
    # Eight: the six shown, the one never moderated and the chat's, not yet assigned.
    assert [r[0] for r in rows] == list(range(1, len(model["matrix"]) + 1)) and len(rows) == 8
    by_text = {r[3]: r for r in rows}
    merged = by_text[inputs["approved_info"]["text"]]
    assert merged[1:3] == [factories.SERVICES[0], "Sistem, mekanisme, dan prosedur"]
    assert merged[4] == "Siti Aminah (Lombok Post); Prof. Hasan (Universitas Mataram)"
    assert merged[5] == "Media massa; Ahli / praktisi / akademisi"
    assert merged[6:10] == ["Tanggapan untuk approved_info.", "Diterima",
                            "Membuat formulir daring", "Subbag Teknis"]
    assert merged[10:] == [datetime(2025, 12, 1), "Proses"]
    refused = by_text[inputs["approved_info_2"]["text"]]
    assert refused[7] == "Tidak diterima"
    assert refused[6] == "Tanggapan untuk approved_info_2.\nAlasan: Diatur peraturan KPU."
    assert {r[11] for r in rows} >= {"Proses", "Selesai", "Belum"}
    assert by_text[inputs["approved_data"]["text"]][10] == datetime(2025, 10, 15)
    pending = by_text[inputs["pending"]["text"]]
    assert pending[1:3] + pending[6:8] == [factories.SERVICES[0], "Persyaratan", None,
                                            "Belum diputuskan"]
    chat = by_text["Lewat obrolan."]
    assert chat[1:3] + chat[7:8] == ["(belum ditentukan)", "(belum ditentukan)", "Belum diputuskan"]
    for left_out in ("hidden", "duplicate"):  # hidden; merged into the kept input's row
        assert inputs[left_out]["text"] not in by_text


def test_matriks_target_is_a_sortable_date(record):
    ws = sheet(xlsx.matriks_xlsx(record["official"]))
    target = next(c for c in ws["K"][6:] if c.value)
    assert target.is_date and target.number_format == "dd/mm/yyyy"


def all_workbooks(record):
    return {"matriks": xlsx.matriks_xlsx(record["official"]),
            "matriks internal": xlsx.matriks_xlsx(record["internal"]),
            "daftar hadir": xlsx.daftar_hadir_xlsx(record["official"]),
            "daftar hadir internal": xlsx.daftar_hadir_xlsx(record["internal"])}


def test_no_formula_in_any_workbook(record):
    for name, body in all_workbooks(record).items():
        for row in sheet(body).iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate)
                assert not str(cell.value or "").startswith(("=", "+", "-", "@")), name
        assert "<f>" not in workbook_text(body) and "<f " not in workbook_text(body)
    rows = {r[3]: r for r in matrix_rows(sheet(xlsx.matriks_xlsx(record["official"])))}
    hostile = rows["'" + factories.HOSTILE]
    assert (hostile[8], hostile[9]) == ("'" + HOSTILE_ACTION, "'" + HOSTILE_PIC)


# A unit without a letterhead: its name alone over the table, as minutes.assemble gives it.
NO_KOP = {"heading": "", "name": "KPU", "address": "", "contact_line": ""}


def test_control_character_cannot_uncover_a_formula():
    assert sheet_text("\x00=1+1") == "'=1+1"
    assert sheet_text("\x07@A1\x1f") == "'@A1"
    model = {"forum": {"unit": "KPU", "title": "T", "date_long": "Kamis, 4 September 2025", "kop": NO_KOP},
             "matrix": [{"service_name": "\x01=2+2", "aspect_name": "A", "text": "+62 812",
                         "givers": [], "response": "-", "reason": "", "decision_label": "",
                         "action": "", "note": "", "pic": "", "target_date": None,
                         "followup_label": ""}]}
    row = matrix_rows(sheet(xlsx.matriks_xlsx(model)))[0]
    assert row[1:4] == ["'=2+2", "A", "'+62 812"] and row[6] == "'-"
    assert next(csv.reader(io.StringIO(csv_export.matriks_csv(model).decode("utf-8-sig").split(
        "\n", 1)[1])))[1:4] == ["'=2+2", "A", "'+62 812"]


def test_contact_details_only_in_the_internal_daftar_hadir(record):
    for name, body in all_workbooks(record).items():
        cells = "\n".join(str(v) for row in values(sheet(body)) for v in row if v is not None)
        if name == "daftar hadir internal":
            assert all(contact in cells for contact in CONTACTS)
            assert "INTERNAL — memuat data kontak, jangan dipublikasikan" in cells
        else:
            text = cells + workbook_text(body)
            assert not any(contact in text for contact in CONTACTS), name
            assert "Kontak" not in cells and "INTERNAL" not in text
    for audience in ("official", "internal"):
        body = csv_export.matriks_csv(record[audience]).decode("utf-8-sig")
        assert not any(contact in body for contact in CONTACTS)


def test_daftar_hadir_groups_numbers_and_signature_column(record):
    ws = sheet(xlsx.daftar_hadir_xlsx(record["official"]))
    assert ws.title == "Daftar Hadir"
    rows = values(ws)
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert rows[header_at] == ["No", "Nama", "Instansi", "Jabatan", "Kehadiran", "Tanda tangan"]
    assert ws.freeze_panes == f"A{header_at + 2}"
    at = next(i for i, r in enumerate(rows) if r[0] == "Masyarakat pengguna layanan (2 orang)")
    assert [r[:3] for r in rows[at + 1:at + 3]] == [[1, "Baiq Nurul", "Partai Contoh"],
                                                    [2, "Pak Lisan", "Perorangan"]]
    assert rows[at + 1][5] is None and ws.row_dimensions[at + 2].height >= 30  # room to sign
    assert ws.column_dimensions["F"].width >= 20
    headings = [r[0] for r in rows if isinstance(r[0], str) and r[0].endswith("orang)")]
    assert headings == [
        "Masyarakat pengguna layanan (2 orang)", "Ahli / praktisi / akademisi (1 orang)",
        "Instansi terkait (1 orang)", "Organisasi masyarakat sipil (2 orang)",
        "Media massa (1 orang)", "Unsur belum ditentukan (1 orang)", "Penyelenggara (1 orang)"]
    recap = next(i for i, r in enumerate(rows) if r[0] == "REKAPITULASI KEHADIRAN")
    table_end = next(i for i, r in enumerate(rows) if r[1] == "Jumlah seluruh peserta")
    assert {r[1]: r[4] for r in rows[recap + 1:table_end + 1]} == {
        "Masyarakat pengguna layanan": 2, "Ahli / praktisi / akademisi": 1, "Instansi terkait": 1,
        "Organisasi masyarakat sipil": 2, "Media massa": 1, "Jumlah unsur masyarakat": 7,
        "Unsur belum ditentukan": 1, "Penyelenggara": 1, "Jumlah seluruh peserta": 9}


@pytest.mark.parametrize("document", ["matriks", "daftar_hadir", "daftar_hadir_internal"])
def test_every_workbook_prints_one_page_wide_on_a4_landscape_with_its_header_on_each_page(record, document):
    """Fit to the page's width only (fitToWidth 1, fitToHeight 0): a long sheet runs on over
    pages in legible type instead of shrinking onto one page in 5-point type."""
    write = xlsx.matriks_xlsx if document == "matriks" else xlsx.daftar_hadir_xlsx
    ws = sheet(write(record["internal" if document.endswith("internal") else "official"]))
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    header = next(n for n, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "No")
    assert ws.print_title_rows == f"${header}:${header}"


def test_internal_daftar_hadir_has_contacts_in_their_own_column(record):
    ws = sheet(xlsx.daftar_hadir_xlsx(record["internal"]))
    rows = values(ws)
    header = next(r for r in rows if r[0] == "No")
    assert header == ["No", "Nama", "Instansi", "Jabatan", "Kehadiran", "Kontak",
                      "Versi pemberitahuan privasi", "Tanda tangan"]
    hasan = next(r for r in rows if r[1] == "Prof. Hasan")
    assert hasan[5:7] == ["hasan@example.org", NOTICE_VERSION]  # the proof of his consent
    assert "INTERNAL" in ws.oddHeader.center.text  # on every printed page too


def read_csv(body):
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_matriks_csv_has_the_same_rows_as_the_workbook(record):
    model = record["official"]
    rows = read_csv(csv_export.matriks_csv(model))
    assert rows[0] == HEADER
    as_text = [[str(v.date()) if isinstance(v, datetime) else "" if v is None else str(v)
                for v in row] for row in matrix_rows(sheet(xlsx.matriks_xlsx(model)))]
    assert rows[1:] == as_text
    hostile = next(r for r in rows if "HYPERLINK" in r[3])
    assert hostile[3] == "'" + factories.HOSTILE
    assert (hostile[8], hostile[9]) == ("'" + HOSTILE_ACTION, "'" + HOSTILE_PIC)
    merged = next(r for r in rows if "Siti Aminah" in r[4])
    assert "Prof. Hasan" in merged[4] and merged[10:] == ["2025-12-01", "Proses"]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_many_rows_keep_the_filter_and_numbering():
    item = {"service_name": "Layanan", "aspect_name": "Persyaratan", "text": "Masukan " * 20,
            "givers": [{"name": "A", "institution": "B", "group_label": "Media massa"}],
            "response": "Ya", "reason": "", "decision_label": "Diterima", "action": "",
            "note": "", "pic": "", "target_date": "2025-12-01", "followup_label": "Belum"}
    model = {"forum": {"unit": "KPU", "title": "T", "date_long": "-", "kop": NO_KOP}, "matrix": [item] * 2000}
    ws = sheet(xlsx.matriks_xlsx(model))
    assert ws.auto_filter.ref == "A6:L2006" and ws["A2006"].value == 2000
    assert len(read_csv(csv_export.matriks_csv(model))) == 2001


def calc_missing(soffice):
    """LibreOffice without Calc (Debian's writer-only install) cannot open a workbook."""
    program = Path(soffice).resolve().parent
    return program.name == "program" and not any(program.glob("*sclo*"))


@pytest.mark.parametrize("name, audience, build", [
    ("matriks", "official", xlsx.matriks_xlsx),
    ("daftar-hadir", "official", xlsx.daftar_hadir_xlsx),
    ("daftar-hadir-internal", "internal", xlsx.daftar_hadir_xlsx)])
@pytest.mark.office
def test_libreoffice_prints_the_workbooks(record, tmp_path, name, audience, build):
    soffice = shutil.which("soffice")
    if not soffice:
        skip_or_fail("LibreOffice (soffice) is not installed: XLSX-to-PDF printing not checked")
    if calc_missing(soffice):
        skip_or_fail("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)")
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(build(record[audience]))
    # A private profile: parallel runs sharing the default one block each other.
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, timeout=60,
                                       capture_output=True, text=True).stdout.split())
        assert factories.TITLE in text and "Halaman 1 dari" in text
        assert ("MATRIKS MASUKAN" if name == "matriks" else "Tanda tangan") in text
    if shutil.which("pdftoppm"):  # the first page, for people to look at
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(ARTIFACTS / f"sheet-{name}")], check=True, timeout=60)
