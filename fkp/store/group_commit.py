"""Group commit: the inputs and joins that arrive while a commit is under way are written
together in the next durable transaction, and each is answered only after that commit.

Why: under gevent every request shares one OS thread, and a commit with synchronous=FULL
waits for the disk (0.3 ms on a good SSD, 5–10 ms on a busy virtual disk). Committing each
input by itself caps a forum at one input per fsync and freezes every socket meanwhile. The
writer waits for the disk in its own OS thread (SQLite releases the GIL meanwhile), so the
hub keeps serving while the disk writes, and one fsync covers the whole batch. What queued
during one commit is the next batch, and a commit starts no sooner than COMMIT_SPACING after
the one before: a lone input after a quiet moment waits for nothing, while a steady stream
(1,000 inputs/s, each commit only ~1 ms) shares each commit among several inputs instead of
two or three. Every commit costs its fsync, its BEGIN, the thread's wake-up and a message to
each moderator; spacing them 2 ms apart took the server's CPU at 1,000 inputs/s from 85% to
65% for ~2 ms more on an answer (docs/operations.md). A full batch does not wait.

Acknowledged still means durable: write() returns only after COMMIT returned. Each work item
runs in its own savepoint, so one that fails (a repeated client_id, say) is undone alone and
its exception is raised to its caller; if the commit itself fails, every caller of the batch
gets the error and nothing of it is acknowledged.

Only `serve` starts a writer (it runs under gevent). Everywhere else — tests, the CLI —
write() runs the work at once in a transaction on the caller's connection.
"""
import time

from flask import current_app, has_app_context

from .db import connect

MAX_BATCH = 500
COMMIT_SPACING = 0.002  # seconds from one commit's start to the next's, at the least
EXTENSION = "fkp_writer"


def write(db, work):
    """Run work(db) in a durable transaction and return its result once committed.

    work must only use the connection it is given (in the writer it is not the caller's) and
    must not need a request: it is SQL, with validation done before.
    """
    writer = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if writer is None or db.conn.in_transaction:  # inside a caller's transaction: join it
        with db.atomic():
            return work(db)
    return writer.submit(work)


def start(app):
    """Give app a group-commit writer (call once, in a gevent-patched process)."""
    app.extensions[EXTENSION] = GroupCommit(app.config["DATABASE"])


class GroupCommit:
    """One writer greenlet with its own connection, and one OS thread that commits for it."""

    def __init__(self, path, max_batch=MAX_BATCH, spacing=COMMIT_SPACING):
        import gevent
        from gevent.event import Event
        from gevent.queue import SimpleQueue
        from gevent.threadpool import ThreadPool

        self.path, self.max_batch, self.spacing = path, max_batch, spacing
        self.queue = SimpleQueue()
        self.full = Event()  # set when max_batch items wait: the spacing is cut short
        self.pool = ThreadPool(1)  # where COMMIT waits; the connection is used by one side at a time
        self.db = None
        self.batches = self.items = 0  # for the curious: items / batches is the mean batch
        self.greenlet = gevent.spawn(self._run)

    def submit(self, work):
        from gevent.event import AsyncResult

        result = AsyncResult()
        self.queue.put((work, result))
        if self.queue.qsize() >= self.max_batch:
            self.full.set()
        return result.get()

    def _run(self):
        from gevent.queue import Empty

        began = float("-inf")
        while True:
            self.queue.peek()  # wait for work, then for the spacing, then take what queued
            wait = began + self.spacing - time.monotonic()
            if wait > 0 and self.queue.qsize() < self.max_batch:
                self.full.clear()
                self.full.wait(wait)
            began = time.monotonic()
            batch = [self.queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get_nowait())
                except Empty:
                    break
            outcomes = self._commit(batch)
            self.batches += 1
            self.items += len(batch)
            for (_work, result), (ok, value) in zip(batch, outcomes):
                if ok:
                    result.set(value)
                else:
                    result.set_exception(value)

    def _commit(self, batch):
        """Every item in a savepoint of one transaction, then one commit.

        COMMIT, which waits for the disk, runs in the writer's OS thread, so the hub serves
        sockets meanwhile. The rest runs here, on the hub, without yielding: the items'
        statements only touch SQLite's page cache, and in the thread they would queue for
        the GIL at every statement while the hub is busy (a batch of 100 took seconds that
        way). BEGIN must not yield either: a greenlet holding the write lock while another
        greenlet waits for it on the hub (a moderator's approval) would stall both until
        the busy timeout. (With several processes BEGIN may wait, on the hub, for another
        process's commit: one fsync at most.)"""
        try:
            if self.db is None:
                self.db = connect(self.path)
            db = self.db
            db.conn.execute("BEGIN IMMEDIATE")
            outcomes = []
            try:
                for work, _result in batch:
                    try:
                        with db.atomic():  # a savepoint: a failing item is undone alone
                            outcomes.append((True, work(db)))
                    except Exception as e:  # noqa: BLE001 - handed to the item's caller
                        outcomes.append((False, e))
                self.pool.apply(db.conn.execute, ("COMMIT",))
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
            return outcomes
        except Exception as e:  # noqa: BLE001 - nothing of this batch is acknowledged
            self._reconnect()
            return [(False, e)] * len(batch)

    def _reconnect(self):
        """After a failed commit (disk full, I/O error) start the next batch on a fresh connection."""
        db, self.db = self.db, None
        try:
            if db is not None:
                db.close()
        except Exception:  # noqa: BLE001 - the old connection is being dropped anyway
            pass
