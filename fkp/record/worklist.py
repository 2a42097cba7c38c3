"""The inputs staff answer after the forum, read as a worklist: which match a filter, in what
order, how many are decided, one page at a time.

An online forum brings hundreds of inputs; staff answer them a service, an aspect or a kind
at a time, so every filter combines with the others and a filtered view is a page of ids that
stays the same size however large the forum grows. Input a moderator hid or merged away is
not answered (a merged duplicate is answered through the input it was merged into).

A group of similar inputs (fkp/inputs/groups.py) is a filter too, `group`: the id of an input,
listing the inputs of the group it is in now, so staff answer them with one save. A merged
input is in no group of its own: it belongs with, and is answered through, the input it was
merged into. A group's view is one page of up to GROUP_PAGE_SIZE, so "all on this page"
answers a whole group at once.
"""
from math import ceil

from ..inputs import comments, groups
from .responses import response_of

PAGE_SIZE = 25
GROUP_PAGE_SIZE = 100  # a group's view: the largest group a hall writes, on one page
NONE = "none"  # the filter value for "no service yet" (chat import) and "no decision yet"

# Services and aspects in the forum's order, input without a service (an imported chat) last.
_FROM = """FROM comments c LEFT JOIN responses r ON r.comment_id = c.id
  LEFT JOIN services s ON s.id = c.service_id LEFT JOIN aspects a ON a.id = c.aspect_id
  WHERE c.forum_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL"""
_ORDER = " ORDER BY s.position IS NULL, s.position, a.position IS NULL, a.position, c.id"


def _where(db, forum_id, filters):
    """SQL conditions and their parameters for filters: service (an id or NONE), aspect (an id),
    kind, channel, decision (a code or NONE), status (pending or approved), group (an input's
    id: the inputs of its group of similar ones); None: any."""
    sql, params = [], []
    if filters.get("group") is not None:
        members = groups.members_with(db, forum_id, filters["group"])
        sql.append(f"c.id IN ({', '.join('?' * len(members))})" if members else "0")
        params.extend(members)
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
    where, params = _where(db, forum_id, filters or {})
    return [row[0] for row in db.execute(f"SELECT c.id {_FROM}{where}{_ORDER}", [forum_id, *params])]


def counts(db, forum_id):
    """(inputs to answer, of which decided) for the whole forum."""
    total, decided = db.execute(f"SELECT count(*), count(r.decision) {_FROM}", [forum_id]).fetchone()
    return total, decided


def page_size(filters):
    """How many inputs a page of this filter lists: a group's view is one longer page."""
    return GROUP_PAGE_SIZE if (filters or {}).get("group") is not None else PAGE_SIZE


def similar(db, forum_id, comment_ids):
    """{input id: (its group's id, how many inputs the group lists to answer)} for those of
    comment_ids in a group that lists at least two (hidden inputs are not answered, and not
    counted)."""
    found = groups.groups_of(db, forum_id, comment_ids)
    members = sorted({m for _group, ids in found.values() for m in ids})
    listed = set()
    for start in range(0, len(members), 500):
        chunk = members[start:start + 500]
        listed.update(row[0] for row in db.execute(
            f"SELECT id FROM comments WHERE status != 'hidden' AND merged_into_id IS NULL "
            f"AND id IN ({', '.join('?' * len(chunk))})", chunk))
    out = {}
    for comment_id, (group, ids) in found.items():
        n = sum(1 for m in ids if m in listed)
        if n >= 2:
            out[comment_id] = (group, n)
    return out


def pages(matching, size=PAGE_SIZE):
    """How many pages a list of ids fills (at least one, if empty)."""
    return max(1, ceil(len(matching) / size))


def page_of(matching, comment_id, size=PAGE_SIZE):
    """The page (from 1) a listed input is on; None when it is not listed."""
    return matching.index(comment_id) // size + 1 if comment_id in matching else None


def page(db, matching, number, size=PAGE_SIZE):
    """The inputs of page `number` of matching, each as (comment, response or None)."""
    chosen = matching[(number - 1) * size:number * size]
    return [(comments.get(db, cid), response_of(db, cid)) for cid in chosen]


def after(matching, comment_id):
    """The input listed after comment_id, or None (the last one, or not listed)."""
    if comment_id not in matching:
        return None
    position = matching.index(comment_id)
    return matching[position + 1] if position + 1 < len(matching) else None
