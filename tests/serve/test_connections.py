"""`serve` bounds what a connection may hold (issue 15, finding 8): a request head, an idle
kept-alive connection and a body each have a deadline; one address holds a bounded number of
connections (behind a trusted proxy: one phone, by X-Forwarded-For); a socket packet is
bounded. Raw sockets against a real `serve` process, each wait with a deadline."""
import json
import socket
import time

import pytest
import requests

from fkp.serve.server import connection_cap
from tests.helpers.app import ROOT, LiveServer
from tests.helpers.live_http import response_head

pytestmark = pytest.mark.server

WAIT_S = 10  # far longer than any deadline set here: a server that keeps the connection fails


def served(tmp_path, file_limit=None, **settings):
    server = LiveServer(tmp_path)
    server.env.update({f"FKP_{name}": str(value) for name, value in settings.items()})
    server.code = server.new_forum()
    return server.start(file_limit)


@pytest.fixture
def strict(tmp_path):
    """Deadlines of a second or two."""
    server = served(tmp_path, HEADER_TIMEOUT=1, IDLE_TIMEOUT=1, BODY_TIMEOUT=2)
    yield server
    server.stop()


def connect(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT_S)
    sock.settimeout(WAIT_S)
    return sock


def closed_within(sock, seconds):
    """Read until the server closes the connection; True if it did within `seconds`."""
    start = time.monotonic()
    try:
        while sock.recv(65536):
            pass
    except socket.timeout:
        return False
    except ConnectionResetError:
        pass
    return time.monotonic() - start < seconds


def websocket(server, forwarded_for=None, rest=None):
    """A Socket.IO websocket as a browser opens it; (socket, its response head)."""
    sock = connect(server)
    extra = f"X-Forwarded-For: {forwarded_for}\r\n" if forwarded_for else ""
    sock.sendall(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                  f"Host: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  f"{extra}\r\n").encode())
    return sock, response_head(sock, rest)


def test_a_half_sent_request_head_is_closed_at_its_deadline(strict):
    """125 half-open requests stopped a server allowed 128 files: each was held forever."""
    with connect(strict) as sock:
        sock.sendall(b"GET /j HT")
        assert closed_within(sock, 5)
    with connect(strict) as sock:  # nothing sent at all
        assert closed_within(sock, 5)
    assert requests.get(f"{strict.url}/j", timeout=WAIT_S).status_code == 200


def test_a_tls_handshake_never_finished_is_closed_at_the_heads_deadline(strict):
    """On the HTTPS port the handshake comes before any request head: a client that opens the
    connection and never says hello (or says half of it, or speaks no TLS) is closed in time
    too, quietly, and the port still serves."""
    for hello in (b"", b"\x16\x03\x01\x00", b"GET / HTTP/1.1\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", strict.tls_port), timeout=WAIT_S) as sock:
            sock.settimeout(WAIT_S)
            if hello:
                sock.sendall(hello)
            assert closed_within(sock, 5), hello
    https = requests.Session()
    https.verify, https.trust_env = str(ROOT / "instance" / "tls-cert.pem"), False
    assert https.get(f"{strict.https_url}/j", timeout=WAIT_S).status_code == 200
    assert "Traceback" not in strict.output()


def test_an_idle_kept_alive_connection_is_closed_and_a_trickled_body_refused(strict):
    with connect(strict) as sock:
        sock.sendall(f"GET /j HTTP/1.1\r\nHost: 127.0.0.1:{strict.port}\r\n\r\n".encode())
        assert response_head(sock).startswith("HTTP/1.1 200")
        assert closed_within(sock, 5)  # idle after its answer: closed, not kept for ever
    with connect(strict) as sock:
        sock.sendall((f"POST /api/v1/forums/{strict.code}/participants HTTP/1.1\r\n"
                      f"Host: 127.0.0.1:{strict.port}\r\nContent-Type: application/json\r\n"
                      "Content-Length: 200\r\n\r\n{\"name\": \"Si").encode())
        head = response_head(sock)  # the rest never comes: refused once the body's deadline passed
        assert head.startswith("HTTP/1.1 400"), head
        assert closed_within(sock, 5)
    assert "Traceback" not in strict.output()


def test_a_websocket_outlives_the_head_and_idle_deadlines(strict):
    rest = []
    sock, head = websocket(strict, rest=rest)
    with sock:
        assert head.startswith("HTTP/1.1 101"), head
        assert rest[0] or sock.recv(65536)  # engine.io's open packet
        sock.settimeout(3)  # three times the idle deadline: engine.io's pings, not it, end a socket
        with pytest.raises(socket.timeout):
            sock.recv(65536)


def test_a_socket_packet_over_its_bound_is_refused_without_a_server_error(strict):
    session = requests.Session()
    poll = f"{strict.url}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(session.get(poll, timeout=WAIT_S).text[1:])["sid"]
    poll += f"&sid={sid}"
    assert session.post(poll, data="40/live," + json.dumps({"forum": strict.code, "view": "display"}),
                        timeout=WAIT_S).ok
    # 500 ids, the most a command takes, as long as ids get, fit
    ids = [2**63 - 1] * 500
    assert session.post(poll, data='42/live,["approve_comments",' + json.dumps({"ids": ids}) + "]",
                        timeout=WAIT_S).ok
    huge = session.post(poll, data='42/live,["approve_comment",{"id":1,"x":"' + "x" * 100_000 + '"}]',
                        timeout=WAIT_S)
    assert huge.status_code == 413
    assert requests.get(f"{strict.url}/d/{strict.code}", timeout=WAIT_S).status_code == 200


def test_one_address_holds_at_most_its_cap_of_connections(tmp_path):
    server = served(tmp_path, MAX_CONNECTIONS_PER_ADDRESS=3)
    try:
        assert requests.get(f"{server.url}/j", timeout=WAIT_S).ok  # settled: the start's probe is gone
        held = [connect(server) for _ in range(3)]  # three half-open requests
        sock, head = websocket(server)  # and one more: a display socket
        with sock:
            assert head.startswith("HTTP/1.1 503"), head
            assert "Retry-After: 5" in head
            assert closed_within(sock, 5)
        for sock in held:
            sock.close()
        deadline = time.monotonic() + WAIT_S  # the server sees the closes as it gets to them
        while requests.get(f"{server.url}/j", timeout=WAIT_S).status_code == 503:
            assert time.monotonic() < deadline
    finally:
        server.stop()


def test_behind_a_trusted_proxy_the_cap_counts_each_phone(tmp_path):
    """Every connection comes from the proxy: what counts is the phone it names."""
    server = served(tmp_path, MAX_CONNECTIONS_PER_ADDRESS=2, TRUSTED_PROXIES=1)
    try:
        phone = [websocket(server, "203.0.113.7") for _ in range(2)]
        assert all(head.startswith("HTTP/1.1 101") for _, head in phone)
        sock, head = websocket(server, "203.0.113.7")
        with sock:
            assert head.startswith("HTTP/1.1 503") and "Retry-After: 5" in head, head
        other, head = websocket(server, "203.0.113.8")  # another phone, through the same proxy
        with other:
            assert head.startswith("HTTP/1.1 101"), head
        phone[0][0].close()
        deadline = time.monotonic() + WAIT_S  # its place is free once the server saw it close
        while True:
            sock, head = websocket(server, "203.0.113.7")
            sock.close()
            if head.startswith("HTTP/1.1 101"):
                break
            assert time.monotonic() < deadline
        phone[1][0].close()
    finally:
        server.stop()


def test_half_open_requests_cannot_exhaust_the_file_limit(tmp_path):
    """The finding itself: a server allowed 128 files, sent 125 half-open requests. It refuses
    what it has no room for at once, closes the half-open ones at their deadline, and serves."""
    server = served(tmp_path, file_limit=128, HEADER_TIMEOUT=2)
    try:
        flood = [connect(server) for _ in range(125)]
        late = connect(server)  # beyond what the server has room for: a quick 503, not a hang
        with late:
            head = response_head(late)
            assert head.startswith("HTTP/1.1 503") or head == "", head
        for sock in flood:
            assert closed_within(sock, WAIT_S)
            sock.close()
        r = requests.get(f"{server.url}/d/{server.code}", timeout=WAIT_S)
        assert r.status_code == 200
        assert "Too many open files" not in server.output() and "Traceback" not in server.output()
    finally:
        server.stop()


@pytest.mark.parametrize("file_limit, open_now, cap", [(128, 20, 68), (1024, 20, 740), (65536, 30, 65242)])
def test_the_connection_cap_leaves_room_for_the_database(file_limit, open_now, cap):
    assert connection_cap(0, file_limit, open_now) == cap
    assert connection_cap(100, file_limit, open_now) == min(100, cap)  # FKP_MAX_CONNECTIONS, if lower
