"""Rate limits: inputs and supports per participant, joins and failed logins per address,
failed logins per username; each refusal is clear, says when to retry and stores nothing.

Then the limits counterpart of the permission table: every route that changes state is
limited or exempt for a stated reason. Tests count requests; one waits 0.3 s for a window.
"""
import re
from pathlib import Path

import pytest
from flask_babel import gettext as _
from limits import parse_many

from fkp import config
from fkp.extensions import socketio
from fkp.forums import agreement, forums
from fkp.inputs import comments, moderation
from fkp.people import participants, users
from fkp.serve import demo
from fkp.store import migrations
from fkp.store.db import get_db
from tests.helpers.app import Actions, csrf_token, make_app

SMALL = {"LIMIT_INPUT": "3 per minute", "LIMIT_SUPPORT": "2 per minute", "LIMIT_JOIN": "3 per minute",
         "LIMIT_LOGIN": "4 per minute"}


@pytest.fixture
def app(tmp_path):
    """The app with small limits, so a test reaches each by counting a few requests."""
    app = make_app(tmp_path, **SMALL)
    with app.app_context():
        migrations.migrate(get_db())
    return app


@pytest.fixture
def forum(app):
    with app.app_context():
        return forums.get_by_code(get_db(), demo.create(get_db()))


def client_from(app, address):
    """A browser at another address on the network (another phone, outside the venue's NAT)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def shown_input(forum, n=0):
    """The id of an approved input by another attendee, which can be supported."""
    db = get_db()
    author, _t = participants.join(db, forum, name=f"Penulis {n}", institution="A", group="media",
                                   consent=True)
    c, _new = comments.submit(db, forum, author, service_id=forums.services(db, forum["id"])[0]["id"],
                              aspect_id=forums.aspects(db, forum["id"])[0]["id"], kind="suggestion",
                              text=f"Ditampilkan {n}.", client_id=f"shown{n}")
    return moderation.approve(db, forum, c["id"], None)["id"]


def message(msgid, app):
    with app.test_request_context():
        return _(msgid)


def count(app, table):
    with app.app_context():
        return get_db().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def api_join(client, code, name="Budi"):
    return client.post(f"/api/v1/forums/{code}/participants", json={
        "name": name, "institution": "Partai A", "group": "service_user", "consent": True})


def first_pair(app, forum):
    with app.app_context():
        return {"service_id": forums.services(get_db(), forum["id"])[0]["id"],
                "aspect_id": forums.aspects(get_db(), forum["id"])[0]["id"]}


def api_comment(client, app, forum, token, text="Masukan.", client_id=None):
    return client.post(f"/api/v1/forums/{forum['code']}/comments", json={
        **first_pair(app, forum), "kind": "suggestion", "text": text, "client_id": client_id or text},
        headers={"Authorization": f"Bearer {token}"})


def page_comment(actions, forum, text):
    return actions.submit(forum["code"], text=text, **first_pair(actions.app, forum))


INPUTS_WAIT = "You have sent many inputs in a short time. Wait a moment, then send again; your text is kept."


def test_inputs_are_limited_per_participant_across_page_and_api(app, client, actions, forum):
    actions.join(forum["code"])
    for n in range(3):
        assert page_comment(actions, forum, f"Masukan {n}").status_code == 302
    stored = count(app, "comments")
    page = page_comment(actions, forum, "Teks yang tidak boleh hilang")
    html = page.get_data(as_text=True)
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert message(INPUTS_WAIT, app) in html and "Teks yang tidak boleh hilang" in html
    # The same participant through the API shares the count (the page hands its token to attendee.js).
    token = re.search(r'"token": "([^"]+)"', client.get(f"/j/{forum['code']}/input").get_data(as_text=True)).group(1)
    api = api_comment(client, app, forum, token)
    assert api.status_code == 429 and api.get_json() == {"error": message(INPUTS_WAIT, app)}
    assert int(api.headers["Retry-After"]) >= 1
    # ... and so does the phone's socket (live.py), which says when to send again too.
    phone = socketio.test_client(app, namespace="/live", auth={"forum": forum["code"], "view": "attendee",
                                                               "token": token})
    ack = phone.emit("submit_comment", {**first_pair(app, forum), "kind": "suggestion", "text": "Lewat soket.",
                                        "client_id": "s1"}, namespace="/live", callback=True)
    phone.disconnect("/live")
    assert ack["code"] == 429 and ack["error"] == message(INPUTS_WAIT, app) and ack["retry_after"] >= 1
    assert count(app, "comments") == stored
    # Another attendee in the same hall (same address) is not held back.
    other = api_join(app.test_client(), forum["code"], "Siti").get_json()["token"]
    assert api_comment(app.test_client(), app, forum, other, "Dari orang lain.").status_code == 201


def test_joins_are_limited_per_address_across_page_and_api(app, client, actions, forum):
    assert actions.join(forum["code"], name="Satu").status_code == 302
    assert api_join(app.test_client(), forum["code"], "Dua").status_code == 201
    assert api_join(app.test_client(), forum["code"], "Tiga").status_code == 201
    joined = count(app, "participants")
    wait = message("Many people are joining at this moment. Wait a few seconds, then send the form "
                   "again; what you wrote is kept.", app)
    page = Actions(app, app.test_client()).join(forum["code"], name="Empat Tertahan")
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert wait in page.get_data(as_text=True) and 'value="Empat Tertahan"' in page.get_data(as_text=True)
    api = api_join(app.test_client(), forum["code"], "Lima")
    assert (api.status_code, api.get_json()) == (429, {"error": wait}) and api.headers["Retry-After"]
    assert count(app, "participants") == joined
    elsewhere = client_from(app, "10.1.2.3")
    assert api_join(elsewhere, forum["code"], "Dari alamat lain").status_code == 201



def joins_from(app, code, forwarded_for):
    """One join each through nginx (the proxy's address) for phones at these addresses."""
    nginx = client_from(app, "127.0.0.1")
    return [nginx.post(f"/api/v1/forums/{code}/participants", headers={"X-Forwarded-For": address},
                       json={"name": f"Peserta {n}", "institution": "Warga", "group": "service_user",
                             "consent": True}).status_code
            for n, address in enumerate(forwarded_for)]


@pytest.mark.server
def test_behind_the_deployed_nginx_joins_count_per_phone_not_per_proxy(tmp_path):
    """deploy/ puts nginx in front and tells fkp to believe it: a national forum's phones all
    arrive from nginx's address, and counted as one they were refused after the join limit
    (1,000 an hour by default). Each phone is counted by the address nginx passes on."""
    root = Path(__file__).resolve().parents[2]
    assert 'FKP_TRUSTED_PROXIES="${FKP_TRUSTED_PROXIES:-1}"' in (root / "deploy/start-workers").read_text()
    assert "Environment=FKP_TRUSTED_PROXIES=1" in (root / "deploy/fkp@.service").read_text()
    app = make_app(tmp_path, **SMALL, TRUSTED_PROXIES=1)  # 3 joins a minute per address
    with app.app_context():
        migrations.migrate(get_db())
        code = demo.create(get_db())
    assert joins_from(app, code, [f"10.8.0.{n}" for n in range(6)]) == [201] * 6
    assert joins_from(app, code, ["10.8.0.1"] * 3) == [201, 201, 429]  # one phone still has its limit


def test_a_forwarded_address_is_not_believed_without_a_trusted_proxy(app, forum):
    """Phones that reach fkp directly cannot step around the limit by naming an address."""
    assert joins_from(app, forum["code"], [f"10.8.0.{n}" for n in range(4)]) == [201, 201, 201, 429]

def test_the_default_join_limit_lets_a_hall_of_300_in_within_a_minute_and_bounds_a_script():
    """Checked on the configured numbers, not by timing 300 requests."""
    items = parse_many(config.ENV_VARS["FKP_RATELIMIT_JOIN"][0])

    def most_in(seconds):  # the most joins the limits allow within `seconds`
        return min(item.amount * -(-seconds // item.get_expiry()) for item in items)
    assert most_in(60) >= 400          # 300 people, and a third of the forms sent back with a mistake
    assert most_in(1) <= 20            # but no faster than people filling in a form
    assert most_in(3600) <= 1000       # and a script adds at most this many in an hour


def test_supports_are_limited_per_participant(app, client, forum):
    with app.app_context():
        shown = [shown_input(forum, n) for n in range(3)]
    token = api_join(client, forum["code"]).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    for cid in shown[:2]:
        assert client.post(f"/api/v1/forums/{forum['code']}/comments/{cid}/supports", headers=auth).status_code == 201
    r = client.post(f"/api/v1/forums/{forum['code']}/comments/{shown[2]}/supports", headers=auth)
    assert r.status_code == 429 and r.headers["Retry-After"]
    assert r.get_json()["error"] == message("You have supported many inputs in a short time. Wait a "
                                            "moment, then try again.", app)
    assert count(app, "supports") == 2


def login(client, username, password):
    """A login over HTTPS, as staff on other machines log in (fkp/web/transport.py)."""
    url = "https://localhost/login"
    return client.post(url, headers={"Referer": url}, data={"username": username, "password": password,
                                                            "csrf_token": csrf_token(client, url)})


def guessed_app(tmp_path, **config):
    """The app with the login throttle as shipped (and, for the old code, its per-username limit)
    and an admin whose password is known."""
    app = make_app(tmp_path, **{"LIMIT_LOGIN": "20 per minute", "LIMIT_LOGIN_USERNAME": "10 per minute",
                                "LOGIN_FREE_FAILURES": 5, "LOGIN_MAX_WAIT": 300, **config})
    with app.app_context():
        migrations.migrate(get_db())
        users.create(get_db(), "admin", "admin-password", "admin")
    return app


def let_the_wait_pass(app, username, address):
    """What waiting out a Retry-After does, without the test sleeping through it."""
    from fkp.web import limits
    with app.app_context():
        limits.storage().clear(limits.login_keys(username, address)[1])


def test_a_guesser_elsewhere_does_not_lock_the_real_user_out(tmp_path):
    """Issue 15: ten wrong passwords for a username, from anywhere, refused the right one. Now a
    guesser at one address slows only themselves: after five free failures each attempt
    waits, and the real person at another address logs in at once."""
    app = guessed_app(tmp_path)
    attacker = client_from(app, "10.6.6.6")
    statuses = [login(attacker, "admin", f"guess-{n}").status_code for n in range(50)]
    assert login(client_from(app, "10.0.0.5"), "Admin", "admin-password").status_code == 302
    assert statuses[:6] == [400] * 6 and set(statuses[6:]) == {429}
    assert login(client_from(app, "10.0.0.6"), "admin", "wrong").status_code == 400  # a first failure there


def test_each_further_failure_from_one_address_doubles_the_wait_up_to_a_cap(tmp_path):
    app = guessed_app(tmp_path, LOGIN_MAX_WAIT=4)
    attacker = client_from(app, "10.6.6.6")
    for n in range(6):
        assert login(attacker, "admin", f"guess-{n}").status_code == 400
    waits = []
    for n in range(5):
        r = login(attacker, "admin", "admin-password")  # even the right password waits its turn
        assert r.status_code == 429
        waits.append(int(r.headers["Retry-After"]))
        assert message("Too many failed logins for this username from here. Wait %(n)d seconds, then try again.",
                       app).replace("%(n)d", str(waits[-1])) in r.get_data(as_text=True)
        assert 'name="username"' in r.get_data(as_text=True)  # the form, shown again
        let_the_wait_pass(app, "admin", "10.6.6.6")
        assert login(attacker, "admin", f"again-{n}").status_code == 400
    assert waits == [1, 2, 4, 4, 4]
    # Other usernames from the same address are not held; the right password, after the wait, logs in
    assert login(attacker, "moderator", "whatever").status_code == 400
    let_the_wait_pass(app, "admin", "10.6.6.6")
    assert login(attacker, "admin", "admin-password").status_code == 302
    # and a success forgets the failures: the next mistake is free again
    assert login(client_from(app, "10.6.6.6"), "admin", "typo").status_code == 400
    assert login(client_from(app, "10.6.6.6"), "admin", "typo").status_code == 400


def test_parallel_attempts_cannot_all_pass_one_opening(tmp_path):
    """An attempt past the free ones must be the one that starts the wait: the storage's
    atomic increment decides, so a burst sent at once gets one attempt, not all."""
    from concurrent.futures import ThreadPoolExecutor
    app = guessed_app(tmp_path, LOGIN_FREE_FAILURES=1)
    attacker = client_from(app, "10.6.6.6")
    assert login(attacker, "admin", "first").status_code == 400
    url = "https://localhost/login"  # staff on another machine log in over HTTPS
    token = csrf_token(attacker, url)

    def attempt(n):
        c = client_from(app, "10.6.6.6")
        c.set_cookie("__Secure-session", attacker.get_cookie("__Secure-session").value)
        return c.post(url, headers={"Referer": url},
                      data={"username": "admin", "password": f"g{n}", "csrf_token": token}).status_code
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(attempt, range(16)))
    assert sorted(statuses) == [400] + [429] * 15


@pytest.mark.server
def test_the_login_waits_live_in_redis_when_the_storage_is_redis(tmp_path, redis_url):
    """Several `serve` processes share one Redis: the failures and the wait are counted there,
    so an attacker gains nothing by reaching another process. Two apps stand for two processes."""
    first = guessed_app(tmp_path / "a", RATELIMIT_STORAGE_URI=redis_url)
    second = make_app(tmp_path / "a", RATELIMIT_STORAGE_URI=redis_url, LOGIN_FREE_FAILURES=5,
                      LOGIN_MAX_WAIT=300)
    for n in range(6):
        assert login(client_from(first, "10.6.6.6"), "admin", f"guess-{n}").status_code == 400
    r = login(client_from(second, "10.6.6.6"), "admin", "guess")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) == 1
    let_the_wait_pass(second, "admin", "10.6.6.6")
    assert login(client_from(second, "10.6.6.6"), "admin", "guess").status_code == 400
    assert int(login(client_from(first, "10.6.6.6"), "admin", "guess").headers["Retry-After"]) == 2
    assert login(client_from(second, "10.0.0.5"), "admin", "admin-password").status_code == 302


def test_failed_logins_are_limited_per_address(app, actions):
    for n in range(3):
        assert actions.login(f"staff{n}", "staff-password", assign=False).status_code == 302
    for name in ("a", "b", "c", "d"):
        assert login(app.test_client(), name, "wrong").status_code == 400
    r = login(app.test_client(), "staff0", "staff-password")
    assert r.status_code == 429
    assert message("Too many failed logins from this network. Wait a minute, then try again.",
                   app) in r.get_data(as_text=True)
    assert login(client_from(app, "10.9.9.9"), "staff0", "staff-password").status_code == 302


# --- Every route that changes state: limited (by which limit) or exempt (why). Written by hand.
STAFF = "staff only: behind a login, itself limited; a few trusted people acting by hand"
PASSWORD_PAGE = "staff only; a wrong current password waits as a failed login does (password_delay)"
EXEMPT_LOOKUP = "writes nothing: looks up a forum code (a GET of /j/CODE does the same)"
LIMITS = {
    "attendee.join": "join",
    "api.join": "join",
    "attendee.give_input": "input",
    "api.submit_comment": "input",
    "attendee.support": "support",
    "api.support_comment": "support",
    "attendee.answer_agreement": "agreement",
    "api.answer_agreement": "agreement",
    "auth.login": "login",
    "attendee.enter_code": EXEMPT_LOOKUP,
    "tracker.find": "writes nothing: a posted receipt code is sent on to /t/CODE, where lookups are limited",
    "auth.logout": "ends the caller's own session; needs its CSRF token",
    "accounts.index": STAFF, "accounts.identity": STAFF, "accounts.password": PASSWORD_PAGE,
    "accounts.disable": STAFF, "accounts.enable": STAFF, "accounts.end_session": STAFF,
    "accounts.end_sessions": STAFF, "accounts.reset_password": STAFF, "restricted_words.index": STAFF,
    "restricted_words.remove": STAFF, "letterhead.edit": STAFF,
    "setup.copy_forum": STAFF, "setup.review_forum": STAFF, "setup.drafts": STAFF, "setup.edit_forum": STAFF,
    "setup.edit_structure": STAFF, "setup.import_definition": STAFF, "setup.new_forum": STAFF,
    "setup.delete": STAFF,
    "attendance.edit": STAFF, "attendance.delete": STAFF, "attendance.merge": STAFF, "attendance.remove": STAFF,
    "chat.upload": STAFF, "chat.confirm": STAFF, "documents.remove_photo": STAFF,
    "documents.upload_photo": STAFF, "followups.update": STAFF, "library.index": STAFF,
    "moderator.act": STAFF, "moderator.ban": STAFF, "moderator.set_display": STAFF, "moderator.bulk": STAFF,
    "moderator.merge_group": STAFF, "moderator.agreement_question": STAFF, "moderator.promises_panel": STAFF,
    "moderator.set_focus": STAFF, "moderator.sort_display": STAFF, "notulis.check_in": STAFF,
    "notulis.record_spoken": STAFF, "record.conclusions": STAFF, "record.save_response": STAFF,
    "record.save_bulk": STAFF, "standard.edit": STAFF, "staff.assign": STAFF, "steps.transition": STAFF,
    "staff.unassign": STAFF, "scans.upload": STAFF, "scans.remove": STAFF, "statements.record": STAFF,
    "statements.edit": STAFF, "statements.remove": STAFF,
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_state_changing_route_is_limited_or_exempt_for_a_reason(app):
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.methods & STATE_CHANGING}
    assert routes - set(LIMITS) == set(), "add the new route to LIMITS: its limit, or why it has none"
    assert set(LIMITS) - routes == set(), "a route in LIMITS no longer exists"


class Scene:
    """An app with every limit at one request, a forum with two shown inputs, and an attendee
    joined from another address (so the join limit of 127.0.0.1 is still unused)."""

    def __init__(self, tmp_path):
        self.app = make_app(tmp_path, **{name: "1 per minute" for name in SMALL})
        with self.app.app_context():
            migrations.migrate(get_db())
            self.forum = forums.get_by_code(get_db(), demo.create(get_db()))
            self.shown = [shown_input(self.forum, n) for n in range(2)]
            db = get_db()  # a question open on the focus, to answer
            forums.set_focus(db, self.forum, forums.services(db, self.forum["id"])[0]["id"],
                             forums.aspects(db, self.forum["id"])[0]["id"])
            agreement.open_for_focus(db, forums.get(db, self.forum["id"]))
            self.question = agreement.open_question(db, self.forum["id"])["id"]
        self.code = self.forum["code"]
        self.attendee = client_from(self.app, "10.0.0.7")
        Actions(self.app, self.attendee).join(self.code)
        page = self.attendee.get(f"/j/{self.code}/input").get_data(as_text=True)
        self.token = re.search(r'"token": "([^"]+)"', page).group(1)

    def support_page(self, n):
        return self.attendee.post(f"/j/{self.code}/support/{self.shown[n]}", data={
            "csrf_token": csrf_token(self.attendee, f"/j/{self.code}/input")})

    def answer_page(self, n):
        return self.attendee.post(f"/j/{self.code}/agreement/{self.question}", data={
            "answer": ("agree", "disagree")[n % 2], "csrf_token": csrf_token(self.attendee, f"/j/{self.code}/input")})

    def answer_api(self, n):
        return self.app.test_client().post(f"/api/v1/forums/{self.code}/agreement/{self.question}/answers",
                                           json={"answer": ("agree", "disagree")[n % 2]},
                                           headers={"Authorization": f"Bearer {self.token}"})

    def support_api(self, n):
        return self.app.test_client().post(f"/api/v1/forums/{self.code}/comments/{self.shown[n]}/supports",
                                           headers={"Authorization": f"Bearer {self.token}"})


# How to send one request that a route's limit counts; `n` makes each one different.
SENDERS = {
    "attendee.join": lambda s, n: Actions(s.app, s.app.test_client()).join(s.code, name=f"Peserta {n}"),
    "api.join": lambda s, n: api_join(s.app.test_client(), s.code, f"Peserta {n}"),
    "attendee.give_input": lambda s, n: page_comment(Actions(s.app, s.attendee), s.forum, f"Masukan {n}"),
    "api.submit_comment": lambda s, n: api_comment(s.app.test_client(), s.app, s.forum, s.token, f"Masukan {n}"),
    "attendee.support": Scene.support_page,
    "api.support_comment": Scene.support_api,
    "attendee.answer_agreement": Scene.answer_page,
    "api.answer_agreement": Scene.answer_api,
    "auth.login": lambda s, n: login(s.app.test_client(), "nobody", "wrong"),
}


def test_every_limited_route_has_a_sender():
    assert {e for e, v in LIMITS.items() if v in ("join", "input", "support", "agreement", "login")} == set(SENDERS)


@pytest.mark.parametrize("endpoint", sorted(SENDERS))
def test_each_limited_route_refuses_past_its_limit(tmp_path, endpoint):
    """With every limit at one request, the second request to the route is refused."""
    scene = Scene(tmp_path)
    first, second = SENDERS[endpoint](scene, 0), SENDERS[endpoint](scene, 1)
    assert first.status_code in (200, 201, 302, 400), first.get_data(as_text=True)[:300]
    assert first.status_code != 400 or endpoint == "auth.login"  # a failed login is what counts
    assert second.status_code == 429 and int(second.headers["Retry-After"]) >= 1


def test_a_limit_that_cannot_be_read_stops_the_start(tmp_path):
    with pytest.raises(ValueError, match="FKP_RATELIMIT_INPUT"):
        make_app(tmp_path, LIMIT_INPUT="ten a minute")


def test_the_memory_storage_sweeps_seldom_and_still_forgets_old_hits(app):
    """memory:// is fkp's storage (fkp/web/ratelimit_storage.py): its clean-up waits seconds, not
    10 ms, and a hit older than its window stops counting without that clean-up. A change in
    the `limits` library that drops the hook it overrides fails here."""
    import time

    from fkp.web import limits, ratelimit_storage

    with app.app_context():
        storage = limits.storage()
    assert type(storage) is ratelimit_storage.MemoryStorage
    window = 0.2  # seconds; far shorter than a sweep, so only the check's own time comparison can free it
    assert storage.acquire_entry("sweep-test", 1, window)
    assert storage.timer.interval == ratelimit_storage.SWEEP_S
    assert not storage.acquire_entry("sweep-test", 1, window)
    time.sleep(window * 1.5)
    assert storage.acquire_entry("sweep-test", 1, window)


SWEEPS_UNDER_GEVENT = """
from gevent import monkey; monkey.patch_all()
import time, gevent
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from fkp.web import ratelimit_storage
ratelimit_storage.SWEEP_S = 0.2
sweeps = []
library_sweep = ratelimit_storage.MemoryStorage._MemoryStorage__expire_events
def counted(self):
    sweeps.append(time.time())
    gevent.sleep(0.005)  # a sweep of thousands of keys takes milliseconds; requests go on meanwhile
    library_sweep(self)
ratelimit_storage.MemoryStorage._MemoryStorage__expire_events = counted
counter = MovingWindowRateLimiter(ratelimit_storage.MemoryStorage())
def attendee(n):
    end = time.time() + 1.0
    while time.time() < end:
        counter.hit(parse("10000 per second"), "fkp", "input", f"participant:{n}")
        gevent.sleep(0.0005)
gevent.joinall([gevent.spawn(attendee, n) for n in range(50)])
print(len(sweeps))
"""


@pytest.mark.server
def test_the_memory_storage_keeps_one_sweep_pending_under_gevent():
    """`serve` runs under gevent, where the library's timer check let every request that came
    while a new timer started start another: profiled, dozens of sweeps ran back to back. In a
    process of its own (gevent patches the whole process), 50 attendees hit for 1 s with a
    0.2 s sweep: at most one sweep per 0.2 s, not hundreds."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", SWEEPS_UNDER_GEVENT], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode == 0, done.stderr
    assert 1 <= int(done.stdout) <= 6
