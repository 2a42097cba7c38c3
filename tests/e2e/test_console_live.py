"""Live input with a paged, filtered console: a new input enters the first page when it matches
the filters, an older page says it came without moving, the counts per service × aspect follow,
and keys pin and highlight ("di layar") the card that has the keyboard."""
import requests

from fkp.forums import forums
from tests.helpers import factories
from tests.helpers.app import LiveServerDB as live_server_db
from tests.helpers.browser import LAPTOP, login, watch_errors

WAIT = 10_000


def synced(page):
    page.wait_for_function("() => document.documentElement.dataset.synced !== undefined")


def send(url, code, token, service, aspect, text, n):
    r = requests.post(f"{url}/api/v1/forums/{code}/comments", timeout=30, headers={"Authorization": f"Bearer {token}"},
                      json={"service_id": service, "aspect_id": aspect, "kind": "suggestion", "text": text,
                            "client_id": f"live-{n}"})
    assert r.status_code == 201, r.text


def test_new_input_reaches_a_paged_filtered_console_and_keys_pin_and_highlight(live_server, contexts):
    url, code = live_server.url, live_server.code
    with live_server_db(live_server) as db:
        forum = forums.get_by_code(db, code)
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        who = factories.join(db, forum, "Warga Lama", "media")
        for n in range(120):
            factories.say(db, forum, who, services[0], aspects[0], f"Masukan lama nomor {n}", status="approved")
    s0, s1, a0 = services[0]["id"], services[1]["id"], aspects[0]["id"]
    joined = requests.post(f"{url}/api/v1/forums/{code}/participants", timeout=30, json={
        "name": "Rina", "institution": "JPPR", "group": "civil_society", "consent": True}).json()
    errors = []
    first = contexts(**LAPTOP).new_page()
    older = contexts(**LAPTOP).new_page()
    for page in (first, older):
        watch_errors(page, errors)
        login(page, url, "moderator", "moderator-pass")
    first.goto(f"{url}/m/{code}?service_id={s0}")
    synced(first)
    cell = f"#cell-counts [data-cell='{s0}:{a0}'] a"
    before_count = int(first.locator(cell).inner_text())
    matching = int(first.locator("#total-count").inner_text())
    oldest = first.locator("#inputs > li").last.get_attribute("data-id")
    older.goto(f"{url}/m/{code}?service_id={s0}&before={oldest}")
    synced(older)
    older_top = older.locator("#inputs > li").first.get_attribute("data-id")

    send(url, code, joined["token"], s0, a0, "Masukan baru yang cocok dengan filter", 1)
    send(url, code, joined["token"], s1, a0, "Masukan baru layanan lain", 2)

    first.locator("#inputs > li").first.filter(has_text="Masukan baru yang cocok").wait_for(timeout=WAIT)
    first.wait_for_function(f"() => document.querySelector(\"{cell}\").textContent === '{before_count + 1}'")
    assert first.locator("#inputs li", has_text="layanan lain").count() == 0  # another service: not here
    assert first.locator("#inputs > li").count() == 51  # a page and the one that came
    assert first.locator("#total-count").inner_text() == str(matching + 1)
    older.locator("#new-waiting:not([hidden])").wait_for(timeout=WAIT)
    assert "1" in older.locator("#new-waiting a").inner_text()
    assert older.locator("#inputs > li").first.get_attribute("data-id") == older_top  # the place is kept

    # Keys on the card that has the keyboard: p pins it, l puts it on the projector.
    first.locator("#display-controls.live").wait_for()
    first.goto(f"{url}/m/{code}?service_id={s0}&status=approved")
    synced(first)
    first.locator("#display-controls.live").wait_for()
    first.keyboard.press("j")
    card = first.locator("#inputs > li").first
    first.keyboard.press("p")
    card.locator(".badge.status").wait_for()
    first.wait_for_function("() => document.querySelector('#inputs > li').classList.contains('pinned')")
    first.keyboard.press("l")
    card.locator(".on-screen:not([hidden])").wait_for(timeout=WAIT)
    assert first.locator("#inputs .on-screen:not([hidden])").count() == 1
    first.keyboard.press("t")
    first.wait_for_function("() => document.querySelector('#inputs > li').classList.contains('answered')")
    assert errors == []
