"""The moderator's commands, in one table that both transports use.

Each command is named as the Socket.IO event a moderator's console sends (imperative; listed
in docs/events.md under "Client → server"). Its entry says who may run it, how each argument
is read from a payload, and which domain function it calls. live.py registers a socket
handler per entry; the console's plain forms (web/moderator.py) run the same entries when
JavaScript is off or the socket is down, so both transports refuse and change alike.

This is events.py's counterpart: events are the facts the server sends, commands what it
is asked to do. It imports no Socket.IO, so the HTTP views can use it without the socket.
"""
from dataclasses import dataclass
from typing import Callable

from . import permissions
from .forums import agreement, display, forums, promises
from .inputs import moderation
from .people import participants
from .store.db import MAX_ID


class InvalidArguments(ValueError):
    """A payload that does not fit the command (missing, of the wrong type, an id no row can
    have): refused as a whole, before anything is changed."""


def _sqlite_int(value):
    number = int(value)
    if abs(number) > MAX_ID:  # SQLite cannot hold it: the query would raise OverflowError
        raise InvalidArguments(value)
    return number


# Readers: (payload, key) -> the argument. A missing key raises KeyError, a value of the
# wrong kind TypeError or ValueError; Command.read turns them all into InvalidArguments.

def required_id(payload, key):
    """An id the payload must carry, as an int SQLite can hold."""
    return _sqlite_int(payload[key])


def optional_id(payload, key):
    """An id, or None when the key is missing or empty (null, 0, "")."""
    return _sqlite_int(payload[key]) if payload.get(key) else None


def id_list(at_most):
    """A list of ids (at least one, at most `at_most`), each an int SQLite can hold."""
    def read(payload, key):
        value = payload[key]
        if not isinstance(value, (list, tuple)) or not 0 < len(value) <= at_most:
            raise InvalidArguments(key)
        return [_sqlite_int(v) for v in value]
    return read


def flag(default):
    """A yes/no that may be left out; any value is read as JavaScript would (truthiness)."""
    def read(payload, key):
        return bool(payload.get(key, default))
    return read


def required_text(payload, key):
    """A word the domain checks against its list (a display mode, a sort order)."""
    return str(payload[key])


def optional_text(payload, key):
    """A string, or None when left out (the domain then keeps what is there)."""
    value = payload.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidArguments(key)
    return value


@dataclass(frozen=True)
class Command:
    """One moderator command: its arguments (payload key -> reader), the domain call, and who
    may run it. call(db, forum, user_id, args) returns the changed row or the forum's new seq."""
    args: dict
    call: Callable
    allowed: Callable = permissions.can_moderate

    def read(self, payload):
        """The arguments read from a payload (a dict), or InvalidArguments."""
        if not isinstance(payload, dict):
            raise InvalidArguments(payload)
        try:
            return {key: read(payload, key) for key, read in self.args.items()}
        except (KeyError, TypeError, ValueError, OverflowError) as e:
            raise InvalidArguments(str(e)) from e


COMMANDS = {
    "approve_comment": Command(
        {"id": required_id},
        lambda db, forum, user_id, a: moderation.approve(db, forum, a["id"], user_id)),
    "hide_comment": Command(
        {"id": required_id},
        lambda db, forum, user_id, a: moderation.hide(db, forum, a["id"], user_id)),
    "approve_comments": Command(
        {"ids": id_list(moderation.MAX_AT_ONCE)},
        lambda db, forum, user_id, a: moderation.approve_many(db, forum, a["ids"], user_id)),
    "hide_comments": Command(
        {"ids": id_list(moderation.MAX_AT_ONCE)},
        lambda db, forum, user_id, a: moderation.hide_many(db, forum, a["ids"], user_id)),
    "pin_comment": Command(
        {"id": required_id, "pinned": flag(True)},
        lambda db, forum, user_id, a: moderation.pin(db, forum, a["id"], a["pinned"], user_id)),
    "answer_comment": Command(
        {"id": required_id, "answered": flag(True)},
        lambda db, forum, user_id, a: moderation.mark_answered(db, forum, a["id"], a["answered"], user_id)),
    "merge_comment": Command(
        {"id": required_id, "into_id": required_id},
        lambda db, forum, user_id, a: moderation.merge(db, forum, a["id"], a["into_id"], user_id)),
    "merge_comments": Command(
        {"into_id": required_id, "ids": id_list(moderation.MAX_GROUP)},
        lambda db, forum, user_id, a: moderation.merge_group(db, forum, a["into_id"], a["ids"], user_id)[-1]),
    "unmerge_comment": Command(
        {"id": required_id},
        lambda db, forum, user_id, a: moderation.unmerge(db, forum, a["id"], user_id)),
    "correct_comment": Command(
        {"id": required_id, "text": optional_text, "kind": optional_text,
         "service_id": optional_id, "aspect_id": optional_id},
        lambda db, forum, user_id, a: moderation.correct(
            db, forum, a["id"], user_id, text=a["text"], kind=a["kind"],
            service_id=a["service_id"], aspect_id=a["aspect_id"])),
    "ban_participant": Command(
        {"id": required_id, "banned": flag(True)},
        lambda db, forum, user_id, a: participants.set_banned(db, forum, a["id"], a["banned"], user_id)),
    "set_focus": Command(
        {"service_id": required_id, "aspect_id": required_id},
        lambda db, forum, user_id, a: forums.set_focus(db, forum, a["service_id"], a["aspect_id"], user_id)),
    "set_display": Command(
        {"mode": required_text, "comment_id": optional_id},
        lambda db, forum, user_id, a: display.set_mode(db, forum, a["mode"], a["comment_id"], user_id)),
    "sort_display": Command(
        {"sort": required_text},
        lambda db, forum, user_id, a: display.set_sort(db, forum, a["sort"], user_id)),
    # "Setuju dengan rancangan ini?" on the service × aspect in focus, and its end.
    "open_agreement": Command(
        {}, lambda db, forum, user_id, a: agreement.open_for_focus(db, forum, user_id)),
    "close_agreement": Command(
        {}, lambda db, forum, user_id, a: agreement.close(db, forum, user_id)),
    # A review forum's "Janji forum sebelumnya" on the projector, and off it again.
    "show_promises": Command(
        {}, lambda db, forum, user_id, a: promises.set_shown(db, forum, True, user_id)),
    "hide_promises": Command(
        {}, lambda db, forum, user_id, a: promises.set_shown(db, forum, False, user_id)),
}


def run(name, db, forum, user_id, payload):
    """Run one command for a user already let through; the forum's sequence number after it.
    Raises InvalidArguments for a payload that does not fit, DomainError for a refused change;
    either way nothing changed."""
    command = COMMANDS[name]
    result = command.call(db, forum, user_id, command.read(payload))
    if isinstance(result, dict):  # a changed comment carries its seq; a participant does not
        return result.get("seq") or forums.get(db, forum["id"])["seq"]
    return result
