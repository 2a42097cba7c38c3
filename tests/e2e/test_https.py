"""Staff over HTTPS, phones over plain HTTP, one forum, in real browsers against a real server
(issue 15): the moderator's console runs its live socket over TLS with the Secure cookie, and
the input a phone sends over plain HTTP reaches it. A staff member who tries the join link on
plain HTTP in the browser they logged in with over HTTPS can join too, and stays logged in."""
from tests.helpers.browser import PHONE, join_by_hand, login, watch_errors


def test_moderator_on_https_sees_a_phone_on_http(live_server, contexts):
    https, code, errors = live_server.https_url, live_server.code, []
    # as a staff member does once the fingerprint matched: the warning accepted
    moderator = contexts(ignore_https_errors=True, viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    login(moderator, https, "moderator", "moderator-pass")
    assert [c["secure"] for c in moderator.context.cookies() if c["name"].endswith("session")] == [True]
    moderator.goto(f"{https}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")

    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, live_server.url, code)
    text = "Masukan lewat HTTP biasa, dibaca lewat HTTPS."
    phone.fill("#text", text)
    phone.click("#send")
    moderator.locator("#inputs li", has_text=text).wait_for(timeout=10000)

    # The same browser on plain HTTP: the Secure cookie cannot be replaced from there, so the
    # plain session has a name of its own; joining works and the HTTPS login holds.
    trial = moderator.context.new_page()
    watch_errors(trial, errors)
    join_by_hand(trial, live_server.url, code, name="Petugas Mencoba", live=False)
    assert sorted((c["name"], c["secure"]) for c in moderator.context.cookies() if c["name"].endswith("session")) \
        == [("__Secure-session", True), ("session", False)]
    moderator.goto(f"{https}/staff/")
    assert moderator.url.endswith("/staff/")  # not sent back to /login
    assert errors == []
