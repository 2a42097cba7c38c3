"""SQLite connections: one per request or socket event, tuned for durability.

synchronous=FULL makes every commit reach the disk before the server acknowledges an
input, so an acknowledged input survives a crash or a power cut.
"""
import sqlite3
from pathlib import Path

import sqlite_utils
from flask import current_app, g


def connect(path):
    """Open the database at `path` with the pragmas every connection needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    with db.ensure_autocommit_on():
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return db


def get_db():
    """The connection for the current request or socket event."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(exc=None):
    """Teardown: close this context's connection, if it opened one."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    """Close connections at the end of every app context."""
    app.teardown_appcontext(close_db)
