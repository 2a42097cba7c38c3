"""The organiser's statements (record/statements.py): written down, corrected, removed until
the record is final, each write audited and told to the forum's staff, a repeated post stored
once; and in the minutes model, for staff documents only."""
import json

import pytest

from fkp import audit, events
from fkp.errors import DomainError
from fkp.forums import forums, lifecycle
from fkp.people import users
from fkp.record import minutes, statements


@pytest.fixture
def heard(db):
    told = []

    def listen(event):
        told.append((event.name, event.data))
    events.subscribe(listen)
    yield told
    events._subscribers.remove(listen)


@pytest.fixture
def notetaker(db, forum):
    user_id = users.create(db, "dewi", "dewi-password", "notulis")
    users.assign(db, forum["id"], user_id)
    return user_id


def say(db, forum, user_id, text="Persyaratan cukup KTP.", client_id="st-1", **fields):
    return statements.record(db, forum, user_id, speaker=fields.pop("speaker", "Dr. Lalu Ahmad"),
                             position=fields.pop("position", "Ketua"), text=text, client_id=client_id,
                             **fields)


def test_a_statement_is_written_down_audited_and_told(db, forum, notetaker, heard):
    service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
    seq = forums.get(db, forum["id"])["seq"]
    statement, created = say(db, forum, notetaker, "  Persyaratan\r\ncukup KTP.  ",
                             service_id=service["id"], aspect_id=aspect["id"])
    assert created and statement["text"] == "Persyaratan\ncukup KTP."
    assert (statement["service_name"], statement["aspect_label"]) == (service["name"], aspect["label"])
    assert heard == [(events.STATEMENT_RECORDED, {"statement": statement})]
    assert forums.get(db, forum["id"])["seq"] == seq + 1
    (entry,) = [e for e in audit.for_forum(db, forum["id"]) if e["action"] == "statement.record"]
    assert entry["user_id"] == notetaker and json.loads(entry["after_json"])["text"] == "Persyaratan\ncukup KTP."


def test_the_same_form_posted_twice_is_one_statement(db, forum, notetaker, heard):
    first, created = say(db, forum, notetaker)
    again, created_again = say(db, forum, notetaker)
    assert (created, created_again) == (True, False) and again["id"] == first["id"]
    assert len(statements.for_forum(db, forum["id"])) == 1 and len(heard) == 1
    other, _created = say(db, forum, notetaker, client_id="st-2")
    assert [s["id"] for s in statements.for_forum(db, forum["id"])] == [first["id"], other["id"]]


@pytest.mark.parametrize("fields, field", [
    ({"speaker": " "}, "speaker"), ({"text": "\u200b"}, "text"), ({"text": "x" * 4001}, "text"),
    ({"position": "x" * 201}, "position"), ({"service_id": 999999}, "service_id"),
    ({"aspect_id": 999999}, "aspect_id"), ({"client_id": ""}, "client_id")])
def test_a_bad_statement_is_refused_and_changes_nothing(db, forum, notetaker, heard, fields, field):
    with pytest.raises(DomainError) as refused:
        say(db, forum, notetaker, **fields)
    assert refused.value.field == field
    assert statements.for_forum(db, forum["id"]) == [] and heard == []


def test_edit_and_remove_keep_the_order_audit_and_tell(db, forum, notetaker, heard):
    first, _ = say(db, forum, notetaker, "Pertama.")
    second, _ = say(db, forum, notetaker, "Kedua.", client_id="st-2")
    edited = statements.edit(db, forum, first["id"], notetaker, speaker="Sekretaris", position="",
                             text="Pertama, diperbaiki.")
    assert [s["text"] for s in statements.for_forum(db, forum["id"])] == ["Pertama, diperbaiki.", "Kedua."]
    assert edited["updated_by"] == notetaker
    statements.remove(db, forum, second["id"], notetaker)
    assert [s["id"] for s in statements.for_forum(db, forum["id"])] == [first["id"]]
    assert [name for name, _data in heard] == [events.STATEMENT_RECORDED, events.STATEMENT_RECORDED,
                                               events.STATEMENT_EDITED, events.STATEMENT_REMOVED]
    log = {e["action"]: e for e in audit.for_forum(db, forum["id"])}
    assert json.loads(log["statement.edit"]["before_json"])["text"] == "Pertama."
    assert json.loads(log["statement.remove"]["before_json"])["text"] == "Kedua."
    with pytest.raises(DomainError) as missing:
        statements.remove(db, forum, second["id"], notetaker)
    assert missing.value.status == 404


def test_a_final_record_refuses_every_change(db, forum, notetaker, heard):
    kept, _ = say(db, forum, notetaker)
    for step in ("close", "finalise"):
        lifecycle.transition(db, forums.get(db, forum["id"]), step, None, accept_open=True)
    final = forums.get(db, forum["id"])
    heard.clear()
    for attempt in (lambda: say(db, final, notetaker, client_id="st-9"),
                    lambda: statements.edit(db, final, kept["id"], notetaker, speaker="X", text="Y"),
                    lambda: statements.remove(db, final, kept["id"], notetaker)):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.status == 409
    assert [s["text"] for s in statements.for_forum(db, forum["id"])] == [kept["text"]] and heard == []


def test_the_minutes_model_has_them_in_every_audience(db, forum, notetaker):
    say(db, forum, notetaker, "Biaya layanan gratis.")
    model = minutes.assemble(db, forums.get(db, forum["id"]))
    (entry,) = model["statements"]
    assert set(entry) == {"id", "speaker", "position", "service_name", "aspect_label", "text", "clock",
                          "created_utc"}
    assert (entry["speaker"], entry["service_name"], entry["text"]) == (
        "Dr. Lalu Ahmad", "", "Biaya layanan gratis.")
    assert entry["clock"].endswith(" " + forum["time_zone"])
    # The organiser speaks publicly: the Notulen for publication has them too.
    assert minutes.assemble(db, forums.get(db, forum["id"]), "public")["statements"][0]["text"] == \
        "Biaya layanan gratis."
