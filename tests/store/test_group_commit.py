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
