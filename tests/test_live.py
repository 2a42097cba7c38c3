"""Socket.IO routing: each room hears what it should, and only that."""
import pytest

from fkp.forums import forums
from fkp.serve import demo
from fkp.store.db import get_db


def names(socket_client):
    return [m["name"] for m in socket_client.get_received("/live")]


def received(socket_client, name):
    return [m["args"][0] for m in socket_client.get_received("/live") if m["name"] == name]


@pytest.fixture
def moderator_client(app, actions):
    assert actions.login().status_code == 302
    return actions.client


def submit(client, forum, token, text="Percepat layanan.", client_id="c1"):
    summary = client.get(f"/api/v1/forums/{forum['code']}").get_json()
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json={
        "service_id": summary["services"][0]["id"], "aspect_id": summary["aspects"][0]["id"],
        "kind": "suggestion", "text": text, "client_id": client_id},
        headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201
    return r.get_json()


def test_moderator_hears_submissions_display_hears_only_approvals(
        app, client, forum, api_participant, moderator_client, sockets):
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    for s in (mod, display, phone):
        assert s.is_connected("/live")
        s.get_received("/live")

    receipt = submit(client, forum, api_participant[1])
    [event] = received(mod, "comment_submitted")
    assert event["comment"]["text"] == "Percepat layanan."
    assert event["seq"] == receipt["seq"]
    assert "contact" not in event["comment"]
    assert names(display) == []
    assert [e["comment"]["id"] for e in received(phone, "comment_submitted")] == [receipt["id"]]

    ack = mod.emit("approve_comment", {"id": receipt["id"]}, namespace="/live", callback=True)
    assert ack["ok"] and ack["seq"] > receipt["seq"]
    [shown] = received(display, "comment_approved")
    assert shown["comment"]["text"] == "Percepat layanan."
    # Budi joined without agreeing to be named publicly: the display calls him "Peserta"
    assert shown["comment"]["participant_name"] is None and shown["comment"]["participant_named"] is False
    assert "client_id" not in shown["comment"] and "participant_id" not in shown["comment"]
    assert shown["seq"] == ack["seq"]
    assert len(received(phone, "comment_approved")) == 1  # public + own room, heard once
    assert len(received(mod, "comment_approved")) == 1


def test_focus_change_reaches_phones_and_display(app, forum, api_participant, moderator_client, sockets):
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    with app.app_context():
        service = forums.services(get_db(), forum["id"])[3]
        aspect = forums.aspects(get_db(), forum["id"])[4]
    ack = mod.emit("set_focus", {"service_id": service["id"], "aspect_id": aspect["id"]},
                   namespace="/live", callback=True)
    assert ack["ok"]
    for s in (display, phone, mod):
        [event] = received(s, "focus_changed")
        assert (event["service_id"], event["aspect_id"]) == (service["id"], aspect["id"])
    with app.app_context():
        assert forums.focus(forums.get(get_db(), forum["id"])) == {
            "service_id": service["id"], "aspect_id": aspect["id"]}


def test_moderator_commands_refused_to_display_and_attendee(app, client, forum, api_participant, sockets):
    receipt = submit(client, forum, api_participant[1])
    display = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    for s in (display, phone):
        ack = s.emit("approve_comment", {"id": receipt["id"]}, namespace="/live", callback=True)
        assert ack == {"error": "Anda tidak berwenang melakukan ini."}
    with app.app_context():
        status = get_db().execute("SELECT status FROM comments").fetchone()[0]
    assert status == "pending"


def test_connections_without_rights_are_refused(app, client, forum, sockets):
    assert not sockets(client, forum=forum["code"], view="moderator").is_connected("/live")
    assert not sockets(forum=forum["code"], view="attendee", token="bogus").is_connected("/live")
    assert not sockets(forum="NOPE00", view="display").is_connected("/live")
    assert not sockets(forum=forum["code"], view="anything").is_connected("/live")


def test_notulis_cannot_moderate_live(app, actions, forum, sockets):
    actions.login("notulis", "notulis-pass", role="notulis")
    assert not sockets(actions.client, forum=forum["code"], view="moderator").is_connected("/live")


def test_forums_do_not_hear_each_other(app, client, forum, api_participant, actions, sockets):
    with app.app_context():
        other = forums.get_by_code(get_db(), demo.create(get_db()))
    actions.login()  # a moderator assigned to both forums
    moderator_client = actions.client
    mod_other = sockets(moderator_client, forum=other["code"], view="moderator")
    display_other = sockets(forum=other["code"], view="display")
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    for s in (mod_other, display_other, mod):
        s.get_received("/live")
    receipt = submit(client, forum, api_participant[1])
    mod.emit("approve_comment", {"id": receipt["id"]}, namespace="/live", callback=True)
    assert names(mod_other) == [] and names(display_other) == []
    assert names(mod) == ["comment_submitted", "comment_approved"]
    # a moderator of the other forum cannot act on this forum's input
    ack = mod_other.emit("hide_comment", {"id": receipt["id"]}, namespace="/live", callback=True)
    assert "error" in ack


def test_bad_moderator_commands_get_a_message_and_change_nothing(app, forum, moderator_client, sockets):
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    with app.app_context():
        before = forums.get(get_db(), forum["id"])["seq"]
    cases = [("approve_comment", {"id": "abc"}, "Permintaan tidak sah."),
             ("approve_comment", {}, "Permintaan tidak sah."),
             ("hide_comment", {"id": 99999}, "Masukan ini tidak ditemukan di forum."),
             ("set_focus", {"service_id": 1, "aspect_id": 99999}, "Aspek ini tidak termasuk dalam forum.")]
    for event, data, message in cases:
        assert mod.emit(event, data, namespace="/live", callback=True) == {"error": message}
    # an event with no argument at all (issue 15, item 10) is refused the same way
    assert mod.emit("approve_comment", namespace="/live", callback=True) == {"error": "Permintaan tidak sah."}
    with app.app_context():
        assert forums.get(get_db(), forum["id"])["seq"] == before


def test_moderator_not_assigned_to_the_forum_is_refused(app, actions, forum, sockets):
    actions.login("other-mod", "other-pass", role="moderator", assign=False)
    assert not sockets(actions.client, forum=forum["code"], view="moderator").is_connected("/live")


def test_attendance_counts_reach_the_display_and_staff_never_the_phones(
        app, client, forum, api_participant, moderator_client, sockets):
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    for s in (mod, display, phone):
        s.get_received("/live")
    r = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Ani", "institution": "LSM", "group": "civil_society", "consent": True})
    assert r.status_code == 201
    [counts] = received(display, "participant_joined")
    assert counts["group_counts"]["civil_society"] == 1 and "participant" not in counts
    assert received(mod, "participant_joined")[0]["participant"]["name"] == "Ani"
    assert names(phone) == []  # N phones × N joins would be N² messages


def test_an_unmerged_input_comes_back_to_the_display_and_its_giver(
        app, client, forum, api_participant, moderator_client, sockets):
    """merge_comments folds a group in one change; unmerge_comment brings one back, shown again
    if it was shown, told to the display and phones as the public see an input."""
    mod = sockets(moderator_client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    made = [submit(client, forum, api_participant[1], text=f"Percepat layanan {n}.", client_id=f"u{n}")["id"]
            for n in range(3)]
    for cid in made:
        assert mod.emit("approve_comment", {"id": cid}, namespace="/live", callback=True)["ok"]
    for s in (mod, display, phone):
        s.get_received("/live")
    ack = mod.emit("merge_comments", {"into_id": made[0], "ids": made[1:]}, namespace="/live", callback=True)
    assert ack["ok"]
    merged = received(display, "comment_merged")
    assert [e["comment"]["id"] for e in merged] == made[1:] and {e["seq"] for e in merged} == {ack["seq"]}
    ack = mod.emit("unmerge_comment", {"id": made[2]}, namespace="/live", callback=True)
    assert ack["ok"]
    [back] = received(display, "comment_unmerged")
    assert back["comment"]["id"] == made[2] and back["comment"]["status"] == "approved"
    assert back["into"]["id"] == made[0] and "participant_id" not in back["comment"]
    assert len(received(phone, "comment_unmerged")) == 1  # public + own room, heard once
    assert received(mod, "comment_unmerged")[0]["comment"]["merged_into_id"] is None
    refused = mod.emit("unmerge_comment", {"id": made[2]}, namespace="/live", callback=True)
    assert "error" in refused
    assert mod.emit("merge_comments", {"into_id": made[0], "ids": []}, namespace="/live",
                    callback=True) == {"error": "Permintaan tidak sah."}
