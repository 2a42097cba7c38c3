"""What the tests share besides fixtures: the app with test settings, a person's actions
through the pages, a served app in its own process, and the rule that CI never skips."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fkp import create_app
from fkp.forums import forums
from fkp.people import users
from fkp.store.db import get_db

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason):
    """Skip locally when a tool is missing; in CI a missing tool is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


# Tests of other things act faster than people and from one address: the rate limits stay
# on, out of their way. tests/web/test_limits.py sets small ones and counts.
GENEROUS_LIMITS = {name: "10000 per second" for name in (
    "LIMIT_INPUT", "LIMIT_SUPPORT", "LIMIT_JOIN", "LIMIT_LOGIN", "LIMIT_LOOKUP")}


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "fkp.db"),
                       "SECRET_KEY": "test-only", "ASYNC_MODE": "threading", **GENEROUS_LIMITS,
                       "LOGIN_FREE_FAILURES": 1000, **config})


def csrf_token(client, url):
    """The CSRF token of the form on the page at url, as a browser would send it back."""
    html = client.get(url).get_data(as_text=True)
    # Any form's token: a prefixed form (several on one page) names it "<prefix>-csrf_token".
    match = re.search(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Actions:
    """What a person does through the pages: join, submit, log in."""

    def __init__(self, app, client):
        self.app, self.client = app, client

    def join(self, code, **fields):
        data = {"name": "Siti", "institution": "JPPR NTB", "group": "civil_society",
                "consent": "y", **fields}
        data["csrf_token"] = csrf_token(self.client, f"/j/{code}")
        return self.client.post(f"/j/{code}", data=data)

    def submit(self, code, **fields):
        html = self.client.get(f"/j/{code}/input").get_data(as_text=True)
        client_id = re.search(r'id="client_id" name="client_id" type="hidden" value="([^"]+)"', html)
        data = {"kind": "suggestion", "text": "Percepat layanan.",
                "client_id": client_id.group(1), **fields}
        data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        return self.client.post(f"/j/{code}/input", data=data)

    def login(self, username="moderator", password="moderator-pass", role="moderator", assign=True):
        """Log in as a staff member, created if needed and (unless assign=False) assigned to
        every forum that exists now."""
        with self.app.app_context():
            db = get_db()
            row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
            user_id = row[0] if row else users.create(db, username, password, role)
            if assign:
                for forum in forums.all_forums(db):
                    users.assign(db, forum["id"], user_id)
        token = csrf_token(self.client, "/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python -m fkp serve` in its own process on a temporary database, as scripts/run starts it."""

    def __init__(self, tmp_path):
        self.port, self.tls_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.https_url = f"https://127.0.0.1:{self.tls_port}"  # its certificate: instance/tls-cert.pem
        # The same generous limits as the app fixture: the real ones are counted in test_limits.
        self.env = {**os.environ, "FKP_DATABASE": str(tmp_path / "live.db"),
                    "FKP_SECRET_KEY": "live-test-key", "FKP_PUBLIC_URL": self.url,
                    "FKP_PORT": str(self.port), "FKP_TLS_PORT": str(self.tls_port), "PYTHONUNBUFFERED": "1",
                    **{f"FKP_RATE{name}": value for name, value in GENEROUS_LIMITS.items()}}
        self.log = tmp_path / "server.log"
        self.process = None

    def cli(self, *args, password=None):
        env = dict(self.env, FKP_PASSWORD=password) if password else self.env
        return subprocess.run([sys.executable, "-m", "fkp", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120, check=True)

    def new_forum(self, *options):
        """Create one more demo forum (works while serving: SQLite in WAL mode); its code.
        options go to `demo`, e.g. "--with-sample-input"."""
        out = self.cli("demo", *options).stdout
        return re.search(r"demo forum: ([A-Z0-9]{6})", out).group(1)

    def seed(self, fill):
        """Fill the database this server will use before it starts: `demo` creates and migrates
        it, then fill(db, the demo forum's code) runs in a test app on the same file. Returns
        (what fill returned, that app)."""
        code = self.new_forum()
        app = make_app(Path(self.env["FKP_DATABASE"]).parent, DATABASE=self.env["FKP_DATABASE"])
        with app.app_context():
            return fill(get_db(), code), app

    def add_notetaker(self, code, username, password):
        """A note-taker account for the forum `code`, made with the real command."""
        self.cli("create-user", username, "--role", "notulis", "--forum", code, password=password)

    def start(self, file_limit=None):
        """file_limit: the most files the server may open (soft and hard), as `ulimit -n` sets it."""
        def limit_files():
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, file_limit))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fkp", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            preexec_fn=limit_files if file_limit else None)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("server exited:\n" + self.log.read_text())
                time.sleep(0.2)
        raise RuntimeError("server did not start:\n" + self.log.read_text())

    def output(self):
        return self.log.read_text()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class LiveServerDB:
    """The live server's database, read in this process (SQLite in WAL mode)."""

    def __init__(self, server):
        self.app = create_app({"DATABASE": server.env["FKP_DATABASE"], "SECRET_KEY": "read",
                               "TESTING": True})

    def __enter__(self):
        self.context = self.app.app_context()
        self.context.push()
        return get_db()

    def __exit__(self, *exc):
        self.context.pop()
