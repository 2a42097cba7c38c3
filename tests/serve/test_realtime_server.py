"""Real Socket.IO clients against a real server (gevent, as `serve` runs it): rooms are
isolated between forums and between roles."""
import time

import pytest
import socketio

from tests.helpers.realtime import Recorder, join, login, submit, wait_for

pytestmark = pytest.mark.server


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
