"""Real Socket.IO clients against a real server (gevent, as `serve` runs it): rooms are
isolated between forums and between roles."""
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


def test_rooms_are_isolated_between_forums_and_roles(live_server):
    url, code_a = live_server.url, live_server.code
    code_b = live_server.new_forum()
    live_server.cli("assign", "moderator", code_b)
    cookies = login(url)
    token_a1, token_a2, token_b = join(url, code_a, "A1"), join(url, code_a, "A2"), join(url, code_b, "B1")
    c = {
        "mod_a": Recorder(url, {"forum": code_a, "view": "moderator"}, cookies),
        "display_a": Recorder(url, {"forum": code_a, "view": "display"}),
        "phone_a1": Recorder(url, {"forum": code_a, "view": "attendee", "token": token_a1}),
        "phone_a2": Recorder(url, {"forum": code_a, "view": "attendee", "token": token_a2}),
        "mod_b": Recorder(url, {"forum": code_b, "view": "moderator"}, cookies),
        "display_b": Recorder(url, {"forum": code_b, "view": "display"}),
        "phone_b": Recorder(url, {"forum": code_b, "view": "attendee", "token": token_b}),
    }
    try:
        receipt = submit(url, code_a, token_a1, "masukan forum A")
        assert wait_for(lambda: "comment_submitted" in c["mod_a"].names()
                        and "comment_submitted" in c["phone_a1"].names())
        ack = c["mod_a"].call("approve_comment", {"id": receipt["id"]})
        assert ack["ok"]
        for who in ("mod_a", "display_a", "phone_a1", "phone_a2"):
            assert wait_for(lambda: "comment_approved" in c[who].names()), who
        time.sleep(0.5)  # give any misrouted event time to arrive

        assert c["mod_a"].names() == ["comment_submitted", "comment_approved"]
        assert c["phone_a1"].names() == ["comment_submitted", "comment_approved"]
        assert c["display_a"].names() == ["comment_approved"]   # never the unmoderated input
        assert c["phone_a2"].names() == ["comment_approved"]    # not another attendee's own events
        for who in ("mod_b", "display_b", "phone_b"):
            assert c[who].names() == [], who
        shown = dict(c["display_a"].events)["comment_approved"]["comment"]
        assert shown["text"] == "masukan forum A" and "client_id" not in shown

        # moderator of B cannot touch A's input; an attendee cannot moderate at all
        assert "error" in c["mod_b"].call("hide_comment", {"id": receipt["id"]})
        assert "error" in c["phone_a1"].call("hide_comment", {"id": receipt["id"]})
    finally:
        for client in c.values():
            client.close()


def test_refused_connections(live_server):
    url = live_server.url
    for auth in ({"forum": live_server.code, "view": "moderator"},
                 {"forum": live_server.code, "view": "attendee", "token": "wrong"},
                 {"forum": "NOPE00", "view": "display"}):
        try:
            Recorder(url, auth).close()
        except socketio.exceptions.ConnectionError:
            continue
        raise AssertionError(f"connection with {auth} was accepted")
