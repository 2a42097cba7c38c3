"""What `serve` adds for many connections in one process: group commit, reused database
connections, a tuned GC, pauses in long grouping work (fkp/inputs/groups.py), and the file
limit raised as far as the system allows (each connection is an open file; fkp/serve/server.py
caps connections at what the limit leaves room for).

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

try:  # POSIX only: Windows has no per-process limit on sockets to raise
    import resource
except ImportError:
    resource = None

from ..inputs import groups
from ..store import group_commit
from . import hubtrace

FREEZE_EVERY_S = 5
THAW_EVERY = 12  # freezes: a full collection of everything once a minute
POOL_SIZE = 128  # idle connections kept (fkp/store/db.py): requests waiting for a commit hold theirs
FILE_LIMIT = 65536  # open files asked for: far more connections than one process serves


def prepare(app):
    """Call once in `serve`, after monkey-patching and before serving."""
    raise_file_limit()
    if app.config["GROUP_COMMIT"]:
        group_commit.start(app)
    app.config.setdefault("DB_POOL", POOL_SIZE)
    unmask_in_c()
    untrack_greenlets()
    import gevent
    # Rebuilding a forum's groups of similar inputs takes up to seconds: it lets others run.
    groups.pause_with(lambda: gevent.sleep(0))
    gevent.spawn(_freeze_survivors)
    if app.config.get("HUB_TRACE"):
        hubtrace.start(app.config["HUB_TRACE"])
        app.wsgi_app = hubtrace.label_requests(app.wsgi_app)


def unmask_in_c():
    """Unmask what phones send with wsaccel's C masker, not gevent-websocket's Python loop.

    Every frame a browser sends is masked (RFC 6455), and gevent-websocket (0.10, unchanged
    since 2017) XORs it back a byte at a time in Python: 20 µs for an input of 200 bytes, 3 %
    of the server's CPU for an input sent over the socket; the C masker takes under 1 µs.
    wsaccel is installed for gevent-websocket's UTF-8 check already (pyproject.toml)."""
    from geventwebsocket.websocket import Header
    from wsaccel.xormask import createXorMasker

    def unmask_payload(header, payload):
        return createXorMasker(header.mask, header.length).process(payload)
    Header.unmask_payload = Header.mask_payload = unmask_payload


def untrack_greenlets():
    """Stop gevent recording, for every greenlet, who spawned it and the spawning stack.

    The record serves gevent.util's tree printing, a debugging aid. It costs a walk of 30-50
    frames on each of the several greenlets a phone's connection starts, and ~4 KB held per
    connection: 5,000 phones took 410 MB instead of 430 MB, and 2-7 % less CPU to join."""
    import gevent
    gevent.config.track_greenlet_tree = False


def _freeze_survivors():
    import gevent
    for n in itertools.count(1):
        gevent.sleep(FREEZE_EVERY_S)
        if n % THAW_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()


def raise_file_limit(wanted=FILE_LIMIT):
    """Raise this process's soft limit on open files towards `wanted`, as far as the hard limit
    allows (often 1024 soft on a laptop, with a far higher hard limit). Returns the limit now
    (None where there is no such limit: Windows)."""
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft
        return target
    return soft
