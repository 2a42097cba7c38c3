"""Socket.IO namespace /live: which room hears which event, and a handler for each of the
moderator's commands (the table in commands.py, which the console's plain forms share).

Rooms are chosen here from the HTTP session or an attendee token, never from a payload:
  forum:<id>:staff        moderators and note-takers of one forum (logged-in, assigned)
  forum:<id>:public       the display and attendees' phones: approved input and focus only
  forum:<id>:display      the display alone: what phones have no use for (attendance counts)
  participant:<id>        one attendee's own inputs and their status changes
  staff-session:<id>      the sockets of one staff session, closed when it ends

Events for the phones and the display leave through one ordered lane per process (PublicLane):
an approval for 1,000 phones is sent a slice at a time (fan_out), and before each slice the
lane waits until the hub has served everything else that is ready (an input's ack, a join),
within a bound that has the last slice out half a second after the first. Each socket's
writer is a greenlet of its own: 1,000 of them woken at once held up every input behind them.
Staff events go out at once: a moderator's socket is in no public room, so the two never need
to keep an order between them. With a message queue
(several processes) every event goes out at once, as before: a slice is only known locally.

A staff socket is let in only while its session counts (fkp/people/staff_sessions.py), and
each command is checked against it again. The process that ends a session disconnects its
sockets of it at once (disconnect_sessions). With several `serve` processes a socket held by
another process still hears its forum's staff events until its next command, which is refused
and takes it out of every room; a reconnect is refused.
"""
import time
from functools import partial

from flask import current_app, has_app_context, has_request_context, request, session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room, leave_room, rooms

from . import commands, events, permissions
from .errors import DomainError
from .extensions import socketio
from .forums import forums
from .inputs import comments
from .inputs.projection import own_comment, public_comment
from .people import participants, staff_sessions
from .store.db import get_db
from .web.api import json_object, store_input
from .web.limits import RateLimitExceeded, input_limit, participant_identity

NAMESPACE = "/live"
# An event for phones is written FAN_OUT_SLICE sockets at a time (~1.5 ms of writing), and
# before each slice but the first the lane gives way to whatever else is ready: an input's
# commit and ack, a join. It waits until the hub has nothing else to do, but no longer than
# keeps it on time to have written to every socket FAN_OUT_WITHIN seconds after it began.
# Written at once, an approval to 1,000 phones (~50 ms of writing) held up every input that
# arrived meanwhile, and a server busy at 90 % took most of a second to catch up.
FAN_OUT_SLICE = 32
FAN_OUT_WITHIN = 0.5

# event -> (rooms hearing the staff payload, rooms hearing the public one). Staff are
# moderators and note-takers; public is the display and every attendee's phone.
ROUTES = {
    events.COMMENT_SUBMITTED: (("staff",), ()),
    events.COMMENTS_SUBMITTED: (("staff",), ()),  # what StaffBatch sends for several
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
    events.COMMENT_UNMERGED: (("staff",), ("public",)),
    events.COMMENT_SUPPORTED: (("staff",), ("public",)),
    events.PARTICIPANT_BANNED: (("staff",), ()),
    events.PARTICIPANT_UNBANNED: (("staff",), ()),
    # What the organiser said, for the Notulen: the staff's record, not the projector's.
    events.STATEMENT_RECORDED: (("staff",), ()),
    events.STATEMENT_EDITED: (("staff",), ()),
    events.STATEMENT_REMOVED: (("staff",), ()),
    # The hall's answer to "Setuju dengan rancangan ini?": counts only. Each answer is told to
    # staff and the display, not to every phone (N answers to N phones is N² messages); a
    # phone gets the counts with its own answer, and the result when the question closes.
    events.AGREEMENT_OPENED: (("staff",), ("public",)),
    events.AGREEMENT_ANSWERED: (("staff",), ("display",)),
    events.AGREEMENT_CLOSED: (("staff",), ("public",)),
    # The previous forum's promises on the projector: public-safe rows, for the display only
    # (phones do not show them).
    events.PROMISES_CHANGED: (("staff",), ("display",)),
}
# Events the giver of an input (or the banned participant) also hears in their own room,
# and which payload they get.
# "own" is the staff payload without what only staff see (the flag's restricted words).
OWN = {events.COMMENT_SUBMITTED: "own", events.COMMENT_APPROVED: "public",
       events.COMMENT_HIDDEN: "public", events.COMMENT_EDITED: "public",
       events.COMMENT_MERGED: "public", events.COMMENT_UNMERGED: "public", events.PARTICIPANT_BANNED: "public",
       events.PARTICIPANT_UNBANNED: "public"}
# Events whose copy for the giver's own room the socket that raised them does not need: its
# ack already carries the same (submit_comment's answer, which the phone shows the input
# from). The giver's other sockets (another tab, a second phone with the same token) still
# hear them. At 1,000 inputs a second that is 1,000 messages a second fewer.
TOLD_BY_ACK = {events.COMMENT_SUBMITTED}
# Public events of which only the latest counts: each says all the earlier ones did (the
# display's attendance counts). While a hall joins at once the public lane sends the last of
# those queued one after another for the same rooms, and drops the rest: 3 displays at 5,000
# joins were 15,000 messages.
LATEST_ONLY = {events.PARTICIPANT_JOINED}


def staff_user():
    """The staff account of this socket's session cookie while its session counts, else None."""
    token = session.get(staff_sessions.COOKIE_KEY)
    return staff_sessions.user_for(get_db(), token) if token else None


def session_room(session_id):
    return f"staff-session:{session_id}"


def disconnect_sessions(session_ids):
    """Close this process's sockets of these staff sessions (just ended)."""
    server = socketio.server
    if server is None:
        return
    for session_id in session_ids:
        for sid, _eio in list(server.manager.get_participants(NAMESPACE, session_room(session_id))):
            server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)


def forum_room(forum_id, audience):
    return f"forum:{forum_id}:{audience}"


def participant_room(participant_id):
    return f"participant:{participant_id}"


def payload(event, variant):
    """The event as clients receive it: its data plus the forum sequence number. The
    public variant carries no attendee's details beyond a shown input's byline; the giver's
    own ("own") all of their input but the moderator's flag."""
    data = dict(event.data)
    if variant == "own" and "comment" in data:
        data["comment"] = own_comment(data["comment"])
    if variant == "public":
        data.pop("participant", None)
        for key in ("comment", "into"):
            if key in data:
                data[key] = public_comment(data[key])
    return {"seq": event.seq, **data}


@events.subscribe
def route(event):
    """Deliver a committed event to its rooms (a sid in several rooms hears it once). In a
    process that serves no socket (a script using the domain alone, before any app is built)
    there is nobody to tell."""
    if socketio.server is None:
        return
    rooms = {variant: [forum_room(event.forum_id, a) for a in audiences]
             for variant, audiences in zip(("staff", "public"), ROUTES[event.name])}
    if event.participant_id and event.name in OWN:
        rooms.setdefault(OWN[event.name], []).append(participant_room(event.participant_id))
    skip = _raising_socket() if event.name in TOLD_BY_ACK else None
    for variant, targets in rooms.items():
        if not targets:
            continue
        if variant == "staff":
            staff_batch().send(event.name, payload(event, variant), targets)
        else:
            public_lane().send(event.name, payload(event, variant), targets, skip)


def _raising_socket():
    """The sid of the socket whose event raised the change being told, or None (an HTTP
    request, a script): Flask-SocketIO names it on the request it makes for each event."""
    return getattr(request, "sid", None) if has_request_context() else None


class StaffBatch:
    """Staff events, sent at once, but for comment_submitted: the inputs of one group commit
    (its callers resume one after another, in one turn of the hub) reach each staff socket as
    one message, comments_submitted {seq: the last one's, items: [each one's payload]}; a lone
    input as comment_submitted. At 1,000 inputs a second that is a few hundred messages to a
    moderator instead of 1,000, each of which cost the server as much to write as a small
    input costs to store. Any other staff event first sends what is held, so staff hear every
    change in the order committed."""

    def __init__(self):
        self.held = {}  # the rooms -> the payloads held for them, in order
        self.log = current_app.logger

    def send(self, name, data, rooms):
        if name != events.COMMENT_SUBMITTED:
            self.flush()
            socketio.emit(name, data, to=rooms, namespace=NAMESPACE)
            return
        if not self.held:
            # runs once the greenlets already woken (the rest of this commit's callers) have run
            socketio.start_background_task(self._flush_logged)
        self.held.setdefault(tuple(rooms), []).append(data)

    def flush(self):
        held, self.held = self.held, {}
        for targets, items in held.items():
            if len(items) == 1:
                socketio.emit(events.COMMENT_SUBMITTED, items[0], to=list(targets), namespace=NAMESPACE)
            else:
                socketio.emit(events.COMMENTS_SUBMITTED, {"seq": items[-1]["seq"], "items": items},
                              to=list(targets), namespace=NAMESPACE)

    def _flush_logged(self):
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - as PublicLane: a failed send must not go unnoticed
            self.log.exception("could not send comment_submitted")


class _StaffAtOnce:
    """Where there is no hub to hold events for a turn (threads in tests, outside an app)."""

    @staticmethod
    def send(name, data, rooms):
        socketio.emit(name, data, to=rooms, namespace=NAMESPACE)


def staff_batch():
    if not has_app_context() or current_app.config["ASYNC_MODE"] != "gevent":
        return _StaffAtOnce
    batch = current_app.extensions.get("fkp_staff_batch")
    if batch is None:
        batch = current_app.extensions["fkp_staff_batch"] = StaffBatch()
    return batch


class PublicLane:
    """The events for phones and displays, sent in the order they were committed, each in
    slices with a turn of the hub between slices (fan_out; `serve`, gevent)."""

    def __init__(self):
        from gevent.queue import SimpleQueue
        self.queue = SimpleQueue()
        self.log = current_app.logger
        self.greenlet = socketio.start_background_task(self._run)

    def send(self, name, data, rooms, skip=None):
        self.queue.put((name, data, rooms, skip))

    def _run(self):
        while True:
            name, data, rooms, skip = next_to_send(self.queue)
            try:
                fan_out(name, data, rooms, skip)
            except Exception:  # noqa: BLE001 - one event's failure must not stop the lane
                self.log.exception("could not send %s", name)


def next_to_send(queue):
    """The next event of the lane's queue (name, data, rooms, skip); of LATEST_ONLY events
    queued one after another for the same rooms, the last one (it says all the others did)."""
    item = queue.get()
    while item[0] in LATEST_ONLY and not queue.empty() and _kind(queue.peek_nowait()) == _kind(item):
        item = queue.get_nowait()
    return item


def _kind(item):
    name, _data, rooms, _skip = item
    return name, rooms


def fan_out(name, data, rooms, skip=None):
    """Send one event to the sockets in these rooms now (each once, but not to the socket
    `skip`), FAN_OUT_SLICE at a time, giving way between slices (give_way) so that the last
    slice is written about FAN_OUT_WITHIN seconds after the first at the latest."""
    server = socketio.server
    sids = [sid for sid, _eio in server.manager.get_participants(NAMESPACE, rooms)  # a snapshot: joins go on
            if sid != skip]
    slices = range(0, len(sids), FAN_OUT_SLICE)
    began = time.monotonic()
    for n, start in enumerate(slices):
        if n:
            give_way(began + FAN_OUT_WITHIN * n / len(slices))
        # every socket is in a room of its own sid: one encoding per slice
        server.emit(name, data, to=sids[start:start + FAN_OUT_SLICE], namespace=NAMESPACE)


def give_way(until):
    """Let everything else that is ready run first: return once the hub has nothing else to
    do (gevent.idle), or at `until` (a monotonic time) if it stays busy. Past `until` it
    returns at once: a slice behind its schedule is written without waiting for a turn (on a
    saturated hub each turn is several inputs long, and 157 of them held an approval to
    5,000 phones back by seconds)."""
    left = until - time.monotonic()
    if left <= 0:
        return
    import gevent
    with gevent.Timeout(left, False):
        gevent.idle()


class _AtOnce:
    """Where there is no lane (threads in tests, several processes on a message queue)."""

    @staticmethod
    def send(name, data, rooms, skip=None):
        socketio.emit(name, data, to=rooms, namespace=NAMESPACE, skip_sid=skip)


AT_ONCE = _AtOnce()


def public_lane():
    """This app's lane for public events, started on first use; or one that sends at once
    (also for a change made outside any app, by a script that built one before)."""
    if not has_app_context():
        return AT_ONCE
    lane = current_app.extensions.get("fkp_public_lane")
    if lane is None:
        paced = current_app.config["ASYNC_MODE"] == "gevent" and not current_app.config.get("MESSAGE_QUEUE")
        lane = current_app.extensions["fkp_public_lane"] = PublicLane() if paced else AT_ONCE
    return lane


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Place the socket in the rooms its session or token entitles it to, or refuse it."""
    auth = auth if isinstance(auth, dict) else {}
    db = get_db()
    # What a phone's socket needs of its forum (thousands connect at once); staff, the whole.
    forum = forums.state_by_code(db, str(auth.get("forum", "")))
    if forum is None:
        raise ConnectionRefusedError("unknown forum")
    view = auth.get("view")
    if view in ("moderator", "notetaker"):
        forum = forums.get(db, forum["id"])
        user = staff_user()
        allowed = permissions.can_moderate if view == "moderator" else permissions.can_view_forum
        if not allowed(user, forum):
            raise ConnectionRefusedError("not allowed")
        join_room(forum_room(forum["id"], "staff"))
        join_room(session_room(user["session_id"]))
    elif view == "attendee":
        token = auth.get("token") or session.get("participants", {}).get(forum["code"], {}).get("token")
        participant = participants.by_token(db, forum["id"], str(token or ""))
        if participant is None:
            raise ConnectionRefusedError("not joined")
        join_room(forum_room(forum["id"], "public"))
        join_room(participant_room(participant["id"]))
        # Kept on the server (Flask-SocketIO keeps each socket's session there, never in a
        # cookie): each input sent over this socket is checked against it again. What the
        # inputs are counted under (the phone, or the participant) does not change after joining.
        session["attendee_token"] = str(token)
        session["participant_id"] = participant["id"]
        session["input_identity"] = participant_identity(participant)
    elif view == "display":
        join_room(forum_room(forum["id"], "public"))
        join_room(forum_room(forum["id"], "display"))
    else:
        raise ConnectionRefusedError("unknown view")
    session["live"] = {"forum_id": forum["id"], "view": view}
    return True


@socketio.on("submit_comment", namespace=NAMESPACE)
def on_submit_comment(body=None):
    """An attendee's input, sent over the phone's socket: what POST /api/v1/forums/<code>/comments
    does (the same token check, made in the write; rate limit, form and domain call), for a
    phone whose socket is open anyway. Without an HTTP request to parse and answer an input
    costs the server about a fifth less CPU (docs/operations.md). The ack is {ok, created, comment: the API's answer},
    or {error, code: the API's status, retry_after} for a refusal."""
    live = session.get("live") or {}
    try:
        if live.get("view") != "attendee":
            raise participants.not_joined()
        # Who joined on this socket, and with which token, as on_connect found them; whether
        # they still hold it, and may give input, is read in the write (comments.submit_by_token).
        input_limit.hit(session["input_identity"])
        answer, status = store_input(json_object(body), partial(
            comments.submit_by_token, get_db(), live["forum_id"], session["participant_id"], session["attendee_token"]))
    except RateLimitExceeded as e:
        return {"error": e.description, "code": 429, "retry_after": e.retry_after}
    except DomainError as e:
        return {"error": e.message, "code": e.status}
    return {"ok": True, "created": status == 201, "comment": answer}


def _moderate(name, payload):
    """Run one moderator command for this socket's forum; the ack says what happened."""
    live = session.get("live") or {}
    db = get_db()
    forum = forums.get(db, live.get("forum_id"))
    user = staff_user() if live.get("view") == "moderator" else None
    if live.get("view") == "moderator" and user is None:  # the session ended since it connected
        _leave_every_room()
        return {"error": _("Your session has ended. Log in again.")}
    if live.get("view") != "moderator" or not commands.COMMANDS[name].allowed(user, forum):
        return {"error": _("You may not do this.")}
    try:
        return {"ok": True, "seq": commands.run(name, db, forum, user["id"], payload)}
    except commands.InvalidArguments:
        return {"error": _("The request is not valid.")}
    except DomainError as e:
        return {"error": e.message}


def _leave_every_room():
    """Hear nothing more. (Not a disconnect: that would go out before this command's ack,
    which then never arrives, and the console could not say why it stopped.)"""
    for room in rooms():
        if room != request.sid:
            leave_room(room)


def _handler(name):
    """The Socket.IO handler of one command; a client that sends no payload is refused too."""
    def handle(payload=None):
        return _moderate(name, payload)
    handle.__name__ = handle.__qualname__ = f"on_{name}"
    return handle


# One handler per entry of the command table: a command added there is heard here.
for _name in commands.COMMANDS:
    socketio.on_event(_name, _handler(_name), namespace=NAMESPACE)
