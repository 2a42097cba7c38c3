"""The moderator's queue: a forum's inputs filtered, searched and read a page at a time.

A hall of 300 writes thousands of inputs; the console must open as fast with 10,000 as with
ten. So it never renders them all: it asks for one page (PAGE inputs, newest first) and pages
by the last id it has (`before`), which stays right while new input keeps arriving at the top
(an offset would shift under the moderator's feet). Every filter combines with the others.
"""
from dataclasses import asdict, dataclass

from ..vocabulary import CHANNELS, GROUPS, KINDS, STATUSES
from . import comments, groups

PAGE = 50
MAX_QUERY = 100  # a search longer than this is cut; nobody types more into a search box
UNASSIGNED = "none"  # service_id=none: inputs with no service yet (an imported chat)


@dataclass(frozen=True)
class Filters:
    """What the moderator narrowed the queue to; None (or False) is "any"."""
    service_id: object = None  # an id, or UNASSIGNED
    aspect_id: int = None
    kind: str = None
    status: str = None
    channel: str = None
    group: str = None  # the giver's attendee group
    flagged: bool = False  # only inputs with restricted words
    q: str = None  # words in the text, the giver's name or institution
    similar: int = None  # the group of similar inputs this input is in now (fkp/inputs/groups.py)

    @classmethod
    def from_args(cls, args):
        """Filters read from a query string; a value that is not one of the choices is "any",
        as a hand-edited URL should simply show more, never fail."""
        def choice(name, allowed):
            value = args.get(name)
            return value if value in allowed else None
        service = args.get("service_id")
        q = " ".join((args.get("q") or "").split())[:MAX_QUERY]
        return cls(service_id=UNASSIGNED if service == UNASSIGNED else _id(service),
                   aspect_id=_id(args.get("aspect_id")),
                   kind=choice("kind", KINDS), status=choice("status", STATUSES),
                   channel=choice("channel", CHANNELS), group=choice("group", GROUPS),
                   flagged=args.get("flagged") == "1", q=q or None, similar=_id(args.get("similar")))

    def as_args(self):
        """The filters as query-string arguments (only those set)."""
        out = {k: v for k, v in asdict(self).items() if v not in (None, False)}
        if self.flagged:
            out["flagged"] = "1"
        return out


def _id(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _where(db, forum_id, f):
    where, params = ["c.forum_id = ?"], [forum_id]
    if f.similar:
        members = groups.members_with(db, forum_id, f.similar) or [f.similar]
        where.append(f"c.id IN ({', '.join('?' * len(members))})")
        params += members
    if f.service_id == UNASSIGNED:
        where.append("c.service_id IS NULL")
    for column, value in (("c.service_id", None if f.service_id == UNASSIGNED else f.service_id),
                          ("c.aspect_id", f.aspect_id), ("c.kind", f.kind), ("c.status", f.status),
                          ("c.channel", f.channel), ("p.group_code", f.group)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.flagged:
        where.append("c.flag_words IS NOT NULL")
    if f.q:
        # every word somewhere in the text, the name or the institution: "bpjs lama" finds
        # "BPJS ... terlalu lama"; LIKE's own wildcards in a search are taken literally
        for word in f.q.split():
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(c.text LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' "
                         "OR p.institution LIKE ? ESCAPE '\\')")
            params += [like, like, like]
    return " AND ".join(where), params


def page(db, forum_id, filters, before=None, size=PAGE):
    """(inputs, more): up to `size` inputs matching `filters`, newest first, older than the
    input id `before` when given; more is whether older ones follow."""
    where, params = _where(db, forum_id, filters)
    if before:
        where += " AND c.id < ?"
        params.append(before)
    rows = comments.query(db, where + " ORDER BY c.id DESC LIMIT ?", [*params, size + 1])
    return rows[:size], len(rows) > size


def count(db, forum_id, filters):
    """How many inputs match `filters`."""
    where, params = _where(db, forum_id, filters)
    return db.execute("SELECT count(*) FROM comments c JOIN participants p ON p.id = c.participant_id "
                      "WHERE " + where, params).fetchone()[0]


def cell_counts(db, forum_id):
    """{"service_id:aspect_id": number of inputs}: the console's table of where input falls,
    per service × aspect (the same aspect under two services is two different things)."""
    return {f"{r['service_id']}:{r['aspect_id']}": r["n"] for r in db.query(
        "SELECT service_id, aspect_id, count(*) AS n FROM comments WHERE forum_id = ? "
        "AND service_id IS NOT NULL AND aspect_id IS NOT NULL GROUP BY service_id, aspect_id",
        [forum_id])}
