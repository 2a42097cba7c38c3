"""Personal data under UU PDP: erase an attendee on request, and drop contact details once
the retention period after the forum's finalisation has passed.

What a person said stays in the record (it is the forum's evidence), attributed to
DELETED_NAME; what identifies them goes, from the database and from the documents kept on
disk (the internal attendance list has contact details). "Goes" means erased, not hidden:
the columns are overwritten with secure_delete on, the audit entries that named them have
their state erased (m004 allows exactly that), and the WAL is emptied when nobody is reading.
Every connection has secure_delete on (fkp/store/db.py), so a value replaced earlier (a
name corrected at check-in, a merged record) was zeroed when it was replaced and is not
left in a free page either; no VACUUM of the live database is needed, which would hold up
a live forum's writers for as long as it rewrites the file.

Backups are copies of the same SQLite file, so erasure and retention reach them too
(reach_backups): the same functions run on every backup beside the database, which is then
VACUUMed so the bytes are gone, not just unlinked from a row. We chose this over encrypting
each forum's data in backups and destroying its key on erasure: there is no key to keep,
lose or back up, a restore stays a plain SQLite file any tool can open, and erasure is per
person, which a per-forum key cannot be without destroying everyone else's record. Backups
are also removed by age (FKP_BACKUP_MAX_DAYS, shorter than the contact retention), so even
a copy this cannot reach does not outlive the promise for long. Copies made by hand onto a
USB stick or another machine (`python -m fkp backup FILE`) are out of its reach: the
README says to delete them when they are no longer needed.

The signed scans (fkp/record/scans.py) are not changed by an erasure: the scanned Daftar
Hadir is an image of the paper everyone present signed, and fkp cannot cut one line out of
it; deleting it would destroy the evidence of everyone else's attendance. The deletion page
says so, and staff replace the scan with one in which the person's line is covered (which
replaces the stored one; older backups keep the old one until they age out).
"""
import logging
import sqlite3
from datetime import timedelta, timezone
from pathlib import Path

import sqlite_utils
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..exports.builds import Builds, folder_beside
from ..language.timezones import utc_now
from ..store import backup, migrations
from ..store.migrations import ERASED_JSON
from .participants import get

log = logging.getLogger(__name__)

DELETED_NAME = "peserta (dihapus)"  # data, like minutes.ANONYMOUS: documents are Indonesian
ERASED_FIELDS = ["name", "institution", "position", "contact", "token"]
# Audit entries whose before/after state names the attendee they are about.
NAMING_ACTIONS = ("participant.check_in", "participant.edit", "participant.merge")  # merge: their other record


def erase_participant(db, forum, participant_id, user_id, database, offload=None):
    """Delete one attendee's personal data at their request; their inputs stay. The
    erasure reaches the automatic backups beside the database too (reach_backups).

    database: the database file's path, beside which kept documents and backups live.
    offload: see reach_backups.
    """
    row = db.execute("SELECT forum_id, deleted_utc FROM participants WHERE id = ?",
                     [participant_id]).fetchone()
    if row is None or row[0] != forum["id"]:
        raise DomainError(_("This participant was not found in the forum."), "id", status=404)
    if row[1]:
        raise DomainError(_("This participant's personal data has already been deleted."), "id",
                          status=409)
    erase(db, forum["id"], participant_id, user_id)
    _empty_wal(db)
    Builds(folder_beside(database)).forget(forum["code"])
    reach_backups(database, offload=offload)
    # No live event: deletions are asked for after the forum, and the group counts do not
    # change. A screen already open shows the old byline until it is reloaded.
    return get(db, participant_id)


def erase(db, forum_id, participant_id, user_id):
    """The erasure itself, in one transaction, on any copy of the database (the live one, a
    backup, a restored one): the person's columns and the audit states that named them
    overwritten, their signature block removed, the deletion audited."""
    db.execute("PRAGMA secure_delete = ON")  # overwritten values are zeroed, not left in free space
    with db.atomic():
        db.execute("UPDATE participants SET name = ?, institution = '', position = '', contact = '', "
                   "token_hash = NULL, device_hash = NULL, public_name = 0, deleted_utc = ? WHERE id = ?",
                   [DELETED_NAME, utc_now(), participant_id])
        # A signature block cannot name someone who is no longer named anywhere.
        db.execute("DELETE FROM signatories WHERE participant_id = ?", [participant_id])
        marks = ", ".join("?" * len(NAMING_ACTIONS))
        db.execute("UPDATE audit_log SET "
                   "before_json = CASE WHEN before_json IS NULL THEN NULL ELSE ? END, "
                   "after_json = CASE WHEN after_json IS NULL THEN NULL ELSE ? END "
                   f"WHERE forum_id = ? AND subject = ? AND action IN ({marks})",
                   [ERASED_JSON, ERASED_JSON, forum_id, str(participant_id), *NAMING_ACTIONS])
        audit.record(db, user_id=user_id, forum_id=forum_id, action="participant.delete",
                     subject=participant_id, after={"erased": ERASED_FIELDS})


def deleted_on_request(conn):
    """Everyone a database says was erased on request: (forum_id, forum code, participant_id,
    joined_utc). The code and the time they joined, which erasure keeps, tell the same person
    in another copy of the database from someone who got the same id in another history (a
    backup restored, then new people joined)."""
    return [tuple(row) for row in conn.execute(
        "SELECT p.forum_id, f.code, p.id, p.joined_utc FROM participants p JOIN forums f ON f.id = p.forum_id "
        "WHERE p.deleted_utc IS NOT NULL ORDER BY p.id")]


def erase_again(db, deleted):
    """Erase in `db` (another copy) everyone in `deleted` (deleted_on_request of the database
    that is right) whom it still names; how many were erased."""
    erased = 0
    for forum_id, code, participant_id, joined_utc in deleted:
        same = db.execute(
            "SELECT 1 FROM participants p JOIN forums f ON f.id = p.forum_id WHERE p.id = ? AND p.forum_id = ? "
            "AND f.code = ? AND p.joined_utc = ? AND p.deleted_utc IS NULL",
            [participant_id, forum_id, code, joined_utc]).fetchone()
        if same:
            erase(db, forum_id, participant_id, None)
            erased += 1
    return erased


def purge_contacts(db, *, now, retention_days, database, offload=None):
    """Remove the contact details of every forum finalised more than retention_days before
    `now` (an aware datetime); returns the codes of the forums purged. Run by the server's
    background round and by `python -m fkp purge-contacts`; doing it twice changes nothing.
    The automatic backups beside the database are purged too (reach_backups), whenever it runs."""
    due = list(db.query(
        "SELECT f.id, f.code, count(p.id) AS n FROM forums f JOIN participants p ON p.forum_id = f.id "
        "WHERE f.finalised_utc IS NOT NULL AND f.finalised_utc <= ? AND p.contact != '' "
        "GROUP BY f.id ORDER BY f.id", [_cutoff(now, retention_days)]))
    if due:
        _purge(db, due, retention_days)
        _empty_wal(db)
        folder = Builds(folder_beside(database))
        for forum in due:
            folder.forget(forum["code"])
    reach_backups(database, now=now, retention_days=retention_days, offload=offload)
    return [forum["code"] for forum in due]


def _cutoff(now, retention_days):
    return (now.astimezone(timezone.utc) - timedelta(days=retention_days)).isoformat(timespec="seconds")


def _purge(db, due, retention_days):
    """Empty the contacts of the forums `due` ({id, n}), audited, in one transaction."""
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        for forum in due:
            db.execute("UPDATE participants SET contact = '' WHERE forum_id = ?", [forum["id"]])
            audit.record(db, user_id=None, forum_id=forum["id"], action="participant.contacts_purged",
                         after={"participants": forum["n"], "retention_days": retention_days})


def expired_forums(conn, now, retention_days):
    """(id, code) of the forums whose contact details a database says are past retention."""
    return [tuple(row) for row in conn.execute(
        "SELECT id, code FROM forums WHERE finalised_utc IS NOT NULL AND finalised_utc <= ? ORDER BY id",
        [_cutoff(now, retention_days)])]


def purge_again(db, expired, retention_days):
    """Empty in `db` (another copy) the contacts of the forums `expired` (expired_forums of the
    database that is right) that it still holds, whatever its own copy of the forum says (a
    backup made while the forum ran does not know it was finalised); how many forums."""
    due = []
    for forum_id, code in expired:
        n = db.execute("SELECT count(*) FROM participants p JOIN forums f ON f.id = p.forum_id "
                       "WHERE f.id = ? AND f.code = ? AND p.contact != ''", [forum_id, code]).fetchone()[0]
        if n:
            due.append({"id": forum_id, "n": n})
    if due:
        _purge(db, due, retention_days)
    return len(due)


def reach_backups(database, *, now=None, retention_days=None, offload=None):
    """Bring every backup in backups/ beside the database (the automatic ones, the copies kept
    before a restore, any fkp database put there) in line with the database's erasures:
    everyone it says was erased on request is erased there too, and with retention_days the
    contacts of the forums past retention (at `now`) are emptied there too. A file that
    changed is VACUUMed, so the erased values are not left in its free pages. Returns the
    files changed. offload(fn, *args) runs each file's work in a native thread (the
    server's threadpool): a VACUUM of a large backup takes a while. A file that cannot be
    opened as a database (a damaged one moved aside by a restore) is logged and left: it
    is pruned by age with the others (fkp/serve/maintenance.py)."""
    folder = backup.folder_beside(database)
    files = sorted(p for p in folder.glob("*.db") if p.is_file() and not p.is_symlink()) if folder.is_dir() else []
    if not files or not Path(database).is_file():
        return []
    conn = backup.open_read_only(database, in_place=True)
    try:
        deleted = deleted_on_request(conn)
        expired = expired_forums(conn, now, retention_days) if retention_days is not None else []
    finally:
        conn.close()
    if not deleted and not expired:
        return []
    changed = []
    for path in files:
        try:
            if (offload or _call)(_reach, path, deleted, expired, retention_days):
                changed.append(path)
        except Exception:  # noqa: BLE001 - logged, and tried again at the server's next round
            # The erasure in the database stands: a backup that cannot be reached must not
            # turn it into an error page, nor keep the other backups from being reached.
            log.exception("personal data could not be removed from the backup %s", path)
    return changed


def _call(fn, *args):
    return fn(*args)


def _reach(path, deleted, expired, retention_days):
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        db = sqlite_utils.Database(conn)
        if "participants" not in db.table_names():
            return False  # not an fkp database: nothing of ours to erase
        if migrations.migrations.pending(db):
            migrations.migrate(db)  # a backup from before an upgrade: erasure needs today's columns
        db.execute("PRAGMA foreign_keys = ON")
        changed = erase_again(db, deleted) + (purge_again(db, expired, retention_days) if expired else 0)
        if changed:
            conn.commit()
            db.execute("VACUUM")  # the file rewritten from its live rows: no old value in a free page
        return bool(changed)
    finally:
        conn.close()


def _empty_wal(db):
    """Checkpoint and truncate the WAL, which still holds the pages as they were before the
    erasure. Best effort and never waiting: a live forum's readers must not be blocked (the
    WAL is rewritten from its start at a later checkpoint anyway)."""
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.OperationalError:
        pass
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
