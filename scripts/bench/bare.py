"""The bare reference server: the floor of fkp's stack, for scripts/bench to compare against.

Flask-SocketIO in gevent mode under gevent's WSGI server, SQLite through sqlite-utils with
the app's durability (WAL, synchronous=FULL), and per input exactly one insert, one commit
and one broadcast. It answers the few routes and socket events the load generator uses, in
the app's shapes, and does nothing else: no validation, no permissions, no sequence numbers
kept in the database, no moderation log. Whatever the app costs above this is the app.

Run: python scripts/bench/bare.py --port P --database FILE [--message-queue redis://…]
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import sqlite_utils  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, join_room  # noqa: E402

FORUM = "BARE00"
NS = "/live"
app = Flask(__name__)
socketio = SocketIO()
seq = itertools.count(1)
db = None


def connect(path):
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=10000")
    d = sqlite_utils.Database(conn)
    d["comments"].create({"id": int, "participant_id": int, "text": str, "client_id": str,
                          "status": str, "seq": int}, pk="id", if_not_exists=True)
    return d


@app.get("/api/v1/forums/<code>")
def forum(code):
    return jsonify(code=FORUM, seq=0, services=[{"id": 1}], aspects=[{"id": 1}])


@app.post("/api/v1/forums/<code>/participants")
def join(code):
    token = secrets.token_urlsafe(24)
    return jsonify(participant_id=participant_of(token), token=token), 201


def participant_of(token):
    """The floor keeps no token table (any worker accepts any token): a token names its giver."""
    return zlib.crc32(token.encode()) if token else None


@app.post("/api/v1/forums/<code>/comments")
def submit(code):
    participant_id = participant_of(request.headers.get("Authorization", "")[7:])
    if participant_id is None:
        return jsonify(error="not joined"), 401
    return jsonify(store(participant_id, request.get_json())), 201


@socketio.on("submit_comment", namespace=NS)
def on_submit(body):
    """The same over the phone's socket, answered as the app answers (fkp/live.py)."""
    participant_id = voices.get(request.sid)
    if participant_id is None:
        return {"error": "not joined", "code": 401}
    return {"ok": True, "created": True, "comment": store(participant_id, body)}


voices = {}  # an attendee's socket -> its participant


def store(participant_id, body):
    n = next(seq)
    row = {"participant_id": participant_id, "text": body["text"], "client_id": body["client_id"],
           "status": "pending", "seq": n}
    row["id"] = db["comments"].insert(row).last_pk  # one insert, one durable commit
    socketio.emit("comment_submitted", {"seq": n, "comment": row},
                  to=["staff", f"participant:{participant_id}"], namespace=NS)
    return {"id": row["id"], "status": "pending", "seq": n, "client_id": row["client_id"]}


@socketio.on("connect", namespace=NS)
def on_connect(auth=None):
    view = (auth or {}).get("view")
    if view == "attendee":
        if participant_of(auth.get("token")) is None:
            raise ConnectionRefusedError("not joined")
        join_room("public")
        join_room(f"participant:{participant_of(auth['token'])}")
        voices[request.sid] = participant_of(auth["token"])
    elif view == "display":
        join_room("public")
    elif view == "moderator":
        join_room("staff")
    else:
        raise ConnectionRefusedError("unknown view")


@socketio.on("disconnect", namespace=NS)
def on_disconnect(*args):
    voices.pop(request.sid, None)


@socketio.on("approve_comment", namespace=NS)
def on_approve(data):
    n = next(seq)
    with db.conn:
        db.conn.execute("UPDATE comments SET status = 'approved', seq = ? WHERE id = ?", [n, data["id"]])
    row = db["comments"].get(data["id"])
    socketio.emit("comment_approved", {"seq": n, "comment": row}, to=["staff", "public"], namespace=NS)
    return {"ok": True, "seq": n}


def freeze_gc_forever(every_s=5):
    """What the issue's throwaway bare server did to keep gen-2 collections short."""
    while True:
        gevent.sleep(every_s)
        gc.freeze()


def main():
    global db
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--message-queue", default=None)
    args = parser.parse_args()
    db = connect(args.database)
    socketio.init_app(app, async_mode="gevent", message_queue=args.message_queue)
    gevent.spawn(freeze_gc_forever)
    if os.environ.get("FKP_HUB_TRACE"):  # scripts/bench --profile: the same trace as the app's
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from fkp.serve import hubtrace
        hubtrace.start(os.environ["FKP_HUB_TRACE"])
        app.wsgi_app = hubtrace.label_requests(app.wsgi_app)
    # What socketio.run does in gevent mode, with Nagle's algorithm off as the app has it
    # (fkp/cli.py no_delay_handler): else a response's body waits for the client's delayed ACK
    # of its headers, up to 40 ms, and the floor would be slower than the app for that alone.
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    class NoDelay(WebSocketHandler):
        def __init__(self, sock, *a, **kw):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *a, **kw)
    pywsgi.WSGIServer(("127.0.0.1", args.port), app, handler_class=NoDelay, log=None).serve_forever()


if __name__ == "__main__":
    main()
