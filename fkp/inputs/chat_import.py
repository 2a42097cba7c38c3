"""Import a saved video-call chat: each public message becomes a pending online input,
attributed to the named participant (matched to attendance, or added), waiting for the
moderator to assign its service and aspect.

Importing the same file twice adds nothing: each message's client_id is derived from it.
"""
import hashlib
from dataclasses import dataclass

from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..forums import lifecycle
from ..language.text import clean
from ..people import participants
from . import chatlog, comments

HOST_MARKERS = ("(host)", "(co-host)", "(cohost)", "(co host)")


@dataclass
class ImportResult:
    created: int = 0
    repeated: int = 0
    new_participants: int = 0
    skipped: int = 0  # private messages and reactions
    host_messages: int = 0  # written by the host or a co-host: the organiser's, not input
    matched: int = 0  # senders taken as an attendee already on the list


@dataclass
class Sender:
    """One name that wrote in the chat, as the import's preview lists it."""
    name: str
    messages: int
    match: dict | None = None  # the attendee this name is offered as
    suggested_host: bool = False

    @property
    def exact(self):
        """Whether the name is the attendee's own (not only alike): no question to ask."""
        return self.match is not None and _key(self.match["name"]) == _key(self.name)


def _key(name):
    return " ".join(clean(name).casefold().split())


def _client_id(message):
    digest = hashlib.sha256(f"{message.time}|{message.sender}|{message.text}".encode()).hexdigest()
    return "chat:" + digest[:40]


def _text(message):
    """The message as an input: cleaned like typed input (no control characters, which a
    chat may carry: terminal colours, bells), cut to the limit."""
    text = clean(message.text, multiline=True)
    return text if len(text) <= comments.MAX_CHARS else text[: comments.MAX_CHARS - 1] + "…"


def read(data):
    """The messages of a chat file's bytes; DomainError, naming why, when it is not one."""
    try:
        return chatlog.parse(chatlog.decode(data))
    except chatlog.ChatLogError:
        raise DomainError(_("This file is not a saved Zoom meeting chat (a .txt file with lines "
                            "such as '10:05:23 From Name to Everyone:'). Nothing was imported."),
                          "file")


def _public(messages):
    """(message, its text as an input, its sender's key) of the public messages that say
    something; each sender's name is cleaned once, not once per message."""
    keys, public = {}, []
    for m in chatlog.public_messages(messages):
        text = _text(m)
        if text:  # empty once cleaned: skipped
            key = keys.get(m.sender)
            if key is None:
                key = keys[m.sender] = _key(m.sender)
            public.append((m, text, key))
    return public


def senders(db, forum, messages):
    """Who wrote in the chat, in the order they first wrote, each with how many messages and
    the attendee the name is offered as (the same name, or alike: see
    participants.name_key). The attendance list is read once, whatever the chat's size."""
    return _senders(db, forum, _public(messages))


def _senders(db, forum, public):
    exact, loose = participants.names(db, forum["id"])
    found = {}
    for message, _text_, key in public:
        if key not in found:
            match = exact.get(key) or loose.get(participants.name_key(message.sender))
            found[key] = Sender(clean(message.sender), 0, match, key.endswith(HOST_MARKERS))
        found[key].messages += 1
    return list(found.values())


def import_chat(db, forum, data, user_id, *, hosts=(), separate=(), pause=None):
    """Import a chat file's bytes; all or nothing. Raises DomainError for a file that is
    not a chat log, naming why.

    hosts: the names (as senders() gives them) of the host and co-hosts: their messages are
    not input and they are not added as attendees. separate: the names offered as an
    attendee that staff said are someone else (a new attendee each). pause(): called between
    the steps of reading the file, so that a server running one thread for everyone (gevent)
    serves the other forums meanwhile. The write itself is one short transaction with no
    pause inside: a writer that yielded while holding the database's write lock would make
    every other write wait for it.
    """
    lifecycle.refuse_if_final(forum)
    messages = read(data)
    if pause:
        pause()
    public = _public(messages)
    hosts, separate = {_key(n) for n in hosts}, {_key(n) for n in separate}
    result = ImportResult(skipped=len(messages) - len(public))
    who = {_key(s.name): s for s in _senders(db, forum, public)}
    kept = [(m, text, key) for m, text, key in public if key not in hosts]
    result.host_messages = len(public) - len(kept)
    if pause:
        pause()
    with events.change(db, forum["id"]) as change:  # every input of the file, or none; told after the commit
        speakers, new = {}, []
        for key, sender in who.items():
            if key in hosts:
                continue
            if sender.match is not None and key not in separate:
                speakers[key] = sender.match
                result.matched += 1
            else:
                new.append(key)
        added = participants.add_many_from_chat(db, forum, [who[k].name for k in new], user_id)
        speakers.update(zip(new, added))
        result.new_participants = len(added)
        result.created = comments.add_many_from_chat(
            db, change, forum, [(speakers[key], text, _client_id(m)) for m, text, key in kept])
        result.repeated = len(kept) - result.created
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="chat.import",
                     after={**vars(result), "hosts": sorted(who[k].name for k in hosts if k in who)})
    return result
