"""Staff over HTTPS, phones over plain HTTP, one forum, in real browsers against a real server
(issue 15): the moderator's console runs its live socket over TLS with the Secure cookie, and
the input a phone sends over plain HTTP reaches it. A staff member who tries the join link on
plain HTTP in the browser they logged in with over HTTPS can join too, and stays logged in."""
from tests.helpers.browser import PHONE, watch_errors


def test_moderator_on_https_sees_a_phone_on_http(live_server, contexts):
    https, code, errors = live_server.https_url, live_server.code, []
    # as a staff member does once the fingerprint matched: the warning accepted
    moderator = contexts(ignore_https_errors=True, viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    moderator.goto(f"{https}/login")
    moderator.fill("#username", "moderator")
    moderator.fill("#password", "moderator-pass")
    moderator.click("button[type=submit]")
    moderator.wait_for_url("**/staff/")
    assert [c["secure"] for c in moderator.context.cookies() if c["name"].endswith("session")] == [True]
    moderator.goto(f"{https}/m/{code}")
    moderator.wait_for_selector("#live-status.live-ok")

    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    phone.goto(f"{live_server.url}/j/{code}")
    phone.fill("#name", "Rina Wulandari")
    phone.fill("#institution", "JPPR NTB")
    phone.check("input[name=group][value=civil_society]")
    phone.check("#consent")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/j/{code}/input**")
    phone.wait_for_selector("#live-status.live-ok")
    text = "Masukan lewat HTTP biasa, dibaca lewat HTTPS."
    phone.fill("#text", text)
    phone.click("#send")
    moderator.locator("#inputs li", has_text=text).wait_for(timeout=10000)

    # The same browser on plain HTTP: the Secure cookie cannot be replaced from there, so the
    # plain session has a name of its own; joining works and the HTTPS login holds.
    trial = moderator.context.new_page()
    watch_errors(trial, errors)
    trial.goto(f"{live_server.url}/j/{code}")
    trial.fill("#name", "Petugas Mencoba")
    trial.fill("#institution", "Perorangan")
    trial.check("input[name=group][value=service_user]")
    trial.check("#consent")
    trial.click("button[type=submit]")
    trial.wait_for_url(f"**/j/{code}/input**")
    assert sorted((c["name"], c["secure"]) for c in moderator.context.cookies() if c["name"].endswith("session")) \
        == [("__Secure-session", True), ("session", False)]
    moderator.goto(f"{https}/staff/")
    assert moderator.url.endswith("/staff/")  # not sent back to /login
    assert errors == []
