"""Real Socket.IO and HTTP clients against a served app: a recording client on /live, a
staff login, an attendee who joins and submits over the API."""
import time

import requests
import socketio


class Recorder:
    """A python-socketio client on /live that records every event it hears."""

    def __init__(self, url, auth, cookies=None, transports=("websocket",)):
        self.events = []
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._record, namespace="/live")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
        self.sio.connect(url, auth=auth, namespaces=["/live"], transports=list(transports),
                         headers=headers, wait_timeout=10)

    def _record(self, event, data):
        self.events.append((event, data))

    def names(self):
        return [name for name, _ in self.events]

    def call(self, event, data):
        return self.sio.call(event, data, namespace="/live", timeout=10)

    def close(self):
        self.sio.disconnect()


def wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def login(url):
    s = requests.Session()
    html = s.get(f"{url}/login", timeout=10).text
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    r = s.post(f"{url}/login", data={"username": "moderator", "password": "moderator-pass",
                                     "csrf_token": token}, timeout=10, allow_redirects=False)
    assert r.status_code == 302
    return s.cookies.get_dict()


def join(url, code, name):
    r = requests.post(f"{url}/api/v1/forums/{code}/participants", timeout=10, json={
        "name": name, "institution": "Inst", "group": "media", "consent": True})
    assert r.status_code == 201
    return r.json()["token"]


def submit(url, code, token, text):
    forum = requests.get(f"{url}/api/v1/forums/{code}", timeout=10).json()
    r = requests.post(f"{url}/api/v1/forums/{code}/comments", timeout=10, json={
        "service_id": forum["services"][0]["id"], "aspect_id": forum["aspects"][0]["id"],
        "kind": "suggestion", "text": text, "client_id": text},
        headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201
    return r.json()
