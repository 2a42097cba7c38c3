"""Last year's promises on the projector: a review forum's moderator shows the previous forum's
promises and where each stands, and hides them; only what the hall may read leaves the domain."""
import json

import pytest
from flask_babel import force_locale

from fkp.errors import DomainError
from fkp.forums import forums, promises, setup
from fkp.inputs import resync
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers import factories


@pytest.fixture
def review(db):
    """(the past forum with its promises, the new forum reviewing it)."""
    past, _inputs = factories.full_record(db)
    return past, forums.get(db, setup.review(db, past, None))


def test_the_moderator_shows_and_hides_the_previous_forums_promises(db, review, heard):
    past, new = review
    assert promises.current(db, new) is None  # hidden until the moderator shows it
    promises.set_shown(db, new, True, None)
    new = forums.get(db, new["id"])
    shown = promises.current(db, new)
    assert shown["forum"]["title"] == past["title"]
    statuses = [item["status"] for item in shown["items"]]
    assert statuses.index("done") > max(i for i, s in enumerate(statuses) if s != "done")  # open first
    by_promise = {item["promise"]: item for item in shown["items"]}
    assert by_promise["Membuat formulir daring"] == {
        "service": by_promise["Membuat formulir daring"]["service"], "promise": "Membuat formulir daring",
        "target": "1 Desember 2025", "status": "in_progress"}
    assert shown["more"] == 0 and shown["total"] == len(shown["items"]) == 3
    # a display that reloads, or catches up after its socket was away, shows it too
    assert resync.changes(db, new["id"], 0, "public")["promises"] == shown

    promises.set_shown(db, new, False, None)
    assert promises.current(db, forums.get(db, new["id"])) is None
    assert [(e.name, e.data["shown"]) for e in heard] == [("promises_changed", True), ("promises_changed", False)]
    assert heard[0].data["promises"] == shown and heard[1].data["promises"] is None


def test_the_event_carries_no_person_in_charge_and_no_attendee(db, review, heard):
    past, new = review
    promises.set_shown(db, new, True, None)
    said = json.dumps(heard[-1].data, ensure_ascii=False)
    for pic in ("Subbag Teknis", "Divisi Data"):
        assert pic in json.dumps(db.execute("SELECT pic FROM responses").fetchall())  # they exist…
        assert pic not in said  # …and never reach the projector
    for person in participants.attendance(db, past["id"]):
        assert person["name"] not in said
    assert set(heard[-1].data["promises"]["items"][0]) == {"service", "promise", "target", "status"}


def test_only_the_first_rows_are_sent_and_the_rest_counted(db, review, monkeypatch):
    _past, new = review
    monkeypatch.setattr(promises, "SHOWN_AT_ONCE", 2)
    promises.set_shown(db, new, True, None)
    shown = promises.current(db, forums.get(db, new["id"]))
    assert len(shown["items"]) == 2 and shown["more"] == 1
    assert "done" not in [item["status"] for item in shown["items"]]  # the done one is counted, not shown


def test_a_forum_without_a_previous_forum_has_no_promises_to_show(db):
    forum = factories.forum(db)
    before = forums.get(db, forum["id"])["seq"]
    with force_locale("en"), pytest.raises(DomainError) as e:
        promises.set_shown(db, forum, True, None)
    assert "not started from a previous forum" in e.value.message
    with force_locale("id"), pytest.raises(DomainError) as e:
        promises.set_shown(db, forum, True, None)
    assert "tidak dimulai dari forum sebelumnya" in e.value.message
    assert forums.get(db, forum["id"])["seq"] == before


def test_the_console_offers_the_toggle_only_to_a_review_forum(app, actions, forum):
    assert actions.login().status_code == 302
    show = "Tampilkan janji forum sebelumnya"
    assert show not in actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)
    with app.app_context():
        db = get_db()
        past = factories.forum(db, title="Forum tahun lalu")
        db.execute("UPDATE forums SET previous_forum_id = ? WHERE id = ?", [past["id"], forum["id"]])
        db.conn.commit()
    page = actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)
    assert show in page and "Sembunyikan janji forum sebelumnya" in page  # one of them hidden
    with app.app_context():
        promises.set_shown(get_db(), forums.get(get_db(), forum["id"]), True, None)
    display = actions.client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert "Janji forum sebelumnya dan perkembangannya" in display and '"Forum tahun lalu"' in display
