"""Moderation: what appears on the projector. Every change bumps the forum's sequence."""
from flask_babel import gettext as _

from . import comments, events
from .errors import DomainError
from .forums import bump_seq, utc_now


def _change(db, forum, comment_id, sets, params, event_name):
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"]:
        raise DomainError(_("This input was not found in the forum."), "id", status=404)
    with db.atomic():
        seq = bump_seq(db, forum["id"])
        db.execute(f"UPDATE comments SET {sets}, seq = ? WHERE id = ?", [*params, seq, comment_id])
    comment = comments.get(db, comment_id)
    events.publish(events.Event(event_name, forum["id"], seq, {"comment": comment},
                                participant_id=comment["participant_id"]))
    return comment


def approve(db, forum, comment_id, user_id):
    """Show an input on the display and to every attendee."""
    return _change(db, forum, comment_id, "status = 'approved', approved_utc = ?, approved_by = ?",
                   [utc_now(), user_id], events.COMMENT_APPROVED)


def hide(db, forum, comment_id, user_id):
    """Take an input off the display; it stays in the record for the minutes' audit."""
    return _change(db, forum, comment_id, "status = 'hidden', pinned = 0", [], events.COMMENT_HIDDEN)


def pin(db, forum, comment_id, pinned):
    """Keep an approved input at the top of the display (or release it)."""
    comment = comments.get(db, comment_id)
    if pinned and comment is not None and comment["status"] != "approved":
        raise DomainError(_("Only an input that is shown can be pinned."), "id", status=409)
    name = events.COMMENT_PINNED if pinned else events.COMMENT_UNPINNED
    return _change(db, forum, comment_id, "pinned = ?", [1 if pinned else 0], name)
