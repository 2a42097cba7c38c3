"""Every public channel keeps the naming promise (issue 15, finding 4): an attendee who did not
agree to be named publicly is "Peserta" — no name, no institution — on the display, in the
public API, in the display's and phones' live events, on other attendees' phones and on the
results page, before and after publication. Staff still see who said what."""
import json

import pytest

from fkp.forums import display, forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db

SECRET_NAME, SECRET_PLACE = "Rahasia Sekali", "Lembaga Tersembunyi"
OPEN_NAME = "Boleh Disebut"


@pytest.fixture
def scene(app, forum):
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        declined, _ = participants.join(db, forum, name=SECRET_NAME, institution=SECRET_PLACE,
                                        group="civil_society", consent=True, public_name=False)
        agreed, token = participants.join(db, forum, name=OPEN_NAME, institution="Lembaga Terbuka",
                                          group="media", consent=True, public_name=True)

        def say(who, text, n):
            c, _ = comments.submit(db, forum, who, service_id=service["id"], aspect_id=aspect["id"],
                                   kind="suggestion", text=text, client_id=f"n{n}")
            return c
        hidden_giver = say(declined, "Antrean di loket terlalu panjang", 1)
        open_giver = say(agreed, "Loket perlu ditambah", 2)
        duplicate = say(declined, "Loket perlu ditambah satu lagi", 3)
    return {"forum": forum, "token": token, "ids": (hidden_giver["id"], open_giver["id"], duplicate["id"])}


def public_pages(client, code, token):
    """Everything a member of the public can read about the forum."""
    yield f"/d/{code}", client.get(f"/d/{code}").get_data(as_text=True)
    for path in (f"/d/{code}/feed", f"/d/{code}/cloud", f"/api/v1/forums/{code}",
                 f"/api/v1/forums/{code}/changes?since=0"):
        yield path, client.get(path).get_data(as_text=True)
    with_token = client.get(f"/api/v1/forums/{code}/changes?since=0", headers={"Authorization": f"Bearer {token}"})
    yield "changes with another attendee's token", with_token.get_data(as_text=True)
    yield f"/r/{code}", client.get(f"/r/{code}").get_data(as_text=True)


def test_a_declined_attendee_is_named_on_no_public_channel(app, client, scene, sockets, actions):
    forum, (hidden_giver, open_giver, duplicate) = scene["forum"], scene["ids"]
    screen = sockets(forum=forum["code"], view="display")
    phone = sockets(forum=forum["code"], view="attendee", token=scene["token"])
    with app.app_context():
        db = get_db()
        for cid in (hidden_giver, open_giver):
            moderation.approve(db, forum, cid, None)
        moderation.merge(db, forum, duplicate, open_giver, None)  # "also from" a declined giver
        display.set_mode(db, forums.get(db, forum["id"]), "highlight", hidden_giver)
    heard = json.dumps([m["args"] for c in (screen, phone) for m in c.get_received("/live")], ensure_ascii=False)
    assert "Antrean di loket" in heard  # the events came …
    assert SECRET_NAME not in heard and SECRET_PLACE not in heard  # … without the name

    for status in ("open", "published"):
        with app.app_context():
            get_db().execute("UPDATE forums SET status = ? WHERE id = ?", [status, forum["id"]])
            get_db().conn.commit()
        pages = dict(public_pages(client, forum["code"], scene["token"]))
        assert "Antrean di loket" in pages[f"/d/{forum['code']}"]
        for path, body in pages.items():
            assert SECRET_NAME not in body and SECRET_PLACE not in body, (status, path)
        assert OPEN_NAME in pages[f"/d/{forum['code']}"]  # who agreed is named
        assert "Peserta" in pages[f"/d/{forum['code']}"]

    # another attendee's phone lists the input without the name
    with app.app_context():
        get_db().execute("UPDATE forums SET status = 'open' WHERE id = ?", [forum["id"]])
        get_db().conn.commit()
    attendee = app.test_client()
    attendee.post(f"/j/{forum['code']}", data={"name": "Tetangga", "institution": "RT 1", "group": "media",
                                               "consent": "y", "csrf_token": _token(attendee, forum["code"])})
    phone_page = attendee.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert "Antrean di loket" in phone_page and SECRET_NAME not in phone_page and SECRET_PLACE not in phone_page

    # staff still see who said it
    actions.login()
    assert SECRET_NAME in actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)


def _token(client, code):
    from tests.helpers.app import csrf_token
    return csrf_token(client, f"/j/{code}")
