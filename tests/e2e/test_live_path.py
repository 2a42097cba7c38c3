"""The whole live path in real browsers against a real server.

A phone opens the URL decoded from the QR code the display serves, joins and submits;
the moderator sees it arrive without reloading and approves it; the display shows it
without reloading. Screenshots land in test-artifacts/ for people to look at.
"""
import re

from tests.helpers.browser import ARTIFACTS, PHONE, decode_qr, mark, not_reloaded, open_display, watch_errors


def test_phone_moderator_display_end_to_end(live_server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    url, code = live_server.url, live_server.code
    errors = []

    display = open_display(contexts, url, code, errors)
    join_url = decode_qr(display.locator(".qr").screenshot())
    assert join_url == f"{url}/j/{code}"
    assert display.locator(".big-code").inner_text() == code
    mark(display)

    moderator = contexts(viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    moderator.goto(f"{url}/login")
    moderator.fill("#username", "moderator")
    moderator.fill("#password", "moderator-pass")
    moderator.click("button[type=submit]")
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")
    mark(moderator)

    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    phone.goto(join_url)
    phone.fill("#name", "Rina Wulandari")
    phone.fill("#institution", "JPPR NTB")
    phone.check("input[name=group][value=civil_society]")
    phone.check("#consent")
    phone.screenshot(path=str(ARTIFACTS / "phone-join.png"), full_page=True)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/j/{code}/input**")
    phone.wait_for_selector("#live-status.live-ok")
    text = "Mohon layanan data pemilih bisa diakses penyandang disabilitas."
    phone.fill("#text", text)
    phone.click("#send")
    phone.wait_for_selector(f"#mine li:has-text('{text}') >> text=Menunggu")

    card = moderator.locator("#inputs li", has_text=text)
    card.wait_for(timeout=10000)
    assert "Rina Wulandari" in card.inner_text()
    # Drawn by the script from the event: the time in the forum's zone (the demo is in NTB).
    assert re.fullmatch(r"\d{2}\.\d{2} WITA", card.locator(".at").inner_text())
    assert not_reloaded(moderator)
    moderator.screenshot(path=str(ARTIFACTS / "moderator.png"), full_page=True)
    card.locator("form[data-action=approve] button").click()
    card.locator(".status", has_text="Ditampilkan").wait_for(timeout=10000)

    shown = display.locator("#shown li", has_text=text)
    shown.wait_for(timeout=10000)
    # Rina did not tick "my name may appear publicly": the projector calls her "Peserta"
    assert "Rina Wulandari" not in shown.inner_text() and "Peserta" in shown.inner_text()
    assert not_reloaded(display)
    phone.wait_for_selector(f"#mine li:has-text('{text}') >> text=Ditampilkan")
    display.screenshot(path=str(ARTIFACTS / "display.png"))
    phone.screenshot(path=str(ARTIFACTS / "phone-input.png"), full_page=True)
    assert errors == []


def test_phone_without_javascript_can_join_submit_and_see_its_input(live_server, contexts):
    """Issue 7: with JavaScript off, joining, submitting and seeing one's own input after a
    reload all work as plain pages and form posts."""
    url, code = live_server.url, live_server.code
    phone = contexts(java_script_enabled=False, **PHONE).new_page()
    phone.goto(f"{url}/j/{code}")
    phone.fill("#name", "Pak Ahmad")
    phone.fill("#institution", "Perorangan")
    phone.check("input[name=group][value=service_user]")
    phone.check("#consent")
    phone.click("button[type=submit]")
    phone.fill("#text", "Biaya salinan perlu dijelaskan.")
    phone.click("#send")
    assert "Terkirim, menunggu moderator." in phone.inner_text("main")
    assert "Biaya salinan perlu dijelaskan." in phone.inner_text("#mine")
    phone.reload()
    assert "/input" in phone.url
    mine = phone.locator("#mine li", has_text="Biaya salinan perlu dijelaskan.")
    assert mine.count() == 1 and "Menunggu" in mine.inner_text()
