"""Staff sessions as facts the server keeps, so that they can be ended.

A signed cookie alone could not be taken back: a copy made before logout worked until it
expired. Now the cookie carries a random token and the table staff_sessions (m015) says
whether it still counts; only the token's SHA-256 is stored, so a copy of the database logs
no one in. Every staff request and socket command looks its token up (one indexed read) and
is refused when the session has ended, has been idle longer than IDLE_S, is older than
ABSOLUTE_S, or belongs to a disabled account.

A session ends at logout, when its account's password changes (the changer's own session
stays), when an admin disables the account, resets its password or ends the session, and
when `reset-password` is run on the server. Rows stay, ended, so that an admin sees when
and why; a login from the same device starts a new one. A row holds a person's address and
device, so `serve` forgets it FORGET_AFTER_DAYS after the session stopped counting (forget).
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from .. import audit
from ..language.timezones import utc_now

COOKIE_KEY = "staff"  # the session cookie's entry holding the token (web and live read it)
ABSOLUTE_S = 7 * 24 * 3600  # a session lasts a week at most, however much it is used
IDLE_S = 12 * 3600  # and ends after a working day unused
SEEN_EVERY_S = 60  # last_seen_utc is written at most once a minute per session
USER_AGENT_CHARS = 120
REASONS = ("logout", "password", "disabled", "ended", "reset")
FORGET_AFTER_DAYS = 90  # an admin looking into an incident sees a season back; the audit log keeps the rest


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start(db, user_id, address="", user_agent=""):
    """Begin a session for this account; returns the token for the cookie (not stored)."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    with db.atomic():
        session_id = db.execute(
            "INSERT INTO staff_sessions (token_hash, user_id, created_utc, last_seen_utc, address, user_agent) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [hash_token(token), user_id, now, now, (address or "")[:64],
             " ".join((user_agent or "").split())[:USER_AGENT_CHARS]]).lastrowid
        audit.record(db, user_id=user_id, forum_id=None, action="session.start", subject=user_id,
                     after={"session": session_id, "address": (address or "")[:64]})
    return token


def user_for(db, token):
    """The account this token's session logs in, as users.get gives it plus its `session_id`,
    or None when the session does not count (unknown, ended, expired, account disabled)."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    row = db.execute(
        "SELECT s.id, s.created_utc, s.last_seen_utc, s.ended_utc, u.id, u.username, u.role, u.disabled_utc "
        "FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        [hash_token(token)]).fetchone()
    if row is None or row[3] is not None or row[7] is not None:
        return None
    now = datetime.fromisoformat(utc_now())
    created, seen = datetime.fromisoformat(row[1]), datetime.fromisoformat(row[2])
    if now - created > timedelta(seconds=ABSOLUTE_S) or now - seen > timedelta(seconds=IDLE_S):
        return None
    if now - seen >= timedelta(seconds=SEEN_EVERY_S):
        with db.atomic():
            db.execute("UPDATE staff_sessions SET last_seen_utc = ? WHERE id = ?", [now.isoformat(), row[0]])
    forum_ids = {r[0] for r in db.execute("SELECT forum_id FROM forum_staff WHERE user_id = ?", [row[4]])}
    return {"id": row[4], "username": row[5], "role": row[6], "forum_ids": forum_ids, "session_id": row[0]}


def end(db, session_ids, reason, by_user_id=None):
    """End these sessions (those still running); returns the ids ended. Call inside the
    caller's transaction or alone."""
    assert reason in REASONS
    ended = []
    with db.atomic():
        for session_id in session_ids:
            row = db.execute("SELECT user_id FROM staff_sessions WHERE id = ? AND ended_utc IS NULL",
                             [session_id]).fetchone()
            if row is None:
                continue
            db.execute("UPDATE staff_sessions SET ended_utc = ?, ended_reason = ? WHERE id = ?",
                       [utc_now(), reason, session_id])
            audit.record(db, user_id=by_user_id, forum_id=None, action="session.end", subject=row[0],
                         after={"session": session_id, "reason": reason})
            ended.append(session_id)
    return ended


def end_all(db, user_id, reason, by_user_id=None, keep=None):
    """End every running session of an account, but `keep` (the caller's own); the ids ended."""
    ids = [r[0] for r in db.execute("SELECT id FROM staff_sessions WHERE user_id = ? AND ended_utc IS NULL",
                                    [user_id]) if r[0] != keep]
    return end(db, ids, reason, by_user_id)


def of_user(db, user_id, limit=50):
    """An account's sessions, newest first, each with `running` (still counts)."""
    rows = list(db.query(
        "SELECT id, created_utc, last_seen_utc, address, user_agent, ended_utc, ended_reason "
        "FROM staff_sessions WHERE user_id = ? ORDER BY id DESC LIMIT ?", [user_id, limit]))
    now = datetime.fromisoformat(utc_now())
    for row in rows:
        row["running"] = (row["ended_utc"] is None
                          and now - datetime.fromisoformat(row["created_utc"]) <= timedelta(seconds=ABSOLUTE_S)
                          and now - datetime.fromisoformat(row["last_seen_utc"]) <= timedelta(seconds=IDLE_S))
    return rows


def session_of(db, session_id):
    """(session id, user id) of one session, or None."""
    row = db.execute("SELECT id, user_id FROM staff_sessions WHERE id = ?", [session_id]).fetchone()
    return {"id": row[0], "user_id": row[1]} if row else None


def forget(db, now, days=FORGET_AFTER_DAYS):
    """Delete the sessions that stopped counting (ended, idle past IDLE_S, or older than
    ABSOLUTE_S) more than `days` before `now`; how many. Their start and end stay in the audit log."""
    cutoff = now - timedelta(days=days)
    with db.atomic():
        return db.execute(
            "DELETE FROM staff_sessions WHERE (ended_utc IS NOT NULL AND ended_utc < ?) "
            "OR last_seen_utc < ? OR created_utc < ?",
            [_iso(cutoff), _iso(cutoff - timedelta(seconds=IDLE_S)),
             _iso(cutoff - timedelta(seconds=ABSOLUTE_S))]).rowcount


def _iso(moment):
    return moment.isoformat(timespec="seconds")  # as utc_now() stores it, so text compares as time
