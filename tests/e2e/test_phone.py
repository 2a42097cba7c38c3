"""Issue 14 in a real browser on a phone: sending offline is said calmly and sent once later;
a long paste stays whole and is refused with its count until shortened; a long service name
is shown whole at 320 px. Screenshots in test-artifacts/screens/ to look at."""
from fkp import create_app
from fkp.forums import forums
from fkp.inputs import comments
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.browser import ARTIFACTS, LAPTOP, PHONE, join_by_hand, login, watch_errors

SCREENS = ARTIFACTS / "screens"
LONG_NAME = ("Layanan Penggantian Antarwaktu Anggota Dewan Perwakilan Rakyat Daerah Kabupaten/Kota "
             "dan Pengisian Keanggotaan yang Lowong")
NETWORK_NOISE = ("ERR_INTERNET_DISCONNECTED", "WebSocket connection to", "Failed to load resource")


def in_app(live_server):
    return create_app({"DATABASE": live_server.env["FKP_DATABASE"], "SECRET_KEY": "t",
                       "ASYNC_MODE": "threading"})


def stored_texts(live_server):
    with in_app(live_server).app_context():
        forum = forums.get_by_code(get_db(), live_server.code)
        return [c["text"] for c in comments.for_moderator(get_db(), forum["id"])]


def phone_page(contexts, live_server, errors):
    page = contexts(**PHONE).new_page()
    watch_errors(page, errors)
    join_by_hand(page, live_server.url, live_server.code)
    return page


def test_offline_is_said_calmly_and_the_input_is_sent_once_later(live_server, contexts):
    errors = []
    phone = phone_page(contexts, live_server, errors)
    phone.context.set_offline(True)
    phone.fill("#text", "Mohon papan informasi persyaratan dipasang di depan loket.")
    phone.click("#send")
    info = phone.locator("#send-info")
    info.wait_for()
    assert info.inner_text().strip() == "Tersimpan di ponsel ini, akan dikirim saat tersambung."
    assert phone.locator("#send-error").is_hidden()  # not an error: nothing to retype
    assert phone.get_attribute("#text", "aria-invalid") is None
    assert "flash-info" in info.get_attribute("class")
    assert phone.locator("#outbox li .badge").inner_text().strip() == (
        "Tersimpan di ponsel ini, akan dikirim saat tersambung.")
    SCREENS.mkdir(parents=True, exist_ok=True)
    phone.set_viewport_size({"width": 320, "height": 740})
    info.scroll_into_view_if_needed()
    phone.screenshot(path=str(SCREENS / "phone-320-offline.png"))

    phone.context.set_offline(False)
    phone.locator("#outbox-section").wait_for(state="hidden", timeout=10_000)
    ok = phone.locator("#send-ok", has_text="terkirim")
    ok.wait_for()
    assert ok.inner_text().strip() == "Masukan yang tersimpan sudah terkirim, menunggu moderator."
    assert info.is_hidden()
    phone.locator("#mine li", has_text="papan informasi").wait_for()
    assert stored_texts(live_server) == ["Mohon papan informasi persyaratan dipasang di depan loket."]
    assert [e for e in errors if not any(n in e for n in NETWORK_NOISE)] == []


def test_a_long_paste_stays_whole_and_is_refused_with_its_count(live_server, contexts):
    errors = []
    phone = phone_page(contexts, live_server, errors)
    pasted = "Antrean perlu nomor urut. " * 47 + "Terima kasih banyak."  # 1,242 characters
    phone.fill("#text", pasted)  # as a paste: the whole value at once
    assert phone.input_value("#text") == pasted  # nothing cut by the browser
    counter = phone.locator("#text-counter")
    said = f"Masukan Anda {len(pasted):,} karakter; paling banyak 1.000. Persingkat dulu.".replace(",", ".")
    assert counter.inner_text().strip() == said  # live, before sending
    phone.click("#send")
    assert phone.locator("#send-error").inner_text().strip() == said
    assert phone.get_attribute("#text", "aria-invalid") == "true"
    assert phone.input_value("#text") == pasted
    assert stored_texts(live_server) == []

    phone.fill("#text", pasted[:990])  # shortened: the refusal goes as soon as it is right
    assert phone.locator("#send-error").is_hidden()
    assert phone.get_attribute("#text", "aria-invalid") is None
    assert counter.inner_text().strip() == "Sisa karakter: 10"
    phone.click("#send")
    phone.locator("#send-ok", has_text="Terkirim").wait_for()
    assert phone.locator("#send-ok").inner_text().strip() == "Terkirim, menunggu moderator."
    phone.locator("#mine li").wait_for()
    assert stored_texts(live_server) == [pasted[:990].strip()]
    assert errors == []


def test_a_long_service_name_is_shown_whole_at_320_px(live_server, contexts):
    with in_app(live_server).app_context():
        db = get_db()
        forum = forums.get_by_code(db, live_server.code)
        service = forums.services(db, forum["id"])[0]
        db.execute("UPDATE services SET name = ? WHERE id = ?", [LONG_NAME, service["id"]])
        db.conn.commit()
    errors = []
    phone = contexts(**{**PHONE, "viewport": {"width": 320, "height": 900}}).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, live_server.url, live_server.code)
    phone.select_option("#service_id", str(service["id"]))
    chosen = phone.locator("#service_id-chosen")
    assert chosen.is_visible() and chosen.inner_text().strip() == LONG_NAME
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320  # nothing pushes the page sideways
    SCREENS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENS / "phone-320-long-service.png"), full_page=True)
    assert errors == []


def test_the_note_taker_finds_one_speaker_among_300_and_the_next_words_are_nobodys(live_server, contexts):
    with in_app(live_server).app_context():
        db = get_db()
        forum = forums.get_by_code(db, live_server.code)
        for n in range(300):
            participants.join(db, forum, name=f"Peserta Nomor {n:03d}", institution=f"Instansi {n % 17}",
                              group="service_user", consent=True)
        participants.join(db, forum, name="Baiq Nurul Hidayah", institution="LKBH Mataram",
                          group="civil_society", consent=True)
    errors = []
    page = contexts(**LAPTOP).new_page()
    watch_errors(page, errors)
    login(page, live_server.url, "moderator", "moderator-pass")
    page.goto(f"{live_server.url}/n/{live_server.code}")
    page.wait_for_selector("#live-status.live-ok")
    assert page.locator("#participant_id option").count() == 302  # the placeholder and everyone
    page.fill("#speaker-filter", "nurul lkbh")
    assert page.locator("#speaker-filter-count").inner_text().strip() == "Satu nama cocok; nama itu dipilih."
    assert page.locator("#participant_id option:checked").inner_text().startswith("Baiq Nurul Hidayah")
    # every word somewhere in name — institution — group: "16" also finds Peserta Nomor 160…
    labels = [f"peserta nomor {n:03d} — instansi {n % 17}" for n in range(300)]
    expected = sum("instansi" in label and "16" in label for label in labels)
    page.fill("#speaker-filter", "Instansi 16")
    assert page.locator("#speaker-filter-count").inner_text().strip() == f"{expected} nama cocok"
    assert page.locator("#participant_id option").count() == 1 + expected + 1  # and the one chosen
    page.fill("#speaker-filter", "")
    assert page.locator("#participant_id option").count() == 302
    page.fill("#speaker-filter", "hidayah")
    page.fill("#text", "x" * 1001)  # pasted from notes: counted, not cut
    assert page.input_value("#text") == "x" * 1001
    assert page.locator("#text-counter").inner_text().strip() == (
        "Masukan Anda 1.001 karakter; paling banyak 1.000. Persingkat dulu.")
    page.fill("#text", "Mohon bantuan hukum gratis dijelaskan di papan layanan.")
    page.click("#record")
    page.wait_for_url("**/n/**")
    page.wait_for_selector("#live-status.live-ok")
    assert page.locator("#participant_id").input_value() == ""  # nobody is credited by default
    assert stored_texts(live_server) == ["Mohon bantuan hukum gratis dijelaskan di papan layanan."]
    assert errors == []


def test_with_its_socket_connected_the_phone_sends_over_it(live_server, contexts):
    """docs/events.md submit_comment: no HTTP request per input while the socket is up, and the
    attendee sees what the API's answer shows: sent, and the input with its receipt code."""
    errors, posts = [], []
    phone = phone_page(contexts, live_server, errors)
    phone.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/comments" in r.url else None)
    phone.locator("#live-status.live-ok").wait_for()
    phone.fill("#text", "Antrean lansia didahulukan, mohon kursi tunggu ditambah.")
    phone.click("#send")
    phone.locator("#send-ok").wait_for()
    phone.locator("#mine li", has_text="Antrean lansia").wait_for()
    receipt = phone.locator("#mine li", has_text="Antrean lansia").inner_text()
    assert stored_texts(live_server) == ["Antrean lansia didahulukan, mohon kursi tunggu ditambah."]
    with in_app(live_server).app_context():
        forum = forums.get_by_code(get_db(), live_server.code)
        [stored] = comments.for_moderator(get_db(), forum["id"])
        assert stored["receipt"] in receipt  # the ack's receipt code, shown to its giver
    assert posts == []
    assert errors == []


def test_a_phone_lists_the_newest_shown_inputs_and_no_more(live_server, contexts):
    """A hall's hundreds of approvals would make the phone's page tens of thousands of pixels
    long: it keeps SHOWN_ON_PHONE cards, the newest on top, and an older one it no longer lists
    stays away when someone supports it (it used to come back on top)."""
    import requests

    from fkp.web.attendee import SHOWN_ON_PHONE
    from tests.helpers import realtime

    errors = []
    phone = phone_page(contexts, live_server, errors)
    url, code = live_server.url, live_server.code
    moderator = realtime.Recorder(url, {"forum": code, "view": "moderator"}, realtime.login(url))
    try:
        giver, supporter = realtime.join(url, code, "Pemberi"), realtime.join(url, code, "Pendukung")
        ids = [realtime.submit(url, code, giver, f"Masukan nomor {n}")["id"] for n in range(SHOWN_ON_PHONE + 5)]
        for cid in ids:
            assert moderator.call("approve_comment", {"id": cid}).get("ok")

        def newest_is(text):
            phone.wait_for_function("t => document.querySelector('#shown > li .text')?.textContent === t", arg=text)
            return phone.locator("#shown .text").all_inner_texts()

        listed = newest_is(f"Masukan nomor {len(ids) - 1}")
        assert listed == [f"Masukan nomor {n}" for n in reversed(range(5, len(ids)))]
        r = requests.post(f"{url}/api/v1/forums/{code}/comments/{ids[0]}/supports", timeout=10,
                          headers={"Authorization": f"Bearer {supporter}"})
        assert r.status_code == 201
        last = realtime.submit(url, code, giver, "Masukan terakhir")["id"]
        assert moderator.call("approve_comment", {"id": last}).get("ok")
        listed = newest_is("Masukan terakhir")  # the support was heard before this approval
        assert len(listed) == SHOWN_ON_PHONE and "Masukan nomor 0" not in listed
        assert listed[1:] == [f"Masukan nomor {n}" for n in reversed(range(6, len(ids)))]
    finally:
        moderator.close()
    assert errors == []


def test_the_phone_and_the_display_keep_the_screens_order_live(live_server, contexts):
    """Sorted by support, a supported input rises above newer ones on the phone and on the
    projector as it happens, and sorted by time again it goes back to its place: the order
    comments.approved gives a page that loads afresh."""
    import requests

    from fkp.web.attendee import SHOWN_ON_PHONE
    from tests.helpers import realtime
    from tests.helpers.browser import open_display

    errors = []
    phone = phone_page(contexts, live_server, errors)
    url, code = live_server.url, live_server.code
    display = open_display(contexts, url, code, errors)
    moderator = realtime.Recorder(url, {"forum": code, "view": "moderator"}, realtime.login(url))
    try:
        giver, supporter = realtime.join(url, code, "Pemberi"), realtime.join(url, code, "Pendukung")
        ids = [realtime.submit(url, code, giver, f"Urutan {n}")["id"] for n in range(4)]
        for cid in ids:
            assert moderator.call("approve_comment", {"id": cid}).get("ok")

        def order(page, expected):
            """Wait until this test's cards stand in the order `expected` (the demo's own
            shown inputs around them, supported or not, are left out)."""
            page.wait_for_function(
                "want => [...document.querySelectorAll('#shown > li .text')].map(e => e.textContent)"
                ".filter(t => t.startsWith('Urutan ')).join('|') === want.join('|')", arg=expected)

        newest = ["Urutan 3", "Urutan 2", "Urutan 1", "Urutan 0"]
        order(phone, newest)
        order(display, newest)
        assert moderator.call("sort_display", {"sort": "support"}).get("ok")
        r = requests.post(f"{url}/api/v1/forums/{code}/comments/{ids[1]}/supports", timeout=10,
                          headers={"Authorization": f"Bearer {supporter}"})
        assert r.status_code == 201
        order(phone, ["Urutan 1", "Urutan 3", "Urutan 2", "Urutan 0"])
        order(display, ["Urutan 1", "Urutan 3", "Urutan 2", "Urutan 0"])
        assert moderator.call("sort_display", {"sort": "newest"}).get("ok")
        order(phone, newest)
        order(display, newest)
        assert phone.locator("#shown > li").count() <= SHOWN_ON_PHONE
    finally:
        moderator.close()
    assert errors == []
