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


@dataclass
class ImportResult:
    created: int = 0
    repeated: int = 0
    new_participants: int = 0
    skipped: int = 0  # private messages and reactions


def _client_id(message):
    digest = hashlib.sha256(f"{message.time}|{message.sender}|{message.text}".encode()).hexdigest()
    return "chat:" + digest[:40]


def _text(message):
    """The message as an input: cleaned like typed input (no control characters, which a
    chat may carry: terminal colours, bells), cut to the limit."""
    text = clean(message.text, multiline=True)
    return text if len(text) <= comments.MAX_CHARS else text[: comments.MAX_CHARS - 1] + "…"


def import_chat(db, forum, data, user_id):
    """Import a chat file's bytes; all or nothing. Raises DomainError for a file that is
    not a chat log, naming why."""
    lifecycle.refuse_if_final(forum)
    try:
        messages = chatlog.parse(chatlog.decode(data))
    except chatlog.ChatLogError:
        raise DomainError(_("This file is not a saved Zoom meeting chat (a .txt file with lines "
                            "such as '10:05:23 From Name to Everyone:'). Nothing was imported."),
                          "file")
    public = [m for m in chatlog.public_messages(messages) if _text(m)]  # empty once cleaned: skipped
    result, speakers = ImportResult(skipped=len(messages) - len(public)), {}
    with events.change(db, forum["id"]):  # every input of the file, or none; told after the commit
        for message in public:
            key = message.sender.casefold()
            if key not in speakers:
                speakers[key] = participants.find_by_name(db, forum["id"], message.sender)
                if speakers[key] is None:
                    speakers[key] = participants.add_from_chat(db, forum, message.sender, user_id)
                    result.new_participants += 1
            if comments.add_from_chat(db, forum, speakers[key], text=_text(message),
                                      client_id=_client_id(message)):
                result.created += 1
            else:
                result.repeated += 1
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="chat.import",
                     after=vars(result))
    return result
