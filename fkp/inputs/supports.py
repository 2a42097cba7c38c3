"""Support ("setuju"): an attendee backs another attendee's shown input, once each."""
from flask_babel import gettext as _

from .. import events
from ..errors import DomainError
from ..forums import lifecycle
from ..language.timezones import utc_now
from . import comments


def support(db, forum, participant, comment_id):
    """Add this participant's support; returns (comment, added). Supporting twice is a no-op.
    A final record (finalised, published) takes no more support: its counts are signed."""
    lifecycle.refuse_if_final(forum)
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


def move(db, change, from_id, to_id):
    """Part of merging participant from_id into to_id (fkp/people/duplicates.py), in `change`:
    their supports become to_id's; an input both supported keeps one support, and an input of
    to_id's own loses from_id's (nobody supports their own input)."""
    touched = [r[0] for r in db.execute("SELECT comment_id FROM supports WHERE participant_id = ?",
                                        [from_id])]
    db.execute("UPDATE OR IGNORE supports SET participant_id = ? WHERE participant_id = ?",
               [to_id, from_id])
    db.execute("DELETE FROM supports WHERE participant_id = ? OR (participant_id = ? AND comment_id "
               "IN (SELECT id FROM comments WHERE participant_id = ?))", [from_id, to_id, to_id])
    comments.recount_supports(db, change, touched)
    return len(touched)


def forget(db, change, participant_id):
    """Before a participant record is removed (fkp/people/duplicates.py): their supports go,
    and the inputs they supported count one fewer."""
    touched = [r[0] for r in db.execute("DELETE FROM supports WHERE participant_id = ? RETURNING comment_id",
                                        [participant_id])]
    comments.recount_supports(db, change, touched)
