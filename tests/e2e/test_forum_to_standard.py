"""Issue 17 end to end, in Chromium against a served app, as one office's year goes: an
attendee gives input and gets a receipt; the hall is asked whether it agrees with the draft
on its phones and the projector shows the answers; staff answer the input, write the final
text citing it, download the Standar Pelayanan, its table of changes and the Maklumat (each
through LibreOffice to a page image in test-artifacts/); the attendee follows the receipt to
the decision; and next year's forum starts from the final standard, listing what was promised
and where it stands."""
import shutil
import subprocess

from fkp import create_app
from fkp.forums import forums
from fkp.inputs import comments
from fkp.record import responses
from fkp.store.db import get_db
from tests.helpers.browser import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    join_by_hand,
    login,
    open_console,
    open_display,
    watch_errors,
)
from tests.helpers.documents import render_first_page

TEXT = "Persyaratan cukup KTP elektronik, tidak perlu fotokopi berlapis."
FINAL = "Kartu Tanda Penduduk elektronik asli; fotokopi tidak diperlukan."
ACTION = "Menghapus syarat fotokopi KTP dari formulir permohonan"


def _answer(live_server, code, receipt):
    """Staff answer the input after the forum (the responses page's own function)."""
    app = create_app({"DATABASE": live_server.env["FKP_DATABASE"], "SECRET_KEY": "t", "ASYNC_MODE": "threading"})
    with app.app_context():
        db = get_db()
        forum = forums.get_by_code(db, code)
        [comment] = [c for c in comments.for_moderator(db, forum["id"]) if c["receipt"] == receipt]
        responses.save_response(db, forum, comment["id"], None, decision="accepted",
                                response="Syarat fotokopi dihapus.", action=ACTION, pic="Subbagian Teknis",
                                target_date="2026-02-02", followup_status="in_progress")
        return comment


def test_from_the_hall_to_the_standard_the_decree_and_the_next_review(live_server, contexts, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    url, code = live_server.url, live_server.code
    live_server.cli("create-user", "kepala", "--role", "admin", password="kepala-kantor-2026")
    errors = []
    display = open_display(contexts, url, code, errors)
    moderator = open_console(contexts, url, code, errors)
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, url, code)

    # The attendee gives input and gets its receipt.
    phone.fill("#text", TEXT)
    phone.click("#send")
    link = phone.locator("#mine li", has_text="KTP elektronik").locator(".receipt a")
    link.wait_for()
    receipt = link.inner_text().strip()

    # The moderator shows it and asks the hall; the phone answers; the projector counts.
    card = moderator.locator("#inputs li", has_text="KTP elektronik")
    card.wait_for(timeout=10000)
    card.locator("form[data-action=approve] button").click()
    moderator.wait_for_selector("#agreement-panel.live")
    moderator.click("form[data-agreement=open] button")
    phone.locator("#agreement").wait_for(state="visible", timeout=10000)
    phone.locator("#agreement").get_by_role("radio", name="Setuju dengan perubahan").check()
    phone.click("#agreement-send")
    display.locator("#agreement .agreement-total-n", has_text="1").wait_for(timeout=10000)
    display.screenshot(path=str(ARTIFACTS / "year-agreement-display.png"))
    moderator.click("form[data-agreement=close] button")
    moderator.wait_for_selector("form[data-agreement=open]:not([hidden])")

    # After the forum: the answer, then the final text citing the input.
    comment = _answer(live_server, code, receipt)
    staff = contexts(**LAPTOP).new_page()
    watch_errors(staff, errors)
    login(staff, url, "kepala", "kepala-kantor-2026")
    staff.goto(f"{url}/staff/forums/{code}/standard/{comment['service_id']}/requirements")
    staff.check(f"#input-{comment['id']}")
    staff.fill("#text", FINAL)
    staff.click("button:has-text('Simpan teks akhir')")
    staff.wait_for_url(f"**/staff/forums/{code}/standard#s{comment['service_id']}-requirements")

    # The decree's documents, opened by LibreOffice as the office would print them.
    for name, expected in (("standar-pelayanan", FINAL), ("perubahan-standar", "Setuju dengan perubahan 1"),
                           ("maklumat", "MAKLUMAT PELAYANAN")):
        body = staff.request.get(f"{url}/staff/forums/{code}/documents/{name}.docx").body()
        pdf, ink = render_first_page(body, tmp_path, name)
        text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert ink > 0.005 and expected.lower() in text.lower(), (name, text[:400])
        (page_image,) = tmp_path.glob(f"{name}-page*.png")
        shutil.copy(page_image, ARTIFACTS / f"year-{name}.png")

    # The attendee follows the receipt: accepted, provisional until the record is final.
    link.click()
    phone.wait_for_url(f"**/t/{receipt}")
    said = phone.locator(".tracker-answer").inner_text()
    assert "Diterima" in said and ACTION in said and "Sementara" in said
    assert "Subbagian Teknis" not in phone.content()  # a person in charge is a name: never shown

    # Next year's forum starts from this standard and follows up what was promised.
    staff.goto(f"{url}/staff/forums/{code}")
    staff.click("button:has-text('Mulai peninjauan tahunan dari standar ini')")
    staff.wait_for_url("**/edit")
    new_code = staff.url.rstrip("/").split("/")[-2]
    staff.goto(f"{url}/staff/forums/{new_code}/drafts")
    assert FINAL in staff.content()
    staff.goto(f"{url}/staff/forums/{new_code}")
    promised = staff.locator("section", has=staff.locator("#previous-title"))
    assert ACTION in promised.inner_text() and "Proses" in promised.inner_text()
    staff.screenshot(path=str(ARTIFACTS / "year-review-forum.png"), full_page=True)
    assert errors == []
