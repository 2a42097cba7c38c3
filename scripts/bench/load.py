"""One load-generator process in one role, driven with real clients over loopback:

  staff   the moderators and displays (python-socketio's AsyncClient); the first moderator
          approves what it receives, at most --approve-rate per second;
  phones  a share of the attendees: each joins through the JSON API and holds its socket,
          which records every approved input it hears (LightPhone: a light client, so that
          thousands in one process still take an approval in as it arrives);
  submit  sends the inputs, on schedule and then as fast as answers come, each with a fresh
          client_id: by default from phones of its own (--voices of the attendees, joined and
          connected like the others and counted among the phones, LightPhones too), over
          their sockets as attendee.js sends while connected; with --submit-via http over the
          API with the other phones' tokens. It records when each input really left, so that
          its own lateness is reported beside the latencies it measured.

The roles are processes of their own so that one's bursts do not delay another's clock: while
a phones process takes in an approval on 1,000 sockets, the inputs due meanwhile still leave
on time. Every receipt is recorded with its wall-clock time, so that the coordinator
(__main__.py) can compute latencies across processes and count what was lost or repeated. The
coordinator talks to each process through a multiprocessing pipe: plan in, "connected" (with
the phones' tokens) out, "go" in; the submitter sends its records when its load is done, the
others when told "stop" and nothing more has arrived for the grace time.
"""
import asyncio
import itertools
import json
import os
import re
import time
from collections import Counter, defaultdict

import aiohttp
import socketio

NS = "/live"
MAX_DRAIN_S = 120  # after the load, wait at most this long for deliveries still under way
PHONES_NICENESS = 10  # a tenth of the submitter's and the moderator's weight on a shared core


def input_body(client_id, pair):
    """One input as the phone page sends it, with a fresh client_id (also scripts/bench/paired.py)."""
    return {"service_id": pair[0], "aspect_id": pair[1], "kind": "suggestion", "client_id": client_id,
            "text": f"Masukan {client_id}: percepat layanan dan perjelas persyaratan."}


async def form_cookies(url, fields):
    """Fill in the form at url as a browser does (a cookie jar of its own, the form's CSRF
    token) and send it; the Cookie header the browser then holds (a login, the join page:
    also scripts/bench/paired.py)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:  # an IP address
        async with browser.get(url) as r:
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', await r.text())
        async with browser.post(url, data={**fields, "csrf_token": token.group(1) if token else ""},
                                allow_redirects=False) as r:
            if r.status != 302:
                raise RuntimeError(f"{url} refused the form: HTTP {r.status}")
        return "; ".join(f"{c.key}={c.value}" for c in browser.cookie_jar)


class LightPhone:
    """A phone over a real websocket that speaks just enough Engine.IO 4 and Socket.IO 5: it
    joins the namespace with its token, answers the server's pings, reads each
    `comment_approved` as it arrives, and sends events with an ack (call), as attendee.js
    sends its inputs.

    python-socketio's client decodes each packet in layers and starts a task per event: at
    5,000 phones in one process that queue, not the server, decided when the last phone heard
    an approval (the load generator's core was full). And the submitter's 100 phones, on it,
    sent 1,000 inputs a second in bursts: while it took in one burst of acks the inputs due
    meanwhile waited, then left together, up to 100 at once, and the server's p99 measured
    that. Real phones each have their own CPU."""

    def __init__(self, on_approved, on_lost):
        self.on_approved, self.on_lost = on_approved, on_lost
        self.ws = self.reader = None
        self.ids, self.waiting = itertools.count(), {}  # ack id -> the future its answer resolves

    async def connect(self, session, url, auth):
        base, _, query = url.partition("/?")
        self.ws = await session.ws_connect(
            f"{base.replace('http', 'ws', 1)}/socket.io/?{query}&EIO=4&transport=websocket", timeout=30)
        opened = await asyncio.wait_for(self.ws.receive(), 30)
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
            raise RuntimeError(f"no Engine.IO open packet: {opened.data!r}"[:200])
        await self.ws.send_str(f"40{NS}," + json.dumps(auth))
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), 30)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"closed while connecting: {msg.type}")
            if msg.data == "2":
                await self.ws.send_str("3")
            elif msg.data.startswith(f"40{NS},"):
                break
            elif msg.data.startswith(f"44{NS},"):
                raise RuntimeError(f"connection refused: {msg.data[len(NS) + 3:]}"[:200])
        self.reader = asyncio.ensure_future(self.read())

    async def call(self, event, data, namespace=NS, timeout=30):
        """Send an event and return the server's answer (its ack), as python-socketio's call."""
        n = next(self.ids)
        answer = self.waiting[n] = asyncio.get_running_loop().create_future()
        try:
            await self.ws.send_str(f"42{namespace},{n}" + json.dumps([event, data]))
            return await asyncio.wait_for(answer, timeout)
        finally:
            self.waiting.pop(n, None)

    async def read(self):
        event, ack = f"42{NS},", f"43{NS},"
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            if msg.data == "2":
                await self.ws.send_str("3")
            elif msg.data.startswith(event):
                args = json.loads(msg.data[len(event):])
                if args[0] == "comment_approved":
                    self.on_approved(args[1])
            elif msg.data.startswith(ack):
                n, _, args = msg.data[len(ack):].partition("[")
                answer = self.waiting.get(int(n))
                if answer is not None and not answer.done():
                    args = json.loads("[" + args)
                    answer.set_result(args[0] if len(args) == 1 else tuple(args))
            elif msg.data.startswith(f"41{NS}") or msg.data == "1":
                break
        for answer in self.waiting.values():
            if not answer.done():
                answer.set_exception(ConnectionError("the socket closed before the answer came"))
        if self.on_lost:
            self.on_lost()

    async def disconnect(self):
        if self.ws is not None and not self.ws.closed:
            try:
                await self.ws.send_str(f"41{NS},")
            finally:
                await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)


class Share:
    def __init__(self, plan):
        self.plan = plan
        self.acked = {}            # client_id -> [t_send (scheduled), t_ack, comment_id, phase, t_sent (really)]
        self.failed = Counter()    # what went wrong, by kind
        self.failure_examples = []
        self.submitted = defaultdict(list)   # moderator: client_id -> receive times
        self.approvals = {}        # comment_id -> time the approve command was sent
        self.approve_acks = {}     # comment_id -> time the ack came
        self.to_approve = asyncio.Queue()
        self.displays = []         # per display: comment_id -> receive times
        self.phone_times = defaultdict(list)  # comment_id -> receive times over this share's phones
        self.phone_dups = 0
        self.disconnects = 0
        self.phases = {}           # submitter: phase -> [start, end] of its sending and answers
        self.clients = []
        self.tokens = []
        self.attendee_sockets = []  # this process's phones (the submitter's own, when it sends over them)
        self.next_url = itertools.cycle(plan["http_urls"])
        self.client_ids = itertools.count()

    # -- setup ---------------------------------------------------------------------------
    async def setup(self):
        plan = self.plan
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=plan["http_connections"]))
        # Websockets hold their connection for life: the phones' session must not cap them.
        self.ws_http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        started = time.time()
        if plan["role"] == "submit" and plan["submit_via"] == "http":
            self.tokens = plan["tokens"]
            return {"connected": 0, "tokens": []}
        if plan["role"] == "staff":
            for m in range(plan["moderators"]):
                await self.connect_moderator(m)
            for d in range(plan["displays"]):
                await self.connect_display(d)
            return {"connected": 0, "tokens": []}
        gate = asyncio.Semaphore(plan["connect_concurrency"])
        join_times = []

        async def attendee(i):
            async with gate:
                t = time.time()
                try:
                    await self.connect_attendee(i)
                    join_times.append(time.time() - t)
                except Exception as e:  # noqa: BLE001 - counted and reported, never hidden
                    self.fail("connect", e)
        await asyncio.gather(*(attendee(i) for i in plan["attendees"]))
        ended = time.time()
        return {"connected": len(self.tokens), "connect_s": ended - started, "joining": [started, ended],
                "join_s_max": max(join_times, default=0), "tokens": self.tokens}

    def socket_url(self, n, view):
        """The n-th client's server, with the query the app's pages send (fkp/static/js/common.js):
        behind nginx the key `c` keeps the connection on one worker."""
        urls = self.plan["socket_urls"]
        return f"{urls[n % len(urls)]}/?forum={self.plan['code']}&view={view}&c={self.plan['share']}-{view}-{n}"

    async def connect_attendee(self, i):
        async with self.http.post(f"{next(self.next_url)}/api/v1/forums/{self.plan['code']}/participants",
                                  json={"name": f"Peserta {i}", "institution": f"Lembaga {i % 50}",
                                        "group": "service_user", "consent": True}) as r:
            if r.status != 201:
                raise RuntimeError(f"join: HTTP {r.status} {await r.text()}")
            token = (await r.json())["token"]
        seen = set()

        def approved(data):
            cid = data["comment"]["id"]
            now = time.time()
            if cid in seen:
                self.phone_dups += 1
                return
            seen.add(cid)
            self.phone_times[cid].append(now)
            self.last_receipt = now
        url, auth = self.socket_url(i, "attendee"), {"forum": self.plan["code"], "view": "attendee", "token": token}
        sio = LightPhone(approved, self.lost)  # the lightest client that is still a real one
        await sio.connect(self.ws_http, url, auth)
        self.clients.append(sio)
        self.tokens.append(token)
        self.attendee_sockets.append(sio)

    def lost(self, *args):
        self.disconnects += 1

    async def connect_display(self, d):
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        times = defaultdict(list)
        self.displays.append(times)
        def approved(data):
            self.last_receipt = now = time.time()
            times[data["comment"]["id"]].append(now)
        sio.on("comment_approved", approved, namespace=NS)
        sio.on("disconnect", self.lost, namespace=NS)
        await sio.connect(self.socket_url(d + 1, "display"), auth={"forum": self.plan["code"], "view": "display"},
                          namespaces=[NS], transports=["websocket"], wait_timeout=30)
        self.clients.append(sio)

    async def connect_moderator(self, m):
        headers = {}
        if self.plan["login"]:
            headers["Cookie"] = await self.login()
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)

        def submitted(data):
            self.last_receipt = now = time.time()
            comment = data["comment"]
            times = self.submitted[comment["client_id"]]
            times.append(now)
            if len(times) == 1 and m == 0:
                self.to_approve.put_nowait(comment["id"])
        sio.on("comment_submitted", submitted, namespace=NS)
        # the inputs of one commit, together (fkp/live.py StaffBatch; common.js unpacks them)
        sio.on("comments_submitted", lambda data: [submitted(item) for item in data["items"]], namespace=NS)
        sio.on("disconnect", self.lost, namespace=NS)
        await sio.connect(self.socket_url(m, "moderator"), auth={"forum": self.plan["code"], "view": "moderator"},
                          headers=headers, namespaces=[NS], transports=["websocket"], wait_timeout=30)
        self.clients.append(sio)
        if m == 0:
            self.moderator = sio

    async def login(self):
        username, password = self.plan["login"]
        return await form_cookies(f"{self.plan['login_url']}/login", {"username": username, "password": password})

    # -- load ----------------------------------------------------------------------------
    def fail(self, kind, detail):
        self.failed[kind] += 1
        if len(self.failure_examples) < 5:
            self.failure_examples.append(f"{kind}: {detail!r}"[:300])

    async def submit(self, sender, phase, t_send):
        """One input from `sender`: a phone's socket (submit_comment, as attendee.js sends while
        connected) or, with --submit-via http, a token for the API."""
        client_id = f"c{next(self.client_ids)}"
        body = input_body(client_id, self.plan["pair"])
        sent = time.time()
        if not isinstance(sender, str):
            try:
                ack = await sender.call("submit_comment", body, namespace=NS, timeout=30)
            except Exception as e:  # noqa: BLE001 - counted and reported, never hidden
                self.fail("submit", e)
                return
            if not (isinstance(ack, dict) and ack.get("ok") and ack.get("created")):
                self.fail("submit refused", ack)
                return
            self.acked[client_id] = [t_send, time.time(), ack["comment"]["id"], phase, sent]
            return
        try:
            async with self.http.post(
                    f"{next(self.next_url)}/api/v1/forums/{self.plan['code']}/comments",
                    headers={"Authorization": f"Bearer {sender}"}, json=body) as r:
                text = await r.text()
                if r.status != 201:
                    self.fail(f"submit HTTP {r.status}", text[:200])
                    return
                answer = json.loads(text)
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            self.fail("submit", e)
            return
        self.acked[client_id] = [t_send, time.time(), answer["id"], phase, sent]

    def senders(self):
        return itertools.cycle(self.attendee_sockets if self.plan["submit_via"] == "socket" else self.tokens)

    async def steady(self, t0, duration, rate):
        """Open loop: submissions start on schedule whether or not earlier ones were answered,
        and latency counts from the scheduled time (no coordinated omission)."""
        if rate <= 0 or not self.tokens:
            return
        senders = self.senders()
        tasks = []
        for n in itertools.count():
            t = t0 + n / rate
            if t >= t0 + duration:
                break
            delay = t - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(self.submit(next(senders), "steady", t)))
        await asyncio.gather(*tasks)

    async def saturate(self, t0, duration, concurrency):
        """Closed loop: `concurrency` attendees each send, wait for the answer, send again."""
        if duration <= 0 or concurrency <= 0 or not self.tokens:
            return
        await asyncio.sleep(max(0, t0 - time.time()))
        senders = self.senders()

        async def loop():
            while time.time() < t0 + duration:
                await self.submit(next(senders), "saturation", time.time())
        await asyncio.gather(*(loop() for _ in range(concurrency)))

    async def approver(self, done):
        """The moderator approves what it received, in order, at most approve_rate per second,
        until the load is done."""
        rate = self.plan["approve_rate"]
        pending = set()
        while not done.is_set():
            try:
                comment_id = await asyncio.wait_for(self.to_approve.get(), timeout=0.2)
            except asyncio.TimeoutError:
                continue
            if rate > 0:
                await asyncio.sleep(max(0, (self.last_approve + 1 / rate) - time.time()))
                if done.is_set():
                    break
            task = asyncio.ensure_future(self.approve(comment_id))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)

    last_approve = 0.0
    last_receipt = 0.0

    async def approve(self, comment_id):
        self.last_approve = self.approvals[comment_id] = time.time()
        try:
            ack = await self.moderator.call("approve_comment", {"id": comment_id}, namespace=NS, timeout=30)
        except Exception as e:  # noqa: BLE001
            self.fail("approve", e)
            del self.approvals[comment_id]
            return
        if not ack or not ack.get("ok"):
            self.fail("approve refused", ack)
            del self.approvals[comment_id]
            return
        self.approve_acks[comment_id] = time.time()

    async def run(self, go, stopped):
        """The load; `stopped` is awaited (the coordinator's "stop") in the roles that listen."""
        plan = self.plan
        t0 = go["t0"]
        await asyncio.sleep(max(0, t0 - time.time()))
        if plan["role"] == "submit":
            await self.steady(t0, plan["duration"], plan["rate"])
            self.phases["steady"] = [t0, time.time()]
            # saturation starts on time, or when the steady phase's backlog was answered
            sat_t0 = max(t0 + plan["duration"] + plan["pause_s"], time.time())
            await self.saturate(sat_t0, plan["saturation_s"], plan["concurrency"])
            if plan["saturation_s"] > 0:
                self.phases["saturation"] = [sat_t0, time.time()]
            if self.attendee_sockets:  # its phones still hear approvals: see _main
                return "done"
            return self.records()
        done = asyncio.Event()

        async def stop():
            await stopped
            done.set()
        jobs = [stop()]
        if plan["role"] == "staff" and plan["moderators"]:
            jobs.append(self.approver(done))
        await asyncio.gather(*jobs)
        await self.drain()
        return self.records()

    async def drain(self):
        """What has not arrived once nothing has arrived for grace_s is lost; what arrives
        later than that is late, and its latency says so."""
        load_done = time.time()
        while time.time() - max(self.last_receipt, load_done) < self.plan["grace_s"] and \
                time.time() - load_done < MAX_DRAIN_S:
            await asyncio.sleep(0.25)

    def records(self):
        return {"acked": self.acked, "failed": dict(self.failed), "failure_examples": self.failure_examples,
                "submitted": self.submitted, "approvals": self.approvals, "approve_acks": self.approve_acks,
                "displays": self.displays, "phone_times": self.phone_times, "phone_dups": self.phone_dups,
                "phones": len(self.attendee_sockets),
                "disconnects": self.disconnects, "phases": self.phases}

    async def close(self):
        for sio in self.clients:  # a disconnect we ask for is not a phone lost
            if isinstance(sio, LightPhone):
                sio.on_lost = None
            else:
                sio.handlers.get(NS, {}).pop("disconnect", None)
        await asyncio.gather(*(sio.disconnect() for sio in self.clients), return_exceptions=True)
        await self.http.close()
        await self.ws_http.close()


async def _main(conn):
    plan = conn.recv()
    if plan.get("cpus"):
        os.sched_setaffinity(0, plan["cpus"])  # before any thread starts: they inherit it
    if plan["role"] == "phones":
        # Each real phone has a CPU of its own; here a thousand share one core with the
        # submitter and the moderator, whose clocks the figures are read from. Taking in one
        # approval on every socket costs this process 100-300 ms of CPU: at the same priority
        # it delayed the inputs due meanwhile (acknowledgement p99 9 ms without approvals,
        # 78 ms with one a second, the server's hub late by under 6 ms at p99 throughout).
        os.nice(PHONES_NICENESS)
    loop = asyncio.get_running_loop()
    share = Share(plan)
    try:
        conn.send(await share.setup())
        go = await loop.run_in_executor(None, conn.recv)
        stopped = loop.run_in_executor(None, conn.recv) if plan["role"] != "submit" else None
        result = await share.run(go, stopped)
        if result == "done":
            # The submitter's own phones: once the load is sent, they wait, as the others do,
            # for what is still on its way, after the coordinator's "stop" (which also stops
            # the moderator approving).
            conn.send("done")
            await loop.run_in_executor(None, conn.recv)
            await share.drain()
            result = share.records()
        conn.send(result)
    finally:
        await share.close()


def process_main(conn):
    """Entry point of a load-generator process (multiprocessing, spawn)."""
    import logging
    # The clients' own complaints while the server drops them are counted as disconnects.
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    logging.getLogger("socketio.client").setLevel(logging.CRITICAL)
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(_main(conn))
