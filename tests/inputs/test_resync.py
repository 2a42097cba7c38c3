"""Catching up after a reconnect: what changed after a sequence number, per audience."""
import pytest

from fkp.forums import forums
from fkp.inputs import moderation, resync
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers import factories


@pytest.fixture
def record(app):
    with app.app_context():
        db = get_db()
        forum, inputs = factories.scenario(db)
        return forum, inputs


def test_only_what_changed_after_since_in_the_order_it_changed(db, record):
    forum, inputs = record
    middle = forums.get(db, forum["id"])["seq"]
    moderation.approve(db, forum, inputs["pending"]["id"], None)
    moderation.pin(db, forum, inputs["approved_info"]["id"], True, None)
    body = resync.changes(db, forum["id"], middle, "staff")
    assert [c["id"] for c in body["comments"]] == [inputs["pending"]["id"], inputs["approved_info"]["id"]]
    assert body["seq"] == forums.get(db, forum["id"])["seq"] > middle and body["more"] is False
    assert resync.changes(db, forum["id"], body["seq"], "staff")["comments"] == []
    everything = resync.changes(db, forum["id"], 0, "staff")
    assert len(everything["comments"]) == len(inputs)
    assert everything["aspect_counts"] and everything["group_counts"]["media"] == 1


def test_the_public_answer_shows_no_text_or_giver_of_unshown_input(db, record):
    forum, inputs = record
    body = resync.changes(db, forum["id"], 0, "public")
    by_id = {c["id"]: c for c in body["comments"]}
    for key in ("pending", "hidden"):
        assert set(by_id[inputs[key]["id"]]) == {"id", "service_id", "aspect_id", "status", "seq"}
    assert by_id[inputs["approved_info"]["id"]]["text"] == inputs["approved_info"]["text"]
    assert "own" not in body and "aspect_counts" not in body
    assert "contact" not in repr(body) and factories.PHONE not in repr(body)


def test_an_attendee_also_gets_their_own_inputs_in_full(db, record):
    forum, inputs = record
    agency = [p for p in participants.attendance(db, forum["id"]) if p["name"] == "Ahmad Fauzi"][0]
    body = resync.changes(db, forum["id"], 0, "public", agency)
    assert {c["text"] for c in body["own"]} == {inputs["pending"]["text"], inputs["hidden"]["text"]}
    assert body["banned"] is False


def test_a_long_absence_is_answered_in_pages(db, record, monkeypatch):
    forum, inputs = record
    monkeypatch.setattr(resync, "PAGE", 2)
    seen, since = [], 0
    while True:
        body = resync.changes(db, forum["id"], since, "staff")
        seen += [c["id"] for c in body["comments"]]
        since = body["seq"]
        if not body["more"]:
            break
    assert sorted(seen) == sorted(c["id"] for c in inputs.values())


def test_the_api_answers_displays_and_phones(client, record):
    forum, inputs = record
    r = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0")
    assert r.status_code == 200 and "own" not in r.get_json()
    joined = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Budi", "institution": "Partai A", "group": "service_user", "consent": True}).get_json()
    mine = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0",
                      headers={"Authorization": f"Bearer {joined['token']}"}).get_json()
    assert mine["own"] == [] and mine["banned"] is False
    assert client.get(f"/api/v1/forums/{forum['code']}/changes?since=-1").status_code == 400
    assert client.get(f"/api/v1/forums/{forum['code']}/changes?since=abc").status_code == 400
    assert client.get("/api/v1/forums/NOPE00/changes").status_code == 404
    bad = client.get(f"/api/v1/forums/{forum['code']}/changes", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and "error" in bad.get_json()


def test_staff_consoles_get_whole_inputs_only_when_logged_in_and_assigned(app, client, actions, record):
    forum, inputs = record
    url = f"/m/{forum['code']}/changes?since=0"
    assert client.get(url).status_code == 302  # to the login page
    actions.login()
    body = client.get(url).get_json()
    pending = [c for c in body["comments"] if c["id"] == inputs["pending"]["id"]][0]
    assert pending["text"] == inputs["pending"]["text"] and pending["participant_name"] == "Ahmad Fauzi"
    assert client.get(f"/m/{forum['code']}/changes?since=x").status_code == 400


def _all_pages(db, forum, since):
    """Every page a reconnecting console asks for: the inputs' texts, and each page's size."""
    texts, sizes = [], []
    while True:
        body = resync.changes(db, forum["id"], since, "staff")
        texts += [c["text"] for c in body["comments"]]
        sizes.append(len(body["comments"]))
        since = body["seq"]
        if not body["more"]:
            return texts, sizes


def test_a_page_never_splits_the_inputs_of_one_change(db, record, monkeypatch):
    """A chat import adds its inputs in one change, under one seq; a page cut inside it would
    make the next page, which starts after that seq, skip the rest."""
    from fkp.inputs import chat_import
    forum, inputs = record
    since = forums.get(db, forum["id"])["seq"]
    chat = "".join(f"10:0{n}:00 From Peserta {n} to Everyone:\n\tMasukan {n}\n" for n in range(5)).encode()
    assert chat_import.import_chat(db, forum, chat, None).created == 5
    monkeypatch.setattr(resync, "PAGE", 2)
    imported = [f"Masukan {n}" for n in range(5)]
    texts, sizes = _all_pages(db, forum, since)
    assert texts == imported and sizes[0] == 5  # the one change, whole, though longer than a page
    texts, _sizes = _all_pages(db, forum, 0)  # the pages before it end where it begins
    assert sorted(texts) == sorted([c["text"] for c in inputs.values()] + imported)


def test_a_console_catches_up_on_a_forum_with_chat_input_that_has_no_aspect(app, client, actions):
    """Found on the note-taker's console: input imported from a chat has no aspect yet, and the
    counts keyed by aspect mixed None with numbers, which a JSON object cannot sort (a 500)."""
    from fkp.inputs import chat_import
    with app.app_context():
        db = get_db()
        forum = factories.forum(db)
        chat_import.import_chat(db, forum, b"10:00:00 From Peserta Zoom to Everyone:\n\tLewat obrolan.\n", None)
    actions.login()
    r = client.get(f"/m/{forum['code']}/changes?since=0")
    assert r.status_code == 200
    assert "Lewat obrolan." in [c["text"] for c in r.get_json()["comments"]]
    assert None not in r.get_json()["aspect_counts"]
