"""Socket.IO namespace /live: which room hears which event, and moderators' live commands.

Rooms are chosen here from the HTTP session or an attendee token, never from a payload:
  forum:<id>:moderators   moderators of one forum (logged-in staff allowed to moderate it)
  forum:<id>:public       the display and attendees' phones: approved input and focus only
  participant:<id>        one attendee's own inputs and their status changes
"""
from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room

from . import events, forums, moderation, participants, permissions, users
from .db import get_db
from .errors import DomainError
from .extensions import socketio

NAMESPACE = "/live"

# event -> audiences within the forum; OWN events also reach the giver's own room.
ROUTES = {
    events.COMMENT_SUBMITTED: ("moderators",),
    events.COMMENT_APPROVED: ("moderators", "public"),
    events.COMMENT_HIDDEN: ("moderators", "public"),
    events.COMMENT_PINNED: ("moderators", "public"),
    events.COMMENT_UNPINNED: ("moderators", "public"),
    events.FOCUS_CHANGED: ("moderators", "public"),
    events.PARTICIPANT_JOINED: ("moderators",),
    events.FORUM_STATUS_CHANGED: ("moderators", "public"),
}
OWN = {events.COMMENT_SUBMITTED, events.COMMENT_APPROVED, events.COMMENT_HIDDEN}

# What a comment looks like outside the moderators' room and its giver's own view.
PUBLIC_COMMENT_FIELDS = ("id", "service_id", "aspect_id", "kind", "text", "status", "pinned",
                         "participant_name", "participant_institution", "participant_group",
                         "channel", "approved_utc", "seq")


def forum_room(forum_id, audience):
    return f"forum:{forum_id}:{audience}"


def participant_room(participant_id):
    return f"participant:{participant_id}"


def public_comment(comment):
    return {k: comment[k] for k in PUBLIC_COMMENT_FIELDS}


def payload(event):
    """The event as clients receive it: its data plus the forum sequence number."""
    data = dict(event.data)
    if "comment" in data and event.name != events.COMMENT_SUBMITTED:
        data["comment"] = public_comment(data["comment"])
    return {"seq": event.seq, **data}


@events.subscribe
def route(event):
    """Deliver a committed event to its rooms (a sid in several rooms hears it once)."""
    rooms = [forum_room(event.forum_id, a) for a in ROUTES[event.name]]
    if event.participant_id and event.name in OWN:
        rooms.append(participant_room(event.participant_id))
    socketio.emit(event.name, payload(event), to=rooms, namespace=NAMESPACE)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Place the socket in the rooms its session or token entitles it to, or refuse it."""
    auth = auth if isinstance(auth, dict) else {}
    db = get_db()
    forum = forums.get_by_code(db, str(auth.get("forum", "")))
    if forum is None:
        raise ConnectionRefusedError("unknown forum")
    view = auth.get("view")
    if view == "moderator":
        user = users.get(db, session.get("user_id"))
        if not permissions.can_moderate(user, forum):
            raise ConnectionRefusedError("not allowed")
        join_room(forum_room(forum["id"], "moderators"))
    elif view == "attendee":
        token = auth.get("token") or session.get("participants", {}).get(forum["code"], {}).get("token")
        participant = participants.by_token(db, forum["id"], str(token or ""))
        if participant is None:
            raise ConnectionRefusedError("not joined")
        join_room(forum_room(forum["id"], "public"))
        join_room(participant_room(participant["id"]))
    elif view == "display":
        join_room(forum_room(forum["id"], "public"))
    else:
        raise ConnectionRefusedError("unknown view")
    session["live"] = {"forum_id": forum["id"], "view": view}
    return True


def _moderate(action):
    """Run a moderator command for this socket's forum; the ack says what happened."""
    live = session.get("live") or {}
    db = get_db()
    forum = forums.get(db, live.get("forum_id"))
    user = users.get(db, session.get("user_id"))
    if live.get("view") != "moderator" or not permissions.can_moderate(user, forum):
        return {"error": _("You may not do this.")}
    try:
        result = action(db, forum, user)
    except DomainError as e:
        return {"error": e.message}
    except (KeyError, TypeError, ValueError):
        return {"error": _("The request is not valid.")}
    return {"ok": True, "seq": result["seq"] if isinstance(result, dict) else result}


@socketio.on("approve_comment", namespace=NAMESPACE)
def on_approve_comment(data):
    return _moderate(lambda db, forum, user: moderation.approve(db, forum, int(data["id"]), user["id"]))


@socketio.on("hide_comment", namespace=NAMESPACE)
def on_hide_comment(data):
    return _moderate(lambda db, forum, user: moderation.hide(db, forum, int(data["id"]), user["id"]))


@socketio.on("pin_comment", namespace=NAMESPACE)
def on_pin_comment(data):
    return _moderate(lambda db, forum, user: moderation.pin(
        db, forum, int(data["id"]), bool(data.get("pinned", True))))


@socketio.on("set_focus", namespace=NAMESPACE)
def on_set_focus(data):
    return _moderate(lambda db, forum, user: forums.set_focus(
        db, forum, int(data["service_id"]), int(data["aspect_id"])))


