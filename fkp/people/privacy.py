"""Personal data under UU PDP: erase an attendee on request, and drop contact details once
the retention period after the forum's finalisation has passed.

What a person said stays in the record (it is the forum's evidence), attributed to
DELETED_NAME; what identifies them goes, from the database and from the documents kept on
disk (the internal attendance list has contact details). "Goes" means erased, not hidden:
the columns are overwritten with secure_delete on, the audit entries that named them have
their state erased (m004 allows exactly that), and the WAL is emptied when nobody is reading.
"""
import sqlite3
from datetime import timedelta, timezone

from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..exports.builds import Builds, folder_beside
from ..language.timezones import utc_now
from ..store.migrations import ERASED_JSON
from .participants import get

DELETED_NAME = "peserta (dihapus)"  # data, like minutes.ANONYMOUS: documents are Indonesian
ERASED_FIELDS = ["name", "institution", "position", "contact", "token"]
# Audit entries whose before/after state names the attendee they are about.
NAMING_ACTIONS = ("participant.check_in", "participant.edit", "participant.merge")  # merge: their other record


def erase_participant(db, forum, participant_id, user_id, database):
    """Delete one attendee's personal data at their request; their inputs stay.

    database: the database file's path, beside which kept documents live.
    """
    row = db.execute("SELECT forum_id, deleted_utc FROM participants WHERE id = ?",
                     [participant_id]).fetchone()
    if row is None or row[0] != forum["id"]:
        raise DomainError(_("This participant was not found in the forum."), "id", status=404)
    if row[1]:
        raise DomainError(_("This participant's personal data has already been deleted."), "id",
                          status=409)
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
                   [ERASED_JSON, ERASED_JSON, forum["id"], str(participant_id), *NAMING_ACTIONS])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="participant.delete",
                     subject=participant_id, after={"erased": ERASED_FIELDS})
    _empty_wal(db)
    Builds(folder_beside(database)).forget(forum["code"])
    # No live event: deletions are asked for after the forum, and the group counts do not
    # change. A screen already open shows the old byline until it is reloaded.
    return get(db, participant_id)


def purge_contacts(db, *, now, retention_days, database):
    """Remove the contact details of every forum finalised more than retention_days before
    `now` (an aware datetime); returns the codes of the forums purged. Run by the server's
    background round and by `python -m fkp purge-contacts`; doing it twice changes nothing."""
    cutoff = (now.astimezone(timezone.utc) - timedelta(days=retention_days)).isoformat(timespec="seconds")
    due = list(db.query(
        "SELECT f.id, f.code, count(p.id) AS n FROM forums f JOIN participants p ON p.forum_id = f.id "
        "WHERE f.finalised_utc IS NOT NULL AND f.finalised_utc <= ? AND p.contact != '' "
        "GROUP BY f.id ORDER BY f.id", [cutoff]))
    if not due:
        return []
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        for forum in due:
            db.execute("UPDATE participants SET contact = '' WHERE forum_id = ?", [forum["id"]])
            audit.record(db, user_id=None, forum_id=forum["id"], action="participant.contacts_purged",
                         after={"participants": forum["n"], "retention_days": retention_days})
    _empty_wal(db)
    folder = Builds(folder_beside(database))
    for forum in due:
        folder.forget(forum["code"])
    return [forum["code"] for forum in due]


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
