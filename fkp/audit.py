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
