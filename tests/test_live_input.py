"""An attendee's input over the phone's socket (live.py, "submit_comment"): the API's route
by another way in. It is checked as the route checks it, stored once, told as the route's
input is, and every refusal is the route's message in the user's language, changing nothing.
(Its rate limit, shared with the page and the API: tests/web/test_limits.py.)"""
import pytest
from flask_babel import gettext as _

from fkp.people import participants
from fkp.store.db import get_db


def count(app):
    with app.app_context():
        return get_db().execute("SELECT count(*) FROM comments").fetchone()[0]


def message(app, msgid, **values):
    with app.test_request_context():
        return _(msgid, **values)


@pytest.fixture
def body(client, forum):
    summary = client.get(f"/api/v1/forums/{forum['code']}").get_json()

    def make(text="Percepat layanan KTP.", client_id="c1", **overrides):
        return {"service_id": summary["services"][0]["id"], "aspect_id": summary["aspects"][0]["id"],
                "kind": "suggestion", "text": text, "client_id": client_id, **overrides}
    return make


def send(socket, payload):
    return socket.emit("submit_comment", payload, namespace="/live", callback=True)


def test_an_input_over_the_socket_is_stored_once_and_answered_as_the_api_answers(
        app, client, forum, api_participant, actions, sockets, body):
    assert actions.login().status_code == 302
    moderator = sockets(actions.client, forum=forum["code"], view="moderator")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    moderator.get_received("/live")

    ack = send(phone, body())
    assert ack["ok"] and ack["created"]
    answer = ack["comment"]
    assert set(answer) == {"id", "status", "seq", "client_id", "receipt"}
    assert answer["status"] == "pending" and answer["client_id"] == "c1"
    told = [m["args"][0] for m in moderator.get_received("/live") if m["name"] == "comment_submitted"]
    assert [t["comment"]["id"] for t in told] == [answer["id"]] and told[0]["seq"] == answer["seq"]
    # The same input again (the phone's outbox after a lost ack): the first record, stored once.
    again = send(phone, body(text="Teks lain, sama client_id."))
    assert again == {"ok": True, "created": False, "comment": answer}
    # ... and over the API as well: one identity, whichever way it came in.
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json=body(),
                    headers={"Authorization": f"Bearer {api_participant[1]}"})
    assert r.status_code == 200 and r.get_json() == answer
    assert count(app) == 1


@pytest.mark.parametrize("payload, msgid, values", [
    (lambda body: body(text="   "), "Write your input before sending.", {}),
    (lambda body: body(text=12), "“%(field)s” must be text.", {"field": "text"}),
    (lambda body: body(client_id=""), "The input is missing its identifier; reload the page.", {}),
    (lambda body: ["not", "an", "object"], "The request body must be a JSON object.", {}),
    (lambda body: None, "The request body must be a JSON object.", {}),
])
def test_a_bad_input_gets_the_apis_message_and_changes_nothing(app, forum, api_participant, sockets, body,
                                                               payload, msgid, values):
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    ack = send(phone, payload(body))
    assert ack == {"error": message(app, msgid, **values), "code": 400}
    assert count(app) == 0


def test_only_a_joined_attendees_socket_may_send_an_input(app, client, forum, api_participant, actions,
                                                          sockets, body):
    not_joined = message(app, "You have not joined this forum, or your session has expired. Join again.")
    display = sockets(forum=forum["code"], view="display")
    assert send(display, body()) == {"error": not_joined, "code": 401}
    assert actions.login().status_code == 302
    moderator = sockets(actions.client, forum=forum["code"], view="moderator")
    assert send(moderator, body()) == {"error": not_joined, "code": 401}
    # A token given up since the socket connected (the browser renewed it) no longer sends.
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    with app.app_context():
        participants.renew_token(get_db(), api_participant[0])
    assert send(phone, body()) == {"error": not_joined, "code": 401}
    assert count(app) == 0


def test_a_closed_forum_or_a_stopped_attendee_refuses_the_input_as_the_api_does(
        app, client, forum, api_participant, sockets, body):
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    with app.app_context():
        participants.set_banned(get_db(), forum, api_participant[0], True, None)
    api = client.post(f"/api/v1/forums/{forum['code']}/comments", json=body(client_id="api"),
                      headers={"Authorization": f"Bearer {api_participant[1]}"})
    ack = send(phone, body())
    assert api.status_code >= 400
    assert ack == {"error": api.get_json()["error"], "code": api.status_code}
    assert count(app) == 0


def test_a_socket_event_is_not_matched_against_the_routes_but_a_page_still_is(app, forum):
    """fkp.extensions.App: Socket.IO's path never reaches a route, so its events' contexts
    look none up (and so cannot build a URL); every other path is routed as before."""
    from flask import request, url_for
    with app.test_request_context("/socket.io/?EIO=4&transport=websocket"):
        assert request.url_rule is None and request.routing_exception is None
        with pytest.raises((RuntimeError, AttributeError)):  # Flask 3.1 fails on the missing adapter
            url_for("static", filename="x.css")
    with app.test_request_context(f"/api/v1/forums/{forum['code']}"):
        assert request.url_rule is not None
        assert url_for("static", filename="x.css").endswith("/static/x.css")


def test_the_giver_hears_of_an_input_on_their_other_sockets_not_on_the_one_that_sent_it(
        client, forum, api_participant, sockets, body):
    """The sending socket has its ack (the phone shows the input from it); a second phone or
    tab with the same token hears comment_submitted as before, and so do both for an input
    sent over the API."""
    sender = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    other = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    for socket in (sender, other):
        socket.get_received("/live")

    def told(socket):
        return [m["args"][0]["comment"]["client_id"] for m in socket.get_received("/live")
                if m["name"] == "comment_submitted"]

    assert send(sender, body(client_id="over-socket"))["ok"]
    assert told(sender) == [] and told(other) == ["over-socket"]
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json=body(client_id="over-api"),
                    headers={"Authorization": f"Bearer {api_participant[1]}"})
    assert r.status_code == 201
    assert told(sender) == ["over-api"] and told(other) == ["over-api"]


def test_a_socket_decodes_the_session_cookie_at_its_first_event_only(app, client, forum, api_participant,
                                                                       sockets, body, monkeypatch):
    """A phone that joined through the page has the session cookie on its socket too: it is read
    once, at connect (the token comes from it), and each input after works from the socket's
    own copy (fkp.extensions.App.request_context)."""
    with client.session_transaction() as cookie_session:
        cookie_session["participants"] = {forum["code"]: {"token": api_participant[1]}}
    opened = []
    real_open = app.session_interface.open_session
    monkeypatch.setattr(app.session_interface, "open_session",
                        lambda a, request: opened.append(request.path) or real_open(a, request))
    phone = sockets(client, forum=forum["code"], view="attendee")  # no token: the cookie's
    assert phone.is_connected("/live") and len(opened) == 1
    for n in range(3):
        assert send(phone, body(client_id=f"s{n}"))["ok"]
    assert len(opened) == 1 and count(app) == 3
