"""events.change(): the one way a domain change writes, advances its forum's seq and is told."""
import pytest

from fkp import events
from fkp.forums import forums
from fkp.store.db import connect


@pytest.fixture
def heard(db):
    """The events told, each with whether the teller's connection was still in a transaction."""
    told = []

    def listen(event):
        told.append((event.name, event.seq, event.data, db.conn.in_transaction))
    events.subscribe(listen)
    yield told
    events._subscribers.remove(listen)


def _seq(db, forum):
    return forums.get(db, forum["id"])["seq"]


def _place(db, forum, place):
    db.execute("UPDATE forums SET place = ? WHERE id = ?", [place, forum["id"]])


def test_a_change_is_told_in_order_after_it_commits_under_one_new_seq(db, forum, heard):
    before = _seq(db, forum)
    with events.change(db, forum["id"]) as change:
        _place(db, forum, "Aula Baru")
        change.raise_event(events.FOCUS_CHANGED, {"n": 1})
        change.raise_event(events.DISPLAY_CHANGED, {"n": 2})
        assert heard == []
    assert change.seq == before + 1 == _seq(db, forum)
    assert heard == [(events.FOCUS_CHANGED, before + 1, {"n": 1}, False),
                     (events.DISPLAY_CHANGED, before + 1, {"n": 2}, False)]


def test_a_failed_change_is_undone_and_told_nothing(db, forum, heard):
    before = forums.get(db, forum["id"])
    with pytest.raises(ZeroDivisionError):
        with events.change(db, forum["id"]) as change:
            _place(db, forum, "Aula Baru")
            change.raise_event(events.FOCUS_CHANGED)
            1 / 0
    assert forums.get(db, forum["id"]) == before  # the place and the seq
    assert heard == []


def test_a_nested_change_joins_the_outer_one(db, forum, heard):
    before = _seq(db, forum)
    with events.change(db, forum["id"]) as outer:
        outer.raise_event(events.FOCUS_CHANGED)
        with events.change(db, forum["id"]) as inner:
            inner.raise_event(events.DISPLAY_CHANGED)
        assert inner.seq == outer.seq and heard == []  # the inner one waits for the outer commit
        outer.raise_event(events.FORUM_STATUS_CHANGED)
    assert _seq(db, forum) == before + 1
    assert [(name, seq) for name, seq, _data, _tx in heard] == [
        (events.FOCUS_CHANGED, before + 1), (events.DISPLAY_CHANGED, before + 1),
        (events.FORUM_STATUS_CHANGED, before + 1)]


def test_a_nested_change_that_fails_is_undone_alone(db, forum, heard):
    place = forum["place"]
    with events.change(db, forum["id"]) as outer:
        with pytest.raises(ZeroDivisionError):
            with events.change(db, forum["id"]) as inner:
                _place(db, forum, "Aula Baru")
                inner.raise_event(events.DISPLAY_CHANGED)
                1 / 0
        outer.raise_event(events.FOCUS_CHANGED)
    assert forums.get(db, forum["id"])["place"] == place
    assert [name for name, *_rest in heard] == [events.FOCUS_CHANGED]


def test_a_change_cannot_join_a_change_of_another_forum(db, forum):
    with events.change(db, forum["id"]):
        with pytest.raises(ValueError):
            with events.change(db, forum["id"] + 1):
                pass


def test_a_change_refuses_a_transaction_whose_commit_it_cannot_see(db, forum, heard):
    """Its events would be told before that commit, which might still fail."""
    with db.atomic():
        with pytest.raises(RuntimeError):
            with events.change(db, forum["id"]):
                pass
    assert heard == []


def test_a_change_via_another_connection_is_told_once_that_committed(app, db, forum, heard):
    """The group commit's shape: the SQL, seq included, runs on the writer's connection."""
    writer = connect(app.config["DATABASE"])
    commits = []

    def via(_db, work):
        with writer.atomic():
            result = work(writer)
        commits.append(result)
        return result
    before = _seq(db, forum)
    with events.change(db, forum["id"], via=via) as change:
        ran_on_writer = change.write(lambda w, seq: w is writer and seq)
        change.raise_event(events.FOCUS_CHANGED)
        assert commits and heard == []
    assert ran_on_writer == before + 1 == change.seq == _seq(db, forum)
    assert heard == [(events.FOCUS_CHANGED, before + 1, {}, False)]


def test_a_change_via_another_connection_that_fails_is_told_nothing(app, db, forum, heard):
    def via(_db, work):
        with db.atomic():
            return work(db)

    def fails(w, seq):
        raise ZeroDivisionError
    before = _seq(db, forum)
    with pytest.raises(ZeroDivisionError):
        with events.change(db, forum["id"], via=via) as change:
            change.write(fails)
            change.raise_event(events.FOCUS_CHANGED)
    assert _seq(db, forum) == before and heard == []
