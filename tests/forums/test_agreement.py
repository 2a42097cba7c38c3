"""Agreement on a draft: the moderator asks the hall about the component in focus, each
attendee answers once (and may change it while the question is open), only counts are told."""
import pytest
from flask_babel import force_locale

from fkp.errors import DomainError
from fkp.forums import agreement, forums, lifecycle
from fkp.people import duplicates, participants
from tests.helpers import factories


@pytest.fixture
def hall(db):
    """An open forum with its focus on the first service × aspect, and three attendees."""
    forum = factories.forum(db)
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    forums.set_focus(db, forum, services[0]["id"], aspects[0]["id"])
    people = [factories.join(db, forum, f"Warga {n}", "service_user") for n in range(3)]
    return forums.get(db, forum["id"]), services, aspects, people


def refused(message_part, call, *args):
    with force_locale("en"), pytest.raises(DomainError) as e:
        call(*args)
    assert message_part in e.value.message
    return e.value


def test_a_question_is_asked_on_the_focus_answered_and_closed(db, hall, heard):
    forum, services, aspects, people = hall
    agreement.open_for_focus(db, forum, None)
    q = agreement.open_question(db, forum["id"])
    assert (q["service_id"], q["aspect_id"], q["open"]) == (services[0]["id"], aspects[0]["id"], True)
    assert q["service_name"] == services[0]["name"] and q["aspect_label"] == aspects[0]["label"]
    assert q["counts"] == {"agree": 0, "agree_with_changes": 0, "disagree": 0, "total": 0}

    agreement.answer(db, forum, people[0], q["id"], "agree")
    agreement.answer(db, forum, people[1], q["id"], "agree")
    after = agreement.answer(db, forum, people[2], q["id"], "disagree")
    assert after["counts"] == {"agree": 2, "agree_with_changes": 0, "disagree": 1, "total": 3}
    # changed while open: the last answer counts, still one per attendee
    changed = agreement.answer(db, forum, people[1], q["id"], "agree_with_changes")
    assert changed["counts"] == {"agree": 1, "agree_with_changes": 1, "disagree": 1, "total": 3}
    assert agreement.answer_of(db, q["id"], people[1]["id"]) == "agree_with_changes"

    agreement.close(db, forum, None)
    closed = agreement.get(db, q["id"])
    assert not closed["open"] and closed["closed_utc"]
    names = [e.name for e in heard]
    assert names == ["focus_changed", "agreement_opened", "agreement_answered", "agreement_answered",
                     "agreement_answered", "agreement_answered", "agreement_closed"][-len(names):]
    # counts only: no event says who answered what
    for e in heard:
        if e.name.startswith("agreement_"):
            assert set(e.data) == {"question"} and "participant_id" not in e.data["question"]
            assert e.participant_id is None


def test_the_same_answer_again_changes_nothing(db, hall, heard):
    forum, _s, _a, people = hall
    agreement.open_for_focus(db, forum)
    q = agreement.open_question(db, forum["id"])
    agreement.answer(db, forum, people[0], q["id"], "agree")
    seq = forums.get(db, forum["id"])["seq"]
    assert agreement.answer(db, forum, people[0], q["id"], "agree")["counts"]["total"] == 1
    assert forums.get(db, forum["id"])["seq"] == seq


def test_one_question_open_at_a_time(db, hall):
    forum, services, aspects, _people = hall
    agreement.open_for_focus(db, forum)
    refused("already open", agreement.open_for_focus, db, forum)
    forums.set_focus(db, forum, services[1]["id"], aspects[1]["id"])
    refused("already open", agreement.open_for_focus, db, forums.get(db, forum["id"]))
    agreement.close(db, forum)
    agreement.open_for_focus(db, forums.get(db, forum["id"]))
    assert agreement.open_question(db, forum["id"])["service_id"] == services[1]["id"]
    # the database holds it too: a second open row is refused however it is written
    import sqlite3
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO agreement_questions (forum_id, service_id, aspect_id, opened_utc) "
                   "VALUES (?, ?, ?, 'x')", [forum["id"], services[0]["id"], aspects[0]["id"]])


def test_refusals(db, hall):
    forum, _s, _a, people = hall
    refused("No question is open", agreement.close, db, forum)
    agreement.open_for_focus(db, forum)
    q = agreement.open_question(db, forum["id"])
    refused("Choose one of the answers", agreement.answer, db, forum, people[0], q["id"], "maybe")
    refused("not found", agreement.answer, db, forum, people[0], q["id"] + 99, "agree")
    # another forum's question
    other = factories.forum(db, title="Forum lain")
    stranger = factories.join(db, other, "Orang Lain", "media")
    refused("not found", agreement.answer, db, other, stranger, q["id"], "agree")
    # a participant the moderator stopped
    participants.set_banned(db, forum, people[0]["id"], True, None)
    refused("stopped input", agreement.answer, db, forum, participants.get(db, people[0]["id"]), q["id"], "agree")
    # the forum paused: no answers, no new questions
    lifecycle.transition(db, forum, "pause", None)
    paused = forums.get(db, forum["id"])
    refused("not open", agreement.answer, db, paused, people[1], q["id"], "agree")
    lifecycle.transition(db, paused, "open", None)
    agreement.close(db, forum)
    refused("closed", agreement.answer, db, forums.get(db, forum["id"]), people[1], q["id"], "agree")
    lifecycle.transition(db, forums.get(db, forum["id"]), "pause", None)
    refused("not open", agreement.open_for_focus, db, forums.get(db, forum["id"]))
    assert agreement.counts(db, q["id"])["total"] == 0
    # a question left open when the forum closed can still be closed, not once the record is final
    refused("final", agreement.close, db, {**forums.get(db, forum["id"]), "status": "finalised"})


def test_no_focus_no_question(db):
    forum = factories.forum(db)
    refused("in focus first", agreement.open_for_focus, db, forum)


def test_what_the_screens_show_and_what_documents_get(db, hall):
    forum, services, aspects, people = hall
    assert agreement.current(db, forum) is None
    for service, answers in ((services[0], ["agree", "agree", "disagree"]), (services[0], ["agree"]),
                             (services[1], ["agree_with_changes"])):
        forums.set_focus(db, forum, service["id"], aspects[0]["id"])
        forum = forums.get(db, forum["id"])
        agreement.open_for_focus(db, forum)
        q = agreement.open_question(db, forum["id"])
        assert agreement.current(db, forum)["id"] == q["id"]
        for person, value in zip(people, answers):
            agreement.answer(db, forum, person, q["id"], value)
        agreement.close(db, forum)
        assert agreement.current(db, forum)["id"] == q["id"]  # the result stays while in focus
    forums.set_focus(db, forum, services[2]["id"], aspects[0]["id"])
    assert agreement.current(db, forums.get(db, forum["id"])) is None  # until the focus moves on

    results = agreement.results(db, forum["id"])
    assert [r["counts"]["total"] for r in results] == [3, 1, 1]
    latest = agreement.latest_results(db, forum["id"])
    assert set(latest) == {(services[0]["id"], aspects[0]["id"]), (services[1]["id"], aspects[0]["id"])}
    assert latest[(services[0]["id"], aspects[0]["id"])]["counts"]["total"] == 1  # the latest one asked
    assert latest[(services[1]["id"], aspects[0]["id"])]["counts"]["agree_with_changes"] == 1


def test_merging_attendees_keeps_one_answer_each(db, hall):
    forum, _s, _a, people = hall
    agreement.open_for_focus(db, forum)
    q = agreement.open_question(db, forum["id"])
    agreement.answer(db, forum, people[0], q["id"], "agree")
    agreement.answer(db, forum, people[1], q["id"], "disagree")
    duplicates.merge(db, forum, people[1]["id"], people[0]["id"], None)
    assert agreement.counts(db, q["id"]) == {"agree": 1, "agree_with_changes": 0, "disagree": 0, "total": 1}
    duplicates.remove(db, forum, people[2]["id"], None)  # no answer: nothing to count
    agreement.answer(db, forum, people[0], q["id"], "disagree")
    assert agreement.counts(db, q["id"])["disagree"] == 1
