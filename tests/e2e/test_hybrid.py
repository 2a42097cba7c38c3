"""Seed 000 as a hybrid forum, in real browsers against a real server: a note-taker checks in
a speaker who never touches a phone and records what they say; the moderator sees it arrive
as spoken input and approves it; the display shows it; the moderator steers the display and
the focus, and a phone in the hall follows. Screenshots land in test-artifacts/.
"""
import sqlite3

from tests.helpers.browser import ARTIFACTS, LAPTOP, PHONE, login, mark, not_reloaded, watch_errors


def make_hybrid(database):
    """The demo forum is in person; seed 000 taken as hybrid (no admin page for it in this test)."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE forums SET mode = 'hybrid'")


def join_on_phone(phone, url, code, name, institution, group):
    phone.goto(f"{url}/j/{code}")
    phone.fill("#name", name)
    phone.fill("#institution", institution)
    phone.check(f"input[name=group][value={group}]")
    in_the_hall = phone.locator("input[name=channel]:not([value=online])")
    if in_the_hall.count():  # hybrid forums may ask where the attendee is
        in_the_hall.first.check()
    phone.check("#consent")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/j/{code}/input**")
    phone.wait_for_selector("#live-status.live-ok")


def test_hybrid_forum_with_a_note_taker(live_server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    url, code, database = live_server.url, live_server.code, live_server.env["FKP_DATABASE"]
    make_hybrid(database)
    live_server.cli("create-user", "notulis", "--role", "notulis", "--forum", code,
                    password="notulis-pass")
    errors = []

    display = contexts(viewport={"width": 1920, "height": 1080}).new_page()
    watch_errors(display, errors)
    display.goto(f"{url}/d/{code}")
    display.wait_for_selector("#screen[data-mode=feed]")
    mark(display)

    moderator = contexts(**LAPTOP).new_page()
    watch_errors(moderator, errors)
    login(moderator, url, "moderator", "moderator-pass")
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")
    moderator.wait_for_selector("#display-controls.live")
    mark(moderator)

    notulis = contexts(**LAPTOP).new_page()
    watch_errors(notulis, errors)
    login(notulis, url, "notulis", "notulis-pass")
    notulis.goto(f"{url}/n/{code}")
    notulis.wait_for_selector("#live-status.live-ok")
    assert "Hibrida" in notulis.inner_text(".mod-head")  # the forum's mode, beside its status
    mark(notulis)

    # Someone in the hall joins on a phone: the note-taker's speaker list has them at once.
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_on_phone(phone, url, code, "Baiq Nurul Hidayati", "JPPR NTB", "civil_society")
    mark(phone)
    notulis.locator("#participant_id option", has_text="Baiq Nurul Hidayati").wait_for(
        state="attached", timeout=10000)
    assert not_reloaded(notulis)

    # A speaker without a phone: checked in on the spot, then chosen as the speaker.
    notulis.fill("#name", "Lalu Muhammad Sahnan")
    notulis.fill("#institution", "DPW Partai Gelora NTB")
    notulis.select_option("#group", "service_user")
    notulis.check("#consent")
    notulis.click("#check-in")
    notulis.wait_for_selector("#live-status.live-ok")
    speaker = notulis.locator("#participant_id option:checked")
    assert speaker.inner_text().startswith("Lalu Muhammad Sahnan — DPW Partai Gelora NTB")

    text = ("Persyaratan autentikasi perolehan suara cukup salinan SK kepengurusan, "
            "tidak perlu dilegalisir lagi.")
    notulis.fill("#text", text)
    notulis.screenshot(path=str(ARTIFACTS / "notulis-console-filled.png"), full_page=True)
    notulis.click("#record")
    mine = notulis.locator("#recent li", has_text=text)
    mine.wait_for(timeout=10000)
    assert "lisan" in mine.locator(".channel").inner_text()
    mark(notulis)

    # The moderator sees it arrive, as spoken input, and approves it.
    card = moderator.locator("#inputs li", has_text=text)
    card.wait_for(timeout=10000)
    assert card.locator(".channel").inner_text() == "lisan"
    assert "Lalu Muhammad Sahnan" in card.inner_text()
    assert not_reloaded(moderator)
    card.locator("form[data-action=approve] button").click()
    card.locator(".status", has_text="Ditampilkan").wait_for(timeout=10000)
    mine.locator(".status", has_text="Ditampilkan").wait_for(timeout=10000)  # the console follows

    shown = display.locator("#shown li", has_text=text)
    shown.wait_for(timeout=10000)
    # checked in by the note-taker, he did not agree to be named publicly: "Peserta" on the projector
    assert "Lalu Muhammad Sahnan" not in shown.inner_text() and "Peserta" in shown.inner_text()
    assert not_reloaded(display)

    # The moderator steers the display from the console's sidebar.
    for mode in ("chart", "join", "closed", "feed"):
        moderator.locator(f"form[data-display-mode={mode}] button").click()
        display.wait_for_selector(f"#screen[data-mode={mode}]", timeout=10000)
    card.locator("form[data-action=highlight] button").click()
    display.wait_for_selector("#screen[data-mode=highlight]", timeout=10000)
    assert text in display.inner_text("#highlight-card")
    display.screenshot(path=str(ARTIFACTS / "hybrid-display-highlight.png"))
    assert not_reloaded(display) and not_reloaded(moderator)

    # ... and the focus: the phone in the hall and the note-taker follow.
    moderator.select_option("#focus-form #service_id", label="Layanan Data Pemilih")
    moderator.select_option("#focus-form #aspect_id", label="Jangka Waktu")
    moderator.click("#focus-form button[type=submit]")
    phone.locator("#focus-line", has_text="Layanan Data Pemilih — Jangka Waktu").wait_for(timeout=10000)
    notulis.locator("#focus-text", has_text="Layanan Data Pemilih — Jangka Waktu").wait_for(timeout=10000)
    assert notulis.input_value("#service_id") == phone.input_value("#service_id")  # form follows too
    assert not_reloaded(phone) and not_reloaded(notulis)

    notulis.screenshot(path=str(ARTIFACTS / "notulis-console.png"), full_page=True)
    moderator.screenshot(path=str(ARTIFACTS / "hybrid-moderator.png"), full_page=True)
    phone.screenshot(path=str(ARTIFACTS / "hybrid-phone.png"), full_page=True)

    with sqlite3.connect(database) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT c.channel, c.status, c.recorded_by, p.channel AS attended, p.token_hash, u.username "
            "FROM comments c JOIN participants p ON p.id = c.participant_id "
            "JOIN users u ON u.id = c.recorded_by WHERE c.text = ?", [text]).fetchone()
    assert (row["channel"], row["status"], row["username"]) == ("spoken", "approved", "notulis")
    assert row["attended"] == "in_person" and row["token_hash"] is None
    assert errors == []
