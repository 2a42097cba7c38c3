"""What `serve` adds for many connections in one process: group commit, reused database
connections, a tuned GC, and pauses in long grouping work (fkp/inputs/groups.py).

Group commit (fkp/store/group_commit.py) turns many durable inputs into one fsync. The garbage
collector's full (generation 2) collections walk every object the process holds; with
thousands of sockets that is 50–100 ms during which no socket is served. Freezing the heap
every few seconds moves what has survived so far out of the collector's sight (gc.freeze),
so a full collection walks only what is new: young garbage is still collected as usual.
But a frozen object is never collected: requests in flight at a freeze that later become
reference cycles would stay forever (a 90-second bench at 100 inputs/s grew by 30 MB).
So once a minute the heap is thawed and collected whole (with the thaw every 10 s the same
bench grew by 14 MB; the pause is one full collection a minute instead of several).
"""
import gc
import itertools

from ..inputs import groups
from ..store import group_commit

FREEZE_EVERY_S = 5
THAW_EVERY = 12  # freezes: a full collection of everything once a minute
POOL_SIZE = 128  # idle connections kept (fkp/store/db.py): requests waiting for a commit hold theirs


def prepare(app):
    """Call once in `serve`, after monkey-patching and before serving."""
    if app.config["GROUP_COMMIT"]:
        group_commit.start(app)
    app.config.setdefault("DB_POOL", POOL_SIZE)
    import gevent
    # Rebuilding a forum's groups of similar inputs takes up to seconds: it lets others run.
    groups.pause_with(lambda: gevent.sleep(0))
    gevent.spawn(_freeze_survivors)


def _freeze_survivors():
    import gevent
    for n in itertools.count(1):
        gevent.sleep(FREEZE_EVERY_S)
        if n % THAW_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
