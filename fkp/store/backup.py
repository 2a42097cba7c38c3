"""Backups of the database, safe while the server is serving, and the check that a file is
a sound fkp database (which fkp/store/restore.py also uses before putting one back).

A copy is made with SQLite's online backup API inside one read transaction: in WAL mode
that is a consistent snapshot which writers never wait for, and which does not start
over when a phone submits an input meanwhile. It is copied in steps with a cooperative
pause between them (under gevent the live forum keeps running), written to a temporary
file, checked, flushed to disk, and only then renamed into place.
"""
import os
import sqlite3
from datetime import timezone
from pathlib import Path

from flask_babel import gettext as _

from ..errors import DomainError
from . import migrations

PAGES_PER_STEP = 256  # 1 MB of 4 KB pages: a few milliseconds of work between pauses
AUTO_PREFIX = "auto-"
LIVE_STATUSES = ("open", "paused")


def folder_beside(database):
    """Where automatic backups and pre-restore copies of this database are kept."""
    return Path(database).resolve().parent / "backups"


def stamp(now):
    """A sortable UTC time for a file name: 20250904T013000Z."""
    return now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def open_read_only(path, in_place=False):
    """A read-only connection to a database file. Immutable, so that no -wal or -shm
    appears beside someone's backup file; but the app's own database (in_place), or a file
    with a WAL beside it (a raw copy of a live database), is opened normally so that the
    WAL and other connections' locks count."""
    if in_place or Path(f"{path}-wal").exists():
        return sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    return sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro&immutable=1", uri=True)


def check(path, in_place=False):
    """The migrations an fkp database file carries, after checking it is one and is sound.
    Raises DomainError (field "file") saying what is wrong; changes nothing. in_place: the
    file is the app's database, perhaps in use, rather than a backup."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise DomainError(_("%(file)s is not a database file.", file=str(path)), "file")
    try:
        conn = open_read_only(path, in_place)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            applied = _applied(conn) if problems == ["ok"] else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            raise DomainError(_("%(file)s is not an SQLite database.", file=str(path)), "file")
        problems = [str(e)]
    if problems != ["ok"]:
        raise DomainError(_("%(file)s is damaged: %(problem)s", file=str(path), problem=problems[0]), "file")
    if not applied:
        raise DomainError(_("%(file)s is not an fkp database.", file=str(path)), "file")
    known = [m.name for m in migrations.migrations._migrations]
    newer = [name for name in applied if name not in known]
    if newer:
        raise DomainError(_("%(file)s comes from a newer version of fkp (it has %(names)s); update fkp "
                            "first.", file=str(path), names=", ".join(newer)), "file")
    return applied


def _applied(conn):
    table = migrations.migrations.migrations_table
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone():
        return []
    try:
        return [row[0] for row in conn.execute(
            f"SELECT name FROM {table} WHERE migration_set = ? ORDER BY rowid", [migrations.migrations.name])]
    except sqlite3.OperationalError:  # a migrations table of another shape: not ours
        return []


def target_for(database, file, now):
    """Where `python -m fkp backup FILE` writes: FILE, or a dated file inside FILE when it is
    a folder (a USB stick). It never replaces the database itself, nor a file that is not an
    fkp backup (a typo must not overwrite a document)."""
    file = Path(file)
    if file.is_dir():
        file = file / f"fkp-{stamp(now)}.db"
    live = Path(database).resolve()
    if file.resolve() in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
        raise DomainError(_("A backup must be written to another file than the database."), "file")
    if file.exists():
        try:
            check(file)
        except DomainError:
            raise DomainError(_("%(file)s exists and is not an fkp backup; choose another name.",
                                file=str(file)), "file") from None
    return file


def backup(database, target, pause=None, offload=None):
    """Copy the database at `database` to the file `target` (replaced if it exists), checked;
    returns the migrations it carries. pause() runs between steps: socketio.sleep(0) in the
    server, so requests are served while a large database is copied. offload(fn, *args)
    runs the two long single calls, the integrity check and the fsync, in a native thread
    (gevent's threadpool in the server), where they do not hold up the event loop."""
    if not Path(database).is_file():
        raise DomainError(_("There is no database at %(file)s.", file=str(database)), "file")
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(str(database), timeout=10, isolation_level=None)
    try:
        source.execute("BEGIN")  # one snapshot for every step: other writers never restart the copy
        expected = _applied(source)
        copy = sqlite3.connect(str(tmp))
        try:
            copy.execute("PRAGMA synchronous=OFF")  # flushed once, below, off the event loop
            source.backup(copy, pages=PAGES_PER_STEP, progress=lambda *_: pause and pause())
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
        finally:
            copy.close()
        source.execute("COMMIT")
        if (offload or _call)(_verify, tmp) != expected:
            raise DomainError(_("The copy does not carry the database's migrations."), "file")
        os.replace(tmp, target)
        _sync(target.parent)
    finally:
        source.close()
        tmp.unlink(missing_ok=True)
    return expected


def _call(fn, *args):
    return fn(*args)


def _verify(path):
    """Check a fresh copy and flush it to disk; the migrations it carries."""
    applied = check(path)
    _sync(path)
    return applied


def _sync(path):
    """Flush a file or a folder to disk: a backup that a power cut can lose is no backup."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
