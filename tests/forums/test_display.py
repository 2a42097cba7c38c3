"""What the projector shows in each mode, and how a moderator switches it: over the
socket, with plain form posts, and live in real browsers (screenshots in test-artifacts/)."""
import re

import pytest
from flask_babel import force_locale, gettext

from fkp.forums import display as screen
from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import csrf_token
from tests.helpers.browser import ARTIFACTS, PHONE, join_by_hand, open_display, watch_errors

REFUSED = "Only an input that is shown can be highlighted."


def add_input(app, forum, text, approve=True, group="civil_society"):
    """One input by a new attendee on the forum's first service and aspect."""
    with app.app_context():
        db = get_db()
        p, _ = participants.join(db, forum, name="Dewi Lestari", institution="WCC Mataram",
                                 group=group, consent=True, contact="0812-9999-0000")
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        c, _ = comments.submit(db, forum, p, service_id=service["id"], aspect_id=aspect["id"],
                               kind="criticism", text=text, client_id=text[:30])
        if approve:
            moderation.approve(db, forum, c["id"], None)
        return comments.get(db, c["id"])


def set_mode(app, forum, mode, comment_id=None):
    with app.app_context():
        db = get_db()
        screen.set_mode(db, forums.get(db, forum["id"]), mode, comment_id)


def current(app, forum):
    """(mode, highlighted comment id, seq) as stored."""
    with app.app_context():
        f = forums.get(get_db(), forum["id"])
        return f["display_mode"], f["highlight_comment_id"], f["seq"]


def rendered_mode(html):
    return re.search(r'id="screen" data-mode="(\w+)"', html).group(1)


def indonesian(app, msgid):
    """The message as an Indonesian visitor reads it; it must really be translated."""
    with app.test_request_context(), force_locale("id"):
        text = gettext(msgid)
    assert text != msgid, f"no Indonesian translation of {msgid!r} in messages.po"
    return text


@pytest.mark.parametrize("mode", screen.MODES)
def test_each_mode_renders_on_first_load(app, client, forum, mode):
    c = add_input(app, forum, "Loket disabilitas perlu dibuka sejak pagi.")
    add_input(app, forum, "Belum dimoderasi, jangan tampil.", approve=False, group="media")
    set_mode(app, forum, mode, c["id"] if mode == "highlight" else None)
    html = client.get(f"/d/{forum['code']}").get_data(as_text=True)

    assert rendered_mode(html) == mode
    assert re.search(r"<title>[^<]*" + forum["code"], html)
    assert re.search(r'id="mode-status" role="status" aria-live="polite"', html)
    assert "Belum dimoderasi" not in html and "0812-9999-0000" not in html
    section = {
        "join": r'<p class="big-code"[^>]*>' + forum["code"],
        "feed": r'<ol class="cards shown" id="shown"[^>]*>\s*<li class="card" data-id="%d"' % c["id"],
        "highlight": r'id="highlight-card" data-id="%d">[\s\S]*Loket disabilitas' % c["id"],
        "chart": r'data-count-aspect="%d">1<' % c["aspect_id"],
        "cloud": r'<h2 id="cloud-title">Awan kata: [^<]+ — [^<]+</h2>[\s\S]*"word": "disabilitas"',
        "closed": r'id="closed-title"',
    }[mode]
    assert re.search(section, html)
    # the chart's numbers are on the page whatever the mode, so a switch needs no request
    for group, n in (("civil_society", 1), ("media", 1), ("staff", 0)):
        assert f'<td data-count-group="{group}">{n}</td>' in html


def test_a_highlighted_input_that_is_hidden_leaves_the_screen(app, client, forum):
    c = add_input(app, forum, "Sempat disorot lalu disembunyikan.")
    set_mode(app, forum, "highlight", c["id"])
    with app.app_context():
        moderation.hide(get_db(), forums.get(get_db(), forum["id"]), c["id"], None)
    html = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert rendered_mode(html) == "feed"
    assert "Sempat disorot" not in html


def test_highlighting_a_pending_input_is_refused_and_changes_nothing(app, client, actions, forum, sockets):
    pending = add_input(app, forum, "Masih menunggu moderasi.", approve=False)
    assert actions.login().status_code == 302
    before = current(app, forum)
    moderator = sockets(client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    display.get_received("/live")

    ack = moderator.emit("set_display", {"mode": "highlight", "comment_id": pending["id"]},
                         namespace="/live", callback=True)
    token = csrf_token(client, f"/m/{forum['code']}")
    r = client.post(f"/m/{forum['code']}/display", data={
        "csrf_token": token, "mode": "highlight", "comment_id": pending["id"]})
    assert r.status_code == 302
    flashed = client.get(r.headers["Location"]).get_data(as_text=True)

    assert current(app, forum) == before
    assert display.get_received("/live") == []
    html = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert rendered_mode(html) == "feed" and "Masih menunggu moderasi." not in html
    message = indonesian(app, REFUSED)
    assert ack == {"error": message}
    assert message in flashed


def test_the_socket_command_switches_the_display_with_public_fields_only(
        app, client, actions, forum, sockets):
    c = add_input(app, forum, "Sorot masukan ini.")
    actions.login()
    moderator = sockets(client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    display.get_received("/live")
    ack = moderator.emit("set_display", {"mode": "highlight", "comment_id": c["id"]},
                         namespace="/live", callback=True)
    assert ack["ok"]
    [event] = [m["args"][0] for m in display.get_received("/live") if m["name"] == "display_changed"]
    assert event["seq"] == ack["seq"] and event["mode"] == "highlight"
    assert event["comment"]["text"] == "Sorot masukan ini."
    assert "participant_id" not in event["comment"] and "client_id" not in event["comment"]


def test_the_display_mode_switches_without_javascript(app, client, actions, forum):
    c = add_input(app, forum, "Masukan untuk disorot tanpa JavaScript.")
    actions.login()
    console = f"/m/{forum['code']}"
    html = client.get(console).get_data(as_text=True)
    modes = re.findall(r'data-display-mode="(\w+)"', html)
    assert modes == ["join", "feed", "chart", "cloud", "closed"]  # highlight starts from an input
    assert re.search(r'data-display-mode="cloud">[^\n]*>Awan kata</button>', html)
    token = csrf_token(client, console)
    for mode in ("join", "chart", "cloud", "closed", "feed"):
        r = client.post(f"{console}/display", data={"csrf_token": token, "mode": mode})
        assert r.status_code == 302 and r.headers["Location"] == console
        assert current(app, forum)[0] == mode
        assert rendered_mode(client.get(f"/d/{forum['code']}").get_data(as_text=True)) == mode
        html = client.get(console).get_data(as_text=True)
        [pressed] = re.findall(r'data-display-mode="(\w+)">[^\n]*aria-pressed="true"', html)
        assert pressed == mode

    r = client.post(f"{console}/display", data={"csrf_token": token, "mode": "highlight",
                                                "comment_id": c["id"]})
    assert r.status_code == 302 and current(app, forum)[:2] == ("highlight", c["id"])
    assert "Masukan untuk disorot" in client.get(f"/d/{forum['code']}").get_data(as_text=True)
    # without the CSRF token nothing changes
    assert client.post(f"{console}/display", data={"mode": "closed"}).status_code == 400
    assert current(app, forum)[0] == "highlight"


# ---- In real browsers --------------------------------------------------------------------

def test_moderator_switches_the_display_live(live_server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    url, code = live_server.url, live_server.code
    errors = []

    display = open_display(contexts, url, code, errors)
    assert code in display.title()
    display.evaluate("window.__noReload = true")  # a reload would wipe it

    moderator = contexts(viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    moderator.goto(f"{url}/login")
    moderator.fill("#username", "moderator")
    moderator.fill("#password", "moderator-pass")
    moderator.click("button[type=submit]")
    response = moderator.goto(f"{url}/m/{code}")
    assert response.status != 403, "the live_server moderator is not assigned to its forum"
    moderator.wait_for_selector("#live-status.live-ok")
    moderator.wait_for_selector("#display-controls.live")
    moderator.evaluate("window.__noReload = true")

    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, url, code)
    text = "Mohon jam layanan informasi diperpanjang sampai sore pada masa tahapan pemilu."
    phone.fill("#text", text)
    phone.click("#send")
    card = moderator.locator("#inputs li", has_text=text)
    card.wait_for(timeout=10000)
    card.locator("form[data-action=approve] button").click()
    card.locator(".status", has_text="Ditampilkan").wait_for(timeout=10000)
    aspect = card.get_attribute("data-aspect")
    display.locator("#shown li", has_text=text).wait_for(timeout=10000)

    def follows(mode, screenshot=True):
        """The display switched to mode without reloading; the moderator's mark agrees."""
        display.wait_for_selector(f"#screen[data-mode={mode}]", timeout=10000)
        assert display.evaluate("window.__noReload === true"), f"the display reloaded for {mode}"
        assert moderator.evaluate("window.__noReload === true")
        moderator.wait_for_function(
            "m => document.getElementById('display-now').textContent === m",
            arg=display.inner_text("#mode-label"))
        if screenshot:
            display.screenshot(path=str(ARTIFACTS / f"display-{mode}.png"))

    def press(mode):
        moderator.click(f"#display-controls form[data-display-mode={mode}] button")
        moderator.wait_for_selector(
            f"#display-controls form[data-display-mode={mode}] button[aria-pressed=true]")
        follows(mode)

    press("join")
    assert display.locator(".big-code").is_visible() and not display.locator("#shown").is_visible()
    press("feed")
    assert display.locator("#shown li", has_text=text).is_visible()

    card.locator("form[data-action=highlight] button").click()
    follows("highlight")
    assert display.inner_text("#highlight-card .text") == text
    # Rina did not agree to be named publicly: the highlighted card calls her "Peserta"
    assert "Rina Wulandari" not in display.inner_text("#highlight-card .who")
    assert display.inner_text("#highlight-card .who").startswith("Peserta")
    assert moderator.locator("#display-controls form[data-display-mode] button[aria-pressed=true]").count() == 0

    press("chart")
    bar = display.locator(f'#chart-aspects svg g[data-key="{aspect}"]')
    assert bar.locator(".bar-value").text_content() == "1"
    others = display.locator(f'#chart-aspects svg g:not([data-key="{aspect}"]) rect')
    assert all(float(bar.locator("rect").get_attribute("width")) > float(w)
               for w in others.evaluate_all("rs => rs.map(r => r.getAttribute('width'))"))
    # the phone joined after the display loaded: the group count came live
    joined = display.locator('#chart-groups svg g[data-key="civil_society"] .bar-value')
    assert joined.text_content() == "1"

    press("closed")
    assert display.locator("#closed-title").is_visible()

    # hiding the highlighted input takes it off the screen at once, and out of the counts
    card.locator("form[data-action=highlight] button").click()
    follows("highlight", screenshot=False)
    card.locator("form[data-action=hide] button").click()
    display.wait_for_selector("#screen[data-mode=feed]", timeout=10000)
    assert display.locator("#shown li", has_text=text).count() == 0
    assert display.text_content(f'#chart-aspects [data-count-aspect="{aspect}"]') == "0"
    assert display.evaluate("window.__noReload === true")
    assert errors == []


def test_display_shows_the_forum_status_when_not_open(app, client, forum):
    from fkp.forums import lifecycle
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert 'id="forum-state" role="status" hidden' in page
    with app.app_context():
        lifecycle.transition(get_db(), forum, "pause", None)
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert 'id="forum-state" role="status">' in page and "Dijeda" in page


def test_the_feed_can_be_sorted_by_support(app, client, forum, actions, sockets):
    from fkp.inputs import supports
    with app.app_context():
        db = get_db()
        s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
        people = [participants.join(db, forum, name=f"P{i}", institution="X", group="media",
                                    consent=True)[0] for i in range(3)]
        older, _ = comments.submit(db, forum, people[0], service_id=s, aspect_id=a, kind="suggestion",
                                   text="Lama tapi didukung", client_id="o")
        moderation.approve(db, forum, older["id"], None)
        newer, _ = comments.submit(db, forum, people[1], service_id=s, aspect_id=a, kind="suggestion",
                                   text="Baru tanpa dukungan", client_id="n")
        moderation.approve(db, forum, newer["id"], None)
        supports.support(db, forum, people[2], older["id"])
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert page.index("Baru tanpa dukungan") < page.index("Lama tapi didukung")
    actions.login()
    mod = sockets(actions.client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    assert mod.emit("sort_display", {"sort": "support"}, namespace="/live", callback=True)["ok"]
    [event] = [m["args"][0] for m in display.get_received("/live") if m["name"] == "display_changed"]
    assert event["sort"] == "support" and event["mode"] == "feed"
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert 'data-sort="support"' in page
    assert page.index("Lama tapi didukung") < page.index("Baru tanpa dukungan")
    assert mod.emit("sort_display", {"sort": "loudest"}, namespace="/live", callback=True)["error"]


def test_an_unknown_sort_is_refused_as_a_sort_not_as_a_mode(app, forum):
    from fkp.errors import DomainError
    with app.app_context(), pytest.raises(DomainError) as refused:
        screen.set_sort(get_db(), forum, "loudest")
    assert refused.value.field == "sort"
    assert refused.value.message == indonesian(app, "Unknown sort order.") != indonesian(app, "Unknown display mode.")
