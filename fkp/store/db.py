"""SQLite connections: one per request or socket event, tuned for durability.

synchronous=FULL makes every commit reach the disk before the server acknowledges an
input, so an acknowledged input survives a crash or a power cut. secure_delete zeroes what
a change frees (a corrected name, a replaced scan, an erased person): personal data removed
is not left in the file's free space (fkp/people/privacy.py).
"""
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from flask import current_app, g
from sqlite_utils.utils import dedupe_keys

# SQLite's INTEGER is 64-bit signed; a larger number reaching a query raises OverflowError,
# so anything that turns outside input into an id (routes, forms, sockets) stops here.
MAX_ID = 2**63 - 1


class Database(sqlite_utils.Database):
    """sqlite-utils' Database, whose reads cost one statement.

    Its query() runs each statement between a SAVEPOINT and a RELEASE, so that one which turns
    out to return no rows can be undone. For a SELECT that is two statements more and, outside
    a transaction, a transaction of its own: four of the thirteen statements an input cost. A
    SELECT changes nothing, so it runs alone here; anything else goes through sqlite-utils."""

    def query(self, sql, params=None):
        if sql.lstrip()[:6].upper() != "SELECT":
            return super().query(sql, params)
        cursor = self.conn.execute(sql, params if params is not None else ())
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row)) for row in cursor)

    @contextmanager
    def atomic(self):
        """sqlite-utils' atomic(), whose savepoints all have one name. Its own draw a random
        one each (a read of the system's randomness, and three statements SQLite prepares
        anew, never found in the connection's cache): in the group commit, each input runs in
        one. SQLite's RELEASE and ROLLBACK TO name the latest savepoint of that name, which for
        nested blocks is always the innermost one still open."""
        if not self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("SAVEPOINT fkp")
        try:
            yield self
        except BaseException:
            # a RAISE(ROLLBACK) may have ended the transaction, savepoints and all
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO SAVEPOINT fkp")
                self.conn.execute("RELEASE SAVEPOINT fkp")
            raise
        else:
            self.conn.execute("RELEASE SAVEPOINT fkp")


def connect(path):
    """Open the database at `path` with the pragmas every connection needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = Database(conn)
    with db.ensure_autocommit_on():
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return db


# Idle connections kept for the next request, when DB_POOL (set by `serve`) allows: opening
# one and setting its pragmas cost more than the rest of a typical read. Each request still
# has a connection of its own for as long as it runs.
_idle = {}


def insert_row(db, table, row):
    """INSERT one row and return its id: what db[table].insert(row).last_pk does, without
    sqlite-utils' introspection of the table, which costs six times the insert itself on
    the hot paths (an input, a join) inside a group commit."""
    columns = ", ".join(f"[{c}]" for c in row)
    sql = f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})"
    return db.execute(sql, list(row.values())).lastrowid


def get_db():
    """The connection for the current request or socket event."""
    if "db" not in g:
        idle = _idle.get(current_app.config["DATABASE"])
        g.db = idle.pop() if idle else _open(current_app.config["DATABASE"], current_app.config.get("DB_POOL"))
    return g.db


def _open(path, pooled):
    db = connect(path)
    if pooled:
        # Many kept connections, each with SQLite's default 2 MB page cache, would hold the
        # database many times over; in WAL mode another connection's commit empties it anyway.
        db.execute("PRAGMA cache_size=-512")
    return db


def close_db(exc=None):
    """Teardown: give this context's connection back to the pool, or close it."""
    db = g.pop("db", None)
    if db is None:
        return
    idle = _idle.setdefault(current_app.config["DATABASE"], [])
    if db.conn.in_transaction or len(idle) >= current_app.config.get("DB_POOL", 0):
        db.close()
    else:
        idle.append(db)


def init_app(app):
    """Close connections at the end of every app context."""
    app.teardown_appcontext(close_db)
