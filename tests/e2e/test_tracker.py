"""Issue 17's tracker in a real browser on a phone: an attendee sends an input, sees its
receipt code in their list, follows it to /t/CODE and reads "Menunggu"; once staff have
answered it, the same page shows the decision, the response and the follow-up, marked
provisional while the forum's record is not final. And the note-taker's receipt slip prints
on one A6 sheet whose QR code opens the tracker. Screenshots in test-artifacts/screens/."""
import re
import subprocess

from fkp import create_app
from fkp.forums import forums
from fkp.inputs import comments
from fkp.record import responses
from fkp.store.db import get_db
from tests.helpers.browser import ARTIFACTS, LAPTOP, PHONE, decode_qr, join_by_hand, login, watch_errors

SCREENS = ARTIFACTS / "screens"
TEXT = "Mohon loket khusus untuk penyandang disabilitas di lantai satu."


def test_a_phone_follows_its_receipt_to_the_input_and_then_its_answer(live_server, contexts):
    errors = []
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, live_server.url, live_server.code)
    phone.fill("#text", TEXT)
    phone.click("#send")
    link = phone.locator("#mine li", has_text="loket khusus").locator(".receipt a")
    link.wait_for()
    code = link.inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    assert "Kode lacak" in phone.locator("#mine li .receipt").inner_text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    phone.locator("#mine li").first.screenshot(path=str(SCREENS / "tracker-mine.png"))

    link.click()
    phone.wait_for_url(f"**/t/{code}")
    assert phone.locator("h1").inner_text().strip() == "Masukan Anda"
    assert phone.locator(".tracker-state .badge").inner_text().strip() == "Menunggu"
    assert TEXT in phone.locator(".tracker-input").inner_text()
    assert "Rina Wulandari" not in phone.content() and "JPPR" not in phone.content()
    assert "Belum ditanggapi" in phone.locator(".tracker-answer").inner_text()

    app = create_app({"DATABASE": live_server.env["FKP_DATABASE"], "SECRET_KEY": "t", "ASYNC_MODE": "threading"})
    with app.app_context():
        db = get_db()
        forum = forums.get_by_code(db, live_server.code)
        [comment] = comments.for_moderator(db, forum["id"])
        assert comment["receipt"] == code
        responses.save_response(db, forum, comment["id"], None, decision="accepted",
                                response="Loket khusus dibuka di lantai satu mulai bulan depan.",
                                action="Menyiapkan loket dan petugas pendamping", target_date="2026-03-02",
                                followup_status="in_progress")

    phone.reload()
    answer = phone.locator(".tracker-answer")
    answer.wait_for()
    said = answer.inner_text()
    for expected in ("Diterima", "Loket khusus dibuka di lantai satu mulai bulan depan.",
                     "Menyiapkan loket dan petugas pendamping", "2 Maret 2026", "Sementara"):
        assert expected in said, expected
    phone.screenshot(path=str(SCREENS / "tracker-phone.png"), full_page=True)

    phone.goto(f"{live_server.url}/t")
    phone.fill("#kode", code.lower().replace("-", " "))
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/t/{code}")
    assert errors == []


def test_the_notetakers_receipt_slip_prints_on_one_a6_sheet_with_a_qr_of_the_tracker(live_server, contexts, tmp_path):
    errors = []
    phone = contexts(**PHONE).new_page()
    join_by_hand(phone, live_server.url, live_server.code, live=False)
    phone.fill("#text", TEXT)
    phone.click("#send")
    code = phone.locator("#mine li .receipt a").first.inner_text().strip()

    staff = contexts(**LAPTOP).new_page()
    watch_errors(staff, errors)
    login(staff, live_server.url, "moderator", "moderator-pass")
    staff.goto(f"{live_server.url}/n/{live_server.code}")
    item = staff.locator("#recent li", has_text="loket khusus")
    assert code in item.locator(".receipt").inner_text()
    item.locator(".receipt-print").click()
    staff.wait_for_selector(".receipt-big")
    assert staff.locator(".receipt-big").inner_text().strip() == code
    staff.wait_for_function("document.querySelector('.receipt-qr').complete")
    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = staff.locator(".receipt-slip").screenshot(path=str(SCREENS / "receipt-slip.png"))
    assert decode_qr(shot) == f"{live_server.url}/t/{code}"
    pdf = tmp_path / "slip.pdf"
    staff.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (298, 420)  # A6: 105 × 148 mm
    assert errors == []
