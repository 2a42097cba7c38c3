"""Merging a duplicate attendee into the one it repeats, and removing a record without input."""
import json

import pytest

from fkp import events
from fkp.errors import DomainError
from fkp.forums import forums, lifecycle
from fkp.inputs import chat_import, comments, moderation, supports
from fkp.people import duplicates, participants
from fkp.record import responses
from tests.helpers.zoom import ZOOM_CHAT


def give(db, forum, person, text, client_id):
    s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
    return comments.submit(db, forum, person, service_id=s, aspect_id=a, kind="suggestion", text=text,
                           client_id=client_id)[0]


def count(db, sql, *params):
    return db.execute(sql, params).fetchone()[0]


def audit_of(db, action):
    return [dict(r) for r in db.query("SELECT subject, before_json, after_json FROM audit_log WHERE action = ?",
                                      [action])]


@pytest.fixture
def two(db, forum):
    """Anas joined on a phone; the chat import (names not matched) added him again."""
    anas, _ = participants.join(db, forum, name="Anas Burhan", institution="PKB Jombang", group="service_user",
                                consent=True)
    chat_import.import_chat(db, forum, ZOOM_CHAT, None, separate=["Anas Burhan (PKB)"])
    [copy] = db.query("SELECT id FROM participants WHERE name = 'Anas Burhan (PKB)'")
    return anas, participants.get(db, copy["id"])


def test_merge_moves_inputs_supports_and_signature_then_removes_the_duplicate(db, forum, two):
    anas, copy = two
    rita, _ = participants.join(db, forum, name="Rita", institution="JPPR", group="civil_society", consent=True)
    own = give(db, forum, anas, "Dari ponsel", "phone-1")
    same_id = give(db, forum, copy, "Sama client id", "phone-1")  # one client_id on both records
    ritas = give(db, forum, rita, "Masukan Rita", "r-1")
    for c in (own, same_id, ritas):
        moderation.approve(db, forum, c["id"], None)
    supports.support(db, forum, copy, ritas["id"])
    supports.support(db, forum, anas, ritas["id"])  # both records backed Rita's input
    supports.support(db, forum, copy, own["id"])    # the copy backed Anas's own input
    before = participants.group_counts(db, forum["id"])
    total = count(db, "SELECT count(*) FROM participants")
    heard = []
    events.subscribe(heard.append)

    kept, moved = duplicates.merge(db, forum, copy["id"], anas["id"], user_id=None)

    assert moved == 2 and kept["id"] == anas["id"] and kept["name"] == "Anas Burhan"
    assert participants.get(db, copy["id"]) is None
    assert count(db, "SELECT count(*) FROM participants") == total - 1
    assert count(db, "SELECT count(*) FROM comments WHERE participant_id = ?", anas["id"]) == 3
    assert comments.get(db, ritas["id"])["support_count"] == 1   # one person, one support
    assert comments.get(db, own["id"])["support_count"] == 0     # nobody supports their own input
    assert participants.group_counts(db, forum["id"]) == before  # the copy had no group
    [entry] = audit_of(db, "participant.merge")
    assert entry["subject"] == str(anas["id"])
    assert json.loads(entry["before_json"])["merged"]["name"] == "Anas Burhan (PKB)"
    assert json.loads(entry["after_json"])["inputs"] == 2
    assert [e.name for e in heard if e.name == events.PARTICIPANT_JOINED] == [events.PARTICIPANT_JOINED]


def test_merging_into_a_chat_record_gives_it_the_details_it_lacks_and_the_counts_follow(db, forum, two):
    anas, copy = two
    media, _ = participants.join(db, forum, name="Anas B", institution="Radar", group="media", consent=True)
    responses.set_signatory(db, forum, "media", media["id"], None)
    before = participants.group_counts(db, forum["id"])
    kept, _ = duplicates.merge(db, forum, media["id"], copy["id"], user_id=None)
    assert (kept["institution"], kept["group_code"]) == ("Radar", "media")
    after = participants.group_counts(db, forum["id"])
    assert after["media"] == before["media"]  # one left the group, the kept one joined it
    assert responses.signatories(db, forum["id"])["media"]["id"] == copy["id"]


def test_a_signature_for_another_group_is_left_blank(db, forum, two):
    anas, copy = two
    rita, _ = participants.join(db, forum, name="Rita", institution="JPPR", group="civil_society", consent=True)
    responses.set_signatory(db, forum, "civil_society", rita["id"], None)
    duplicates.merge(db, forum, rita["id"], anas["id"], user_id=None)
    assert "civil_society" not in responses.signatories(db, forum["id"])
    assert participants.group_counts(db, forum["id"])["civil_society"] == 0


@pytest.mark.parametrize("bad", ["self", "other forum", "unknown"])
def test_merge_refuses_what_is_not_two_records_of_this_forum(db, forum, two, bad):
    anas, copy = two
    into = {"self": copy["id"], "unknown": 99999}.get(bad)
    if bad == "other forum":
        from fkp.serve import demo
        other = forums.get_by_code(db, demo.create(db))
        into = participants.join(db, other, name="X", institution="Y", group="media", consent=True)[0]["id"]
    with pytest.raises(DomainError):
        duplicates.merge(db, forum, copy["id"], into, user_id=None)
    assert participants.get(db, copy["id"]) is not None
    assert audit_of(db, "participant.merge") == []


def test_merge_and_remove_are_refused_when_the_record_is_final(db, forum, two):
    anas, copy = two
    host = participants.add_from_chat(db, forum, "Host", None)
    lifecycle.transition(db, forum, "close", None)
    lifecycle.transition(db, {**forum, "status": "closed"}, "finalise", None, accept_open=True)
    final = forums.get(db, forum["id"])
    for act in (lambda: duplicates.merge(db, final, copy["id"], anas["id"], None),
                lambda: duplicates.remove(db, final, host["id"], None),
                lambda: duplicates.merge(db, forum, copy["id"], anas["id"], None)):  # a stale read
        with pytest.raises(DomainError) as refused:
            act()
        assert refused.value.status == 409
    assert participants.get(db, copy["id"]) and participants.get(db, host["id"])


def test_remove_takes_a_record_without_input_and_keeps_counts(db, forum, two):
    anas, copy = two
    test_join, _ = participants.join(db, forum, name="Tes", institution="Panitia", group="media", consent=True)
    assert participants.group_counts(db, forum["id"])["media"] == 1
    duplicates.remove(db, forum, test_join["id"], None)
    assert participants.get(db, test_join["id"]) is None
    assert participants.group_counts(db, forum["id"])["media"] == 0
    [entry] = audit_of(db, "participant.remove")
    assert json.loads(entry["before_json"])["name"] == "Tes"

    with pytest.raises(DomainError) as refused:  # gave input: merge it instead
        duplicates.remove(db, forum, copy["id"], None)
    assert refused.value.status == 409 and participants.get(db, copy["id"])


def test_erasing_the_kept_attendee_erases_the_merged_records_name_from_the_audit_log(db, forum, two):
    from fkp.people import privacy
    anas, copy = two
    duplicates.merge(db, forum, copy["id"], anas["id"], user_id=None)
    privacy.erase_participant(db, forum, anas["id"], None, str(db.execute("PRAGMA database_list").fetchone()[2]))
    [entry] = audit_of(db, "participant.merge")
    assert "Anas" not in entry["before_json"]
