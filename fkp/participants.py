"""Participants: attendees who join a forum without an account, and their attendance."""
import hashlib
import secrets

from flask_babel import gettext as _

from . import events
from .catalog import GROUPS, NOTICE_VERSION
from .errors import DomainError
from .forums import bump_seq, utc_now
from .text import clean

# What a moderator or the display may know of a participant; contact never leaves the table.
PUBLIC_FIELDS = "id, name, institution, position, group_code, channel"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def join(db, forum, *, name, institution, group, consent, position="", contact="", channel="phone"):
    """Record attendance with consent; returns (participant, token). The token is shown once."""
    if forum["status"] in ("finalised", "published"):
        raise DomainError(_("This forum has ended; attendance is closed."), status=409)
    if not consent:
        raise DomainError(_("Please agree to the privacy notice to join."), "consent")
    if group not in GROUPS:
        raise DomainError(_("Choose one of the listed groups."), "group")
    name, institution = clean(name), clean(institution)
    if not name or not institution:
        raise DomainError(_("Write your name and institution."), "name")
    token = secrets.token_urlsafe(24)
    with db.atomic():
        pid = db["participants"].insert(dict(
            forum_id=forum["id"], name=name, institution=institution,
            position=clean(position), group_code=group, contact=clean(contact),
            consent_utc=utc_now(), notice_version=NOTICE_VERSION, channel=channel,
            token_hash=_hash(token), joined_utc=utc_now())).last_pk
        seq = bump_seq(db, forum["id"])
    participant = get(db, pid)
    events.publish(events.Event(events.PARTICIPANT_JOINED, forum["id"], seq, {
        "participant": participant, "group_counts": group_counts(db, forum["id"])}))
    return participant, token


def get(db, participant_id):
    rows = list(db.query(f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants WHERE id = ?",
                         [participant_id]))
    return rows[0] if rows else None


def by_token(db, forum_id, token):
    """The participant of this forum holding this token, or None."""
    if not token:
        return None
    rows = list(db.query(
        f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants WHERE token_hash = ? AND forum_id = ?",
        [_hash(token), forum_id]))
    return rows[0] if rows else None


def attendance(db, forum_id):
    """Everyone who attended, in the fixed order of groups then by name, without contact."""
    order = {code: n for n, code in enumerate(GROUPS)}
    rows = db.query(f"SELECT {PUBLIC_FIELDS} FROM participants WHERE forum_id = ?", [forum_id])
    return sorted(rows, key=lambda r: (order[r["group_code"]], r["name"].casefold()))


def group_counts(db, forum_id):
    """{group_code: attendees} for every group, zero included."""
    counts = dict.fromkeys(GROUPS, 0)
    for row in db.query("SELECT group_code, count(*) AS n FROM participants WHERE forum_id = ? "
                        "GROUP BY group_code", [forum_id]):
        counts[row["group_code"]] = row["n"]
    return counts
