"""Bad networks in real browsers against a real server: a phone offline keeps its input and
sends it once when back; after a server restart every page reconnects by itself and
catches up on what it missed, without a reload."""
import time

from fkp import create_app
from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.browser import PHONE, join_by_hand, login, mark, not_reloaded, open_display, watch_errors

WITHIN_S = 10_000  # ms: the bound for every page to converge after a restart
# What the browser logs when the network or the server goes away; anything else is a fault.
# (The last: the browser could not fetch the service worker's script to check for an update.)
NETWORK_NOISE = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_REFUSED", "WebSocket connection to",
                 "An unknown error occurred when fetching the script.")


def faults(errors):
    return [e for e in errors if not any(noise in e for noise in NETWORK_NOISE)]


def join_phone(contexts, url, code, errors, name="Rina Wulandari"):
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, url, code, name)
    return phone


def open_moderator(contexts, url, code, errors):
    moderator = contexts(viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    login(moderator, url, "moderator", "moderator-pass")
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")
    return moderator


def stored(live_server, code):
    """(client_id, text) of every input of the forum, read from the server's SQLite file."""
    app = create_app({"DATABASE": live_server.env["FKP_DATABASE"], "SECRET_KEY": "t",
                      "ASYNC_MODE": "threading"})
    with app.app_context():
        forum = forums.get_by_code(get_db(), code)
        return [(c["client_id"], c["text"]) for c in comments.for_moderator(get_db(), forum["id"])]


def test_input_sent_offline_survives_a_reload_and_arrives_once(live_server, contexts):
    url, code, errors = live_server.url, live_server.code, []
    moderator = open_moderator(contexts, url, code, errors)
    phone = join_phone(contexts, url, code, errors)
    # The service worker takes the page over once installed; the next load is what it keeps.
    phone.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    phone.reload()
    phone.wait_for_selector("#live-status.live-ok")

    phone.context.set_offline(True)
    texts = ["Jam layanan PPID perlu diperpanjang saat tahapan pemilu.",
             "Formulir keberatan sebaiknya tersedia dalam huruf Braille."]
    for text in texts:
        phone.fill("#text", text)
        phone.click("#send")
        phone.locator("#outbox li", has_text=text).wait_for()
    assert phone.locator("#outbox li .badge").all_inner_texts() == [
        "Tersimpan di ponsel ini, akan dikirim saat tersambung."] * 2
    assert phone.locator("#outbox-section").is_visible()

    phone.reload()  # offline: the service worker serves the last copy of the page
    phone.locator("#outbox li").nth(1).wait_for()
    assert [t.strip() for t in phone.locator("#outbox li .text").all_inner_texts()] == texts

    phone.context.set_offline(False)
    phone.locator("#outbox-section").wait_for(state="hidden", timeout=WITHIN_S)
    for text in texts:
        phone.locator("#mine li", has_text=text).wait_for()
        moderator.locator("#inputs li", has_text=text).wait_for(timeout=WITHIN_S)
    phone.reload()  # nothing is sent twice, whatever the page does after
    phone.wait_for_selector("#live-status.live-ok")
    time.sleep(1)
    sent = [text for _client_id, text in stored(live_server, code)]
    assert sorted(sent) == sorted(texts)
    assert faults(errors) == []


def test_a_waiting_input_can_be_cancelled(live_server, contexts):
    url, code, errors = live_server.url, live_server.code, []
    phone = join_phone(contexts, url, code, errors)
    phone.context.set_offline(True)
    phone.fill("#text", "Ini tidak jadi dikirim.")
    phone.click("#send")
    card = phone.locator("#outbox li", has_text="Ini tidak jadi dikirim.")
    card.get_by_role("button", name="Batalkan masukan ini").click()
    phone.locator("#outbox-section").wait_for(state="hidden")
    phone.context.set_offline(False)
    phone.wait_for_selector("#live-status.live-ok", timeout=WITHIN_S)
    time.sleep(1)
    assert stored(live_server, code) == []
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('fkp-outbox:'))"
                          ".map(k => JSON.parse(localStorage[k]).length)") == [0]


def test_after_a_restart_every_page_catches_up_without_reloading(live_server, contexts):
    url, code, errors = live_server.url, live_server.code, []
    display = open_display(contexts, url, code, errors)
    moderator = open_moderator(contexts, url, code, errors)
    phone = join_phone(contexts, url, code, errors)
    for page in (display, moderator, phone):
        mark(page)

    live_server.stop()
    # While the server is down, input arrives and is approved through the same database (as
    # another worker would): its events reach no page, so only catching up can show it.
    app = create_app({"DATABASE": live_server.env["FKP_DATABASE"], "SECRET_KEY": "t",
                      "ASYNC_MODE": "threading"})
    with app.app_context():
        db = get_db()
        forum = forums.get_by_code(db, code)
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        (rina,) = [p for p in participants.staff_list(db, forum["id"]) if p["name"] == "Rina Wulandari"]
        seen, _ = comments.submit(db, forum, rina, service_id=service["id"], aspect_id=aspect["id"],
                                  kind="suggestion", text="Disetujui selagi server mati.", client_id="r1")
        waiting, _ = comments.submit(db, forum, rina, service_id=service["id"], aspect_id=aspect["id"],
                                     kind="question", text="Menunggu moderator.", client_id="r2")
        moderation.approve(db, forum, seen["id"], None)
    live_server.start()

    moderator.locator("#inputs li", has_text="Menunggu moderator.").wait_for(timeout=WITHIN_S)
    moderator.locator("#inputs li", has_text="Disetujui selagi server mati.").locator(
        ".status", has_text="Ditampilkan").wait_for(timeout=WITHIN_S)
    display.locator("#shown li", has_text="Disetujui selagi server mati.").wait_for(timeout=WITHIN_S)
    phone.locator("#mine li", has_text="Disetujui selagi server mati.").locator(
        ".badge", has_text="Ditampilkan").wait_for(timeout=WITHIN_S)
    phone.locator("#mine li", has_text="Menunggu moderator.").wait_for(timeout=WITHIN_S)
    phone.locator("#shown li", has_text="Disetujui selagi server mati.").wait_for(timeout=WITHIN_S)
    assert display.locator("#shown li", has_text="Menunggu moderator.").count() == 0
    cell = "#cell-counts [data-cell='%d:%d'] a" % (service["id"], aspect["id"])
    assert moderator.locator(cell).inner_text() == "2"
    assert all(not_reloaded(page) for page in (display, moderator, phone))
    assert faults(errors) == []
