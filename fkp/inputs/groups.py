"""The groups of similar inputs of a forum as its database holds them now, for the console and
the responses page.

fkp/inputs/similarity.py groups inputs but keeps no state of its own beyond one `Grouper`;
this module keeps one Grouper per forum in this process's memory and brings it up to date
from the database on every call, so it follows whatever wrote the forum — this process,
another worker, the CLI — without a hook in any write path. It only reads.

How it follows: every change of a forum advances the forum's `seq`, and every input carries
the seq of its latest change (fkp/inputs/resync.py reads the same). A Grouper remembers the seq
it reflects; a call reads the inputs changed after it:
- an input not yet placed, newer than every placed one, is `add`ed (grouped as it arrives:
  well under 20 ms, docs/grouping.md);
- a change to an input already placed that matters to its group — its text, its service or
  aspect corrected, merged away — or an older input coming (back) in (unmerged, or a chat
  import's input given its service and aspect), rebuilds the forum's Grouper from the
  database (2,000 inputs in well under 2 s), so the groups are always those a fresh build
  gives; other changes (approve, hide, pin, support) change nothing here;
- a forum whose seq went back (a restored database) or whose count of grouped inputs no
  longer matches the database is rebuilt too.

What is grouped: the forum's inputs that are not merged into another and have a service and
an aspect, in id order. A merged input belongs with the input it was merged into, and is
answered through it (fkp/record/worklist.py).

A group is named by its earliest member's input id, never by the Grouper's own number: a
rebuild numbers groups anew, while the earliest member of a group stays the same unless
that input itself leaves. URLs and forms name a group by that id, and read it as "the group
this input is in now" (`members_with`), so an old link still finds the right inputs.

Under gevent (`serve`) a rebuild pauses every PAUSE_EVERY inputs to let other requests run.

Memory: at most MAX_FORUMS forums are kept, the least recently used dropped first, and a
forum not asked about for IDLE_SECONDS is dropped. One lock guards the table; each forum has
its own, held while its Grouper is brought up to date and read.
"""
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from . import comments
from .similarity import Grouper

MAX_FORUMS = 8
IDLE_SECONDS = 3600
PAUSE_EVERY = 25  # inputs placed between two pauses of a rebuild


def _no_pause():
    pass


_pause = _no_pause


def pause_with(fn):
    """Have a rebuild call fn() between every PAUSE_EVERY inputs: `serve` runs under gevent,
    where a rebuild of seconds would otherwise hold up every socket (fkp/serve/tuning.py
    passes gevent.sleep(0)). The forum's lock keeps others from seeing it half built."""
    global _pause
    _pause = fn or _no_pause


_GROUPED = ("FROM comments WHERE forum_id = ? AND merged_into_id IS NULL "
            "AND service_id IS NOT NULL AND aspect_id IS NOT NULL")


class _Forum:
    """One forum's Grouper, the seq it reflects, and what each placed input was placed as."""

    def __init__(self):
        self.lock = threading.Lock()
        self.grouper, self.seq, self.placed, self.last_id = None, None, {}, 0
        self.used = time.monotonic()

    def rebuild(self, db, forum_id, seq):
        rows = db.execute(f"SELECT id, service_id, aspect_id, text {_GROUPED} ORDER BY id", [forum_id]).fetchall()
        self.grouper = None  # until it is whole: a rebuild that fails is tried again next time
        self.placed, self.last_id, grouper = {}, 0, Grouper()
        for start in range(0, len(rows), PAUSE_EVERY):
            self.add(rows[start:start + PAUSE_EVERY], grouper)
            _pause()
        self.grouper, self.seq = grouper, seq

    def add(self, rows, grouper=None):
        for input_id, service_id, aspect_id, text in rows:
            (grouper or self.grouper).add(input_id, service_id, aspect_id, text)
            self.placed[input_id] = (service_id, aspect_id, text)
            self.last_id = max(self.last_id, input_id)

    def catch_up(self, db, forum_id, seq):
        """Apply the inputs changed after self.seq; False when only a rebuild can."""
        rows = db.execute("SELECT id, service_id, aspect_id, text, merged_into_id FROM comments "
                          "WHERE forum_id = ? AND seq > ? ORDER BY id", [forum_id, self.seq]).fetchall()
        new = []
        for input_id, service_id, aspect_id, text, merged_into_id in rows:
            grouped = merged_into_id is None and service_id is not None and aspect_id is not None
            placed = self.placed.get(input_id)
            if placed is not None:
                if not grouped or placed != (service_id, aspect_id, text):
                    return False
            elif grouped:
                if input_id < self.last_id:  # out of id order: a build would place it earlier
                    return False
                new.append((input_id, service_id, aspect_id, text))
        self.add(new)
        # seq read before the rows: a change after it is read again next time, and changes
        # nothing then. The count guards against what no seq tells (a restored database).
        self.seq = seq
        return db.execute(f"SELECT count(*) {_GROUPED}", [forum_id]).fetchone()[0] == len(self.placed)


_forums = OrderedDict()  # (database file, forum id) -> _Forum, least recently used first
_lock = threading.Lock()


def _entry(db, forum_id):
    path = db.execute("PRAGMA database_list").fetchone()[2]  # "" for an in-memory database
    key = (path or f"memory:{id(db.conn)}", forum_id)
    now = time.monotonic()
    with _lock:
        for old in [k for k, f in _forums.items() if now - f.used > IDLE_SECONDS]:
            del _forums[old]
        entry = _forums.get(key)
        if entry is None:
            entry = _forums[key] = _Forum()
        _forums.move_to_end(key)
        entry.used = now
        while len(_forums) > MAX_FORUMS:
            _forums.popitem(last=False)
    return entry


@contextmanager
def _current(db, forum_id):
    """The forum's Grouper, up to date, while its lock is held (None: no such forum)."""
    row = db.execute("SELECT seq FROM forums WHERE id = ?", [forum_id]).fetchone()
    if row is None:
        yield None
        return
    entry = _entry(db, forum_id)
    with entry.lock:
        if entry.grouper is None or row[0] < entry.seq or not (
                row[0] == entry.seq or entry.catch_up(db, forum_id, row[0])):
            entry.rebuild(db, forum_id, row[0])
        yield entry.grouper


def for_forum(db, forum_id):
    """An up-to-date Grouper of the forum's grouped inputs (an empty one for no forum). It is
    shared: read it at once, or use the helpers below, which read it under its lock."""
    with _current(db, forum_id) as grouper:
        return grouper or Grouper()


def forget():
    """Drop every forum's Grouper (tests; a restored database)."""
    with _lock:
        _forums.clear()


def _named(group):
    """A Grouper's group, named by its earliest member (members are in id order)."""
    return {**group, "id": group["members"][0]}


def groups(db, forum_id, service_id, aspect_id, min_size=2):
    """The groups of one service × aspect with at least min_size members, largest first (then
    oldest): {id, size, representative: {input_id, text}, members: [input ids]}."""
    with _current(db, forum_id) as grouper:
        found = grouper.groups(service_id, aspect_id) if grouper else []
    return [_named(g) for g in found if g["size"] >= min_size]


def members_with(db, forum_id, input_id):
    """The ids of the inputs in the group `input_id` is in now, in id order (a group's id is
    one of them); for a merged input, the group of the input it was merged into; [] when the
    input is not grouped (no service yet, or not in the forum)."""
    with _current(db, forum_id) as grouper:
        return _members(db, grouper, input_id)[1] if grouper else []


def _members(db, grouper, input_id):
    """(the Grouper's group of input_id or of what it was merged into, its member ids)."""
    group = grouper.group_of(input_id)
    if group is None:
        row = db.execute("SELECT merged_into_id FROM comments WHERE id = ?", [input_id]).fetchone()
        group = grouper.group_of(row[0]) if row and row[0] else None
    if group is None:
        return None, []
    return group, grouper.members(group)


def groups_of(db, forum_id, input_ids):
    """{input id: (its group's id, its members' ids)} for each of input_ids that is grouped."""
    out = {}
    with _current(db, forum_id) as grouper:
        for input_id in input_ids if grouper else ():
            group, members = _members(db, grouper, input_id)
            if group is not None:
                out[input_id] = (members[0], members)
    return out


def similar_to(db, forum_id, comment_id):
    """The group of one input: {id, size, representative: {input_id, text}, members: [the other
    members: {id, text, participant_name, status}]}, read from the database as they are now;
    None when the input is not grouped."""
    with _current(db, forum_id) as grouper:
        if grouper is None:
            return None
        group, members = _members(db, grouper, comment_id)
        if group is None:
            return None
        found = grouper.group(group)
    rows = {c["id"]: c for c in comments.of_ids(db, members)}
    kept = found["representative"]["input_id"]
    return {"id": members[0], "size": len(members),
            "representative": {"input_id": kept, "text": rows[kept]["text"] if kept in rows else ""},
            "members": [{"id": i, "text": rows[i]["text"], "participant_name": rows[i]["participant_name"],
                         "status": rows[i]["status"]} for i in members if i != comment_id and i in rows]}
