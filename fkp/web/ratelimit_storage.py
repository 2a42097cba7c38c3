"""The in-memory rate-limit storage (`memory://`, the default), with its clean-up made cheap.

The `limits` library's MemoryStorage deletes expired counts in a timer that runs every 10 ms
and walks every key it holds. With a counter per participant that walk is O(attendees) a
hundred times a second: profiled under `scripts/bench` at 1,000 attendees it took about 40 %
of the server's CPU. The counts do not need it to be right — every check compares times
itself (an entry older than its window is simply not counted) — the walk only frees memory.
So it runs every SWEEP_S seconds here.

Registered under the scheme `memory`, in place of the library's class, so that
FKP_RATELIMIT_STORAGE=memory:// keeps its meaning. tests/web/test_limits.py checks the hook this
relies on, so a change in `limits` fails there rather than quietly bringing the cost back.
"""
import threading

from limits.storage import MemoryStorage as _LibraryMemoryStorage

SWEEP_S = 5.0


class MemoryStorage(_LibraryMemoryStorage):
    STORAGE_SCHEME = ["memory"]

    def __init__(self, *args, **kwargs):
        self._sweep_due = False
        super().__init__(*args, **kwargs)

    # The library's own (name-mangled) scheduler, called on every hit: same job, longer wait,
    # and one pending sweep at most. The library asks its timer is_alive(), which under gevent
    # stays false while a new timer's start() waits for it to run; every request in that
    # moment started another, and profiled at 1,000 attendees dozens of sweeps ran back to
    # back every SWEEP_S (5 % of the CPU). A flag set before start() cannot race that way.
    def _MemoryStorage__schedule_expiry(self):
        if not self._sweep_due:
            self._sweep_due = True
            self.timer = threading.Timer(SWEEP_S, self._sweep)
            self.timer.daemon = True
            self.timer.start()

    def _sweep(self):
        try:
            self._MemoryStorage__expire_events()
        finally:
            self._sweep_due = False
