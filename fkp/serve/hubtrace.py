"""A trace of the hub's blocking time (FKP_HUB_TRACE=FILE; `scripts/bench --profile` sets it).

Under gevent every request, socket and commit of a `serve` process takes turns on one OS
thread. Whatever becomes ready — a phone's request, a finished commit — waits until the greenlet
running now, and every one queued before it, has had its turn. A CPU profile says where the
time goes, not how long anyone waited for the hub; this trace says both:

- a probe greenlet asks to wake every PROBE_S, then queues behind the greenlets already
  woken; how late it gets its turn is how long the hub kept anything that became ready at
  that moment waiting (its lateness percentiles);
- a greenlet switch hook (greenlet.settrace) times every turn of every greenlet and names it:
  a request by its method and path (ids collapsed), else by the function it runs (engine.io's
  writer of one socket, a Socket.IO event handler, the group commit's writer, the fan-out);
- whenever the probe is later than BLOCK_S, the turns taken during that span, summed by name,
  are kept with it (a block).

Every REPORT_EVERY_S the record (probes per second, each lateness over LATE_KEPT_MS and each
block, with its wall-clock time) is written to FILE as JSON, replaced whole; summary() reads
it for any span of time, e.g. one phase of a benchmark. The hook costs about a microsecond per
switch: the trace is off unless FKP_HUB_TRACE is set.
"""
import json
import os
import re
import time
from collections import deque

PROBE_S = 0.001
BLOCK_S = 0.005
LONGEST = 20
REPORT_EVERY_S = 1.0
RUNS_KEPT = 200_000  # turns remembered, to name what ran during a block
LATE_KEPT_MS = 1.0  # probes later than this are kept one by one (the rest only counted)
LATE_KEPT = 500_000
BLOCKS_KEPT = 2_000
_IDS = re.compile(r"/(?:\d+|[A-Z0-9]{5,8})(?=/|$)")


def label_requests(wsgi_app):
    """WSGI middleware: the greenlet serving a request is named by it in the trace."""
    from gevent import getcurrent

    def labelled(environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = "?transport=websocket" if "transport=websocket" in environ.get("QUERY_STRING", "") else ""
        getcurrent().fkp_label = f"{environ.get('REQUEST_METHOD')} {_IDS.sub('/…', path)}{query}"
        return wsgi_app(environ, start_response)
    return labelled


def _function_label(greenlet, cache={}):  # noqa: B006 - a cache by design
    run = getattr(greenlet, "_run", None) or getattr(greenlet, "run", None)
    fn = getattr(run, "__func__", run)
    key = id(fn)
    label = cache.get(key)
    if label is None:
        label = cache[key] = getattr(fn, "__qualname__", None) or type(greenlet).__name__
    return label


class HubTrace:
    def __init__(self, path, hub):
        self.path, self.hub = path, hub
        self.runs = deque(maxlen=RUNS_KEPT)  # (start, end, label)
        self.per_second = {}  # whole second (wall clock) -> probes
        self.late = []  # [wall clock, ms] of each probe later than LATE_KEPT_MS
        self.blocks = []  # [wall clock, ms, {label: [ms, turns]}] of each probe later than BLOCK_S
        self.since = time.perf_counter()
        self.started = time.time()

    def on_switch(self, event, args):
        if event not in ("switch", "throw"):
            return
        origin = args[0]
        now = time.perf_counter()
        label = getattr(origin, "fkp_label", None)
        if label is None:
            label = "hub (loop and callbacks)" if origin is self.hub else _function_label(origin)
        self.runs.append((self.since, now, label))
        self.since = now

    def probe(self):
        import gevent
        next_report = time.perf_counter() + REPORT_EVERY_S
        while True:
            due = time.perf_counter() + PROBE_S
            gevent.sleep(PROBE_S)
            # A timer is served before the greenlets already woken (a reply whose commit is
            # done, a socket's writer): queue behind them too, as such a reply does.
            gevent.sleep(0)
            now = time.perf_counter()
            late = max(0.0, now - due)
            wall = time.time()
            second = int(wall)
            self.per_second[second] = self.per_second.get(second, 0) + 1
            if late * 1000 > LATE_KEPT_MS and len(self.late) < LATE_KEPT:
                self.late.append([round(wall, 4), round(late * 1000, 2)])
            if late > BLOCK_S:
                self.keep_block(late, due, now, wall)
            if now >= next_report:
                next_report = now + REPORT_EVERY_S
                self.write()

    def keep_block(self, late, start, end, wall):
        turns = {}
        for t0, t1, label in reversed(self.runs):
            if t1 < start:
                break
            spent = min(t1, end) - max(t0, start)
            if spent > 0:
                entry = turns.setdefault(label, [0.0, 0])
                entry[0] += spent * 1000
                entry[1] += 1
        self.blocks.append([round(wall, 4), round(late * 1000, 2),
                            {k: [round(ms, 3), n] for k, (ms, n) in turns.items()}])
        if len(self.blocks) > BLOCKS_KEPT:  # keep the longest
            self.blocks.sort(key=lambda b: -b[1])
            del self.blocks[BLOCKS_KEPT // 2:]

    def record(self):
        return {"probe_ms": PROBE_S * 1000, "late_kept_ms": LATE_KEPT_MS, "started": self.started,
                "per_second": self.per_second, "late": self.late, "blocks": self.blocks}

    def write(self):
        temporary = f"{self.path}.tmp"
        with open(temporary, "w") as f:
            json.dump(self.record(), f)
        os.replace(temporary, self.path)


def summary(record, start=None, end=None, longest=LONGEST):
    """What a trace's record says about the span [start, end] of wall-clock time (default: all
    of it): the probe's lateness percentiles, how often it was late by more than 5 … 100 ms,
    and the longest blocks with what ran in them, longest first."""
    start = float("-inf") if start is None else start
    end = float("inf") if end is None else end
    probes = sum(n for second, n in record["per_second"].items() if start <= int(second) + 0.5 <= end)
    late = sorted((ms for at, ms in record["late"] if start <= at <= end), reverse=True)

    def pct(q):
        """The q-th percentile, when it is above what the trace keeps; else "below" it."""
        rank = int((100 - q) * probes / 100 + 1e-9)
        return late[rank] if rank < len(late) else f"<{record['late_kept_ms']:g}"
    blocks = sorted((b for b in record["blocks"] if start <= b[0] <= end), key=lambda b: -b[1])[:longest]
    return {
        "probe_ms": record["probe_ms"], "probes": probes,
        "lateness_ms": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "p99.9": pct(99.9),
                        "max": late[0] if late else f"<{record['late_kept_ms']:g}"},
        "late_over_ms": {str(ms): sum(1 for v in late if v > ms) for ms in (5, 10, 20, 50, 100)},
        "longest_blocks": [{"late_ms": ms, "at": at,
                            "ran": [{"what": label, "ms": spent, "turns": n} for label, (spent, n)
                                    in sorted(turns.items(), key=lambda kv: -kv[1][0])[:8]]}
                           for at, ms, turns in blocks],
    }


def start(path):
    """Start tracing this (gevent) process's hub into `path`; returns the trace."""
    import gevent
    import greenlet
    trace = HubTrace(path, gevent.get_hub())
    greenlet.settrace(trace.on_switch)
    probe = gevent.spawn(trace.probe)
    probe.fkp_label = "hub trace probe"
    return trace
