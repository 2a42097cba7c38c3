"""Support ("setuju"): an attendee backs another attendee's shown input, once each."""
from flask_babel import gettext as _

from .. import events
from ..errors import DomainError
from ..language.timezones import utc_now
from . import comments


def support(db, forum, participant, comment_id):
    """Add this participant's support; returns (comment, added). Supporting twice is a no-op."""
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"] or comment["status"] != "approved":
        raise DomainError(_("Only an input shown in the forum can be supported."), "id", status=404)
    if participant.get("banned_utc"):  # said in the same words as for input (comments.submit)
        raise DomainError(_("The moderator has stopped input from you in this forum."), status=403)
    if comment["participant_id"] == participant["id"]:
        raise DomainError(_("You cannot support your own input."), "id", status=409)
    if db.execute("SELECT 1 FROM supports WHERE comment_id = ? AND participant_id = ?",
                  [comment_id, participant["id"]]).fetchone():
        return comment, False
    with events.change(db, forum["id"]) as change:
        db["supports"].insert(dict(comment_id=comment_id, participant_id=participant["id"],
                                   created_utc=utc_now()))
        comments.add_support(db, change, comment_id)
        comment = comments.get(db, comment_id)
        change.raise_event(events.COMMENT_SUPPORTED, {"comment": comment})
    return comment, True


def supported_by(db, participant_id):
    """Ids of the inputs this participant supports."""
    return {r[0] for r in db.execute("SELECT comment_id FROM supports WHERE participant_id = ?",
                                     [participant_id]).fetchall()}
