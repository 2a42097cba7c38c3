"""An acknowledged input survives the server being killed, and a retried one is stored once.

Real clients send a burst of inputs over HTTP to `python -m fkp serve` while a moderator's
Socket.IO client listens; the server is killed with SIGKILL in the middle, restarted, and the
clients resend what got no answer with the same client_id, as a phone's outbox does. Then the
SQLite file must hold every input the server acknowledged, each once, and nothing else; and
the moderator, having caught up from the last sequence number it heard, knows every one.
Repeated over several rounds.
"""
import threading

import pytest
import requests
import socketio

from fkp import create_app
from fkp.forums import forums
from fkp.inputs import comments
from fkp.store.db import get_db
from tests.helpers.realtime import login

pytestmark = pytest.mark.server

ATTENDEES = 8
PER_ATTENDEE = 30
KILL_AFTER = 80  # acknowledged inputs before the kill, of ATTENDEES * PER_ATTENDEE sent
ROUNDS = 3


def join_all(url, code):
    tokens = []
    for n in range(ATTENDEES):
        r = requests.post(f"{url}/api/v1/forums/{code}/participants", timeout=30, json={
            "name": f"Peserta {n}", "institution": "Lembaga", "group": "civil_society", "consent": True})
        assert r.status_code == 201, r.text
        tokens.append(r.json()["token"])
    return tokens


class Phone:
    """One attendee sending inputs one after another, keeping what got no answer."""

    def __init__(self, url, code, token, round_no, number, pair, acked):
        self.url, self.code, self.pair = url, code, pair
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.waiting = [f"r{round_no}-p{number}-{i}" for i in range(PER_ATTENDEE)]
        self.acked = acked  # shared: client_id -> comment id

    def send(self, client_id):
        r = self.session.post(f"{self.url}/api/v1/forums/{self.code}/comments", timeout=10, json={
            "service_id": self.pair[0], "aspect_id": self.pair[1], "kind": "suggestion",
            "text": f"Masukan {client_id}", "client_id": client_id})
        assert r.status_code in (200, 201), r.text
        self.acked[client_id] = r.json()["id"]

    def burst(self):
        while self.waiting:
            try:
                self.send(self.waiting[0])
            except requests.RequestException:
                return  # the server is gone: what is left waits, like a phone's outbox
            self.waiting.pop(0)

    def resend(self):
        for client_id in self.waiting:
            self.send(client_id)


class Console:
    """A moderator's Socket.IO client that remembers every input it heard and the highest
    sequence number, and catches up after a reconnect as the browser console does."""

    def __init__(self, url, code, cookies):
        self.url, self.code, self.cookies = url, code, cookies
        self.seen, self.seq = set(), 0
        self.lock = threading.Lock()

    def connect(self):
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("comment_submitted", self._heard, namespace="/live")
        # the inputs of one commit, together (as common.js unpacks them)
        self.sio.on("comments_submitted", lambda msg: [self._heard(item) for item in msg["items"]],
                    namespace="/live")
        self.sio.connect(self.url, auth={"forum": self.code, "view": "moderator"}, namespaces=["/live"],
                         transports=["websocket"], wait_timeout=10,
                         headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())})
        self.catch_up()

    def _heard(self, msg):
        with self.lock:
            self.seen.add(msg["comment"]["client_id"])
            self.seq = max(self.seq, msg["seq"])

    def catch_up(self):
        while True:
            body = requests.get(f"{self.url}/m/{self.code}/changes", params={"since": self.seq},
                                cookies=self.cookies, timeout=30).json()
            with self.lock:
                self.seen.update(c["client_id"] for c in body["comments"])
                self.seq = max(self.seq, body["seq"])
            if not body["more"]:
                return

    def close(self):
        self.sio.disconnect()


def stored(database, code):
    app = create_app({"DATABASE": database, "SECRET_KEY": "t", "ASYNC_MODE": "threading"})
    with app.app_context():
        forum = forums.get_by_code(get_db(), code)
        return [(c["client_id"], c["id"], c["text"]) for c in comments.for_moderator(get_db(), forum["id"])]


def test_acknowledged_input_survives_sigkill_and_retries_are_stored_once(live_server):
    url, code = live_server.url, live_server.code
    summary = requests.get(f"{url}/api/v1/forums/{code}", timeout=30).json()
    pair = (summary["services"][0]["id"], summary["aspects"][0]["id"])
    tokens = join_all(url, code)
    console = Console(url, code, login(url))
    acked = {}
    for round_no in range(ROUNDS):
        console.connect()
        phones = [Phone(url, code, token, round_no, n, pair, acked) for n, token in enumerate(tokens)]
        before = len(acked)
        threads = [threading.Thread(target=p.burst) for p in phones]
        for t in threads:
            t.start()
        while len(acked) - before < KILL_AFTER and any(t.is_alive() for t in threads):
            threading.Event().wait(0.005)
        live_server.process.kill()  # SIGKILL: no shutdown, no flush, mid-request
        live_server.process.wait()
        for t in threads:
            t.join()
        unanswered = sum(len(p.waiting) for p in phones)
        assert unanswered > 0, "the kill came after the burst: nothing was in flight"

        at_restart = {client_id for client_id, _id, _text in stored(live_server.env["FKP_DATABASE"], code)}
        assert set(acked) <= at_restart  # nothing acknowledged was lost

        console.close()
        live_server.start()
        for p in phones:
            p.resend()  # exactly once: a repeat of a stored client_id returns the first record
        console.connect()  # reconnects and asks what it missed while the server was down

        rows = stored(live_server.env["FKP_DATABASE"], code)
        ids = [client_id for client_id, _id, _text in rows]
        assert len(ids) == len(set(ids)), "an input was stored twice"
        assert set(ids) == set(acked) == {f"r{r}-p{n}-{i}" for r in range(round_no + 1)
                                          for n in range(ATTENDEES) for i in range(PER_ATTENDEE)}
        assert all(acked[client_id] == comment_id and text == f"Masukan {client_id}"
                   for client_id, comment_id, text in rows)
        assert console.seen == set(ids)
        console.close()
