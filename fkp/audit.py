"""The audit log: who did what to a forum, when, with the state before and after.

Rows are written inside the same transaction as the change they describe, and the
database refuses to update or delete them (triggers in m002).
"""
import json

from .language.timezones import utc_now


def record(db, *, user_id, forum_id, action, subject="", before=None, after=None):
    """Append one entry; call inside the caller's transaction."""
    db["audit_log"].insert(dict(
        forum_id=forum_id, user_id=user_id, action=action, subject=str(subject),
        before_json=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
        after_json=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
        created_utc=utc_now()))


def for_forum(db, forum_id):
    """A forum's entries, newest first, with the acting user's name."""
    return list(db.query(
        "SELECT a.*, u.username FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "
        "WHERE a.forum_id = ? ORDER BY a.id DESC", [forum_id]))


def latest(db, forum_id, action, subject):
    """The newest entry of one action on one subject, with its before/after states read
    ({"before": …, "after": …, …}); None when there is none."""
    row = db.execute("SELECT id, user_id, before_json, after_json, created_utc FROM audit_log "
                     "WHERE forum_id = ? AND action = ? AND subject = ? ORDER BY id DESC LIMIT 1",
                     [forum_id, action, str(subject)]).fetchone()
    if row is None:
        return None
    return {"id": row[0], "user_id": row[1], "created_utc": row[4],
            "before": None if row[2] is None else json.loads(row[2]),
            "after": None if row[3] is None else json.loads(row[3])}
