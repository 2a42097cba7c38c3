"""Issue 15, finding 2: staff sessions are the server's to end. Logout ends a session wherever
its cookie was copied; a password change ends the account's other sessions; an admin disables
an account, ends its sessions or resets its password (shown once); live consoles of an ended
session are closed or refused. Each test uses a real copied cookie in a second client."""
import json
import re

import pytest
from flask_babel import gettext as _

from fkp.errors import DomainError
from fkp.people import staff_sessions, users
from fkp.store.db import get_db
from tests.helpers.app import Actions, csrf_token

COOKIE = "session"


def copy_of(app, client, address="10.0.0.9"):
    """A second browser holding a copy of this client's cookie (as a thief would)."""
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = address
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def logged_in(client):
    r = client.get("/staff/")
    return r.status_code == 200


def login_as(app, username, password="staff-password", role="moderator", agent="Firefox/1 (laptop)"):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    assert Actions(app, client).login(username, password, role=role).status_code == 302
    return client


def user_id(app, username):
    with app.app_context():
        return get_db().execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]


def audit_actions(app):
    with app.app_context():
        return [(r[0], r[1]) for r in get_db().execute("SELECT action, coalesce(after_json, '') FROM audit_log")]


def message(app, msgid, **kwargs):
    with app.test_request_context():
        return _(msgid, **kwargs)


def post(client, url, data=None, page="/staff/"):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})})


@pytest.fixture
def admin(app):
    return login_as(app, "admin", "admin-password", role="admin")


def test_a_copied_cookie_is_refused_after_logout(app, forum):
    rina = login_as(app, "rina")
    thief = copy_of(app, rina)
    assert logged_in(thief)  # the copy works while the session runs
    assert post(rina, "/logout").status_code == 302
    assert not logged_in(rina) and not logged_in(thief)
    r = thief.get(f"/m/{forum['code']}")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    with app.app_context():
        row = get_db().execute("SELECT ended_utc, ended_reason FROM staff_sessions").fetchone()
    assert row[0] and row[1] == "logout"
    # the cookie holds a token, never the account's id, and the table only its hash
    with app.app_context():
        hashes = [r[0] for r in get_db().execute("SELECT token_hash FROM staff_sessions")]
    assert len(hashes) == 1 and len(hashes[0]) == 64


def test_a_password_change_ends_the_other_session_and_keeps_this_one(app):
    laptop = login_as(app, "rina")
    phone = login_as(app, "rina", agent="Android phone")
    url = "/staff/users/password"
    form = {"current_password": "staff-password", "password": "sawah hijau 42", "confirm": "sawah hijau 42"}
    # refusals beside their fields, nothing changed
    for wrong, field in (({"current_password": "not-it"}, "current_password"),
                         ({"password": "password123", "confirm": "password123"}, "password"),
                         ({"password": "rina", "confirm": "rina"}, "password"),
                         ({"confirm": "sawah hijau 43"}, "confirm"),
                         ({"password": "staff-password", "confirm": "staff-password"}, "password")):
        r = post(laptop, url, {**form, **wrong}, page=url)
        assert r.status_code == 400 and f'id="{field}-error"' in r.get_data(as_text=True), wrong
    assert message(app, "The current password is wrong.") in post(
        laptop, url, {**form, "current_password": "x" * 12}, page=url).get_data(as_text=True)
    assert logged_in(phone)
    r = post(laptop, url, form, page=url)
    assert r.status_code == 302
    assert logged_in(laptop) and not logged_in(phone)
    with app.app_context():
        assert users.authenticate(get_db(), "rina", "sawah hijau 42")
        assert not users.authenticate(get_db(), "rina", "staff-password")
    assert ("user.set_password", "") in audit_actions(app)
    assert not any("sawah" in after for _a, after in audit_actions(app))


def test_a_disabled_account_is_refused_and_its_live_console_closed(app, forum, admin, sockets):
    rina = login_as(app, "rina")
    thief = copy_of(app, rina)
    console = sockets(rina, forum=forum["code"], view="moderator")
    assert console.is_connected("/live")
    rina_id = user_id(app, "rina")
    page = f"/staff/users/{rina_id}/access"
    assert post(admin, f"/staff/users/{rina_id}/disable", page=page).status_code == 302
    assert not logged_in(rina) and not logged_in(thief)
    assert not console.is_connected("/live")  # closed at once (this process ended the session)
    refused = sockets(rina, forum=forum["code"], view="moderator")
    assert not refused.is_connected("/live")
    r = Actions(app, app.test_client()).login("rina", "staff-password")
    assert r.status_code == 400
    assert message(app, "This account is disabled. Ask an admin to enable it.") in r.get_data(as_text=True)
    assert "Dinonaktifkan" in admin.get("/staff/users/").get_data(as_text=True)
    # enabled again, the person logs in as before
    assert post(admin, f"/staff/users/{rina_id}/enable", page=page).status_code == 302
    assert Actions(app, app.test_client()).login("rina", "staff-password").status_code == 302
    actions = [a for a, _after in audit_actions(app)]
    assert {"user.disable", "user.enable", "session.end"} <= set(actions)


def test_an_admin_cannot_disable_themselves_nor_the_last_admin(app, admin):
    me = user_id(app, "admin")
    page = f"/staff/users/{me}/access"
    r = post(admin, f"/staff/users/{me}/disable", page=page)
    assert r.status_code == 302
    assert message(app, "You cannot disable your own account.") in admin.get(page).get_data(as_text=True)
    assert logged_in(admin)
    other = login_as(app, "kedua", "admin-password", role="admin")
    with app.app_context():
        db = get_db()
        db.execute("UPDATE users SET disabled_utc = '2026-01-01T00:00:00+00:00' WHERE username = 'admin'")
        db.conn.commit()
        with pytest.raises(DomainError) as refused:
            users.set_disabled(db, user_id(app, "kedua"), True, by_user_id=None)
        assert refused.value.status == 409
    assert logged_in(other)


def test_a_session_ended_elsewhere_is_refused_on_the_next_command(app, forum, sockets, api_participant):
    """Another `serve` process ended the session: this process's console is still connected,
    and its next command is refused; from then on it hears nothing of the forum."""
    rina = login_as(app, "rina")
    console = sockets(rina, forum=forum["code"], view="moderator")
    with app.app_context():
        staff_sessions.end_all(get_db(), user_id(app, "rina"), "ended")
    assert console.is_connected("/live")
    ack = console.emit("set_display", {"mode": "feed"}, namespace="/live", callback=True)
    assert ack == {"error": message(app, "Your session has ended. Log in again.")}
    console.get_received("/live")
    witness = sockets(login_as(app, "budi"), forum=forum["code"], view="moderator")
    witness.get_received("/live")
    summary = app.test_client().get(f"/api/v1/forums/{forum['code']}").get_json()
    assert app.test_client().post(f"/api/v1/forums/{forum['code']}/comments", json={
        "service_id": summary["services"][0]["id"], "aspect_id": summary["aspects"][0]["id"],
        "kind": "suggestion", "text": "Masukan baru.", "client_id": "after-end"},
        headers={"Authorization": f"Bearer {api_participant[1]}"}).status_code == 201
    assert [m["name"] for m in witness.get_received("/live")] == ["comment_submitted"]
    assert console.get_received("/live") == []


def test_a_disabled_account_command_is_refused_on_a_socket_another_process_holds(app, forum, sockets):
    rina = login_as(app, "rina")
    console = sockets(rina, forum=forum["code"], view="moderator")
    with app.app_context():
        db = get_db()
        db.execute("UPDATE users SET disabled_utc = '2026-01-01T00:00:00+00:00' WHERE username = 'rina'")
        db.conn.commit()
    ack = console.emit("set_display", {"mode": "feed"}, namespace="/live", callback=True)
    assert ack == {"error": message(app, "Your session has ended. Log in again.")}


def test_an_admin_sees_and_ends_an_accounts_sessions(app, admin):
    laptop = login_as(app, "rina", agent="Mozilla/5.0 (X11; Linux) Firefox/140")
    phone = login_as(app, "rina", agent="Mozilla/5.0 (Android 14) Chrome/130")
    rina_id = user_id(app, "rina")
    page = f"/staff/users/{rina_id}/access"
    html = admin.get(page).get_data(as_text=True)
    assert "Android 14" in html and "Firefox/140" in html and "127.0.0.1" in html
    with app.app_context():
        phone_session = max(r[0] for r in get_db().execute("SELECT id FROM staff_sessions WHERE user_id = ?",
                                                            [rina_id]))
    assert post(admin, f"/staff/users/{rina_id}/sessions/{phone_session}/end", page=page).status_code == 302
    assert logged_in(laptop) and not logged_in(phone)
    assert post(admin, f"/staff/users/{rina_id}/sessions/end", page=page).status_code == 302
    assert not logged_in(laptop) and logged_in(admin)
    # a session of someone else, and a moderator at the admin's pages, are refused
    with app.app_context():
        admin_session = get_db().execute("SELECT id FROM staff_sessions WHERE user_id = ?",
                                         [user_id(app, "admin")]).fetchone()[0]
    assert post(admin, f"/staff/users/{rina_id}/sessions/{admin_session}/end", page=page).status_code == 404
    assert logged_in(admin)
    moderator = login_as(app, "budi")
    assert moderator.get(page).status_code == 403
    assert post(moderator, f"/staff/users/{rina_id}/sessions/end").status_code == 403


def test_an_admin_reset_shows_a_generated_password_once(app, admin):
    rina = login_as(app, "rina")
    rina_id = user_id(app, "rina")
    page = f"/staff/users/{rina_id}/access"
    r = post(admin, f"/staff/users/{rina_id}/reset-password", page=page)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    new = re.search(r'<code id="new-password">([^<]+)</code>', r.get_data(as_text=True)).group(1)
    assert len(new) >= 16
    # only in that response: not in a cookie, the flash, the page again, or the audit log
    assert new not in (r.headers.get("Set-Cookie") or "")
    with admin.session_transaction() as session:
        assert new not in json.dumps(dict(session), default=str)
    assert new not in admin.get(page).get_data(as_text=True)
    assert not any(new in after for _a, after in audit_actions(app))
    assert not logged_in(rina)
    assert Actions(app, app.test_client()).login("rina", new).status_code == 302
    assert Actions(app, app.test_client()).login("rina", "staff-password").status_code == 400


def test_a_session_runs_out_when_idle_or_old(app):
    rina = login_as(app, "rina")
    assert logged_in(rina)
    with app.app_context():
        db = get_db()
        db.execute("UPDATE staff_sessions SET last_seen_utc = '2026-01-01T00:00:00+00:00'")
        db.conn.commit()
    assert not logged_in(rina)


def test_guessing_the_current_password_with_a_copied_cookie_waits_like_a_login(tmp_path):
    """Without it, a thief holding a session could try current passwords at full speed and then
    change the password under its owner."""
    from fkp.store import migrations
    from tests.helpers.app import make_app
    app = make_app(tmp_path, LOGIN_FREE_FAILURES=2)
    with app.app_context():
        migrations.migrate(get_db())
    thief = copy_of(app, login_as(app, "rina"))
    url = "/staff/users/password"
    form = {"password": "sawah hijau 42", "confirm": "sawah hijau 42"}
    statuses = [post(thief, url, {**form, "current_password": f"guess-{n}"}, page=url).status_code
                for n in range(6)]
    assert statuses == [400, 400, 400, 429, 429, 429]
    r = post(thief, url, {**form, "current_password": "staff-password"}, page=url)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    with app.app_context():
        assert users.authenticate(get_db(), "rina", "staff-password")
