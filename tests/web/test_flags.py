"""Input with restricted words (fkp/inputs/flags.py): flagged by every path that stores input,
never public until a person approves it, marked and filterable on the console, and the words
staff add."""
import re

import pytest

from fkp.errors import DomainError
from fkp.forums import forums
from fkp.inputs import chat_import, comments, moderation
from fkp.people import participants, users
from fkp.store.db import get_db
from tests.helpers.app import Actions, csrf_token

RUDE = "Petugasnya g0bl0k dan kurang ajar"


def _pair(db, forum):
    return forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]


def _stored(app, forum):
    with app.app_context():
        return {c["text"]: c for c in comments.for_moderator(get_db(), forum["id"])}


@pytest.fixture
def moderator(app, forum):
    client = app.test_client()
    assert Actions(app, client).login().status_code == 302
    return client


def test_every_path_that_stores_input_flags_it(app, client, forum, actions, api_participant):
    with app.app_context():
        db = get_db()
        service, aspect = _pair(db, forum)
        # spoken: a note-taker wrote it down
        speaker, _token = participants.join(db, forum, name="Lalu", institution="Partai", group="service_user",
                                            consent=True)
        notulis = users.create(db, "notulis", "notulis-pass", "notulis")
        comments.submit(db, forum, speaker, service_id=service, aspect_id=aspect, kind="criticism",
                        text="Dasar bangsaaat", client_id="s1", recorded_by=notulis)
        # online: an imported chat
        chat_import.import_chat(db, forum, b"10:00:00 From Rina to Everyone:\n\tpanitia t0l0l\n", None)
    # phone page
    actions.join(forum["code"])
    actions.submit(forum["code"], service_id=service, aspect_id=aspect, text="Ini kontribusi, an-jing!")
    # API
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json={
        "service_id": service, "aspect_id": aspect, "kind": "criticism", "text": RUDE, "client_id": "a1"},
        headers={"Authorization": f"Bearer {api_participant[1]}"})
    assert r.status_code == 201 and set(r.get_json()) == {"id", "status", "seq", "client_id", "receipt"}
    stored = _stored(app, forum)
    assert {text: (c["channel"], c["status"], c["flag_words"]) for text, c in stored.items()} == {
        "Dasar bangsaaat": ("spoken", "pending", ["bangsat"]),
        "panitia t0l0l": ("online", "pending", ["tolol"]),
        "Ini kontribusi, an-jing!": ("phone", "pending", None),  # split by a hyphen: two words
        RUDE: ("phone", "pending", ["goblok", "kurang ajar"]),
    }


def test_a_flagged_input_is_not_public_until_a_person_approves_it(app, client, forum, moderator,
                                                                  api_participant):
    with app.app_context():
        db = get_db()
        service, aspect = _pair(db, forum)
        giver = participants.get(db, api_participant[0])
        comment, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                     kind="criticism", text=RUDE, client_id="f1")
        assert comments.approved(db, forum["id"]) == []
    public = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0").get_json()
    assert [c for c in public["comments"] if c["id"] == comment["id"]] == [
        {"id": comment["id"], "service_id": service, "aspect_id": aspect, "status": "pending",
         "seq": comment["seq"]}]
    mine = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0",
                      headers={"Authorization": f"Bearer {api_participant[1]}"}).get_json()
    assert [c["text"] for c in mine["own"]] == [RUDE] and "flag_words" not in mine["own"][0]
    # a hint, not a verdict: the moderator approves it, and only then is it shown, still unmarked
    token = csrf_token(moderator, f"/m/{forum['code']}")
    r = moderator.post(f"/m/{forum['code']}/comments/{comment['id']}/approve", data={"csrf_token": token})
    assert r.status_code == 302
    public = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0").get_json()
    [shown] = [c for c in public["comments"] if c["id"] == comment["id"]]
    assert shown["text"] == RUDE and shown["status"] == "approved" and "flag_words" not in shown


def test_the_console_marks_flagged_input_and_filters_it(app, forum, moderator):
    with app.app_context():
        db = get_db()
        service, aspect = _pair(db, forum)
        giver, _token = participants.join(db, forum, name="Budi", institution="JPPR", group="media", consent=True)
        for n, text in enumerate((RUDE, "Percepat layanan.")):
            comments.submit(db, forum, giver, service_id=service, aspect_id=aspect, kind="criticism",
                            text=text, client_id=f"c{n}")
    page = moderator.get(f"/m/{forum['code']}").get_data(as_text=True)
    assert "Kata terlarang: goblok, kurang ajar" in page and "Percepat layanan." in page
    assert page.count('class="flag" hidden') == 2  # the clean card and the live card's template
    only = moderator.get(f"/m/{forum['code']}?flagged=1").get_data(as_text=True)
    assert RUDE in only and "Percepat layanan." not in only
    assert re.search(r'name="flagged" value="1" checked', only)


def test_staff_hear_the_flag_live_and_the_public_never_does(app, client, forum, moderator, sockets,
                                                            api_participant):
    mod = sockets(moderator, forum=forum["code"], view="moderator")
    phone = sockets(forum=forum["code"], view="attendee", token=api_participant[1])
    for s in (mod, phone):
        s.get_received("/live")
    with app.app_context():
        service, aspect = _pair(get_db(), forum)
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json={
        "service_id": service, "aspect_id": aspect, "kind": "criticism", "text": RUDE, "client_id": "l1"},
        headers={"Authorization": f"Bearer {api_participant[1]}"})
    assert r.status_code == 201
    [staff] = [m["args"][0] for m in mod.get_received("/live") if m["name"] == "comment_submitted"]
    assert staff["comment"]["flag_words"] == ["goblok", "kurang ajar"]
    [own] = [m["args"][0] for m in phone.get_received("/live") if m["name"] == "comment_submitted"]
    assert own["comment"]["text"] == RUDE and "flag_words" not in own["comment"]


def test_an_admin_adds_a_word_that_then_flags_new_input(app, forum, actions):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    url = "/staff/restricted-words/"
    page = actions.client.get(url)
    assert page.status_code == 200 and "bangsat" in page.get_data(as_text=True)
    r = actions.client.post(url, data={"word": "pungli", "csrf_token": csrf_token(actions.client, url)})
    assert r.status_code == 302
    again = actions.client.post(url, data={"word": "PUNGLI", "csrf_token": csrf_token(actions.client, url)})
    assert again.status_code == 400 and "sudah ada di daftar" in again.get_data(as_text=True)
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'restricted_word.add' "
                          "AND subject = 'pungli'").fetchone()[0] == 1
        service, aspect = _pair(db, forum)
        giver, _token = participants.join(db, forum, name="Budi", institution="JPPR", group="media", consent=True)
        comment, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                     kind="criticism", text="Ada pungli di loket", client_id="p1")
    assert comment["flag_words"] == ["pungli"]


def test_a_moderator_cannot_add_words(app, forum, actions):
    assert actions.login().status_code == 302
    url = "/staff/restricted-words/"
    assert actions.client.get(url).status_code == 403
    with app.app_context():
        token_page = actions.client.get("/staff/")
        assert token_page.status_code == 200
    r = actions.client.post(url, data={"word": "pungli"})
    assert r.status_code in (400, 403)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM restricted_words").fetchone()[0] == 0


def test_nothing_but_a_person_approves_a_flagged_input(app, forum):
    """The demo's sample approves with no user; a flagged input would refuse it."""
    with app.app_context():
        db = get_db()
        service, aspect = _pair(db, forum)
        giver, _token = participants.join(db, forum, name="Budi", institution="JPPR", group="media", consent=True)
        comment, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                     kind="criticism", text=RUDE, client_id="n1")
        with pytest.raises(DomainError):
            moderation.approve(db, forum, comment["id"], None)
        assert comments.get(db, comment["id"])["status"] == "pending"


def test_a_corrected_text_is_checked_again(app, forum):
    """A moderator's correction that adds a restricted word flags the input; one that removes
    it clears the flag, as if the text had been sent that way."""
    with app.app_context():
        db = get_db()
        service, aspect = _pair(db, forum)
        giver, _token = participants.join(db, forum, name="Budi", institution="JPPR", group="media", consent=True)
        clean_one, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                       kind="criticism", text="Pelayanan lambat.", client_id="c1")
        rude_one, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                      kind="criticism", text=RUDE, client_id="c2")
        assert comments.get(db, clean_one["id"])["flag_words"] is None
        assert comments.get(db, rude_one["id"])["flag_words"]
        moderation.correct(db, forum, clean_one["id"], None, text=RUDE)
        moderation.correct(db, forum, rude_one["id"], None, text="Pelayanan lambat sekali.")
        assert comments.get(db, clean_one["id"])["flag_words"]
        assert comments.get(db, rude_one["id"])["flag_words"] is None


def test_an_admin_removes_a_word_added_by_mistake_and_new_input_is_no_longer_marked(app, forum, actions):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    url = "/staff/restricted-words/"
    assert actions.client.post(url, data={"word": "antre", "csrf_token": csrf_token(actions.client, url)}
                               ).status_code == 302
    with app.app_context():
        db = get_db()
        [(word_id,)] = db.execute("SELECT id FROM restricted_words").fetchall()
        service, aspect = _pair(db, forum)
        giver, _token = participants.join(db, forum, name="Budi", institution="JPPR", group="media", consent=True)
        marked, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                    kind="criticism", text="Harus antre lama", client_id="r1")
    assert marked["flag_words"] == ["antre"]
    page = actions.client.get(url).get_data(as_text=True)
    assert f'action="/staff/restricted-words/{word_id}/remove"' in page
    r = actions.client.post(f"{url}{word_id}/remove", data={"csrf_token": csrf_token(actions.client, url)},
                            follow_redirects=True)
    assert "“antre” dihapus" in r.get_data(as_text=True)
    assert actions.client.post(f"{url}{word_id}/remove", follow_redirects=True).status_code == 400  # no token
    gone = actions.client.post(f"{url}{word_id}/remove", data={"csrf_token": csrf_token(actions.client, url)},
                               follow_redirects=True)
    assert "tidak ada dalam daftar" in gone.get_data(as_text=True)
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM restricted_words").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'restricted_word.remove' "
                          "AND subject = 'antre'").fetchone()[0] == 1
        later, _ = comments.submit(db, forum, giver, service_id=service, aspect_id=aspect,
                                   kind="criticism", text="Harus antre lama sekali", client_id="r2")
        assert later["flag_words"] is None
        assert comments.get(db, marked["id"])["flag_words"] == ["antre"]  # a mark given stays


def test_a_moderator_cannot_remove_words(app, forum, actions):
    with app.app_context():
        from fkp.inputs import restricted_words
        restricted_words.add(get_db(), "pungli", None)
        word_id = get_db().execute("SELECT id FROM restricted_words").fetchone()[0]
    assert actions.login().status_code == 302
    r = actions.client.post(f"/staff/restricted-words/{word_id}/remove",
                            data={"csrf_token": csrf_token(actions.client, "/staff/")})
    assert r.status_code == 403
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM restricted_words").fetchone()[0] == 1
