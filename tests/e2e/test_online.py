"""Seed 002 (KPU Kabupaten Jombang's FGD over Zoom) as an online forum with its own guiding
questions, in real browsers against a real server: attendees join through the link and one
types input; the moderator uploads the saved Zoom chat, sees the imported input arrive
without reloading, approves the typed one, and downloads every input as CSV.
"""
import csv
import io
import sqlite3

from fkp import create_app
from fkp.forums import forums
from fkp.store.db import get_db
from tests.helpers.browser import ARTIFACTS, LAPTOP, PHONE, login, mark, not_reloaded, watch_errors
from tests.helpers.zoom import CREATED, HOST_MESSAGES, ZOOM_CHAT

# What the Ketua presented for both SOPs (seed 002), as the forum's guiding questions.
GUIDING_QUESTIONS = [
    ("Layanan apa yang dibutuhkan masyarakat dari KPU?", "Layanan yang dibutuhkan"),
    ("Bagaimana cara masyarakat meminta layanan atau mengajukan pengaduan?", "Cara mengajukan"),
    ("Bagaimana penilaian Anda atas layanan KPU selama ini?", "Evaluasi layanan"),
    ("Bagaimana sebaiknya KPU melayani masyarakat?", "Layanan yang diharapkan"),
]


def create_online_forum(database):
    """Seed 002 through the domain, while the server runs (SQLite in WAL mode); its code.

    The guiding questions are aspects without a component; they are written directly so that
    each keeps a short label for the phone's select."""
    app = create_app({"DATABASE": database, "SECRET_KEY": "e2e-online", "ASYNC_MODE": "threading",
                      "TESTING": True})
    with app.app_context():
        db = get_db()
        forum_id = forums.create(
            db, title="Focus Group Discussion \u201cKPU Mendengar\u201d: SOP Pelayanan Publik dan "
                      "Pengaduan Masyarakat",
            unit="KPU Kabupaten Jombang", date="2020-07-23", mode="online",
            online_url="https://zoom.example/j/123", status="open",
            services=[{"name": "SOP Pelayanan Publik"}, {"name": "SOP Pengaduan Masyarakat"}],
            components=[])
        assert forums.aspects(db, forum_id) == []  # no component asked, none given
        with db.atomic():
            for position, (name, label) in enumerate(GUIDING_QUESTIONS):
                db["aspects"].insert(dict(forum_id=forum_id, component=None, name=name, label=label,
                                          position=position))
        return forums.get(db, forum_id)["code"]


def join_online(page, url, code, name, institution, group):
    page.goto(f"{url}/j/{code}")  # the link shared in the Zoom chat; no QR code
    page.fill("#name", name)
    page.fill("#institution", institution)
    page.check(f"input[name=group][value={group}]")
    online = page.locator("input[name=channel][value=online]")
    if online.count():  # the join page may ask where the attendee is
        online.check()
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/j/{code}/input**")
    page.wait_for_selector("#live-status.live-ok")


def test_online_forum_with_a_chat_import(live_server, contexts, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    url, database = live_server.url, live_server.env["FKP_DATABASE"]
    code = create_online_forum(database)
    live_server.cli("assign", "moderator", code)
    errors = []

    moderator_context = contexts(**LAPTOP)
    moderator = moderator_context.new_page()
    watch_errors(moderator, errors)
    login(moderator, url, "moderator", "moderator-pass")
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")
    mark(moderator)

    gito = contexts(**LAPTOP).new_page()
    watch_errors(gito, errors)
    join_online(gito, url, code, "Gito", "Partai Perindo", "service_user")
    lukman = contexts(**PHONE).new_page()
    watch_errors(lukman, errors)
    join_online(lukman, url, code, "Lukman Hakim", "Kopi Demokrasi", "civil_society")

    with sqlite3.connect(database) as conn:
        channels = dict(conn.execute(
            "SELECT p.name, p.channel FROM participants p JOIN forums f ON f.id = p.forum_id "
            "WHERE f.code = ?", [code]).fetchall())
    assert channels == {"Gito": "online", "Lukman Hakim": "online"}

    # Gito types his input on the guiding question about complaints.
    typed = ("Banyak laporan masyarakat soal data pemilih; mohon ada kanal pengaduan daring "
             "yang jelas tindak lanjutnya.")
    gito.select_option("#service_id", label="SOP Pengaduan Masyarakat")
    gito.select_option("#aspect_id", label="Cara mengajukan")
    gito.check("input[name=kind][value=criticism]")
    gito.fill("#text", typed)
    gito.click("#send")
    typed_card = moderator.locator("#inputs li", has_text=typed)
    typed_card.wait_for(timeout=10000)
    assert "Cara mengajukan" in typed_card.inner_text()

    # The moderator uploads the chat Zoom saved, from a second tab.
    chat_file = tmp_path / "meeting_saved_chat.txt"
    chat_file.write_bytes(ZOOM_CHAT)
    upload = moderator_context.new_page()
    watch_errors(upload, errors)
    upload.goto(f"{url}/m/{code}/chat")
    upload.set_input_files("#chat_file", str(chat_file))
    upload.click("#upload")
    upload.wait_for_selector("#chat-import-form")  # who wrote: the host is ticked already
    upload.screenshot(path=str(ARTIFACTS / "chat-upload-preview.png"), full_page=True)
    upload.click("#import")
    upload.wait_for_selector("#import-result")
    created = CREATED - HOST_MESSAGES
    assert upload.inner_text('#import-result tr[data-count="created"] td') == str(created)
    assert upload.inner_text('#import-result tr[data-count="host_messages"] td') == str(HOST_MESSAGES)
    assert upload.inner_text('#import-result tr[data-count="skipped"] td') == "2"
    upload.screenshot(path=str(ARTIFACTS / "chat-upload-result.png"), full_page=True)

    # The imported inputs arrive in the console, waiting, as online input.
    chat_card = moderator.locator("#inputs li", has_text="ramah bagi perempuan dan penyandang disabilitas")
    chat_card.wait_for(timeout=10000)
    assert moderator.locator("#inputs li").count() == created + 1
    assert chat_card.locator(".channel").inner_text() == "daring"
    assert "Menunggu" in chat_card.locator(".status").inner_text()
    assert not_reloaded(moderator)

    typed_card.locator("form[data-action=approve] button").click()
    typed_card.locator(".status", has_text="Ditampilkan").wait_for(timeout=10000)
    gito.wait_for_selector(f"#mine li:has-text('{typed[:40]}') >> text=Ditampilkan")
    moderator.screenshot(path=str(ARTIFACTS / "online-moderator.png"), full_page=True)

    response = moderator_context.request.get(f"{url}/staff/forums/{code}/inputs.csv")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    [typed_row] = [r for r in rows if r["Masukan"] == typed]
    assert (typed_row["Nama"], typed_row["Layanan"], typed_row["Aspek"], typed_row["Status"]) == (
        "Gito", "SOP Pengaduan Masyarakat", "Cara mengajukan", "Ditampilkan")
    assert typed_row["Kanal"] == "Daring"
    # Every input, the imported ones too, although no service or aspect is assigned to them yet.
    assert len(rows) == created + 1, [r["Masukan"][:30] for r in rows]
    chat_rows = [r for r in rows if r is not typed_row]
    assert {r["Kanal"] for r in chat_rows} == {"Daring"}
    assert {r["Status"] for r in chat_rows} == {"Menunggu"}
    assert "Muḥammad ʿAlī" in {r["Nama"] for r in chat_rows}
    assert any(r["Masukan"].startswith("PKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n")
               for r in chat_rows)  # a multi-line message stays one input
    assert errors == []
