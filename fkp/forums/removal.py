"""Deleting a forum: a draft, or the demo, whatever its status.

An office installing fkp makes trial forums and finds the demo (fkp/serve/demo.py) in its
list; both must be able to go. A forum that has run is the office's record of a public
consultation, so it is never deleted: only a draft (nothing happened in it yet) and the demo
(a practice forum, open from the start) can be.

Everything of the forum goes in one transaction, by the foreign keys the schema declares:
every table that names the forum (services, aspects, attendees, inputs, the record, photos,
scans, statements, staff assignments) deletes its rows ON DELETE CASCADE, and the tables
that hang off those (drafts, supports, responses) in turn. The audit log is append-only:
its entries of the forum stay (who did what, when), with the forum's id set to NULL by the
schema (m017 allows exactly that once the forum is gone) and their before/after states
erased, since they may name attendees who are no longer anywhere else. The deletion itself
is audited with the forum's code and title. Documents kept on disk for the forum are
removed after the commit; the automatic backups keep it until they age out.
"""
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..exports.builds import Builds, folder_beside
from ..store.migrations import ERASED_JSON


def is_deletable(forum):
    """Whether the forum may be deleted at all: a draft, or the demo."""
    return forum["status"] == "draft" or bool(forum["demo"])


def contents(db, forum_id):
    """What a deletion would remove that staff may not expect: {"attendees": n, "inputs": n}."""
    attendees = db.execute("SELECT count(*) FROM participants WHERE forum_id = ?", [forum_id]).fetchone()[0]
    inputs = db.execute("SELECT count(*) FROM comments WHERE forum_id = ?", [forum_id]).fetchone()[0]
    return {"attendees": attendees, "inputs": inputs}


def remove(db, forum, user_id, database=None):
    """Delete the forum and every row that belongs to it; audited. Refused (409, nothing
    changed) unless it is a draft or the demo, as it is in the database now.

    database: the database file's path, beside which built documents are kept (None: none)."""
    with db.atomic():
        # Take the write lock, then read the forum again: a forum opened since the page was
        # read is no longer a draft (as lifecycle.claim_open_record does for a final record).
        db.execute("UPDATE forums SET status = status WHERE id = ?", [forum["id"]])
        now = db.execute("SELECT id, code, title, status, demo FROM forums WHERE id = ?",
                         [forum["id"]]).fetchone()
        if now is None:
            raise DomainError(_("This forum no longer exists."), status=404)
        current = dict(zip(("id", "code", "title", "status", "demo"), now, strict=True))
        if not is_deletable(current):
            raise DomainError(_("Only a draft forum or the demo forum can be deleted. This forum has "
                                "already run: its record is kept."), status=409)
        db.execute("UPDATE audit_log SET "
                   "before_json = CASE WHEN before_json IS NULL THEN NULL ELSE ? END, "
                   "after_json = CASE WHEN after_json IS NULL THEN NULL ELSE ? END "
                   "WHERE forum_id = ? AND (before_json IS NOT NULL OR after_json IS NOT NULL)",
                   [ERASED_JSON, ERASED_JSON, current["id"]])
        db.execute("DELETE FROM forums WHERE id = ?", [current["id"]])
        audit.record(db, user_id=user_id, forum_id=None, action="forum.delete", subject=current["code"],
                     before={"code": current["code"], "title": current["title"], "status": current["status"],
                             "demo": bool(current["demo"])})
    if database is not None:
        Builds(folder_beside(database)).forget(current["code"])
    return current
