"""The inputs staff answer after the forum, read as a worklist: which match a filter, in what
order, how many are decided, one page at a time.

An online forum brings hundreds of inputs; staff answer them a service, an aspect or a kind
at a time, so every filter combines with the others and a filtered view is a page of ids that
stays the same size however large the forum grows. Input a moderator hid or merged away is
not answered (a merged duplicate is answered through the input it was merged into).
"""
from math import ceil

from ..inputs import comments
from .responses import response_of

PAGE_SIZE = 25
NONE = "none"  # the filter value for "no service yet" (chat import) and "no decision yet"

# Services and aspects in the forum's order, input without a service (an imported chat) last.
_FROM = """FROM comments c LEFT JOIN responses r ON r.comment_id = c.id
  LEFT JOIN services s ON s.id = c.service_id LEFT JOIN aspects a ON a.id = c.aspect_id
  WHERE c.forum_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL"""
_ORDER = " ORDER BY s.position IS NULL, s.position, a.position IS NULL, a.position, c.id"


def _where(filters):
    """SQL conditions and their parameters for filters: service (an id or NONE), aspect (an id),
    kind, channel, decision (a code or NONE), status (pending or approved); None: any."""
    sql, params = [], []
    for key, column in (("service", "c.service_id"), ("aspect", "c.aspect_id"), ("kind", "c.kind"),
                        ("channel", "c.channel"), ("status", "c.status"), ("decision", "r.decision")):
        value = filters.get(key)
        if value == NONE:  # no service yet (a chat import), no decision yet
            sql.append(f"{column} IS NULL")
        elif value is not None:
            sql.append(f"{column} = ?")
            params.append(value)
    return "".join(f" AND {s}" for s in sql), params


def ids(db, forum_id, filters=None):
    """The ids of the inputs to answer that match filters, in the order the page lists them."""
    where, params = _where(filters or {})
    return [row[0] for row in db.execute(f"SELECT c.id {_FROM}{where}{_ORDER}", [forum_id, *params])]


def counts(db, forum_id):
    """(inputs to answer, of which decided) for the whole forum."""
    total, decided = db.execute(f"SELECT count(*), count(r.decision) {_FROM}", [forum_id]).fetchone()
    return total, decided


def pages(matching):
    """How many pages a list of ids fills (at least one, if empty)."""
    return max(1, ceil(len(matching) / PAGE_SIZE))


def page_of(matching, comment_id):
    """The page (from 1) a listed input is on; None when it is not listed."""
    return matching.index(comment_id) // PAGE_SIZE + 1 if comment_id in matching else None


def page(db, matching, number):
    """The inputs of page `number` of matching, each as (comment, response or None)."""
    chosen = matching[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    return [(comments.get(db, cid), response_of(db, cid)) for cid in chosen]


def after(matching, comment_id):
    """The input listed after comment_id, or None (the last one, or not listed)."""
    if comment_id not in matching:
        return None
    position = matching.index(comment_id)
    return matching[position + 1] if position + 1 < len(matching) else None
