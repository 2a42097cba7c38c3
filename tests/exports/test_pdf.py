"""The PDF documents (ReportLab), read back with poppler as a reader would: text, pages, pixels."""
import copy
import logging
import re
import shutil
import subprocess

import pytest
from PIL import Image

from fkp.exports.pdf import berita_acara, daftar_hadir, ink, layout, matriks, notulen
from fkp.exports.pdf.grid import Grid
from fkp.forums import forums
from fkp.language.wording import number_words
from fkp.record import minutes
from fkp.store import migrations
from fkp.store.db import get_db
from fkp.vocabulary import NOTICE_VERSION
from tests.helpers import factories
from tests.helpers.app import skip_or_fail

pytestmark = pytest.mark.office

SCRIPT = "<script>alert(1)</script>"
ONERROR = "<img src=x onerror=alert(1)>"
REMOTE = '<img src="http://example.org/x.png">'
LOCAL = '<img src="/etc/passwd"/>'  # ReportLab's Paragraph markup would read a local file
LINK = '<a href="http://example.org/">klik</a>'
CONTROL = "awal\x00\x07\x0c tengah\x1b akhir"
CONTACTS = [factories.PHONE, factories.EMAIL, "0819-PUBLIK", "hasan@example.org"]
WRITERS = {"berita_acara": berita_acara.berita_acara_pdf, "notulen": notulen.notulen_pdf,
           "matriks": matriks.matriks_pdf, "daftar_hadir": daftar_hadir.daftar_hadir_pdf}


def squeeze(text):
    """Text without any whitespace: a phrase wrapped inside a narrow cell still matches."""
    return "".join(text.split())


def poppler(tool, *args):
    if not shutil.which(tool):
        skip_or_fail(f"poppler's {tool} is not installed: PDF output not checked")
    return subprocess.run([tool, *args], check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    """(official model, internal model, inputs) of the full record, plus a model of an open
    forum whose attendee typed markup and a remote image."""
    tmp = tmp_path_factory.mktemp("pdf")
    with factories.make_app(tmp).app_context():
        db = get_db()
        migrations.migrate(db)
        forum, inputs = factories.full_record(db)
        hostile = factories.forum(db, title="Forum dengan masukan berbahaya")
        service, aspect = forums.services(db, hostile["id"])[0], forums.aspects(db, hostile["id"])[0]
        person = factories.join(db, hostile, "<b>Tebal</b>", "media", institution=LOCAL)
        for text in (SCRIPT, ONERROR, REMOTE, CONTROL, LOCAL, LINK):
            factories.say(db, hostile, person, service, aspect, text)
        return {"official": minutes.assemble(db, forum),
                "internal": minutes.assemble(db, forum, audience="internal"),
                "hostile": minutes.assemble(db, hostile), "inputs": inputs}


@pytest.fixture(scope="module")
def docs(record):
    """name -> PDF bytes: the four documents, the internal list, and the hostile forum's."""
    built = {name: write(record["official"]) for name, write in WRITERS.items()}
    built["daftar_hadir_internal"] = daftar_hadir.daftar_hadir_pdf(record["internal"])
    built.update({f"hostile_{name}": write(record["hostile"]) for name, write in WRITERS.items()})
    return built


def text_of(body, tmp_path, modes=("-layout", "-raw")):
    """Layout text then raw (content-order) text, in which table cells read whole."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    return "\f".join(poppler("pdftotext", mode, str(path), "-").stdout.decode() for mode in modes)


def assert_shows(text, *phrases):
    for phrase in phrases:
        assert squeeze(phrase) in squeeze(text), phrase


@pytest.mark.parametrize("name", ["berita_acara", "notulen", "matriks", "daftar_hadir",
                                  "daftar_hadir_internal"])
def test_every_document_is_a_real_pdf_with_ink_and_page_numbers(docs, name, tmp_path):
    body = docs[name]
    assert body.startswith(b"%PDF")
    text = text_of(body, tmp_path)
    assert_shows(text, factories.TITLE, "KPU PROVINSI NTB", "Halaman 1 dari")
    path = tmp_path / "doc.pdf"
    poppler("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p"))
    (png,) = tmp_path.glob("p*.png")
    histogram = Image.open(png).convert("L").histogram()
    assert sum(histogram[:128]) / sum(histogram) > 0.005  # not a blank page


def test_berita_acara(docs, record, tmp_path):
    text = text_of(docs["berita_acara"], tmp_path)
    inputs = record["inputs"]
    assert_shows(text, "BERITA ACARA FORUM KONSULTASI PUBLIK", "Nomor: .....",
                 "Pada hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima, "
                 "pukul 09.00 WITA s.d. selesai, bertempat di Kantor KPU Provinsi NTB, Mataram, "
                 "telah dilaksanakan "
                 "Forum Konsultasi Publik", "2. Sistem, mekanisme, dan prosedur",
                 "Peserta yang hadir berjumlah 9 (sembilan) orang", "Jumlah unsur masyarakat 7",
                 "Unsur belum ditentukan 1",
                 "Siti Aminah, Lombok Post (Media massa); Prof. Hasan, Universitas Mataram",
                 "Keputusan: Tidak diterima", "Alasan: Diatur peraturan KPU.",
                 "Rekapitulasi keputusan: Diterima 1; Tidak diterima 1; Belum diputuskan 1.",
                 "Kesimpulan untuk layanan ini: Formulir daring disepakati.",
                 "Kesimpulan dan kesepakatan:", "Standar pelayanan disempurnakan sesuai masukan.",
                 "Ketua KPU Provinsi NTB", "Dr. Lalu Ahmad, S.H.")
    for key in ("approved_info", "approved_info_2", "approved_data", "named", "hostile"):
        assert_shows(text, inputs[key]["text"], f"Tanggapan untuk {key}.")
    assert_shows(text, inputs["spoken"]["text"], "Keputusan: Belum diputuskan")
    # Never moderated, or from the chat with no service yet: in the record all the same.
    assert_shows(text, inputs["pending"]["text"], "(belum ditentukan)", "Lewat obrolan.")
    for key in ("hidden", "duplicate"):  # hidden; folded into the input it was merged into
        assert squeeze(inputs[key]["text"]) not in squeeze(text)
    # The closing sentence and every signature share one page.
    pages = text_of(docs["berita_acara"], tmp_path, ("-layout",)).split("\f")
    (page,) = [p for p in pages if "Mengetahui," in p and "Demikian" in p]
    assert page.count("Perwakilan") == len(record["official"]["signatories"]) == 5
    assert_shows(page, "Made Wirawan", "JPPR NTB", "Siti Aminah", "Lombok Post")


def test_notulen_records_every_input_in_order(docs, record, tmp_path):
    text = text_of(docs["notulen"], tmp_path, ("-raw",))
    inputs = record["inputs"]
    assert_shows(text, "NOTULEN FORUM KONSULTASI PUBLIK", "Kamis, 4 September 2025",
                 "09.00 WITA s.d. selesai", "Tatap muka", "Notulis : Dewi Notulis", "WITA ·",
                 "Menunggu", f"digabung ke #{inputs['approved_info']['id']}",
                 "1 (satu) masukan yang disembunyikan moderator tidak dicantumkan.",
                 "Keputusan: Diterima sebagian", "Formulir daring disepakati.",
                 "Standar pelayanan disempurnakan sesuai masukan.", "Lewat obrolan.",
                 "Waktu dalam WITA.")  # the zone the times are printed in, not UTC
    assert squeeze(inputs["hidden"]["text"]) not in squeeze(text)
    said = [squeeze(item["text"]) for item in record["official"]["running_record"]]
    assert len(said) == 9
    positions = [squeeze(text).index(s) for s in said]
    assert positions == sorted(positions)
    assert squeeze(text).rindex("DewiNotulis") > positions[-1]  # the note-taker signs last


def test_matriks_is_landscape_with_one_row_per_input_of_the_record(docs, record, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(docs["matriks"])
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", poppler("pdfinfo", str(path)).stdout.decode())
    assert float(size[1]) > float(size[2])
    text = text_of(docs["matriks"], tmp_path)
    assert_shows(text, "No Layanan Komponen/ Topik Masukan Pemberi masukan Unsur Tanggapan "
                 "Keputusan Tindak lanjut PIC Target Status", "Subbag Teknis", "Divisi Data",
                 "1 Desember 2025", "Proses", "Selesai", "Tidak diterima", factories.HOSTILE,
                 "=cmd|' /C calc'!A0", "Prof. Hasan, Universitas Mataram", "Pertuni NTB")
    assert len(record["official"]["matrix"]) == 8
    rows = re.findall(r"^(\d+) (?:Layanan|\(belum)", text_of(docs["matriks"], tmp_path, ("-raw",)), re.M)
    assert rows == [str(n) for n in range(1, 9)]
    assert_shows(text, record["inputs"]["pending"]["text"], "Lewat obrolan.")
    assert squeeze(record["inputs"]["hidden"]["text"]) not in squeeze(text)


def test_daftar_hadir_lists_people_per_unsur_with_room_to_sign(docs, tmp_path):
    text = text_of(docs["daftar_hadir"], tmp_path)
    assert_shows(text, "DAFTAR HADIR FORUM KONSULTASI PUBLIK", "Tanda tangan", "Kehadiran",
                 "A. Unsur Masyarakat pengguna layanan (2 orang)", "Baiq Nurul", "Pak Lisan",
                 "Unsur belum ditentukan (1 orang)", "Peserta Zoom",
                 "Penyelenggara (1 orang)", "Nina Staf", "Jumlah seluruh peserta 9")
    assert "Kontak" not in text and "INTERNAL" not in text
    internal = text_of(docs["daftar_hadir_internal"], tmp_path)
    assert_shows(internal, "INTERNAL — memuat data kontak, jangan dipublikasikan", "Kontak", *CONTACTS,
                 f"Pemberitahuan privasi: {NOTICE_VERSION}")


@pytest.mark.parametrize("name", [*WRITERS, *(f"hostile_{n}" for n in WRITERS)])
def test_no_contact_details_outside_the_internal_list(docs, name, tmp_path):
    text = squeeze(text_of(docs[name], tmp_path))
    for contact in CONTACTS:
        assert contact not in text


def test_attendee_markup_is_printed_as_text_never_read_as_markup(docs, tmp_path):
    for name in ("berita_acara", "notulen", "matriks"):
        assert_shows(text_of(docs[f"hostile_{name}"], tmp_path), SCRIPT, ONERROR, REMOTE, LOCAL, LINK,
                     "awal tengah akhir")  # control characters dropped, the rest kept
    assert_shows(text_of(docs["hostile_daftar_hadir"], tmp_path), "<b>Tebal</b>", LOCAL)


@pytest.mark.parametrize("name", [f"hostile_{n}" for n in WRITERS])
def test_markup_embeds_no_image_and_makes_no_link(docs, name):
    """ReportLab's Paragraph would turn <img src> into an image read from disk (or a URL) and
    <a href> into a link: the PDF holds neither, and no file's bytes."""
    body = docs[name]
    assert b"/Subtype /Image" not in body and b"/XObject" not in body
    assert b"/Annot" not in body and b"/URI" not in body and b"/Link" not in body
    assert b"root:x:0:0" not in body


def test_paragraph_text_is_escaped():
    assert layout.esc(f"{LOCAL} & {LINK}\nbaris\x07") == (
        '&lt;img src="/etc/passwd"/&gt; &amp; &lt;a href="http://example.org/"&gt;klik&lt;/a&gt;'
        "<br/>baris")


def test_berita_acara_of_a_large_forum_counts_instead_of_listing(record, tmp_path):
    model = {**record["official"], "berita_acara_lists_inputs": False}
    text = text_of(berita_acara.berita_acara_pdf(model), tmp_path, ("-raw",))
    total = len(model["matrix"])
    assert_shows(text, f"Sebanyak {total} ({number_words(total)}) masukan disampaikan",
                 "tercantum dalam Matriks Masukan dan Tindak Lanjut yang terlampir",
                 "Komponen Jumlah Diterima Diterima sebagian Tidak diterima",
                 "Rekapitulasi keputusan: Diterima 1; Tidak diterima 1; Belum diputuskan 1.")
    assert squeeze(record["inputs"]["approved_info"]["text"]) not in squeeze(text)


def test_parity_with_the_docx_and_xlsx_of_the_same_document(docs, record, tmp_path):
    """What the Word Notulen and the Excel Matriks say, the PDFs say too."""
    notes = text_of(docs["notulen"], tmp_path, ("-raw",))
    assert_shows(notes, "9 orang (7 unsur masyarakat, 1 unsur belum ditentukan, 1 penyelenggara)",
                 "Layanan Data Pemilih / Persyaratan")
    model = copy.deepcopy(record["official"])
    model["matrix"][0]["note"] = "Formulir daring sudah tayang."
    assert_shows(text_of(matriks.matriks_pdf(model), tmp_path, ("-raw",)),
                 "Catatan: Formulir daring sudah tayang.")


WORDS = ["Pemenangan", "Penyelenggaraan", "disabilitas", "Kabupaten", "Kependudukan"]


def test_table_words_are_never_broken_inside(record, tmp_path):
    """Narrow columns wrap at spaces only: "Pemenangan" never reads "Pemenanga n"."""
    model = copy.deepcopy(record["official"])
    for n, item in enumerate(model["matrix"]):
        sentence = " ".join(WORDS[n % 5:] + WORDS[:n % 5])
        item.update(text=sentence, response=sentence, action=sentence, pic="disabilitas",
                    service_name=f"Layanan {sentence}")
        item["givers"] = [{**item["givers"][0], "name": sentence, "institution": WORDS[(n + 2) % 5]}]
    words = text_of(matriks.matriks_pdf(model), tmp_path, ("-layout",)).split()
    for word in WORDS:
        assert word in words, word
    fragments = {w for w in words if any(w != word and len(w) > 1 and w in word for word in WORDS)}
    assert not fragments, fragments


def test_a_word_wider_than_its_column_is_cut_only_then(record, tmp_path):
    model = copy.deepcopy(record["official"])
    url = "https://contoh.example.org/" + "sangat-panjang-" * 12 + "akhir"
    model["matrix"][0]["text"] = f"Lihat {url} ya"
    text = text_of(matriks.matriks_pdf(model), tmp_path, ("-raw",))
    assert_shows(text, f"Lihat {url} ya")  # every character kept, on several lines


def test_a_long_table_repeats_its_header_and_splits_a_row_only_when_taller_than_a_page(record, tmp_path):
    model = copy.deepcopy(record["official"])
    model["matrix"] = [{**model["matrix"][n % 8], "text": f"Masukan ke-{n} tentang layanan."} for n in range(300)]
    model["matrix"][150] = {**model["matrix"][150], "text": "\n".join(f"Baris {n}." for n in range(200))}
    pages = text_of(matriks.matriks_pdf(model), tmp_path, ("-raw",)).split("\f")[:-1]
    assert len(pages) > 5
    for page in pages:
        assert_shows(page, "Pemberi masukan")
    text = "\f".join(pages)
    positions = [squeeze(text).index(squeeze(f"Masukan ke-{n} tentang")) for n in (0, 149, 151, 299)]
    assert positions == sorted(positions)
    lines = [squeeze(text).index(f"Baris{n}.") for n in range(200)]
    assert lines == sorted(lines)  # the tall row goes on over pages, no line lost
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_fixed_labels_fit_their_matriks_columns():
    """Every word of a component, unsur, decision or follow-up label fits its column whole
    (a slash may end a line: "sesuai/" "dijelaskan")."""
    from fkp.language.wording import DECISION_LABELS, FOLLOWUP_LABELS, GROUP_LABELS, month_name
    from fkp.vocabulary import COMPONENTS
    total = sum(column[1] for column in matriks.COLUMNS)
    width = {c[0]: c[1] / total * (layout.landscape(layout.A4)[0] - 2.4 * layout.cm) - 5 for c in matriks.COLUMNS}
    face = layout.face(7.5)
    for column, labels in (("Komponen/ Topik", [c.label for c in COMPONENTS]), ("Unsur", GROUP_LABELS.values()),
                           ("Keputusan", DECISION_LABELS.values()), ("Status", FOLLOWUP_LABELS.values()),
                           ("Target", [f"30 {month_name(m)} 2026" for m in range(1, 13)]), ("No", ["10000"])):
        for word in {w for label in labels for w in label.replace("/", "/ ").split()}:
            assert face.width(word) <= width[column], (column, word)


def test_without_dejavu_the_pdfs_use_helvetica_and_say_so(record, monkeypatch, caplog, tmp_path):
    monkeypatch.setattr(layout, "FONT_DIRS", (tmp_path / "no-fonts",))
    with caplog.at_level(logging.WARNING, logger=layout.__name__):
        fonts = layout._register_fonts()
    assert fonts["regular"] == "Helvetica" and "Neither DejaVu Sans nor Arial found" in caplog.text
    grid = Grid([("Kolom", 1)], [["Pemenangan café 中文"]], ink.Face("Helvetica", 9),
                ink.Face("Helvetica-Bold", 9))
    body = layout.build(record["official"], "Uji", [grid])
    assert_shows(text_of(body, tmp_path), "Kolom", "Pemenangan café")  # the rest as "?"


def test_dejavu_without_its_italics_is_used_upright(monkeypatch, tmp_path):
    """Debian's fonts-dejavu-core has no oblique faces (fonts-dejavu-extra has them)."""
    regular, bold = (layout.FONT_DIRS[0] / name for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    core = tmp_path / "core"
    if not regular.is_file():
        pytest.skip("DejaVu Sans is not installed here")
    core.mkdir()
    (core / regular.name).symlink_to(regular)
    (core / bold.name).symlink_to(bold)
    monkeypatch.setattr(layout, "FONT_DIRS", (core,))
    fonts = layout._register_fonts()
    assert fonts["italic"] == fonts["regular"] == "FkpDejaVuSans"
    assert fonts["bold_italic"] == fonts["bold"] == "FkpDejaVuSans-Bold"


def test_without_dejavu_a_windows_laptop_s_arial_is_used(monkeypatch, tmp_path):
    """Windows has Arial in C:\\Windows\\Fonts as arial.ttf, arialbd.ttf …; stood in for here by
    DejaVu's files under Arial's names."""
    faces = [layout.FONT_DIRS[0] / name for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                      "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")]
    if not all(face.is_file() for face in faces):
        pytest.skip("DejaVu Sans (with fonts-dejavu-extra) is not installed here")
    windows = tmp_path / "Fonts"
    windows.mkdir()
    for face, name in zip(faces, ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf")):
        (windows / name).symlink_to(face)
    monkeypatch.setattr(layout, "FONT_DIRS", (tmp_path / "no-dejavu", windows))
    fonts = layout._register_fonts()
    assert fonts == {"regular": "Fkparial", "bold": "Fkparialbd", "italic": "Fkpariali", "bold_italic": "Fkparialbi"}


def test_ink_wraps_at_spaces_and_cuts_only_a_word_wider_than_the_line():
    face = layout.face(10)
    width = face.width("Penyelenggaraan") + 1
    lines = [segment for _width, segments in ink.wrap([(face, "Penyelenggaraan pemilu di kabupaten")], width)
             for _face, segment in segments]
    assert lines == ["Penyelenggaraan", "pemilu di", "kabupaten"]
    cut = [segment for _width, segments in ink.wrap([(face, "sesuai/dijelaskan")], face.width("dijelaskan") + 1)
           for _face, segment in segments]
    assert cut == ["sesuai/", "dijelaskan"]  # after the slash, not inside a word
    bold = layout.face(10, bold=True)
    rich = ink.wrap([(face, "Keputusan: "), (bold, "Diterima"), (face, "; alasan: cukup.")], 1000)
    assert [text for _face, text in rich[0][1]] == ["Keputusan:", " Diterima", "; alasan: cukup."]


def test_berita_acara_lists_the_halls_agreement_only_when_asked(record, tmp_path):
    """Issue 17: each closed "Setuju dengan rancangan ini?" question, one line; none asked, no heading."""
    assert minutes.AGREEMENT_HEADING not in text_of(berita_acara.berita_acara_pdf(record["official"]), tmp_path,
                                                    ("-raw",))
    line = "Persyaratan — Layanan X: setuju 20, setuju dengan perubahan 5, tidak setuju 1 (26 penjawab)"
    model = {**record["official"], "agreement": [{"sentence": line}]}
    text = text_of(berita_acara.berita_acara_pdf(model), tmp_path, ("-raw",))
    assert_shows(text, minutes.AGREEMENT_HEADING, line + ".")
