"""A forum's lifecycle: draft → open ⇄ paused → closed → finalised → published.

Each step is a named action; who may take it is decided in permissions.py.
"""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..language.timezones import utc_now

# action -> (statuses it starts from, status it leads to)
TRANSITIONS = {
    "open": ({"draft", "paused"}, "open"),
    "pause": ({"open"}, "paused"),
    "close": ({"open", "paused"}, "closed"),
    "finalise": ({"closed"}, "finalised"),
    "publish": ({"finalised"}, "published"),
}
LOCKED = {"finalised", "published"}  # the record is the official one: no more changes


def is_final(forum):
    """Whether the forum's record is the official one (finalised or published)."""
    return forum["status"] in LOCKED


def refuse_if_final(forum, message=None):
    """The one refusal of a change to a final record (409); `message` when the place that
    refuses has a better word for it (attendance says the forum has ended)."""
    if is_final(forum):
        raise DomainError(message or _("This forum's record is final; nothing can be added."), status=409)


def actions_from(status):
    """The actions that can be taken from a status, in lifecycle order."""
    return [action for action, (sources, _to) in TRANSITIONS.items() if status in sources]


def transition(db, forum, action, user_id):
    """Take one lifecycle step; records it in the audit log and tells every client."""
    if action not in TRANSITIONS or forum["status"] not in TRANSITIONS[action][0]:
        raise DomainError(_("This step is not possible from the forum's current status."),
                          status=409)
    target = TRANSITIONS[action][1]
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE forums SET status = ? WHERE id = ?", [target, forum["id"]])
        if target == "finalised":  # the retention period of contact details starts here
            db.execute("UPDATE forums SET finalised_utc = ? WHERE id = ?", [utc_now(), forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action=f"forum.{action}",
                     before={"status": forum["status"]}, after={"status": target})
        change.raise_event(events.FORUM_STATUS_CHANGED, {"status": target})
    return change.seq
