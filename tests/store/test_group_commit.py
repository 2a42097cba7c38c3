"""Group commit (fkp/group_commit.py): many writes, few commits, each answered only once durable."""
import sqlite3

import gevent
import pytest

from fkp.store import group_commit
from fkp.store.db import connect


@pytest.fixture
def table(tmp_path):
    path = str(tmp_path / "w.db")
    db = connect(path)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE)")
    db.conn.commit()
    return path


def test_concurrent_writes_share_commits_and_are_visible_when_answered(table):
    group = group_commit.GroupCommit(table)
    reader = connect(table)
    seen_at_answer = []

    def put(k):
        pk = group.submit(lambda db: db["t"].insert({"k": k}).last_pk)
        # answered means committed: another connection already sees it
        seen_at_answer.append(reader.execute("SELECT k FROM t WHERE id = ?", [pk]).fetchone()[0] == k)
        return pk

    jobs = [gevent.spawn(put, f"k{i}") for i in range(300)]
    gevent.joinall(jobs, raise_error=True)
    assert all(seen_at_answer) and len(seen_at_answer) == 300
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 300
    assert len({j.value for j in jobs}) == 300
    assert group.items == 300 and group.batches < 30, (group.items, group.batches)


def _wait_for(condition, timeout=10):
    """Yield to the writer until condition() holds; fail after timeout, never pass by waiting."""
    with gevent.Timeout(timeout, AssertionError("condition not reached")):
        while not condition():
            gevent.sleep(0.001)


def test_inputs_arriving_one_by_one_within_the_spacing_share_the_next_commit(table):
    """A steady trickle is gathered: after one commit, the writer waits out the spacing and
    takes everything that queued meanwhile in one commit (without the spacing it would take
    each as it came, and the queue would never hold two)."""
    group = group_commit.GroupCommit(table, spacing=60)  # cut short only by a full batch
    group.max_batch = 4

    def put(k):
        return group.submit(lambda db: db["t"].insert({"k": k}).last_pk)

    put("first")  # after a quiet moment: at once
    assert (group.batches, group.items) == (1, 1)
    jobs = []
    for i in range(3):
        jobs.append(gevent.spawn(put, f"k{i}"))
        _wait_for(lambda n=i + 1: group.queue.qsize() == n or group.items > 1)
        assert group.items == 1, "taken before the spacing ran out"
    jobs.append(gevent.spawn(put, "k3"))
    gevent.joinall(jobs, raise_error=True)  # the fourth filled the batch: no 60 s wait
    assert (group.batches, group.items) == (2, 5)
    assert connect(table).execute("SELECT count(*) FROM t").fetchone()[0] == 5


def test_a_failing_item_is_undone_alone_and_its_caller_gets_the_error(table):
    group = group_commit.GroupCommit(table)

    def put(k):
        return group.submit(lambda db: db["t"].insert({"k": k}).last_pk)

    jobs = [gevent.spawn(put, k) for k in ("a", "b", "a", "c")]
    gevent.joinall(jobs)
    errors = [j.exception for j in jobs]
    assert [type(e) for e in errors] == [type(None), type(None), sqlite3.IntegrityError, type(None)]
    assert [r[0] for r in connect(table).execute("SELECT k FROM t ORDER BY id")] == ["a", "b", "c"]


def test_without_a_writer_the_work_runs_in_the_callers_transaction(app, db):
    db.execute("CREATE TABLE t (k TEXT)")
    with app.app_context():
        assert group_commit.write(db, lambda w: w is db and w.conn.in_transaction)


def test_a_join_and_an_input_through_the_writer_are_told_after_its_commit(app, db, forum):
    """As under serve: the SQL and the seq run on the writer's connection; the event is told
    to the caller's side once another connection can see it, and a refused repeat costs no seq."""
    from fkp import events
    from fkp.forums import forums
    from fkp.inputs import comments
    from fkp.people import participants

    writer = app.extensions[group_commit.EXTENSION] = group_commit.GroupCommit(app.config["DATABASE"])
    reader = connect(app.config["DATABASE"])
    heard = []

    def listen(event):
        heard.append((event.name, event.seq,
                      reader.execute("SELECT seq FROM forums WHERE id = ?", [event.forum_id]).fetchone()[0]))
    events.subscribe(listen)
    try:
        before = forums.get(db, forum["id"])["seq"]
        giver, _token = participants.join(db, forum, name="Rina", institution="JPPR", group="media", consent=True)
        s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
        comment, created = comments.submit(db, forum, giver, service_id=s, aspect_id=a, kind="question",
                                           text="Kapan?", client_id="c1")
        assert writer.items == 2 and created and comment == comments.get(db, comment["id"])
        assert heard == [(events.PARTICIPANT_JOINED, before + 1, before + 1),
                         (events.COMMENT_SUBMITTED, before + 2, before + 2)]
        again, created = comments.submit(db, forum, giver, service_id=s, aspect_id=a, kind="question",
                                         text="Kapan?", client_id="c1")
        assert writer.items == 3 and not created and again["id"] == comment["id"]
        assert len(heard) == 2 and forums.get(db, forum["id"])["seq"] == before + 2
    finally:
        events._subscribers.remove(listen)
