"""What a live page missed: every input changed after the sequence number it last saw, and
the forum's state now.

Every change to a forum bumps its sequence number, and an input carries the number of its
latest change, so "changed since N" is one indexed query. A page asks on every (re)connect:
events published while its socket was down, or between the page being rendered and its
socket joining, are never replayed by Socket.IO, and without this a moderator screen or
display would silently miss them. A page applies the answer through its ordinary event
handlers; an input that changed several times arrives once, in its latest state.
"""
from ..forums import agreement, display, forums, promises
from ..people import participants
from . import comments, queue
from .projection import own_comment, public_comment

PAGE = 500  # inputs per answer; the page asks again while "more" is true


def changes(db, forum_id, since, audience, participant=None):
    """{seq, more, status, focus, display, group_counts, comments, ...} of what changed after
    `since`. audience "staff" gets whole inputs and the counts per aspect; "public" gets
    inputs as the display shows them, plus, for an attendee (`participant`), their own
    inputs in full and whether they are stopped. Staff also get the counts per service × aspect
    (cell_counts, keyed "service_id:aspect_id")."""
    forum = forums.get(db, forum_id)  # read first: a change after it is simply asked again
    rows = comments.changed_since(db, forum_id, since, PAGE + 1)
    more = len(rows) > PAGE
    if more:
        rows = _whole_changes(db, forum_id, rows)
    screen = display.state(db, forum)
    out = {"seq": rows[-1]["seq"] if more else max(forum["seq"], since), "more": more,
           "status": forum["status"], "focus": forums.focus(forum),
           "group_counts": participants.group_counts(db, forum_id),
           "agreement": agreement.current(db, forum), "promises": promises.current(db, forum)}
    if audience == "staff":
        return {**out, "display": screen, "comments": rows,
                "aspect_counts": comments.aspect_counts(db, forum_id),
                "cell_counts": queue.cell_counts(db, forum_id)}
    out.update(display={**screen, "comment": public_comment(screen["comment"])},
               comments=[public_comment(row) for row in rows])
    if participant is not None:
        out.update(own=[own_comment(row) for row in rows if row["participant_id"] == participant["id"]],
                   banned=bool(participant["banned_utc"]),
                   agreement_answer=out["agreement"] and agreement.answer_of(
                       db, out["agreement"]["id"], participant["id"]))
    return out


def _whole_changes(db, forum_id, rows):
    """The first PAGE rows, cut after a whole change: the next page starts after the last
    seq sent, and one change can touch many inputs under one seq (a chat import)."""
    cut = rows[PAGE]["seq"]  # the first change not wholly in the page
    return [row for row in rows[:PAGE] if row["seq"] < cut] or comments.changed_at(db, forum_id, cut)
