"""Start and stop the servers under test, and read their CPU time and memory from /proc.

The app runs as `python -m fkp serve`, as scripts/run starts it, with its own temporary
database; with --workers K > 1 it runs K such processes sharing the database and a local
redis-server as Flask-SocketIO's message queue (the layout of deploy/). The bare reference
server (bare.py) runs the same way. Rate limits are raised so that the load, not a limit,
decides what is measured; --env can set any FKP_* variable.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
# Limits another branch adds (per participant and per address); a benchmark sends from one
# address and far above a person's pace, so they are raised unless --env says otherwise.
RAISED_LIMITS = {"FKP_RATELIMIT_INPUT": "1000000 per minute", "FKP_RATELIMIT_SUPPORT": "1000000 per minute",
                 "FKP_RATELIMIT_JOIN": "1000000 per second",
                 # every phone of the bench connects from 127.0.0.1 (a hall behind one NAT, many times over)
                 "FKP_MAX_CONNECTIONS_PER_ADDRESS": "1000000"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, log, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"server exited:\n{Path(log).read_text()[-3000:]}")
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


class Servers:
    """K server processes (app or bare) and, when K > 1, their redis-server."""

    def __init__(self, target, workers, extra_env, parent=None, nginx=False, app_root=None, cpus=None):
        self.target, self.workers, self.use_nginx, self.nginx = target, workers, nginx, None
        self.cpus = cpus  # the cores the servers (and redis, nginx) may run on; None: any
        self.root = Path(app_root).resolve() if app_root else ROOT
        self.dir = Path(tempfile.mkdtemp(prefix=f"fkp-bench-{target}-", dir=parent))
        self.env = {**os.environ, **RAISED_LIMITS, "FKP_DATABASE": str(self.dir / "fkp.db"),
                    "FKP_SECRET_KEY": "bench-only", "PYTHONUNBUFFERED": "1",
                    "FKP_TLS": "off",  # plain HTTP is what is measured; workers would share one TLS port
                    **extra_env}
        self.processes, self.redis = [], None
        self.trace_hub = False  # set before start(): each worker writes its hub trace
        self.ports = [free_port() for _ in range(workers)]

    def cli(self, *args, **env):
        return subprocess.run([sys.executable, "-m", "fkp", *args], cwd=self.root, env={**self.env, **env},
                              capture_output=True, text=True, check=True, timeout=120).stdout

    def start(self):
        if self.workers > 1:
            self.start_redis()
        login = None
        if self.target == "app":
            self.code = re.search(r"demo forum: (\w+)", self.cli("demo")).group(1)
            self.cli("create-user", "bench", "--role", "moderator", "--forum", self.code,
                     FKP_PASSWORD="bench-password")
            login = ("bench", "bench-password")
        else:
            self.code = "BARE00"
        for n, port in enumerate(self.ports):
            self.start_worker(n, port)
        if self.use_nginx:
            self.start_nginx()
        summary = requests.get(f"{self.urls[0]}/api/v1/forums/{self.code}", timeout=30).json()
        self.pair = (summary["services"][0]["id"], summary["aspects"][0]["id"])
        self.login = login
        return self

    @property
    def urls(self):
        """Where clients go: nginx when it is in front, else each worker in turn (the load
        generator then keeps each socket on one worker itself, as nginx's sticky hash would)."""
        if self.nginx:
            return [self.nginx_url]
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    @property
    def login_url(self):
        """Where the moderator logs in: a worker itself, since through nginx's plain HTTP a
        staff login is refused (fkp/web/transport.py)."""
        return f"http://127.0.0.1:{self.ports[0]}"

    def start_nginx(self):
        """deploy/nginx-one-machine.conf, pointed at these workers, on a free port."""
        binary = shutil.which("nginx")
        if not binary:
            raise SystemExit("--nginx needs nginx (apt-get install nginx-light)")
        conf = (ROOT / "deploy/nginx-one-machine.conf").read_text()
        conf = re.sub(r"(server 127\.0\.0\.1:50\d\d;\s*)+",
                      "".join(f"server 127.0.0.1:{p};\n    " for p in self.ports), conf)
        port = free_port()
        conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port} backlog=4096;")
        temp = "".join(f"{name}_temp_path {self.dir}/{name};\n"
                       for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.dir / "nginx.conf").write_text(
            f"daemon off;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/nginx.log;\n"
            f"worker_rlimit_nofile 65536;\nevents {{ worker_connections 30000; }}\n"
            f"http {{\naccess_log off;\n{temp}{conf}\n}}\n")
        self.nginx = subprocess.Popen([binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=self.pin)
        wait_for_port(port, self.nginx, self.dir / "nginx.log")
        self.nginx_url = f"http://127.0.0.1:{port}"

    def start_redis(self):
        redis = shutil.which("redis-server")
        if not redis:
            raise SystemExit("--workers > 1 needs redis-server (apt-get install redis-server)")
        port = free_port()
        self.redis = subprocess.Popen([redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(self.dir)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=self.pin)
        wait_for_port(port, self.redis, os.devnull)
        self.env["FKP_MESSAGE_QUEUE"] = f"redis://127.0.0.1:{port}/0"

    def start_worker(self, n, port):
        log = self.dir / f"worker{n}.log"
        if self.target == "app":
            cmd = [sys.executable, "-m", "fkp", "serve", "--host", "127.0.0.1", "--port", str(port)]
        else:
            cmd = [sys.executable, str(Path(__file__).parent / "bare.py"), "--port", str(port),
                   "--database", str(self.dir / "bare.db")]
            if self.env.get("FKP_MESSAGE_QUEUE"):
                cmd += ["--message-queue", self.env["FKP_MESSAGE_QUEUE"]]
        env = {**self.env, "FKP_HUB_TRACE": str(self.dir / f"hub{n}.json")} if self.trace_hub else self.env
        process = subprocess.Popen(cmd, cwd=self.root if self.target == "app" else ROOT, env=env,
                                   stdout=log.open("w"), stderr=subprocess.STDOUT, preexec_fn=self.pin)
        self.processes.append(process)
        wait_for_port(port, process, log)

    def pin(self):
        """In a child before it starts: keep it, and every thread it will start, on self.cpus."""
        if self.cpus:
            os.sched_setaffinity(0, self.cpus)

    def hub_traces(self):
        """What each worker's hub trace (FKP_HUB_TRACE, fkp/serve/hubtrace.py) last wrote."""
        traces = []
        for n in range(self.workers):
            path = self.dir / f"hub{n}.json"
            traces.append(json.loads(path.read_text()) if path.exists() else None)
        return traces

    def pids(self):
        return [p.pid for p in self.processes]

    def cpu_s(self):
        """CPU seconds (user + system) used so far by the server processes, and by redis."""
        return (sum(_cpu(pid) for pid in self.pids()), _cpu(self.redis.pid) if self.redis else 0.0)

    def rss_kb(self, field="VmRSS"):
        return sum(_status_kb(pid, field) for pid in self.pids())

    def logs(self):
        return "\n".join(p.read_text()[-2000:] for p in sorted(self.dir.glob("worker*.log")))

    def stop(self):
        others = [p for p in (self.nginx, self.redis) if p]
        for p in self.processes + others:
            if p.poll() is None:
                p.terminate()
        for p in self.processes + others:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def _stat(pid):
    """(parent pid, CPU seconds used so far) of a process, from /proc/PID/stat; None once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _cpu(pid):
    stat = _stat(pid)
    return stat[1] if stat else 0.0


def _status_kb(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def tree_cpu_s(root):
    """CPU seconds used so far by process `root` and every process below it."""
    children, cpu = {}, {}
    for entry in Path("/proc").glob("[0-9]*"):
        stat = _stat(entry.name)
        if stat:
            children.setdefault(stat[0], []).append(int(entry.name))
            cpu[int(entry.name)] = stat[1]
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(children.get(pid, ()))
    return total


def machine_cpu_s():
    """CPU seconds (user, system, …, not idle or iowait) every process on the machine has used
    since boot, from /proc/stat, or 0."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (FileNotFoundError, IndexError, ValueError):
        return 0.0
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait; guest is in user
    return busy / TICKS


def cpu_pressure_s():
    """Seconds, since boot, during which some task waited for a CPU (Linux PSI), or 0."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (FileNotFoundError, IndexError):
        return 0.0
    return int(some.rsplit("total=", 1)[1]) / 1e6
