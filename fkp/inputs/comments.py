"""Comments: attendees' input on one service × aspect, submitted once per client_id.

The only module that writes the comments table (tests/test_architecture.py checks): moderation,
support and the chat import change an input through the functions here."""
import json
import sqlite3

from flask_babel import format_decimal
from flask_babel import gettext as _

from .. import events
from ..errors import DomainError
from ..forums.forums import check_pair, state
from ..language.text import clean
from ..language.timezones import utc_now
from ..people import participants
from ..store import group_commit
from ..store.db import insert_row
from ..vocabulary import KINDS
from . import flags, receipts, restricted_words

MAX_CHARS = 1000
MAX_CLIENT_ID = 64

# The comment as every staff view sees it: the giver's name, never contact; whether the giver
# agreed to be named publicly (participant_public) and the merged givers who did, for the
# public projection (fkp/inputs/projection.py), which names no one else.
_SELECT = """
SELECT c.id, c.forum_id, c.service_id, c.aspect_id, c.participant_id, c.kind, c.text,
       c.status, c.pinned, c.client_id, c.created_utc, c.approved_utc, c.seq,
       c.answered, c.merged_into_id, c.support_count, c.recorded_by, c.receipt,
       p.name AS participant_name, p.institution AS participant_institution,
       p.group_code AS participant_group, c.channel, c.flag_words, p.public_name AS participant_public,
       (SELECT group_concat(mp.name, ', ') FROM comments m
          JOIN participants mp ON mp.id = m.participant_id
         WHERE m.merged_into_id = c.id) AS merged_names,
       (SELECT group_concat(mp.name, ', ') FROM comments m
          JOIN participants mp ON mp.id = m.participant_id
         WHERE m.merged_into_id = c.id AND mp.public_name = 1) AS merged_public_names
FROM comments c JOIN participants p ON p.id = c.participant_id
"""


def _rows(db, sql, params):
    """The inputs a query of _SELECT finds, each with its flag_words as a list (or None)."""
    rows = list(db.query(sql, params))
    for row in rows:
        if row["flag_words"]:
            row["flag_words"] = json.loads(row["flag_words"])
    return rows


def _one(db, where, params):
    rows = _rows(db, _SELECT + "WHERE " + where, params)
    return rows[0] if rows else None


def query(db, where, params):
    """The inputs WHERE `where` (over comments c joined to participants p) finds, as every
    view sees them (fkp/inputs/queue.py pages the moderator's queue with it)."""
    return _rows(db, _SELECT + "WHERE " + where, params)


def get(db, comment_id):
    return _one(db, "c.id = ?", [comment_id])


def of_ids(db, comment_ids):
    """The inputs with these ids, in id order (those that exist)."""
    ids = [int(i) for i in comment_ids]
    if not ids:
        return []
    return _rows(db, _SELECT + f"WHERE c.id IN ({', '.join('?' * len(ids))}) ORDER BY c.id", ids)


def submit(db, forum, participant, *, service_id, aspect_id, kind, text, client_id,
           recorded_by=None):
    """Store one input; returns (comment, created). A repeated client_id returns the first.

    forum and participant: as the caller found them. What decides whether the input is taken
    (the forum is open, the giver is not stopped, the service and aspect are the forum's) is
    read again in the write itself (_submit).
    recorded_by: the note-taker who wrote down what this participant said (channel spoken).
    """
    return _submit(db, forum["id"], participant["id"], lambda w: participants.get(w, participant["id"]),
                   service_id=service_id, aspect_id=aspect_id, kind=kind, text=text,
                   client_id=client_id, recorded_by=recorded_by)


def submit_by_token(db, forum_id, participant_id, token, *, service_id, aspect_id, kind, text, client_id):
    """submit() for a phone's socket, which knows its forum, who joined on it and their token,
    and has read none of them: the participant of this forum holding this token (and still the
    one who joined on the socket) is looked up in the write. Else a DomainError, 401."""
    def giver(w):
        found = participants.by_token(w, forum_id, token)
        return found if found and found["id"] == participant_id else None
    return _submit(db, forum_id, participant_id, giver, service_id=service_id, aspect_id=aspect_id,
                   kind=kind, text=text, client_id=client_id)


class _NotTaken(DomainError):
    """The input is valid but cannot be taken now (the forum is not open, the giver is stopped):
    refused, unless it is the resend of an input stored before."""


def _submit(db, forum_id, giver_id, giver, *, service_id, aspect_id, kind, text, client_id, recorded_by=None):
    """Store one input of the participant giver_id, whom giver(w) reads (None: not joined).

    Everything the input's acceptance depends on is read in the group commit, on the writer's
    connection, in the transaction that stores it: read there, it is current (a ban or a closed
    forum committed before is seen), and cheap. On the request's own connection each commit of
    the writer (hundreds a second) had emptied SQLite's page cache, so that every input read
    its forum, its giver, its service and aspect and the staff's words from the file again:
    a seventh of the server's CPU per input."""
    client_id = (client_id or "").strip()
    if not client_id or len(client_id) > MAX_CLIENT_ID:
        raise DomainError(_("The input is missing its identifier; reload the page."), "client_id")
    # An invalid request is refused even when its client_id is known: only a true resend gets
    # the first record back.
    text = _valid_text(kind, text)

    def stored(w, seq):  # SQL only: a refusal undoes this input alone (group_commit.py)
        participant = giver(w)
        if participant is None or participant["forum_id"] != forum_id:
            raise participants.not_joined()
        check_pair(w, forum_id, service_id, aspect_id)
        forum = state(w, forum_id)
        _may_give_input(forum, participant)
        row = _row(forum, participant, service_id=service_id, aspect_id=aspect_id, kind=kind, text=text,
                   client_id=client_id, channel=channel_of(participant, recorded_by), recorded_by=recorded_by,
                   extra_words=restricted_words.staff_words(w))
        return _as_stored(row, _insert(w, row, seq), seq, participant)

    try:  # in the group commit (fkp/store/group_commit.py): the SQL runs on the writer's connection
        with events.change(db, forum_id, via=group_commit.write) as change:
            comment = change.write(stored)
            change.raise_event(events.COMMENT_SUBMITTED, {"comment": comment}, participant_id=giver_id)
    except (sqlite3.IntegrityError, _NotTaken):
        # Sent before (a phone's outbox resending after a reconnect, perhaps after the forum
        # closed), or twice at once (a retry racing its first attempt): the first one stored
        # it; this one is its repeat. What may have changed since a first send does not refuse
        # its resend; the repeat is looked up only then, so a new input costs no extra query.
        existing = _repeat(db, giver_id, client_id)
        if existing is None:
            raise
        return existing, False
    return comment, True


def add_from_chat(db, forum, speaker, *, text, client_id):
    """Store one message of an imported video-call chat (fkp/inputs/chat_import.py) as a pending
    online suggestion with no service or aspect yet; the importer has cleaned and cut its
    text. Returns the input, or None when this message was imported before."""
    if db.execute("SELECT 1 FROM comments WHERE participant_id = ? AND client_id = ?",
                  [speaker["id"], client_id]).fetchone():
        return None
    row = _row(forum, speaker, service_id=None, aspect_id=None, kind="suggestion", text=text,
               client_id=client_id, channel="online", extra_words=restricted_words.staff_words(db))
    with events.change(db, forum["id"]) as change:  # joins the importer's: one change, one seq
        return _stored(change, row, speaker)


def add_many_from_chat(db, change, forum, messages):
    """add_from_chat for a whole chat, as part of the importer's `change`: messages are
    (speaker, text, client_id); returns how many were new. The messages imported before are
    found with one query, not one each.
    Every new input is told as comment_submitted, as one submitted on a phone is."""
    known = {(r[0], r[1]) for r in db.execute(
        "SELECT participant_id, client_id FROM comments WHERE forum_id = ? AND channel = 'online' "
        "AND client_id LIKE 'chat:%'", [forum["id"]])}
    created, extra_words = 0, restricted_words.staff_words(db)
    for speaker, text, client_id in messages:
        if (speaker["id"], client_id) in known:
            continue
        known.add((speaker["id"], client_id))
        row = _row(forum, speaker, service_id=None, aspect_id=None, kind="suggestion", text=text,
                   client_id=client_id, channel="online", extra_words=extra_words)
        _stored(change, row, speaker)
        created += 1
    return created


def move_to_participant(db, change, from_id, to_id):
    """Every input of participant from_id becomes to_id's (staff merged two records of one
    person, fkp/people/duplicates.py), as part of `change`. Returns how many moved. An input
    whose client_id the other already used keeps it with its own id appended (unique per giver)."""
    return db.execute(
        "UPDATE comments SET participant_id = ?, seq = ?, client_id = CASE WHEN client_id IN "
        "(SELECT client_id FROM comments WHERE participant_id = ?) "
        "THEN substr(client_id, 1, 40) || '#' || id ELSE client_id END WHERE participant_id = ?",
        [to_id, change.seq, to_id, from_id]).rowcount


def recount_supports(db, change, comment_ids):
    """Set the support count of these inputs from the supports table, as part of `change`
    (after two records of one supporter were merged, one support each is left)."""
    for comment_id in comment_ids:
        db.execute("UPDATE comments SET support_count = (SELECT count(*) FROM supports WHERE "
                   "comment_id = ?), seq = ? WHERE id = ?", [comment_id, change.seq, comment_id])


def _row(forum, participant, *, service_id, aspect_id, kind, text, client_id, channel, recorded_by=None,
         extra_words=()):
    """A new input's columns. flag_words: the restricted words in its text (fkp/inputs/flags.py),
    as JSON, or None; a flagged input waits for a moderator like any other, and is marked."""
    found = flags.matched(text, extra_words)
    return dict(forum_id=forum["id"], service_id=service_id, aspect_id=aspect_id,
                participant_id=participant["id"], kind=kind, text=text, client_id=client_id,
                channel=channel, recorded_by=recorded_by, created_utc=utc_now(),
                flag_words=json.dumps(found, ensure_ascii=False) if found else None,
                receipt=receipts.new())


def _stored(change, row, participant):
    """Insert a new input as part of `change` and raise comment_submitted; returns the input.
    SQL only, no read (it runs in the group commit for a submitted input)."""
    comment_id = change.write(lambda w, seq: _insert(w, row, seq))
    comment = _as_stored(row, comment_id, change.seq, participant)
    change.raise_event(events.COMMENT_SUBMITTED, {"comment": comment}, participant_id=participant["id"])
    return comment


RECEIPT_TRIES = 5


def _insert(w, row, seq):
    """INSERT the input and return its id; on the rare receipt code that is taken (one in
    10^11 per input stored), draw another, written into `row`. SQL only: a failed INSERT undoes
    itself alone, and the transaction goes on."""
    for attempt in range(RECEIPT_TRIES):
        try:
            return insert_row(w, "comments", dict(row, seq=seq))
        except sqlite3.IntegrityError as e:
            if "comments.receipt" not in str(e) or attempt == RECEIPT_TRIES - 1:
                raise
            row["receipt"] = receipts.new()


def _as_stored(row, comment_id, seq, participant):
    """A new input as get() reads it, built from what was just inserted and the giver's row:
    at hundreds of inputs a second, reading it back was a twentieth of each input's cost.
    tests/test_domain.py compares the two."""
    return dict(row, id=comment_id, seq=seq, status="pending",
                flag_words=json.loads(row["flag_words"]) if row["flag_words"] else None, pinned=0, approved_utc=None,
                answered=0, merged_into_id=None, support_count=0,
                participant_name=participant["name"],
                participant_institution=participant["institution"],
                participant_group=participant["group_code"], participant_public=participant["public_name"],
                merged_names=None, merged_public_names=None)


def _repeat(db, participant_id, client_id):
    return _one(db, "c.participant_id = ? AND c.client_id = ?", [participant_id, client_id])


def _valid_text(kind, text):
    """The input's text, cleaned, if the request itself is valid; else a DomainError (the
    service and aspect are checked in the write: _submit)."""
    text = clean(text, multiline=True)
    if not text:
        raise DomainError(_("Write your input before sending."), "text")
    if len(text) > MAX_CHARS:
        raise DomainError(too_long(len(text)), "text")
    if kind not in KINDS:
        raise DomainError(_("Choose the kind of input."), "kind")
    return text


def too_long(length):
    """The refusal of an input of `length` characters: it names the count, so a paste that
    was too long is shortened by the one who wrote it, never cut by us."""
    return _("Your input is %(count)s characters; at most %(max)s. Shorten it first.",
             count=format_decimal(length), max=format_decimal(MAX_CHARS))


def input_length(text):
    """How long an input counts, as submit() counts it: after cleaning (a line break is one
    character, as the phone's counter counts it, though a form posts it as two)."""
    return len(clean(text, multiline=True))


def _may_give_input(forum, participant):
    """A _NotTaken when input cannot be taken now: the forum is not open, or the giver is
    stopped."""
    if forum["status"] != "open":
        raise _NotTaken(_("The forum is not accepting input right now."), status=409)
    if participant.get("banned_utc"):
        raise _NotTaken(_("The moderator has stopped input from you in this forum."), status=403)


def channel_of(participant, recorded_by=None):
    """How an input reached us: said aloud and written down, typed from afar, or from a phone."""
    if recorded_by:
        return "spoken"
    return "online" if participant.get("channel") in ("online", "chat") else "phone"


# What a moderator's change may set; the rest is the giver's, or kept by the functions below.
CHANGEABLE = frozenset({"status", "pinned", "answered", "text", "kind", "service_id", "aspect_id",
                        "merged_into_id", "approved_utc", "approved_by", "flag_words"})


def flag_words(db, text):
    """The flag_words column for `text` (restricted words found, as JSON, or None): what a
    moderator's correction stores with the corrected text, as submission does."""
    found = flags.matched(text, restricted_words.staff_words(db))
    return json.dumps(found, ensure_ascii=False) if found else None


def update(db, change, comment_id, **values):
    """Set named columns of one input as part of `change`; the input carries its seq."""
    if not values or not set(values) <= CHANGEABLE:
        raise ValueError(f"a change sets some of {sorted(CHANGEABLE)}, not {sorted(values)}")
    sets = ", ".join(f"{column} = ?" for column in values)
    db.execute(f"UPDATE comments SET {sets}, seq = ? WHERE id = ?",
               [*values.values(), change.seq, comment_id])


def repoint_merged(db, from_id, to_id):
    """Inputs merged into from_id are merged into to_id instead (from_id is merged in turn)."""
    db.execute("UPDATE comments SET merged_into_id = ? WHERE merged_into_id = ?", [to_id, from_id])


def add_support(db, change, comment_id):
    """Count one more supporter of an input as part of `change` (fkp/inputs/supports.py)."""
    db.execute("UPDATE comments SET support_count = support_count + 1, seq = ? WHERE id = ?",
               [change.seq, comment_id])


def for_moderator(db, forum_id, service_id=None, aspect_id=None, status=None, flagged=False):
    """Every input of the forum, newest first, optionally filtered (flagged: only input with
    restricted words)."""
    where, params = ["c.forum_id = ?"], [forum_id]
    if flagged:
        where.append("c.flag_words IS NOT NULL")
    for column, value in (("c.service_id", service_id), ("c.aspect_id", aspect_id), ("c.status", status)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return _rows(db, _SELECT + "WHERE " + " AND ".join(where) + " ORDER BY c.id DESC", params)


def changed_since(db, forum_id, since, limit):
    """Inputs whose latest change came after forum sequence number `since`, oldest change
    first (a live page catching up after a reconnect)."""
    return _rows(db, _SELECT + "WHERE c.forum_id = ? AND c.seq > ? ORDER BY c.seq, c.id LIMIT ?",
                 [forum_id, since, limit])


def changed_at(db, forum_id, seq):
    """Every input whose latest change was the one told with this sequence number."""
    return _rows(db, _SELECT + "WHERE c.forum_id = ? AND c.seq = ? ORDER BY c.id", [forum_id, seq])


def approved(db, forum_id, sort="newest", where="", params=(), limit=None):
    """What the display and attendees may see: approved only, pinned first, then newest
    (or most supported) first; `where` narrows it further ("AND …" over c), `limit` takes the
    first so many (a page shows a few dozen however many thousand were approved)."""
    order = "c.support_count DESC, " if sort == "support" else ""
    return _rows(db, _SELECT + f"WHERE c.forum_id = ? AND c.status = 'approved' {where} "
                 f"ORDER BY c.pinned DESC, {order}c.approved_utc DESC, c.id DESC"
                 + (" LIMIT ?" if limit else ""), [forum_id, *params, *([limit] if limit else [])])


def for_participant(db, participant_id):
    return _rows(db, _SELECT + "WHERE c.participant_id = ? ORDER BY c.id DESC", [participant_id])


def aspect_counts(db, forum_id, status=None):
    """{aspect_id: number of inputs}, optionally only those with one status. Input with no
    aspect yet (an imported chat) is counted under none: a JSON object's keys are sorted, and
    None cannot be sorted with numbers (the console's catch-up failed on it)."""
    sql = "SELECT aspect_id, count(*) AS n FROM comments WHERE forum_id = ? AND aspect_id IS NOT NULL"
    params = [forum_id]
    if status:
        sql += " AND status = ?"
        params.append(status)
    return {r["aspect_id"]: r["n"] for r in db.query(sql + " GROUP BY aspect_id", params)}
