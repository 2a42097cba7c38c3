"""Benchmark the live forum with real clients over loopback, against the bare stack.

Run from the project folder:
  .venv/bin/python scripts/bench --attendees N --rate R --duration S [--target app|bare|both] [--workers K]

N attendees join through the API and connect over Socket.IO (python-socketio's AsyncClient);
moderators and displays connect as those roles. Then, in order:
  steady      attendees submit R inputs/s in all (round robin, each with its own client_id)
              for S seconds, open loop; latency counts from the scheduled send time. They
              send over their sockets, as the phone page does while connected (the first
              --voices of them; --submit-via http: over the JSON API);
  saturation  --concurrency attendees send one after another as fast as answers come, for
              --saturation seconds (default S): the throughput that the ratio compares.
Throughout, a moderator approves what it receives, at most --approve-rate per second (0:
everything at once; at 1,000 inputs/s and 1,000 phones that would be 10^6 deliveries/s).
The same load runs against the app (`python -m fkp serve`) and the bare reference server
(bare.py: Flask-SocketIO gevent + one insert + a broadcast), each on a fresh database.
It prints a table, then, as its last line, one JSON object with every figure and
`ratio` (app / bare throughput at saturation). The machine is shared: quote ratios, and the
CPU pressure and other processes' CPU use it reports beside them. With --runs N the targets
run N times, in turns (app, bare, app, …), and the table gives each figure's median.

On a machine with two or more cores the servers run on the first half of them and the load
generators (and this process) on the rest, so that neither takes the other's CPU (--no-pin:
anywhere).
"""
import argparse
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
import servers  # noqa: E402

sys.path.insert(0, str(servers.ROOT))
from fkp.serve import hubtrace  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n")[0])
    p.add_argument("--attendees", type=int, default=1000, help="attendee phones (join + websocket)")
    p.add_argument("--rate", type=float, default=1000, help="inputs per second in the steady phase")
    p.add_argument("--duration", type=float, default=10, help="seconds of the steady phase")
    p.add_argument("--saturation", type=float, default=None,
                   help="seconds of the closed-loop saturation phase (default: --duration; 0 skips it)")
    p.add_argument("--concurrency", type=int, default=64, help="requests in flight in the saturation phase")
    p.add_argument("--approve-rate", type=float, default=1.0,
                   help="approvals per second by the moderator (0: approve everything it receives)")
    p.add_argument("--moderators", type=int, default=1)
    p.add_argument("--displays", type=int, default=3)
    p.add_argument("--target", choices=["app", "bare", "both"], default="both")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes sharing the database and a local redis-server message queue")
    p.add_argument("--nginx", action="store_true",
                   help="put deploy/nginx-one-machine.conf in front of the workers (sticky by the page key)")
    p.add_argument("--submit-via", choices=("socket", "http"), default="socket",
                   help="how inputs are sent: over the phones' sockets, as the phone page does while "
                        "connected (default), or over the JSON API, as other clients do")
    p.add_argument("--voices", type=int, default=100,
                   help="with --submit-via socket: how many of the attendees send the inputs (their "
                        "phones are the submitting process's own)")
    p.add_argument("--clients", type=int, default=None,
                   help="load-generator processes holding the phones' sockets (default: 1, or 2 from "
                        "2,000 attendees); the staff's sockets and the inputs sent have one each")
    p.add_argument("--connect-concurrency", type=int, default=100, help="joins under way at once")
    p.add_argument("--grace", type=float, default=5, help="after the load, what has not arrived once "
                   "nothing has arrived for this many seconds (at most 120 s) counts as lost")
    p.add_argument("--sample", type=float, default=1.0, help="seconds between server memory samples")
    p.add_argument("--app-root", metavar="DIR", help="serve the app from another checkout of fkp "
                   "(e.g. `git archive OLD | tar -x -C DIR`), for before/after figures")
    p.add_argument("--db-dir", metavar="DIR", help="where the servers' temporary databases go (default: "
                   "the system's temporary folder; /dev/shm takes the disk out to compare CPU alone)")
    p.add_argument("--profile", metavar="DIR", help="record the (first) server with py-spy, idle time "
                   "included, as collapsed stacks: DIR/<target>-connect.txt while the attendees "
                   "join and connect, DIR/<target>.txt during the load; and trace its hub "
                   "(fkp/serve/hubtrace.py): how late it served what was ready, and its longest "
                   "blocks with what ran in them (DIR/<target>-hub.json, summed up after the table)")
    p.add_argument("--runs", type=int, default=1, help="run each target this many times, in turns; "
                   "the table gives medians")
    p.add_argument("--no-pin", dest="pin", action="store_false",
                   help="let servers and load generators run on any core")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the servers, e.g. FKP_RATELIMIT_INPUT=…")
    args = p.parse_args(argv)
    if args.saturation is None:
        args.saturation = args.duration
    if args.clients is None:
        args.clients = 1 if args.attendees < 2000 else 2
    return args


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def summary_ms(values):
    return {k: (round(pct(values, q) * 1000, 1) if values else None)
            for k, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))}


class MemorySampler(threading.Thread):
    def __init__(self, servers_, every):
        super().__init__(daemon=True)
        self.servers, self.every, self.samples, self.stopped = servers_, every, [], threading.Event()

    def run(self):
        while not self.stopped.wait(self.every):
            server_s, redis_s = self.servers.cpu_s()
            clients_s = sum(servers._cpu(pid) for pid in self.clients)
            ours = servers.tree_cpu_s(os.getpid())  # this bench: servers, clients, redis, nginx, py-spy
            self.samples.append((time.time(), self.servers.rss_kb(), server_s, redis_s, clients_s,
                                 servers.cpu_pressure_s(), servers.machine_cpu_s() - ours))

    def cpu_pct(self, start, end, column=2):
        """Mean CPU use (100 = one core) between two times, from the nearest samples."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return None
        return round(100 * (inside[-1][column] - inside[0][column]) / (inside[-1][0] - inside[0][0]), 1)


def cpu_split(pin):
    """(the servers' cores, the load generators' cores), or (None, None) when not pinned: on two
    or more cores, the first half for the servers and the rest for the clients."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not pin or len(cpus) < 2:
        return None, None
    half = len(cpus) // 2
    return set(cpus[:half]), set(cpus[half:])


# A fixed piece of pure-Python work, timed on the servers' cores before each run.
SPEED_PROBE = "import time\nt = time.perf_counter()\ns = 0\nfor i in range(2_000_000):\n    s += i\n" \
              "print(time.perf_counter() - t)"


def machine_speed_ms(cpus):
    """How long SPEED_PROBE takes on these cores just now (the best of three), in ms: lower is
    faster. A shared virtual machine's speed drifts (the same bench's figures moved by half
    within an hour here, its CPU pressure unchanged); quote this beside the figures."""
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    times = [float(subprocess.run([sys.executable, "-c", SPEED_PROBE], capture_output=True, text=True,
                                  check=True, preexec_fn=pin).stdout) for _ in range(3)]
    return round(1000 * min(times), 1)


def run_target(target, args, server_cpus=None, client_cpus=None, run=0):
    speed_before_ms = machine_speed_ms(server_cpus)
    srv = servers.Servers(target, args.workers, dict(e.split("=", 1) for e in args.env), args.db_dir,
                          args.nginx, args.app_root, cpus=server_cpus)
    srv.trace_hub = bool(args.profile)
    srv.start()
    ctx = multiprocessing.get_context("spawn")
    pipes, procs = [], []
    try:
        rss_idle = srv.rss_kb()
        base = {"code": srv.code, "pair": srv.pair, "login": srv.login, "login_url": srv.login_url,
                "http_urls": srv.urls, "socket_urls": srv.urls, "moderators": args.moderators,
                "displays": args.displays,
                "duration": args.duration, "saturation_s": args.saturation, "pause_s": 1.0,
                "grace_s": args.grace, "approve_rate": args.approve_rate, "submit_via": args.submit_via,
                "connect_concurrency": max(1, args.connect_concurrency // args.clients),
                "http_connections": args.concurrency + 64,
                "cpus": sorted(client_cpus) if client_cpus else None}
        def start(plan):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=load.process_main, args=(child,), daemon=True)
            proc.start()
            parent.send(dict(base, **plan))
            pipes.append(parent)
            procs.append(proc)
        # the staff first (the moderator hears every join), then the phones, in their shares
        start({"role": "staff", "share": 0})
        staff = receive(pipes[0], procs[0])
        started, cpu_before = time.time(), sum(srv.cpu_s())
        voices = min(args.voices, args.attendees) if args.submit_via == "socket" else 0
        phones = args.attendees - voices
        for share in range(args.clients):
            start({"role": "phones", "share": share, "attendees": list(range(share, phones, args.clients))})
        if voices:  # the submitter's own phones join and connect with the others
            start({"role": "submit", "share": args.clients, "rate": args.rate, "concurrency": args.concurrency,
                   "attendees": list(range(phones, args.attendees))})
        # The joins and connections are profiled on their own: a profile of the load
        # would hide them, and a large forum's first minutes are spent on them.
        name = target if run == 0 else f"{target}-{run + 1}"
        spy = profile(args, f"{name}-connect", srv.pids()[0]) if args.profile else None
        connected = [staff] + [receive(p, proc) for p, proc in zip(pipes[1:], procs[1:])]
        connect_cpu_s = sum(srv.cpu_s()) - cpu_before
        # From the first phone's join to the last phone's connect, as the phones' processes saw
        # them: not the 1-2 s those processes take to start (a new interpreter, their imports).
        spans = [c["joining"] for c in connected if "joining" in c]
        connect_s = (max(e for _s, e in spans) - min(s for s, _e in spans)) if spans else time.time() - started
        if not voices:
            start({"role": "submit", "share": 0, "rate": args.rate, "concurrency": args.concurrency,
                   "tokens": [t for c in connected for t in c["tokens"]]})
            receive(pipes[-1], procs[-1])
        if spy:
            spy.send_signal(signal.SIGINT)  # py-spy writes what it recorded and exits
            spy.wait(60)
        time.sleep(1)
        rss_connected = srv.rss_kb()
        sampler = MemorySampler(srv, args.sample)
        sampler.clients = [proc.pid for proc in procs]
        sampler.start()
        t0 = time.time() + 1
        for p in pipes:
            p.send({"t0": t0})
        spy = profile(args, name, srv.pids()[0], args.duration + 1 + args.saturation + 1) if args.profile else None
        # The submitter says when its load is done: with its records, or with "done" when it
        # holds phones of its own, which then wait for what is still on its way as the others do.
        first = receive(pipes[-1], procs[-1])
        listening = pipes if first == "done" else pipes[:-1]
        for p in listening:
            p.send("stop")
        records = [receive(p, proc) for p, proc in zip(listening, procs)] + ([] if first == "done" else [first])
        if spy:
            spy.wait(60)
        sampler.stopped.set()
        if args.profile:
            time.sleep(1.5)  # the trace's next summary (every second) covers the whole load
            hub = srv.hub_traces()[0]
            if hub:
                (Path(args.profile) / f"{name}-hub.json").write_text(json.dumps(hub))
        peak_kb = srv.rss_kb("VmHWM")
        rss_end = srv.rss_kb()
        for proc in procs:
            proc.join(30)
        speed_after_ms = machine_speed_ms(server_cpus)
        result = figures(args, records, connected, connect_s)
        steady, saturation = result["steady"], result["saturation"]
        result["server"] = {
            "workers": args.workers,
            # CPU the servers spent while everyone joined and connected: what the connect
            # time would come to if the clients did not share the server's cores.
            "cpu_connect_s": round(connect_cpu_s, 2),
            "cpu_steady_pct": sampler.cpu_pct(*steady["window"]),
            "cpu_saturation_pct": sampler.cpu_pct(*saturation["window"]) if saturation["window"] else None,
            "redis_cpu_pct": sampler.cpu_pct(*steady["window"], column=3) if srv.redis else None,
            "load_generator_cpu_pct": sampler.cpu_pct(*steady["window"], column=4),
            # Share of the time some task on the machine waited for a CPU (Linux PSI): how
            # shared the machine was while the figures above were taken.
            "machine_cpu_pressure_pct": sampler.cpu_pct(*steady["window"], column=5),
            # CPU used by every other process on the machine meanwhile (100 = one core): a
            # neighbour's noise, which the pinning cannot keep out.
            "other_processes_cpu_pct": sampler.cpu_pct(*steady["window"], column=6),
            # SPEED_PROBE on the servers' cores before and after the run
            "speed_before_ms": speed_before_ms, "speed_after_ms": speed_after_ms,
            "rss_idle_mb": round(rss_idle / 1024, 1), "rss_connected_mb": round(rss_connected / 1024, 1),
            "rss_start_mb": round(rss_connected / 1024, 1), "rss_end_mb": round(rss_end / 1024, 1),
            "peak_rss_mb": round(peak_kb / 1024, 1),
            "kb_per_connection": round((rss_connected - rss_idle) / max(1, args.attendees), 1),
        }
        result["server"]["rss_mb_timeline"] = [round(kb / 1024) for _t, kb, *_ in sampler.samples[::max(
            1, int(60 / args.sample))]]  # about one a minute
        if args.profile and hub:
            result["hub"] = {phase: hubtrace.summary(hub, *result[phase]["window"])
                             for phase in ("steady", "saturation") if result[phase]["window"]}
        if any(result["failed"].values()) or result["disconnects"]:
            result["server_log_tail"] = srv.logs()[-1500:]
        return result
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        srv.stop()


def profile(args, target, pid, seconds=None):
    """py-spy on one server process for `seconds` (or until it is sent SIGINT), counting
    time spent waiting too."""
    Path(args.profile).mkdir(parents=True, exist_ok=True)
    # py-spy is a development tool, not a requirement: look beside this interpreter (a venv's
    # bin/ is often not on PATH), then on PATH.
    beside = Path(sys.executable).parent / "py-spy"
    spy = str(beside) if beside.exists() else shutil.which("py-spy")
    if spy is None:
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    duration = ["--duration", str(int(seconds))] if seconds else []
    return subprocess.Popen([spy, "record", "--idle", "--format", "raw", "--rate", "200", *duration,
                             "--pid", str(pid),
                             "--output", str(Path(args.profile) / f"{target}.txt")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def receive(pipe, proc):
    """The next message of a load-generator process, or an error if it died."""
    while not pipe.poll(0.5):
        if not proc.is_alive():
            raise SystemExit(f"a load-generator process died (exit code {proc.exitcode})")
    return pipe.recv()


def figures(args, records, connected, connect_s):
    acked = {k: v for r in records for k, v in r["acked"].items()}
    submitted = {}
    for r in records:
        for client_id, times in r["submitted"].items():
            submitted.setdefault(client_id, []).extend(times)
    approvals = {int(k): v for r in records for k, v in r["approvals"].items()}
    approve_acks = {int(k): v for r in records for k, v in r["approve_acks"].items()}
    approved = {cid: t for cid, t in approvals.items() if cid in approve_acks}
    displays = [d for r in records for d in r["displays"]]
    phones = sum(r["phones"] for r in records)
    phone_times = {}
    for r in records:
        for cid, times in r["phone_times"].items():
            phone_times.setdefault(int(cid), []).extend(times)

    spans = {name: span for r in records for name, span in r.get("phases", {}).items()}

    def delivery(approved):
        """How long the approvals sent at these times took to reach a display, each phone, and
        the last of the phones (counted only when every phone had it)."""
        return {
            "approvals": len(approved),
            "approve_to_display_ms": summary_ms(
                [min(d[cid]) - t for cid, t in approved.items() for d in displays if d.get(cid)]),
            "approve_to_phone_ms": summary_ms(
                [x - t for cid, t in approved.items() for x in phone_times.get(cid, [])]),
            "approve_to_every_phone_ms": summary_ms(
                [max(phone_times[cid]) - t for cid, t in approved.items()
                 if len(phone_times.get(cid, [])) == phones])}

    def phase(name, seconds):
        """Throughput counts what was answered within the phase's span of sending: from the
        first scheduled send to the last answer (a backlog stretches the span). Approvals
        count in the phase during which the moderator sent them (its span as the submitting
        load generator saw it), so a figure "at 200 inputs/s" is not one of the saturation."""
        ids = [k for k, v in acked.items() if v[3] == name]
        to_mod = [min(submitted[k]) - acked[k][0] for k in ids if k in submitted]
        window = (min(acked[k][0] for k in ids), max(acked[k][1] for k in ids)) if ids else None
        span = max(seconds, window[1] - window[0]) if ids else seconds
        during = spans.get(name)
        return {"acked": len(ids), "acked_per_s": round(len(ids) / span, 1) if span else None,
                "window": window,
                "ack_ms": summary_ms([acked[k][1] - acked[k][0] for k in ids]),
                "submit_to_moderator_ms": summary_ms(to_mod),
                # the load generator's own share of those: how late each input left
                "sent_late_ms": summary_ms([acked[k][4] - acked[k][0] for k in ids]),
                **delivery({cid: t for cid, t in approved.items()
                            if during and during[0] <= t <= during[1]})}

    failed = {}
    for r in records:
        for k, v in r["failed"].items():
            failed[k] = failed.get(k, 0) + v
    lost_submitted = [k for k in acked if k not in submitted]
    dup_submitted = sum(len(v) - 1 for v in submitted.values() if len(v) > 1)
    display_lost = sum(1 for cid in approved for d in displays if not d.get(cid))
    display_dup = sum(len(v) - 1 for d in displays for v in d.values() if len(v) > 1)
    phone_lost = phones * len(approved) - sum(len(phone_times.get(cid, [])) for cid in approved)
    return {
        "target": None, "attendees": args.attendees, "connected": sum(c["connected"] for c in connected),
        "connect_s": round(connect_s, 2),
        "steady": {"rate": args.rate, "duration_s": args.duration, **phase("steady", args.duration)},
        "saturation": {"concurrency": args.concurrency, "duration_s": args.saturation,
                       **phase("saturation", args.saturation)},
        **delivery(approved),
        "lost": {"submitted": len(lost_submitted), "display": display_lost, "phone": phone_lost},
        "duplicated": {"submitted": dup_submitted, "display": display_dup,
                       "phone": sum(r["phone_dups"] for r in records)},
        "disconnects": sum(r["disconnects"] for r in records),
        "failed": failed,
        "failure_examples": [e for r in records for e in r["failure_examples"]][:5],
    }


ROWS = [
    ("connected / attendees", lambda r: f"{r['connected']} / {r['attendees']}"),
    ("connect time for all (s)", lambda r: r["connect_s"]),
    ("server CPU while connecting (s)", lambda r: r["server"]["cpu_connect_s"]),
    ("steady: acknowledged inputs/s", lambda r: r["steady"]["acked_per_s"]),
    ("steady: submit→moderator p50/p95/p99 ms", lambda r: _ms(r["steady"]["submit_to_moderator_ms"])),
    ("steady: submit→ack p50/p95/p99 ms", lambda r: _ms(r["steady"]["ack_ms"])),
    ("steady: sent late (load generator) p50/p95/p99", lambda r: _ms(r["steady"]["sent_late_ms"])),
    ("saturation: acknowledged inputs/s", lambda r: r["saturation"]["acked_per_s"]),
    ("saturation: submit→moderator p50/p95/p99", lambda r: _ms(r["saturation"]["submit_to_moderator_ms"])),
    ("approvals (steady / saturation / all)", lambda r: f"{r['steady']['approvals']} / "
                                                        f"{r['saturation']['approvals']} / {r['approvals']}"),
    ("steady: approve→every phone p50/p95/p99 ms", lambda r: _ms(r["steady"]["approve_to_every_phone_ms"])),
    ("saturation: approve→every phone p50/p95/p99", lambda r: _ms(r["saturation"]["approve_to_every_phone_ms"])),
    ("all: approve→display p50/p95/p99 ms", lambda r: _ms(r["approve_to_display_ms"])),
    ("all: approve→phone p50/p95/p99 ms", lambda r: _ms(r["approve_to_phone_ms"])),
    ("all: approve→every phone p50/p95/p99 ms", lambda r: _ms(r["approve_to_every_phone_ms"])),
    ("lost (submitted/display/phone)", lambda r: "/".join(str(v) for v in r["lost"].values())),
    ("duplicated (submitted/display/phone)", lambda r: "/".join(str(v) for v in r["duplicated"].values())),
    ("failed requests, disconnects", lambda r: f"{sum(r['failed'].values())}, {r['disconnects']}"),
    ("server CPU steady / saturation %", lambda r: f"{r['server']['cpu_steady_pct']} / "
                                                   f"{r['server']['cpu_saturation_pct']}"),
    ("load generator CPU steady %", lambda r: r["server"]["load_generator_cpu_pct"]),
    ("machine CPU pressure (PSI some) %", lambda r: r["server"]["machine_cpu_pressure_pct"]),
    ("other processes' CPU % (100 = a core)", lambda r: r["server"]["other_processes_cpu_pct"]),
    ("machine speed before/after: fixed loop ms", lambda r: f"{r['server']['speed_before_ms']:g}/"
                                                             f"{r['server']['speed_after_ms']:g}"),
    ("server RSS idle/connected/end/peak MB", lambda r: "{rss_idle_mb}/{rss_connected_mb}/{rss_end_mb}/"
                                                        "{peak_rss_mb}".format(**r["server"])),
    ("KB per connection", lambda r: r["server"]["kb_per_connection"]),
]


def _ms(s):
    return "/".join("-" if s[k] is None else f"{s[k]:g}" for k in ("p50", "p95", "p99"))


def median_of(runs):
    """One result whose every number is the median of that number over the runs (a list, a
    string or a missing figure is the first run's)."""
    first = runs[0]
    if isinstance(first, dict):
        return {k: median_of([r.get(k) if isinstance(r, dict) else None for r in runs]) for k in first}
    numbers = [r for r in runs if isinstance(r, (int, float)) and not isinstance(r, bool)]
    if not isinstance(first, (int, float)) or isinstance(first, bool) or not numbers:
        return first
    return statistics.median(numbers)


def hub_lines(target, hub, blocks=5):
    """The hub trace of one run, by phase, in a few lines: lateness, and the longest blocks."""
    lines = []
    for phase, s in hub.items():
        late = s["lateness_ms"]
        lines.append(f"{target}, {phase}: hub late p50/p90/p99/p99.9/max {late['p50']}/{late['p90']}/"
                     f"{late['p99']}/{late['p99.9']}/{late['max']} ms over {s['probes']} probes of "
                     f"{s['probe_ms']:g} ms; late > 5/10/20/50 ms: {s['late_over_ms']['5']}/"
                     f"{s['late_over_ms']['10']}/{s['late_over_ms']['20']}/{s['late_over_ms']['50']}")
        for block in s["longest_blocks"][:blocks]:
            ran = ", ".join(f"{r['what']} {r['ms']:g} ms ×{r['turns']}" for r in block["ran"][:4])
            lines.append(f"  {block['late_ms']:g} ms: {ran}")
    return lines


def main(argv=None):
    args = parse_args(argv)
    targets = ["app", "bare"] if args.target == "both" else [args.target]
    server_cpus, client_cpus = cpu_split(args.pin)
    if client_cpus:
        os.sched_setaffinity(0, client_cpus)
        print(f"servers on cores {sorted(server_cpus)}, load generators on {sorted(client_cpus)}",
              file=sys.stderr, flush=True)
    runs = {t: [] for t in targets}
    for run in range(args.runs):
        for target in targets:
            print(f"running {target} …" + (f" ({run + 1} of {args.runs})" if args.runs > 1 else ""),
                  file=sys.stderr, flush=True)
            result = run_target(target, args, server_cpus, client_cpus, run)
            result["target"] = target
            runs[target].append(result)
    results = {t: median_of(runs[t]) for t in targets}
    width = max(len(name) for name, _ in ROWS)
    heading = "medians of %d runs" % args.runs if args.runs > 1 else ""
    print(f"\n{heading:{width}}  " + "  ".join(f"{t:>22}" for t in targets))
    for name, cell in ROWS:
        print(f"{name:{width}}  " + "  ".join(f"{str(cell(results[t])):>22}" for t in targets))
    for t in targets:
        for r in runs[t]:
            for example in r["failure_examples"]:
                print(f"{t}: {example}")
    ratio, ratios = None, []
    if "app" in results and "bare" in results and args.saturation > 0:
        ratios = [round(a["saturation"]["acked_per_s"] / max(0.1, b["saturation"]["acked_per_s"]), 3)
                  for a, b in zip(runs["app"], runs["bare"])]
        ratio = statistics.median(ratios)
        print(f"\nratio app/bare, throughput at saturation: {ratio}" +
              (f" (runs: {', '.join(map(str, ratios))})" if len(ratios) > 1 else ""))
    for t in targets:
        for n, r in enumerate(runs[t]):
            if r.get("hub"):
                print("\n".join(hub_lines(t if len(runs[t]) == 1 else f"{t} run {n + 1}", r["hub"])))
    config = {k: v for k, v in vars(args).items() if k != "env"}
    print(json.dumps({"config": config, **results, "ratio": ratio, "ratios": ratios,
                      "runs": runs if args.runs > 1 else None, "host_cpus": os.cpu_count(),
                      "server_cpus": sorted(server_cpus) if server_cpus else None}))
    return results, ratio


if __name__ == "__main__":
    main()
