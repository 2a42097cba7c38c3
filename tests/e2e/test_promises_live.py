"""The yearly review on the projector, in real browsers against a real server: a forum reviewing
last year's shows "Janji forum sebelumnya" when the moderator asks, each promise with its status
in words, without a reload, still there after one, and gone when hidden. Never the person in
charge. The screenshot lands in test-artifacts/ for people to look at."""
from fkp import create_app
from fkp.forums import forums, lifecycle, setup
from fkp.record import responses
from fkp.standards import texts
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.browser import ARTIFACTS, mark, not_reloaded, open_console, open_display

# More promises than the projector shows at once (six): long ones, not started, due in 2026.
MORE = [f"Menambah {n} loket khusus bagi penyandang disabilitas dan lansia di kantor KPU kabupaten dan kota, "
        "lengkap dengan petugas yang terlatih bahasa isyarat" for n in range(1, 7)]


def seed(database):
    """Last year's forum: its promises answered (more than fit one screen, the person in charge
    named), a final text written, and this year's review of it, open. Returns (the review's code,
    last year's title)."""
    app = create_app({"DATABASE": database, "SECRET_KEY": "e2e-promises", "ASYNC_MODE": "threading",
                      "TESTING": True})
    with app.app_context():
        db = get_db()
        past, _inputs = factories.full_record(db)
        lifecycle.transition(db, past, "reopen", None)
        lifecycle.transition(db, forums.get(db, past["id"]), "open", None)
        past = forums.get(db, past["id"])
        service, aspect = forums.services(db, past["id"])[0], forums.aspects(db, past["id"])[0]
        giver = factories.join(db, past, "Warga Peninjau", "service_user")
        for n, action in enumerate(MORE, 1):
            said = factories.say(db, past, giver, service, aspect, f"Masukan tambahan {n}.")
            responses.save_response(db, past, said["id"], None, response="Diterima.", decision="accepted",
                                    action=action, pic="Kepala Subbagian Umum", target_date=f"2026-0{n}-10",
                                    followup_status="not_started")
        lifecycle.transition(db, forums.get(db, past["id"]), "close", None)
        past = forums.get(db, past["id"])
        texts.save(db, past, service["id"], "requirements", None, text="KTP elektronik saja.")
        new = forums.get(db, setup.review(db, past, None))
        lifecycle.transition(db, new, "open", None)
        return new["code"], past["title"]


def test_the_moderator_shows_last_years_promises_on_the_projector(live_server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    url = live_server.url
    code, past_title = seed(live_server.env["FKP_DATABASE"])
    live_server.cli("create-user", "moderator2", "--role", "moderator", "--forum", code, password="moderator2-pass")
    errors = []
    display = open_display(contexts, url, code, errors)
    display.wait_for_function("() => document.documentElement.dataset.synced !== undefined")
    assert display.locator("#promises").is_hidden()
    mark(display)

    moderator = open_console(contexts, url, code, errors, username="moderator2", password="moderator2-pass")
    show = moderator.get_by_role("button", name="Tampilkan janji forum sebelumnya")
    show.click()
    moderator.get_by_role("button", name="Sembunyikan janji forum sebelumnya").wait_for(timeout=10000)
    assert show.is_hidden()

    panel = display.locator("#promises")
    panel.wait_for(state="visible", timeout=10000)
    assert not_reloaded(display)
    assert panel.locator("h2").inner_text() == "Janji forum sebelumnya dan perkembangannya"
    assert past_title in display.locator("#promises-forum").inner_text()
    rows = panel.locator("#promises-rows tr")
    assert rows.count() == 6  # what fits; the rest are counted, the done one among them
    first = rows.nth(0).inner_text()
    assert "Membuat formulir daring" in first and "1 Desember 2025" in first and "Sedang berjalan" in first
    assert "Belum dimulai" in rows.nth(1).inner_text()
    said = panel.inner_text()
    assert "Selesai" not in said and display.locator("#promises-more").inner_text() == "dan 3 lainnya"
    for pic in ("Subbag Teknis", "Divisi Data", "Kepala Subbagian Umum"):
        assert pic not in said  # never the person in charge
    # readable from the back of the hall: every row's text at least 28 px at 1080p
    size = display.evaluate("parseFloat(getComputedStyle(document.querySelector('#promises-rows td')).fontSize)")
    assert size >= 28
    # the table fits the screen: nothing to scroll on a projector
    box = display.locator("#promises-more").bounding_box()
    assert box["y"] + box["height"] <= 1080
    display.screenshot(path=str(ARTIFACTS / "promises-display.png"))

    # a reloaded display shows it again
    display.reload()
    display.wait_for_function("() => document.documentElement.dataset.synced !== undefined")
    assert panel.is_visible() and rows.count() == 6
    mark(display)

    moderator.get_by_role("button", name="Sembunyikan janji forum sebelumnya").click()
    panel.wait_for(state="hidden", timeout=10000)
    moderator.get_by_role("button", name="Tampilkan janji forum sebelumnya").wait_for(timeout=10000)
    assert not_reloaded(display)
    assert errors == []
