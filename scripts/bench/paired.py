"""Server CPU per input of two versions of the app, measured side by side on one core.

  .venv/bin/python scripts/bench/paired.py --app-root DIR [--rounds 10] [--inputs 1600]

DIR is another checkout of fkp (e.g. `git archive HEAD | tar -x -C DIR`, before a change);
the other is this one. Both servers run at once on the same core, each with --sockets phones
joined and connected, and in each round every phone of both sends its share of --inputs over
its socket (submit_comment, as the phone page does), one after another as answers come. The
CPU each server used in the round, divided by its inputs, is its cost per input.

With --via-page the phones join as a phone that scanned the QR code does: through the join
page, whose session cookie (the attendee's token, the form's CSRF token, the device) their
sockets then carry, as a browser's do. Through the API a phone has a token and no cookie.

Why side by side: on a shared virtual machine the speed of a core moves by a factor of two
within minutes (scripts/bench's "machine speed" probe), so two versions measured one after the
other differ by the moment more than by the code. Run at the same moment on the same core,
both see the same speed; the ratio of their costs in one round is the figure, and the median
over the rounds is printed last, as JSON, with each round's.
"""
import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import form_cookies, input_body  # noqa: E402
from servers import Servers  # noqa: E402

NS = "/live"


async def phones(srv, http, count, via_page=False):
    """count attendees joined through the API (or the join page), each with its socket connected."""
    url, code, clients = srv.urls[0], srv.code, []
    for i in range(count):
        if via_page:
            auth, headers = {"forum": code, "view": "attendee"}, {"Cookie": await page_join(url, code, i)}
        else:
            async with http.post(f"{url}/api/v1/forums/{code}/participants", json={
                    "name": f"Peserta {i}", "institution": "Lembaga", "group": "service_user", "consent": True}) as r:
                auth, headers = {"forum": code, "view": "attendee", "token": (await r.json())["token"]}, {}
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        await sio.connect(url, auth=auth, headers=headers, namespaces=[NS], transports=["websocket"],
                          wait_timeout=30)
        clients.append(sio)
    return clients


async def page_join(url, code, i):
    """Join through the page, as a browser does; the Cookie header its socket then sends."""
    return await form_cookies(f"{url}/j/{code}", {"name": f"Peserta {i}", "institution": "Lembaga",
                                                  "group": "service_user", "consent": "y"})


async def send(sio, pair, count, client_ids):
    for _ in range(count):
        ack = await sio.call("submit_comment", input_body(f"p{next(client_ids)}", pair), namespace=NS, timeout=60)
        if not (isinstance(ack, dict) and ack.get("ok") and ack.get("created")):
            raise RuntimeError(f"an input was refused: {ack!r}"[:300])


async def measure(args):
    cores = sorted(os.sched_getaffinity(0))
    server_cpus = {cores[0]} if len(cores) > 1 else None
    if server_cpus:
        os.sched_setaffinity(0, set(cores[1:]))
    started = {"other": Servers("app", 1, {}, app_root=args.app_root, cpus=server_cpus),
               "this": Servers("app", 1, {}, cpus=server_cpus)}
    for srv in started.values():
        srv.start()
    costs = {name: [] for name in started}
    client_ids = itertools.count()
    per_phone = max(1, args.inputs // args.sockets)
    try:
        async with aiohttp.ClientSession() as http:
            clients = {name: await phones(srv, http, args.sockets, args.via_page) for name, srv in started.items()}
            for n in range(args.rounds):
                before = {name: srv.cpu_s()[0] for name, srv in started.items()}
                await asyncio.gather(*(send(sio, started[name].pair, per_phone, client_ids)
                                       for name in started for sio in clients[name]))
                after = {name: srv.cpu_s()[0] for name, srv in started.items()}
                sent = per_phone * args.sockets
                for name in started:
                    costs[name].append(1000 * (after[name] - before[name]) / sent)
                print(f"round {n + 1}: other {costs['other'][-1]:.3f}, this {costs['this'][-1]:.3f} ms/input",
                      flush=True)
            for sio in itertools.chain(*clients.values()):
                await sio.disconnect()
    finally:
        for srv in started.values():
            srv.stop()
    # the first round warms both up (connections, caches, the pool of forms): not counted
    kept = {name: values[1:] if len(values) > 1 else values for name, values in costs.items()}
    ratios = [t / o for t, o in zip(kept["this"], kept["other"]) if o > 0]  # a round too short to tick: none
    return {"other_ms": statistics.median(kept["other"]), "this_ms": statistics.median(kept["this"]),
            "ratio": statistics.median(ratios) if ratios else None, "rounds": {name: [round(v, 4) for v in values]
                                                           for name, values in costs.items()},
            "inputs_per_round": per_phone * args.sockets, "other_root": str(args.app_root),
            "via_page": args.via_page}


def main(argv=None):
    p = argparse.ArgumentParser(prog="scripts/bench/paired.py", description=__doc__.split("\n")[0])
    p.add_argument("--app-root", required=True, metavar="DIR", help="the other checkout of fkp")
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--inputs", type=int, default=1600, help="inputs per server per round")
    p.add_argument("--sockets", type=int, default=64, help="phones per server, each sending in turn")
    p.add_argument("--via-page", action="store_true",
                   help="phones join through the join page and their sockets carry its session cookie")
    args = p.parse_args(argv)
    started = time.time()
    result = asyncio.run(measure(args))
    ratio = "-" if result["ratio"] is None else f"{result['ratio']:.3f}"
    print(f"median ms/input: other {result['other_ms']:.3f}, this {result['this_ms']:.3f}; "
          f"median ratio this/other {ratio} ({time.time() - started:.0f} s)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
