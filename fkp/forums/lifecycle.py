"""A forum's lifecycle: draft → open ⇄ paused → closed → finalised → published.

Each step is a named action; who may take it is decided in permissions.py. Two steps undo
another until the next one is taken: `reopen` a closed forum (until it is finalised) and
`unfinalise` a finalised record (until it is published, with a reason). Publishing is never
undone: the public may have read and copied the results.
"""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now
from ..people import users
from . import units

# action -> (statuses it starts from, status it leads to)
TRANSITIONS = {
    "open": ({"draft", "paused"}, "open"),
    "pause": ({"open"}, "paused"),
    "close": ({"open", "paused"}, "closed"),
    "finalise": ({"closed"}, "finalised"),
    "publish": ({"finalised"}, "published"),
    # Reopening leads to "paused", not "open": phones start sending again only when the
    # moderator opens it, one click, once the room is ready (a forum closed by mistake in the
    # middle of a session, or to take one more speaker).
    "reopen": ({"closed"}, "paused"),
    "unfinalise": ({"finalised"}, "closed"),
}
# The steps staff confirm on a page that says what they do (and, for close, finalise and
# publish, what is still open): they end input, lock the record, make it public, or undo that.
GUARDED = ("close", "reopen", "finalise", "unfinalise", "publish")
MAX_REASON = 500
LOCKED = {"finalised", "published"}  # the record is the official one: no more changes


def is_final(forum):
    """Whether the forum's record is the official one (finalised or published)."""
    return forum["status"] in LOCKED


def refuse_if_final(forum, message=None):
    """The one refusal of a change to a final record (409); `message` when the place that
    refuses has a better word for it (attendance says the forum has ended)."""
    if is_final(forum):
        raise DomainError(message or _("This forum's record is final; nothing can be added."), status=409)


_CLAIM_SQL = (f"UPDATE forums SET status = status WHERE id = ? AND status NOT IN "
              f"({', '.join(repr(status) for status in sorted(LOCKED))})")


def claim_open_record(db, forum):
    """Inside the caller's write transaction, before it writes: take the database's write lock
    and refuse (409) if the record became final since `forum` was read. A save checked only
    against the forum read at the start of its request could otherwise land just after a
    finalisation committed in between, changing a record already locked."""
    if db.execute(_CLAIM_SQL, [forum["id"]]).rowcount == 0:
        refuse_if_final({"status": "finalised"})


def actions_from(status):
    """The actions that can be taken from a status, in lifecycle order."""
    return [action for action, (sources, _to) in TRANSITIONS.items() if status in sources]


# The record's inputs (minutes.in_record: all but the hidden, merged duplicates folded into the
# input they were merged into): how many a moderator never looked at, how many have no decision.
_OPEN_SQL = """
SELECT count(*), coalesce(sum(c.status = 'pending'), 0), coalesce(sum(r.decision IS NULL), 0)
FROM comments c LEFT JOIN responses r ON r.comment_id = c.id
WHERE c.forum_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL
"""


def record_counts(db, forum_id):
    """{"inputs": inputs of the record, "pending": of them never moderated, "undecided": of
    them without a decision}."""
    inputs, pending, undecided = db.execute(_OPEN_SQL, [forum_id]).fetchone()
    return {"inputs": inputs, "pending": pending, "undecided": undecided}


def open_items(db, forum_id):
    """{"pending": inputs never moderated, "undecided": inputs of the record without a decision}."""
    counts = record_counts(db, forum_id)
    return {"pending": counts["pending"], "undecided": counts["undecided"]}


def _refuse_open_record(open_now):
    raise DomainError(_(
        "The record is not complete: %(undecided)d inputs have no decision; %(pending)d inputs "
        "were never moderated. Decide them first, or confirm that the record is finalised with "
        "them open.", **open_now), "accept_open", status=409)


def _unfinalise_reason(reason):
    reason = clean(reason, multiline=True)
    if not reason:
        raise DomainError(_("Write why the record is opened again; it is kept in the audit log."),
                          "reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(n)d characters.", n=MAX_REASON), "reason")
    return reason


def transition(db, forum, action, user_id, accept_open=False, reason=""):
    """Take one lifecycle step; records it in the audit log and tells every client.

    Finalising locks the record: it is refused while inputs wait for moderation or a decision,
    unless staff accept that (`accept_open`); what was open is then kept with the forum and in
    the audit log, and the Berita Acara says so. Unfinalising opens the record again and needs a
    `reason`, kept in the audit log; it forgets when and with what open the record was
    finalised, so the next finalisation counts again and restarts the retention period of
    contact details (privacy.purge_contacts)."""
    if action not in TRANSITIONS or forum["status"] not in TRANSITIONS[action][0]:
        raise DomainError(_("This step is not possible from the forum's current status."),
                          status=409)
    target = TRANSITIONS[action][1]
    before, after = {"status": forum["status"]}, {"status": target}
    if action == "unfinalise":
        after["reason"] = _unfinalise_reason(reason)
    with events.change(db, forum["id"]) as change:
        if action == "unfinalise":
            before.update({key: forum[key] for key in
                           ("finalised_utc", "finalised_pending", "finalised_undecided")})
            db.execute("UPDATE forums SET finalised_utc = NULL, finalised_pending = NULL, "
                       "finalised_undecided = NULL, signing_json = NULL WHERE id = ?", [forum["id"]])
        if target == "finalised":
            open_now = open_items(db, forum["id"])  # counted in the transaction that locks
            if (open_now["pending"] or open_now["undecided"]) and not accept_open:
                _refuse_open_record(open_now)
            after.update(open_now, accepted_open=bool(open_now["pending"] or open_now["undecided"]))
            # The retention period of contact details starts here.
            # Who signs, as the documents print it, kept as it is now: a letterhead or a
            # note-taker's position changed later must not change what was signed.
            signing = units.snapshot(units.letterhead(db, forum["unit"]), users.notetaker(db, forum["id"]))
            db.execute("UPDATE forums SET finalised_utc = ?, finalised_pending = ?, "
                       "finalised_undecided = ?, signing_json = ? WHERE id = ?",
                       [utc_now(), open_now["pending"], open_now["undecided"], signing, forum["id"]])
        db.execute("UPDATE forums SET status = ? WHERE id = ?", [target, forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action=f"forum.{action}",
                     before=before, after=after)
        change.raise_event(events.FORUM_STATUS_CHANGED, {"status": target})
    return change.seq
