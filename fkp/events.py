"""Domain events: past-tense facts published only after the write that raised them commits.

Every domain change that others hear of goes through change(): one transaction that
advances the forum's sequence number once, and the events raised inside it, handed to the
subscribers (live.py, which routes them to Socket.IO rooms) only after the outermost change
commits. A change that fails publishes nothing, and its seq rolls back with it.
Every name here is documented, with its payload, in docs/events.md.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

COMMENT_SUBMITTED = "comment_submitted"
# Not raised by any change: several comment_submitted committed together, as staff hear them
# (fkp/live.py, StaffBatch).
COMMENTS_SUBMITTED = "comments_submitted"
COMMENT_APPROVED = "comment_approved"
COMMENT_HIDDEN = "comment_hidden"
COMMENT_PINNED = "comment_pinned"
COMMENT_UNPINNED = "comment_unpinned"
FOCUS_CHANGED = "focus_changed"
PARTICIPANT_JOINED = "participant_joined"
FORUM_STATUS_CHANGED = "forum_status_changed"
DISPLAY_CHANGED = "display_changed"
COMMENT_EDITED = "comment_edited"
COMMENT_ANSWERED = "comment_answered"
COMMENT_UNANSWERED = "comment_unanswered"
COMMENT_MERGED = "comment_merged"
COMMENT_UNMERGED = "comment_unmerged"
COMMENT_SUPPORTED = "comment_supported"
PARTICIPANT_BANNED = "participant_banned"
PARTICIPANT_UNBANNED = "participant_unbanned"
STATEMENT_RECORDED = "statement_recorded"
STATEMENT_EDITED = "statement_edited"
STATEMENT_REMOVED = "statement_removed"
AGREEMENT_OPENED = "agreement_opened"
AGREEMENT_ANSWERED = "agreement_answered"
AGREEMENT_CLOSED = "agreement_closed"
PROMISES_CHANGED = "promises_changed"


@dataclass(frozen=True)
class Event:
    name: str
    forum_id: int
    seq: int
    data: dict = field(default_factory=dict)
    participant_id: int | None = None  # whose own view should also hear it


_subscribers = []


def subscribe(fn):
    """Register fn(event) to be called for every published event."""
    if fn not in _subscribers:
        _subscribers.append(fn)
    return fn


def _publish(event):
    """Hand a committed fact to every subscriber (only change() may: it knows it committed)."""
    for fn in list(_subscribers):
        fn(event)


def _bump_seq(db, forum_id):
    """Advance the forum's sequence number, the order in which its changes are told."""
    return db.execute(
        "UPDATE forums SET seq = seq + 1 WHERE id = ? RETURNING seq", [forum_id]).fetchone()[0]


class Change:
    """One change of a forum under way: the seq it is told with and the events it raised."""

    def __init__(self, db, forum_id, seq=None, via=None):
        self.db, self.forum_id, self.seq, self._via = db, forum_id, seq, via
        self.raised = []

    def raise_event(self, name, data=None, participant_id=None):
        """Tell `name` to the subscribers once this change (or the one it joined) commits."""
        if self.seq is None:
            raise RuntimeError("a change made with `via` has its seq only once write() returns")
        self.raised.append(Event(name, self.forum_id, self.seq, data or {}, participant_id))

    def write(self, work):
        """Run work(w, seq) — SQL only, on the connection w it is given — and return its result.

        In a change made with `via` (group_commit.write) the work runs through it, so on
        another connection, with the seq advanced in the same transaction; it has committed
        when write() returns. Otherwise it runs at once in this change's transaction."""
        if self._via is None:
            return work(self.db, self.seq)
        if self.seq is not None:
            raise RuntimeError("a change made with `via` writes once")

        def advanced(w):
            seq = _bump_seq(w, self.forum_id)
            return seq, work(w, seq)
        self.seq, result = self._via(self.db, advanced)
        return result


_open = {}  # connection -> the outermost change running on it


@contextmanager
def change(db, forum_id, via=None):
    """One change of a forum: yields a Change; its events are published after it commits.

    Outermost, it opens a transaction on db and advances the forum's seq. Inside another
    change on the same connection it joins it: a savepoint (undone alone if it fails), the
    outer change's seq, and its events told, in the order raised, when the outer one commits.

    via: group_commit.write, for the hot paths (an input, a join) whose SQL must run in the
    group commit, on the writer's connection. The change's SQL then goes through
    Change.write(work); the body after it runs once that is committed. Nested in a change on
    db, the work instead joins that change's transaction.
    """
    outer = _open.get(db.conn)
    if outer is not None:
        if outer.forum_id != forum_id:
            raise ValueError("a change of one forum cannot join a change of another")
        inner = Change(db, forum_id, outer.seq)
        with db.atomic():
            yield inner
        outer.raised += inner.raised
        return
    if db.conn.in_transaction:  # its commit would come after we had told of it
        raise RuntimeError("a change must not start inside a transaction that is not a change")
    this = Change(db, forum_id, via=via)
    if via is None:
        _open[db.conn] = this
        try:
            with db.atomic():
                this.seq = _bump_seq(db, forum_id)
                yield this
        finally:
            del _open[db.conn]
    else:
        yield this
    for event in this.raised:
        _publish(event)
