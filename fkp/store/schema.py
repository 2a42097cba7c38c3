"""The schema fkp's migrations make, and what a database file has that differs from it.

A backup is a whole SQLite file, schema included, so a restore would also put back
whatever someone added to the copy on a USB stick: a trigger that copies every input
elsewhere or makes a staff account an admin, the audit log's append-only triggers
dropped, a view or a table the app never made. The only schema a restore accepts is the
one the app's own migrations make, compared object by object (every table, index,
trigger and view in sqlite_master, by type, name, table and its CREATE statement with
its whitespace normalised) against a fresh database migrated in memory through the same
migrations. Nothing is hard-coded here: a migration added later (a new table, a new
column) is part of what is expected as soon as it exists.
"""
import re

from flask_babel import gettext as _

from ..errors import DomainError
from . import migrations
from .db import connect


def definitions(conn):
    """{(type, name): (table, CREATE statement with its whitespace normalised)} of every
    object in a database's schema (SQLite's automatic indexes have no statement: None)."""
    # SQLite's statistics tables (ANALYZE, PRAGMA optimize) only steer its query planner, and
    # may come and go on any database: not part of what the migrations make.
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'").fetchall()
    return {(kind, name): (table, _normalised(sql)) for kind, name, table, sql in rows}


def _normalised(sql):
    """A statement with its whitespace normalised: runs of it made one space, and none kept
    beside brackets, commas and semicolons (`t (x)` and `t( x )` over two lines are the same
    table)."""
    if sql is None:
        return None
    return re.sub(r" ?([(),;]) ?", r"\1", " ".join(sql.split()))


def expected(applied):
    """The definitions a database has after exactly the migrations `applied` (names, in the
    order they must have run: a prefix of the app's migrations), made afresh in memory."""
    names = [m.name for m in migrations.migrations._migrations]
    if list(applied) != names[:len(applied)]:
        return None
    db = connect(":memory:")
    try:
        stop = names[len(applied)] if len(applied) < len(names) else None
        migrations.migrations.apply(db, stop_before=stop)
        return definitions(db.conn)
    finally:
        db.close()


def differences(conn, applied):
    """What differs between a database's schema and the one its migrations make: sorted
    (what, type, name) with what "extra", "missing" or "changed"; None when the migrations
    it says it carries are not the app's, in order (then nothing can be expected of it)."""
    want = expected(applied)
    if want is None:
        return None
    have = definitions(conn)
    found = [("extra", *key) for key in have.keys() - want.keys()]
    found += [("missing", *key) for key in want.keys() - have.keys()]
    found += [("changed", *key) for key in have.keys() & want.keys() if have[key] != want[key]]
    return sorted(found, key=lambda d: (d[1], d[2], d[0]))


def refuse_if_altered(conn, applied, file):
    """Raise DomainError (field "file") naming what differs, unless the database's schema is
    exactly what its migrations make."""
    found = differences(conn, applied)
    if found is None:
        raise DomainError(_("%(file)s does not carry fkp's migrations in their order; it was altered.",
                            file=str(file)), "file")
    if found:
        raise DomainError(_("%(file)s has a schema fkp did not make, so it may have been altered "
                            "and is not restored: %(differences)s.",
                            file=str(file), differences="; ".join(_described(*d) for d in found)), "file")


def _described(what, kind, name):
    if what == "extra":
        return _("%(type)s %(name)s was added", type=kind, name=name)
    if what == "missing":
        return _("%(type)s %(name)s was removed", type=kind, name=name)
    return _("%(type)s %(name)s was changed", type=kind, name=name)
