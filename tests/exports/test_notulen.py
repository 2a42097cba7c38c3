"""The Notulen FKP DOCX, read back as staff would open it: details, agenda, the running record
of every input (shown or not), answers, conclusions and the note-taker's signature."""
import io
import re
from datetime import datetime, timedelta

import docx
import pytest

from fkp.exports.docx.notulen import notulen
from fkp.forums import forums
from fkp.people import users
from fkp.record import minutes, statements
from tests.helpers import factories
from tests.helpers.documents import CONTACTS, document_xml, render_first_page, unique_cells, xml_text

MARKUP = '<script>alert(1)</script></w:t><w:fldSimple w:instr="HYPERLINK x"/>'


@pytest.fixture
def full(db):
    """(forum, inputs, db) of factories.full_record with a two-point agenda."""
    forum, inputs = factories.full_record(db)
    db.execute("""UPDATE forums SET agenda_json = '["Pembukaan", "Diskusi"]' WHERE id = ?""",
               [forum["id"]])
    db.conn.commit()
    return forum, inputs, db


def model_of(db, forum):
    return minutes.assemble(db, forums.get(db, forum["id"]))


def read(body):
    """(paragraph texts, the document) of DOCX bytes."""
    document = docx.Document(io.BytesIO(body))
    return [p.text for p in document.paragraphs], document


def details(document):
    """The details table as {label: value}."""
    return {row.cells[0].text: row.cells[2].text for row in document.tables[0].rows}


def record_entries(texts):
    """The numbered entries of "Jalannya forum", in document order."""
    start, end = texts.index("Jalannya forum"), texts.index("Kesimpulan")
    return [t for t in texts[start + 1:end] if re.match(r"\d+\.\t", t)]


def test_heading_and_details(full):
    forum, _inputs, db = full
    texts, document = read(notulen(model_of(db, forum)))
    # The letterhead (no kop set: the unit's name over its double rule), then the title.
    assert texts[:4] == ["KPU PROVINSI NTB", "", "NOTULEN FORUM KONSULTASI PUBLIK", factories.TITLE]
    assert details(document) == {
        "Hari/tanggal": "Kamis, 4 September 2025", "Waktu": "09.00 WITA s.d. selesai",
        "Tempat/tautan": "Kantor KPU Provinsi NTB, Mataram", "Bentuk": "Tatap muka",
        "Moderator": "." * 40, "Notulis": "Dewi Notulis",
        # Peserta Zoom, imported from the chat, has no unsur yet: counted as such.
        "Peserta": "9 orang (7 unsur masyarakat, 1 unsur belum ditentukan, 1 penyelenggara)",
        "Agenda": "1.\tPembukaan\n2.\tDiskusi"}


def test_details_of_an_online_forum_without_agenda_and_with_staff(db):
    forum = factories.forum(db, mode="online", place="", online_url="https://zoom.us/j/987",
                            end_time="12:30")
    for username, role, name in (("m1", "moderator", "Rudi Moderator"),
                                 ("m2", "moderator", "Ani Moderator"),
                                 ("n1", "notulis", "")):
        user_id = users.create(db, username, "password-123", role)
        db.execute("UPDATE users SET full_name = ? WHERE id = ?", [name, user_id])
        users.assign(db, forum["id"], user_id)
    db.conn.commit()
    texts, document = read(notulen(model_of(db, forum)))
    shown = details(document)
    assert shown["Waktu"] == "09.00 s.d. 12.30 WITA"
    assert shown["Tempat/tautan"] == "https://zoom.us/j/987"
    assert shown["Bentuk"] == "Daring"
    assert shown["Agenda"] == "—"
    assert shown["Moderator"] == "Ani Moderator, Rudi Moderator"
    # No full name: a document never prints the login name; a line is left to write it on.
    assert shown["Notulis"] == "." * 40
    assert "Tidak ada masukan yang tercatat." in texts
    signature = [c.text for c in unique_cells(document.tables[-1]) if c.text.strip()]
    assert signature[1] == "...................., 4 September 2025\nNotulis,\n(..............................)"


def test_every_input_in_order_with_its_status(full):
    """Every input of the record, shown or not; what a moderator hid is counted, not quoted."""
    forum, inputs, db = full
    model = model_of(db, forum)
    texts = read(notulen(model))[0]
    entries = record_entries(texts)
    assert len(entries) == len(model["running_record"]) == 9
    assert "1 (satu) masukan yang disembunyikan moderator tidak dicantumkan." in texts
    assert inputs["hidden"]["text"] not in "\n".join(texts)
    for number, (entry, item) in enumerate(zip(entries, model["running_record"]), start=1):
        assert entry.startswith(f"{number}.\t")
        assert item["text"] in entry
        # The time in the forum's zone (NTB: WITA, UTC+8), not the stored UTC.
        utc = datetime.fromisoformat(item["created_utc"])
        assert re.search(r"\t\d\d\.\d\d WITA — ", entry)
        assert f"{utc + timedelta(hours=8):%H.%M} WITA — " in entry
    by_text = {item["text"]: entry for item, entry in zip(model["running_record"], entries)}
    kept = [i["id"] for i in model["running_record"]].index(inputs["approved_info"]["id"]) + 1
    assert "Ahmad Fauzi, Bakesbangpol NTB (Instansi terkait) [Menunggu]" in \
        by_text[inputs["pending"]["text"]]
    duplicate = by_text[inputs["duplicate"]["text"]]
    assert f"Prof. Hasan, Universitas Mataram (Ahli / praktisi / akademisi) [digabung ke #{kept}]" \
        in duplicate
    assert "Tanggapan" not in duplicate  # answered on the kept input, not repeated
    approved = by_text[inputs["approved_info"]["text"]]
    assert "[" not in approved  # shown at the forum: no bracket
    assert ("Ponsel · Layanan Permohonan Informasi Publik — Sistem, mekanisme, dan prosedur · "
            "Saran/masukan") in approved
    assert approved.endswith("Tanggapan: Tanggapan untuk approved_info.\nKeputusan: Diterima")
    assert by_text[inputs["approved_info_2"]["text"]].endswith(
        "Keputusan: Tidak diterima (Alasan: Diatur peraturan KPU.)")


def test_the_organisers_statements_stand_among_the_inputs_in_time_order(full):
    """What the head of unit explained is written down where it was said: between the inputs
    that came in before and after it, unnumbered, with speaker, position and subject."""
    forum, _inputs, db = full
    # Inputs a minute apart in their order; statements before, among and after them.
    db.execute("UPDATE comments SET created_utc = strftime('%Y-%m-%dT%H:%M:%S+00:00', "
               "'2025-09-04 02:00:00', '+' || id || ' minutes') WHERE forum_id = ?", [forum["id"]])
    db.conn.commit()
    record = model_of(db, forum)["running_record"]
    service = forums.services(db, forum["id"])[0]
    aspect = forums.aspects(db, forum["id"])[1]
    said = [("Pembukaan: forum membahas enam layanan.", "2025-09-04T01:00:00+00:00", {}),
            ("Prosedur permohonan informasi kini daring.", record[1]["created_utc"][:17] + "30+00:00",
             {"service_id": service["id"], "aspect_id": aspect["id"]}),
            ("Terima kasih atas masukan.", "2025-09-04T09:00:00+00:00", {})]
    for number, (text, at, about) in enumerate(said):
        statement, _ = statements.record(db, forums.get(db, forum["id"]), None, speaker="Dr. Lalu Ahmad, S.H.",
                                         position="Ketua KPU Provinsi NTB", text=text,
                                         client_id=f"said-{number}", **about)
        db.execute("UPDATE statements SET created_utc = ? WHERE id = ?", [at, statement["id"]])
    db.conn.commit()
    texts = read(notulen(model_of(db, forum)))[0]
    entries = texts[texts.index("Jalannya forum") + 1:texts.index("Kesimpulan")]
    entries = [t for t in entries if re.match(r"(\d+\.)?\t", t)]
    kinds = ["statement" if t.startswith("\t") else "input" for t in entries]
    assert kinds == ["statement", "input", "input", "statement", *["input"] * (len(record) - 2), "statement"]
    assert entries[0] == ("\t09.00 WITA — Penjelasan penyelenggara — Dr. Lalu Ahmad, S.H., Ketua KPU "
                          "Provinsi NTB\nPembukaan: forum membahas enam layanan.")
    assert entries[3].endswith(f"\n{service['name']} — {aspect['label']}\n"
                               "Prosedur permohonan informasi kini daring.")
    assert entries[-1].startswith("\t17.00 WITA — Penjelasan penyelenggara")
    assert [t for t in entries if t.startswith("3.\t")]  # the inputs keep their own numbers


def test_spoken_and_chat_inputs(full):
    forum, inputs, db = full
    entries = record_entries(read(notulen(model_of(db, forum)))[0])
    spoken = next(e for e in entries if inputs["spoken"]["text"] in e)
    assert ("Pak Lisan, Perorangan (Masyarakat pengguna layanan)\nLisan · Layanan Data Pemilih"
            " — Persyaratan · Saran/masukan") in spoken
    chat = next(e for e in entries if "Lewat obrolan." in e)
    assert "Peserta Zoom [Menunggu]\nDaring · (belum ditentukan) · Saran/masukan" in chat


def test_conclusions_and_signature(full):
    forum, _inputs, db = full
    texts, document = read(notulen(model_of(db, forum)))
    at = texts.index("Kesimpulan")
    assert texts[at + 1] == "Standar pelayanan disempurnakan sesuai masukan."
    assert "1.\tLayanan Permohonan Informasi Publik: Formulir daring disepakati." in texts[at:]
    signature = [c.text for c in unique_cells(document.tables[-1]) if c.text.strip()]
    # The head of the unit knows of it on the left; the note-taker signs on the right.
    assert signature == ["Mengetahui,\nKetua KPU Provinsi NTB\nDr. Lalu Ahmad, S.H.",
                         "...................., 4 September 2025\nNotulis,\nDewi Notulis"]
    assert document.tables[-1].rows[0].cells[1].text.endswith("Notulis,\nDewi Notulis")


def test_without_notetaker_or_conclusion_lines_are_left_to_write_on(db):
    forum, _inputs = factories.scenario(db)
    texts, document = read(notulen(model_of(db, forum)))
    at = texts.index("Kesimpulan")
    assert texts[at + 1:at + 4] == [f"{n}.\t{'.' * 110}" for n in (1, 2, 3)]
    assert details(document)["Notulis"] == "." * 40
    signature = [c.text for c in unique_cells(document.tables[-1]) if c.text.strip()]
    assert signature[1] == "...................., 4 September 2025\nNotulis,\n(..............................)"


def test_no_contact_details_and_hostile_text_stays_text(full):
    forum, inputs, db = full
    db.execute("UPDATE comments SET text = ? WHERE id = ?", [MARKUP, inputs["pending"]["id"]])
    db.conn.commit()
    body = notulen(model_of(db, forum))
    whole = xml_text(body)
    for contact in CONTACTS:
        assert contact not in whole
    texts = "\n".join(read(body)[0])
    assert MARKUP in texts and factories.HOSTILE in texts
    document = document_xml(body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/w:t&gt;&lt;w:fldSimple" in document
    for active in ("<script", "<w:instrText", "<w:fldSimple", "<w:hyperlink", "<w:fldChar"):
        assert active not in document


@pytest.mark.office
def test_notulen_renders_a_page_with_ink(full, tmp_path):
    forum, _inputs, db = full
    _pdf, ink = render_first_page(notulen(model_of(db, forum)), tmp_path, "notulen")
    assert ink > 0.005, f"the first page looks blank ({ink:.2%} dark pixels)"
