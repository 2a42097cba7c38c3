"""Putting a backup back: checked first, never over a live forum unless forced, and never
without keeping a copy of the database it replaces (in backups/ beside it)."""
import os
import shutil
import sqlite3
from pathlib import Path

from flask_babel import gettext as _

from ..errors import DomainError
from ..forums import forums
from ..people import participants, privacy
from . import migrations
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


def restore(backup_file, database, now, force=False, retention_days=None):
    """Put the backup at `backup_file` in place of the database at `database`; returns the
    path of the copy kept of the replaced database (None when there was none) and the
    migrations applied afterwards.

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
    check(backup_file)
    lock = serving_lock(database)
    if lock is None and not force:
        raise DomainError(_("The database is in use by a running fkp server. Stop the server first, "
                            "or use --force and restart the server afterwards."), "database", status=409)
    try:
        return _restore(backup_file, Path(database), now, retention_days)
    finally:
        if lock is not None:
            lock.close()


def _restore(backup_file, database, now, retention_days):
    kept, erased = None, _deletions(database)
    folder = folder_beside(database)
    if database.exists() and database.stat().st_size:
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
    source = open_read_only(backup_file)
    target = connect(database)
    try:
        source.backup(target.conn)
        applied = migrations.migrate(target)
        _erase_again(target, erased, database, retention_days, now)
    finally:
        source.close()
        target.close()
    check(database, in_place=True)
    return kept, applied


def _deletions(database):
    """(forum_id, participant_id) of everyone the database's audit log says was deleted on
    request; none when it cannot be read (a damaged database: then the caller says so)."""
    if not Path(database).is_file():
        return []
    try:
        conn = open_read_only(database, in_place=True)
        try:
            return [(row[0], int(row[1])) for row in conn.execute(
                "SELECT forum_id, subject FROM audit_log WHERE action = 'participant.delete' "
                "AND forum_id IS NOT NULL")]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError):
        return []


def _erase_again(db, erased, database, retention_days, now):
    for forum_id, participant_id in erased:
        forum = forums.get(db, forum_id)
        if forum is not None and not participants.is_deleted(db, participant_id):
            try:
                privacy.erase_participant(db, forum, participant_id, None, database)
            except DomainError:
                pass  # not in the backup: they joined after it was made
    if retention_days is not None:
        privacy.purge_contacts(db, now=now, retention_days=retention_days, database=database)
