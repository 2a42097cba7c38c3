"""The organiser's statements: what the head of unit (or another speaker for the organiser)
said at the forum — an answer on a service, the explanation of a procedure — written down by
the note-taker for the Notulen, in the order it was said.

They are not attendees' input (inputs/comments.py): nothing to moderate, decide or follow up,
so they have their own table. The speaker is free text (name and position), defaulting on the
form to the forum's head of unit; a service and an aspect are optional. Each statement is kept
in the order it was written down (created_utc), and can be corrected or removed until the
record is final. Every write is audited and is one events.change, told to the forum's staff as
statement_recorded / statement_edited / statement_removed. A repeated post of the same form
(same client_id) stores one statement, as for spoken input.
"""
import sqlite3

from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..forums import lifecycle
from ..inputs.comments import MAX_CLIENT_ID
from ..language.text import clean
from ..language.timezones import utc_now

MAX_TEXT = 4000
MAX_NAME = 200  # the speaker's name, and their position

_SELECT = """
SELECT st.id, st.forum_id, st.speaker, st.position, st.service_id, st.aspect_id, st.text,
       st.client_id, st.created_utc, st.created_by, st.updated_utc, st.updated_by,
       s.name AS service_name, a.label AS aspect_label
FROM statements st
LEFT JOIN services s ON s.id = st.service_id
LEFT JOIN aspects a ON a.id = st.aspect_id
"""
_KEPT = ("speaker", "position", "service_id", "aspect_id", "text")


def for_forum(db, forum_id):
    """The forum's statements in the order they were written down."""
    return list(db.query(_SELECT + "WHERE st.forum_id = ? ORDER BY st.created_utc, st.id", [forum_id]))


def get(db, forum_id, statement_id):
    rows = list(db.query(_SELECT + "WHERE st.id = ? AND st.forum_id = ?", [statement_id, forum_id]))
    return rows[0] if rows else None


def _values(db, forum, speaker, position, service_id, aspect_id, text):
    """The statement's fields, cleaned, or a DomainError naming the field at fault."""
    values = {"speaker": clean(speaker), "position": clean(position), "service_id": service_id or None,
              "aspect_id": aspect_id or None, "text": clean(text, multiline=True)}
    if not values["speaker"]:
        raise DomainError(_("Write who spoke."), "speaker")
    for key in ("speaker", "position"):
        if len(values[key]) > MAX_NAME:
            raise DomainError(_("At most %(n)d characters.", n=MAX_NAME), key)
    if not values["text"]:
        raise DomainError(_("Write down what was said."), "text")
    if len(values["text"]) > MAX_TEXT:
        raise DomainError(_("At most %(n)d characters.", n=MAX_TEXT), "text")
    for key, table, message in (
            ("service_id", "services", _("This service is not part of the forum.")),
            ("aspect_id", "aspects", _("This aspect is not part of the forum."))):
        if values[key] is not None and not db.execute(
                f"SELECT 1 FROM {table} WHERE id = ? AND forum_id = ?", [values[key], forum["id"]]).fetchone():
            raise DomainError(message, key)
    return values


def record(db, forum, user_id, *, speaker, position="", service_id=None, aspect_id=None, text,
           client_id):
    """Write down one statement; returns (statement, created). A repeated client_id returns
    the statement stored the first time."""
    lifecycle.refuse_if_final(forum)
    client_id = (client_id or "").strip()
    if not client_id or len(client_id) > MAX_CLIENT_ID:
        raise DomainError(_("The form is missing its identifier; reload the page."), "client_id")
    values = _values(db, forum, speaker, position, service_id, aspect_id, text)
    row = {**values, "forum_id": forum["id"], "client_id": client_id, "created_utc": utc_now(),
           "created_by": user_id}
    try:
        with events.change(db, forum["id"]) as change:
            statement_id = db["statements"].insert(row).last_pk
            audit.record(db, user_id=user_id, forum_id=forum["id"], action="statement.record",
                         subject=statement_id, after=values)
            statement = get(db, forum["id"], statement_id)
            change.raise_event(events.STATEMENT_RECORDED, {"statement": statement})
    except sqlite3.IntegrityError:
        repeat = list(db.query(_SELECT + "WHERE st.forum_id = ? AND st.client_id = ?",
                               [forum["id"], client_id]))
        if not repeat:
            raise
        return repeat[0], False
    return statement, True


def _existing(db, forum, statement_id):
    lifecycle.refuse_if_final(forum)
    before = get(db, forum["id"], statement_id)
    if before is None:
        raise DomainError(_("This statement was not found in the forum."), "id", status=404)
    return before


def edit(db, forum, statement_id, user_id, *, speaker, position="", service_id=None, aspect_id=None,
         text):
    """Correct a statement; it keeps its place in the order. Returns it."""
    before = _existing(db, forum, statement_id)
    values = _values(db, forum, speaker, position, service_id, aspect_id, text)
    with events.change(db, forum["id"]) as change:
        db["statements"].update(statement_id, {**values, "updated_utc": utc_now(), "updated_by": user_id})
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="statement.edit",
                     subject=statement_id, before={k: before[k] for k in _KEPT}, after=values)
        statement = get(db, forum["id"], statement_id)
        change.raise_event(events.STATEMENT_EDITED, {"statement": statement})
    return statement


def remove(db, forum, statement_id, user_id):
    """Remove a statement written down by mistake; the audit log keeps what it said."""
    before = _existing(db, forum, statement_id)
    with events.change(db, forum["id"]) as change:
        db.execute("DELETE FROM statements WHERE id = ?", [statement_id])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="statement.remove",
                     subject=statement_id, before={k: before[k] for k in _KEPT})
        change.raise_event(events.STATEMENT_REMOVED, {"id": statement_id})
