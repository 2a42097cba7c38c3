"""fkp/inputs/comments.py as the one writer of the comments table, for the other modules."""
import pytest

from fkp import events
from fkp.inputs import chat_import, comments
from fkp.people import participants


def test_a_change_sets_only_what_a_moderator_may_change(db, forum):
    """Who gave an input, and when, is never rewritten: the record depends on it."""
    giver, _token = participants.join(db, forum, name="Rina", institution="JPPR", group="media", consent=True)
    chat_import.import_chat(db, forum, b"10:00:00 From Rina to Everyone:\n\thalo\n", None)
    [stored] = comments.for_moderator(db, forum["id"])
    for values in ({"participant_id": giver["id"]}, {"status": "hidden", "created_utc": "x"}, {}):
        with pytest.raises(ValueError):
            with events.change(db, forum["id"]) as change:
                comments.update(db, change, stored["id"], **values)
    assert comments.for_moderator(db, forum["id"]) == [stored]


def test_an_imported_input_is_told_as_it_is_read_back(db, forum):
    """The chat import builds each new input from what it inserted, as submit does; it must be
    exactly what get() reads."""
    told = []
    events.subscribe(told.append)
    try:
        result = chat_import.import_chat(db, forum, b"10:00:00 From Rina to Everyone:\n\thalo\n"
                                                    b"10:01:00 From Budi to Everyone:\n\tsetuju\n", None)
    finally:
        events._subscribers.remove(told.append)
    assert result.created == 2 and len(told) == 2
    assert [e.data["comment"] for e in told] == [comments.get(db, e.data["comment"]["id"]) for e in told]
    assert {e.participant_id for e in told} == {e.data["comment"]["participant_id"] for e in told}
