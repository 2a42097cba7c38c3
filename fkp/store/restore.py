"""Putting a backup back: checked first (sound, and with exactly the schema fkp makes), its
staff accounts compared with the current ones before anything is replaced, never over a
live forum unless forced, and never without keeping a copy of the database it replaces (in
backups/ beside it)."""
import os
import re
import shutil
import sqlite3
from pathlib import Path

from flask_babel import gettext as _

from ..errors import DomainError
from ..people import privacy
from . import migrations, schema
from .backup import backup, check, folder_beside, open_read_only, stamp
from .db import connect

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so no "in use" check (see serving_lock)
    fcntl = None


def serving_lock(database):
    """Hold the lock that says "this database is in use" (by `serve`, or by a restore); the
    open file to keep for as long as it is in use, or None when someone else holds it.
    An advisory lock on a file beside the database: the system releases it when the holder
    exits or crashes, so a server that died leaves nothing stale behind."""
    if fcntl is None:
        return open(os.devnull)
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    handle = open(f"{database}.serving", "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def restore(backup_file, database, now, force=False, retention_days=None, confirm=None):
    """Put the backup at `backup_file` in place of the database at `database`; returns the
    path of the copy kept of the replaced database (None when there was none) and the
    migrations applied afterwards.

    Only a sound fkp database whose schema is exactly what fkp's migrations make is put
    back (fkp/store/schema.py): checked as it is, before any migration runs on it, and again
    once migrated. Its staff accounts are compared with the current database's
    (staff_changes): when they differ, confirm(changes) is asked first and nothing changes
    unless it answers true (None: no question, for callers that checked themselves).

    An older backup must not bring back personal data removed since it was made: people
    the replaced database says were deleted on request are erased again, and with
    retention_days the expired contact details are removed again.

    Refused while a server is using the database, unless force: phones and screens of a
    live forum would jump back in time under people's eyes. Even then it is safe for the
    data: the backup is written through SQLite's backup API, so the WAL and the server's
    connections stay consistent (restart the server afterwards). A damaged database is
    moved aside rather than copied.
    """
    if Path(backup_file).resolve() == Path(database).resolve():
        raise DomainError(_("This file is the database itself; choose a backup."), "file")
    carried = check(backup_file)
    conn = open_read_only(backup_file)
    try:  # before a migration runs on it: a trigger added to the file would run with it
        schema.refuse_if_altered(conn, carried, backup_file)
    finally:
        conn.close()
    lock = serving_lock(database)
    if lock is None and not force:
        raise DomainError(_("The database is in use by a running fkp server. Stop the server first, "
                            "or use --force and restart the server afterwards."), "database", status=409)
    try:
        return _restore(backup_file, Path(database), now, retention_days, confirm)
    finally:
        if lock is not None:
            lock.close()


def _restore(backup_file, database, now, retention_days, confirm):
    staging = database.with_name(f".{database.name}.restore-{os.getpid()}.tmp")
    _remove(staging)
    try:
        applied = _stage(backup_file, staging, database, now, retention_days, confirm)
        kept = _keep(database, now)
        source = open_read_only(staging)
        target = connect(database)
        try:
            source.backup(target.conn)
        finally:
            source.close()
            target.close()
    finally:
        _remove(staging)
    check(database, in_place=True)
    return kept, applied


def _stage(backup_file, staging, database, now, retention_days, confirm):
    """The backup as it will be restored, in a file beside the database: migrated, checked
    again, with the erasures redone; the migrations applied. Asks confirm() about staff."""
    source = open_read_only(backup_file)
    db = connect(staging)
    try:
        source.backup(db.conn)
        applied = migrations.migrate(db)
        names = [m.name for m in migrations.migrations._migrations]
        schema.refuse_if_altered(db.conn, names, backup_file)
        _erase_again(db, database, now, retention_days)
        changes = staff_changes(database, db)
        _end_sessions(db)
    finally:
        source.close()
        db.close()
    if changes and confirm is not None and not confirm(changes):
        raise DomainError(_("Nothing was restored."), "confirm")
    return applied


def _keep(database, now):
    """Keep a copy of the database about to be replaced in backups/ beside it; its path, or
    None when there is no database. A damaged one is moved there as it is."""
    if not (database.exists() and database.stat().st_size):
        return None
    folder = folder_beside(database)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"before-restore-{stamp(now)}.db"
    try:
        check(database, in_place=True)
        backup(database, kept)
    except (DomainError, sqlite3.DatabaseError):
        # Damaged or not an fkp database: keep the files exactly as they are, out of the way.
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{database}{suffix}").exists():
                shutil.move(f"{database}{suffix}", f"{kept}{suffix}")
    return kept


def _remove(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _erase_again(db, database, now, retention_days):
    """What the replaced database says was erased since the backup, erased again in the
    restored copy: everyone deleted on request, and with retention_days the contacts of the
    forums past retention by either copy's account (a backup made while a forum ran does
    not know it was finalised since). The replaced database counts for nothing when it
    cannot be read (a damaged one: then the caller says so)."""
    deleted, expired = [], []
    if database.is_file():
        try:
            conn = open_read_only(database, in_place=True)
            try:
                deleted = privacy.deleted_on_request(conn)
                if retention_days is not None:
                    expired = privacy.expired_forums(conn, now, retention_days)
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            deleted, expired = [], []
    privacy.erase_again(db, deleted)
    if retention_days is not None:
        expired = sorted(set(expired) | set(privacy.expired_forums(db.conn, now, retention_days)))
        privacy.purge_again(db, expired, retention_days)


def _end_sessions(db):
    """Staff sessions kept in the database (if this version keeps them) end with a restore:
    a session the backup carries, real or written into the file, must not log anyone in.
    Everyone logs in again."""
    for table in SESSION_TABLES:
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone():
            db.execute(f"DELETE FROM [{table}]")
    db.conn.commit()


SESSION_TABLES = ("staff_sessions",)

# What a restore compares of each staff account: who may do what, and how they log in; and
# any column that says whether an account may log in at all (disabled, locked, active …),
# compared once both databases have it.
STAFF_FIELDS = ("role", "password_hash")
ACCESS_COLUMN = re.compile(r"disabled|locked|active|enabled|suspended")


def staff_changes(database, candidate):
    """How the staff accounts of `candidate` (a connection to the database about to be
    restored) differ from those of the database at `database`: sorted (username, what,
    details) with what "added", "removed" or "changed" and details the fields that differ
    (a password by name only, never its hash; the role as before → after). With no
    readable database every account of the candidate is added."""
    restored, fields = _accounts(candidate.conn)
    fields = list(STAFF_FIELDS) + [c for c in fields if ACCESS_COLUMN.search(c)]
    current = {}
    if Path(database).is_file():
        try:
            conn = open_read_only(database, in_place=True)
            try:
                current, have = _accounts(conn)
            finally:
                conn.close()
            fields = [f for f in fields if f in have]
        except sqlite3.DatabaseError:
            current = {}
    changes = [(restored[k]["username"], "added", _summary(restored[k], fields))
               for k in restored.keys() - current.keys()]
    changes += [(current[k]["username"], "removed", _summary(current[k], fields))
                for k in current.keys() - restored.keys()]
    for key in current.keys() & restored.keys():
        before, after = current[key], restored[key]
        differ = [_difference(f, before[f], after[f]) for f in fields if before[f] != after[f]]
        if differ:
            changes.append((after["username"], "changed", tuple(differ)))
    return sorted(changes, key=lambda c: (c[0].lower(), c[1]))


def _accounts(conn):
    """{lower-case username: row as dict} and the columns the users table has."""
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("SELECT * FROM users").fetchall()
        columns = [row[1] for row in conn.execute("PRAGMA table_info(users)")]
    finally:
        conn.row_factory = None
    return {row["username"].lower(): dict(row) for row in rows}, columns


def _summary(account, fields):
    # An access column is named only when it is set ("disabled_utc 2026-…"), not as "None".
    return tuple(f"{f} {account[f]}" for f in fields
                 if f != "password_hash" and (f == "role" or account[f] not in (None, "", 0)))


def _difference(field, before, after):
    if field == "password_hash":
        return "password"
    return f"{field} {before} → {after}"
