"""Fixtures: a fresh SQLite file per test, clients per role, a real server, a real browser.
The helpers they use live in tests/helpers/, which tests import; no test imports conftest."""
import pytest

from fkp import events
from fkp.extensions import socketio
from fkp.forums import forums
from fkp.inputs import groups
from fkp.people import users
from fkp.serve import demo
from fkp.store import migrations
from fkp.store.db import get_db
from tests.helpers.app import Actions, LiveServer, find_chromium, make_app, skip_or_fail

# A test that uses one of these fixtures is in that slow tier without having to say so.
TIER_FIXTURES = {"browser": "browser", "contexts": "browser", "live_server": "server"}


@pytest.fixture(autouse=True)
def fresh_groups():
    """No test sees the groups of similar input another test's forum left in this process's
    memory (fkp/inputs/groups.py keeps them per database file and forum)."""
    groups.forget()
    yield
    groups.forget()


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """Staff accounts made in-process are hashed with scrypt at a test's cost (n=2**10): still
    scrypt, checked by the same code, but a permission table of six logins per route no longer
    spends a minute hashing. Servers started as processes keep the real cost."""
    monkeypatch.setattr(users, "HASH_METHOD", "scrypt:1024:8:1")


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, tier in TIER_FIXTURES.items():
            if fixture in item.fixturenames:
                item.add_marker(tier)


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        migrations.migrate(get_db())
    yield app


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


@pytest.fixture
def forum(app):
    """The demo forum, open for input, as a dict (re-read it after changes)."""
    with app.app_context():
        code = demo.create(get_db())
        return forums.get_by_code(get_db(), code)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def actions(app, client):
    return Actions(app, client)


@pytest.fixture
def api_participant(client, forum):
    """A participant joined over the API: (participant_id, token)."""
    r = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Budi", "institution": "Partai A", "group": "service_user", "consent": True,
        "contact": "0812-3456-7890"})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["participant_id"], r.get_json()["token"]


@pytest.fixture
def sockets(app):
    """Make Socket.IO test clients on /live; all are disconnected afterwards."""
    made = []

    def make(flask_client=None, **auth):
        c = socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=flask_client)
        made.append(c)
        return c

    yield make
    for c in made:
        if c.is_connected("/live"):
            c.disconnect("/live")


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of its own (as FKP_MESSAGE_QUEUE or FKP_RATELIMIT_STORAGE names one);
    its URL. Stopped afterwards."""
    import shutil
    import subprocess

    import redis

    from tests.helpers.app import free_port
    from tests.helpers.realtime import wait_for
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def answers():
        try:
            return redis.Redis(port=port).ping()
        except redis.ConnectionError:
            return False
    try:
        assert wait_for(answers, timeout=20), "redis-server did not start"
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def live_template(tmp_path_factory):
    """The database every live_server starts from: the demo forum and a moderator assigned to
    it, made once with the real commands (`demo`, `create-user`); (its file, the forum's code).
    Two commands cost 3 s of interpreter start and password hashing; a copy, milliseconds."""
    import sqlite3
    template = LiveServer(tmp_path_factory.mktemp("live-template"))
    code = template.new_forum()
    template.cli("create-user", "moderator", "--role", "moderator", "--forum", code, password="moderator-pass")
    database = template.env["FKP_DATABASE"]
    with sqlite3.connect(database) as conn:  # everything in the file itself, none in its WAL
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database, code


@pytest.fixture
def live_server(tmp_path, live_template):
    """A served app with a moderator account and the demo forum (its code in .code)."""
    import shutil
    server = LiveServer(tmp_path)
    shutil.copyfile(live_template[0], server.env["FKP_DATABASE"])
    server.code = live_template[1]
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's) driven by Playwright."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail("no Chromium found (install Debian's `chromium` package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-gpu",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def contexts(browser):
    """Make browser contexts (one per person: phone, moderator, display…), closed afterwards."""
    made = []

    def make(**options):
        ctx = browser.new_context(locale="id-ID", **options)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def heard():
    """The domain events published while the test runs, in order."""
    got = []
    fn = events.subscribe(got.append)
    yield got
    events._subscribers.remove(fn)
