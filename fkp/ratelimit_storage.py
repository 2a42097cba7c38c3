"""The in-memory rate-limit storage (`memory://`, the default), with its clean-up made cheap.

The `limits` library's MemoryStorage deletes expired counts in a timer that runs every 10 ms
and walks every key it holds. With a counter per participant that walk is O(attendees) a
hundred times a second: profiled under `scripts/bench` at 1,000 attendees it took about 40 %
of the server's CPU. The counts do not need it to be right — every check compares times
itself (an entry older than its window is simply not counted) — the walk only frees memory.
So it runs every SWEEP_S seconds here.

Registered under the scheme `memory`, in place of the library's class, so that
FKP_RATELIMIT_STORAGE=memory:// keeps its meaning. tests/test_limits.py checks the hook this
relies on, so a change in `limits` fails there rather than quietly bringing the cost back.
"""
import threading

from limits.storage import MemoryStorage as _LibraryMemoryStorage

SWEEP_S = 5.0


class MemoryStorage(_LibraryMemoryStorage):
    STORAGE_SCHEME = ["memory"]

    # The library's own (name-mangled) scheduler, called on every hit: same job, longer wait.
    def _MemoryStorage__schedule_expiry(self):
        if not self.timer.is_alive():
            self.timer = threading.Timer(SWEEP_S, self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()
