"""The attendee's side of running a forum: how they take part, support, status, bans."""
import re

from fkp.forums import forums, lifecycle
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import csrf_token


def set_mode(app, forum, mode):
    with app.app_context():
        get_db().execute("UPDATE forums SET mode = ? WHERE id = ?", [mode, forum["id"]])
        get_db().conn.commit()


def channel_of_last_participant(app):
    with app.app_context():
        return get_db().execute("SELECT channel FROM participants ORDER BY id DESC").fetchone()[0]


def test_hybrid_forums_ask_how_you_take_part(app, client, actions, forum):
    assert 'name="attendance"' not in client.get(f"/j/{forum['code']}").get_data(as_text=True)
    set_mode(app, forum, "hybrid")
    assert 'name="attendance"' in client.get(f"/j/{forum['code']}").get_data(as_text=True)
    actions.join(forum["code"], attendance="online")
    assert channel_of_last_participant(app) == "online"
    other = app.test_client()
    other.post(f"/j/{forum['code']}", data={
        "name": "Di aula", "institution": "X", "group": "media", "consent": "y", "attendance": "in_person",
        "csrf_token": csrf_token(other, f"/j/{forum['code']}")})
    assert channel_of_last_participant(app) == "phone"


def test_online_forums_mark_everyone_online_and_their_input_online(app, client, forum):
    set_mode(app, forum, "online")
    r = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Novita", "institution": "WCC Jombang", "group": "civil_society", "consent": True})
    token = r.get_json()["token"]
    assert channel_of_last_participant(app) == "online"
    summary = client.get(f"/api/v1/forums/{forum['code']}").get_json()
    c = client.post(f"/api/v1/forums/{forum['code']}/comments", headers={"Authorization": f"Bearer {token}"},
                    json={"service_id": summary["services"][0]["id"], "aspect_id": summary["aspects"][0]["id"],
                          "kind": "suggestion", "text": "Aplikasi ramah disabilitas", "client_id": "n1"})
    with app.app_context():
        assert comments.get(get_db(), c.get_json()["id"])["channel"] == "online"


def test_support_through_the_api_and_the_page(app, client, actions, forum, api_participant):
    with app.app_context():
        db = get_db()
        author = participants.join(db, forum, name="Rina", institution="JPPR", group="civil_society",
                                   consent=True)[0]
        s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
        c, _ = comments.submit(db, forum, author, service_id=s, aspect_id=a, kind="suggestion",
                               text="Layanan di luar jam kantor", client_id="r1")
        moderation.approve(db, forum, c["id"], None)
    url = f"/api/v1/forums/{forum['code']}/comments/{c['id']}/supports"
    headers = {"Authorization": f"Bearer {api_participant[1]}"}
    assert client.post(url, headers=headers).get_json() == {"comment_id": c["id"], "support_count": 1}
    assert client.post(url, headers=headers).status_code == 200
    assert client.post(url).status_code == 401
    actions.join(forum["code"])
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert "Setuju" in page or "I agree" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/j/{forum['code']}/support/{c['id']}", data={"csrf_token": token})
    with app.app_context():
        assert comments.get(get_db(), c["id"])["support_count"] == 2


def test_a_forum_that_is_not_open_says_so_and_keeps_the_text(app, client, actions, forum):
    actions.join(forum["code"])
    with app.app_context():
        lifecycle.transition(get_db(), forum, "pause", None)
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert "Dijeda" in page and 'id="forum-status" role="status">' in page
    r = actions.submit(forum["code"], text="Teks yang tidak boleh hilang")
    assert r.status_code == 400 and "Teks yang tidak boleh hilang" in r.get_data(as_text=True)


def test_a_stopped_participant_is_told(app, client, actions, forum):
    actions.join(forum["code"])
    with app.app_context():
        pid = get_db().execute("SELECT max(id) FROM participants").fetchone()[0]
        participants.set_banned(get_db(), forum, pid, True, None)
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert re.search(r'id="banned" role="alert">Moderator telah menghentikan', page)
    r = actions.submit(forum["code"], text="Masih ingin bicara")
    assert r.status_code == 400
    assert "Moderator telah menghentikan masukan dari Anda di forum ini." in r.get_data(as_text=True)


def test_a_stopped_participant_is_told_the_same_on_page_api_and_socket(app, client, forum, sockets):
    stopped = "Moderator telah menghentikan masukan dari Anda di forum ini."
    joined = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Troll", "institution": "X", "group": "media", "consent": True}).get_json()
    auth = {"Authorization": f"Bearer {joined['token']}"}
    live = sockets(forum=forum["code"], view="attendee", token=joined["token"])
    with app.app_context():
        db = get_db()
        author, _t = participants.join(db, forum, name="Penulis", institution="A", group="media", consent=True)
        s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
        c, _new = comments.submit(db, forum, author, service_id=s, aspect_id=a, kind="suggestion",
                                  text="Ditampilkan.", client_id="x")
        moderation.approve(db, forum, c["id"], None)
        participants.set_banned(db, forum, joined["participant_id"], True, None)
    live_events = [e for e in live.get_received("/live") if e["name"] == "participant_banned"]
    assert live_events and live_events[0]["args"][0]["banned"] is True
    sent = client.post(f"/api/v1/forums/{forum['code']}/comments", headers=auth, json={
        "service_id": s, "aspect_id": a, "kind": "suggestion", "text": "Lagi.", "client_id": "y"})
    backed = client.post(f"/api/v1/forums/{forum['code']}/comments/{c['id']}/supports", headers=auth)
    assert (sent.status_code, sent.get_json()) == (403, {"error": stopped})
    assert (backed.status_code, backed.get_json()) == (403, {"error": stopped})
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM supports").fetchone()[0] == 0
