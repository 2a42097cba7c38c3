"""Socket.IO namespace /live: which room hears which event, and moderators' live commands.

Rooms are chosen here from the HTTP session or an attendee token, never from a payload:
  forum:<id>:staff        moderators and note-takers of one forum (logged-in, assigned)
  forum:<id>:public       the display and attendees' phones: approved input and focus only
  forum:<id>:display      the display alone: what phones have no use for (attendance counts)
  participant:<id>        one attendee's own inputs and their status changes
"""
from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room

from . import events, permissions
from .errors import DomainError
from .extensions import socketio
from .forums import display, forums
from .inputs import moderation
from .inputs.projection import public_comment
from .people import participants, users
from .store.db import get_db

NAMESPACE = "/live"

# event -> (rooms hearing the staff payload, rooms hearing the public one). Staff are
# moderators and note-takers; public is the display and every attendee's phone.
ROUTES = {
    events.COMMENT_SUBMITTED: (("staff",), ()),
    events.COMMENT_APPROVED: (("staff",), ("public",)),
    events.COMMENT_HIDDEN: (("staff",), ("public",)),
    events.COMMENT_PINNED: (("staff",), ("public",)),
    events.COMMENT_UNPINNED: (("staff",), ("public",)),
    events.FOCUS_CHANGED: (("staff",), ("public",)),
    # Phones do not show attendance: sending it to them would be N messages per join,
    # N² while a forum of N fills up.
    events.PARTICIPANT_JOINED: (("staff",), ("display",)),
    events.FORUM_STATUS_CHANGED: (("staff",), ("public",)),
    events.DISPLAY_CHANGED: (("staff",), ("public",)),
    events.COMMENT_EDITED: (("staff",), ("public",)),
    events.COMMENT_ANSWERED: (("staff",), ("public",)),
    events.COMMENT_UNANSWERED: (("staff",), ("public",)),
    events.COMMENT_MERGED: (("staff",), ("public",)),
    events.COMMENT_SUPPORTED: (("staff",), ("public",)),
    events.PARTICIPANT_BANNED: (("staff",), ()),
    events.PARTICIPANT_UNBANNED: (("staff",), ()),
}
# Events the giver of an input (or the banned participant) also hears in their own room,
# and which payload they get.
OWN = {events.COMMENT_SUBMITTED: "staff", events.COMMENT_APPROVED: "public",
       events.COMMENT_HIDDEN: "public", events.COMMENT_EDITED: "public",
       events.COMMENT_MERGED: "public", events.PARTICIPANT_BANNED: "public",
       events.PARTICIPANT_UNBANNED: "public"}


def forum_room(forum_id, audience):
    return f"forum:{forum_id}:{audience}"


def participant_room(participant_id):
    return f"participant:{participant_id}"


def payload(event, variant):
    """The event as clients receive it: its data plus the forum sequence number. The
    public variant carries no attendee's details beyond a shown input's byline."""
    data = dict(event.data)
    if variant == "public":
        data.pop("participant", None)
        for key in ("comment", "into"):
            if key in data:
                data[key] = public_comment(data[key])
    return {"seq": event.seq, **data}


@events.subscribe
def route(event):
    """Deliver a committed event to its rooms (a sid in several rooms hears it once)."""
    rooms = {variant: [forum_room(event.forum_id, a) for a in audiences]
             for variant, audiences in zip(("staff", "public"), ROUTES[event.name])}
    if event.participant_id and event.name in OWN:
        rooms[OWN[event.name]].append(participant_room(event.participant_id))
    for variant, targets in rooms.items():
        if targets:
            socketio.emit(event.name, payload(event, variant), to=targets, namespace=NAMESPACE)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Place the socket in the rooms its session or token entitles it to, or refuse it."""
    auth = auth if isinstance(auth, dict) else {}
    db = get_db()
    forum = forums.get_by_code(db, str(auth.get("forum", "")))
    if forum is None:
        raise ConnectionRefusedError("unknown forum")
    view = auth.get("view")
    if view in ("moderator", "notetaker"):
        user = users.get(db, session.get("user_id"))
        allowed = permissions.can_moderate if view == "moderator" else permissions.can_view_forum
        if not allowed(user, forum):
            raise ConnectionRefusedError("not allowed")
        join_room(forum_room(forum["id"], "staff"))
    elif view == "attendee":
        token = auth.get("token") or session.get("participants", {}).get(forum["code"], {}).get("token")
        participant = participants.by_token(db, forum["id"], str(token or ""))
        if participant is None:
            raise ConnectionRefusedError("not joined")
        join_room(forum_room(forum["id"], "public"))
        join_room(participant_room(participant["id"]))
    elif view == "display":
        join_room(forum_room(forum["id"], "public"))
        join_room(forum_room(forum["id"], "display"))
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
    except (KeyError, TypeError, ValueError, OverflowError):  # an id SQLite cannot hold
        return {"error": _("The request is not valid.")}
    if isinstance(result, dict):  # a changed comment carries its seq; a participant does not
        return {"ok": True, "seq": result.get("seq") or forums.get(db, forum["id"])["seq"]}
    return {"ok": True, "seq": result}


@socketio.on("approve_comment", namespace=NAMESPACE)
def on_approve_comment(data):
    return _moderate(lambda db, forum, user: moderation.approve(db, forum, int(data["id"]), user["id"]))


@socketio.on("hide_comment", namespace=NAMESPACE)
def on_hide_comment(data):
    return _moderate(lambda db, forum, user: moderation.hide(db, forum, int(data["id"]), user["id"]))


@socketio.on("pin_comment", namespace=NAMESPACE)
def on_pin_comment(data):
    return _moderate(lambda db, forum, user: moderation.pin(
        db, forum, int(data["id"]), bool(data.get("pinned", True)), user["id"]))


@socketio.on("set_focus", namespace=NAMESPACE)
def on_set_focus(data):
    return _moderate(lambda db, forum, user: forums.set_focus(
        db, forum, int(data["service_id"]), int(data["aspect_id"]), user["id"]))




@socketio.on("set_display", namespace=NAMESPACE)
def on_set_display(data):
    return _moderate(lambda db, forum, user: display.set_mode(
        db, forum, str(data["mode"]), data.get("comment_id") and int(data["comment_id"]), user["id"]))


@socketio.on("answer_comment", namespace=NAMESPACE)
def on_answer_comment(data):
    return _moderate(lambda db, forum, user: moderation.mark_answered(
        db, forum, int(data["id"]), bool(data.get("answered", True)), user["id"]))


@socketio.on("merge_comment", namespace=NAMESPACE)
def on_merge_comment(data):
    return _moderate(lambda db, forum, user: moderation.merge(
        db, forum, int(data["id"]), int(data["into_id"]), user["id"]))


@socketio.on("correct_comment", namespace=NAMESPACE)
def on_correct_comment(data):
    def optional_id(key):
        return int(data[key]) if data.get(key) else None
    return _moderate(lambda db, forum, user: moderation.correct(
        db, forum, int(data["id"]), user["id"], text=data.get("text"), kind=data.get("kind"),
        service_id=optional_id("service_id"), aspect_id=optional_id("aspect_id")))


@socketio.on("ban_participant", namespace=NAMESPACE)
def on_ban_participant(data):
    return _moderate(lambda db, forum, user: participants.set_banned(
        db, forum, int(data["id"]), bool(data.get("banned", True)), user["id"]))


@socketio.on("sort_display", namespace=NAMESPACE)
def on_sort_display(data):
    return _moderate(lambda db, forum, user: display.set_sort(db, forum, str(data["sort"]), user["id"]))
