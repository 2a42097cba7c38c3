"""The request headers `serve` reads without the e-mail parser (fkp/serve/headers.py): the same
answers as http.client's for what browsers and phones send, and a 400 for what HTTP refuses."""
import io
import socket

import pytest
from gevent.pywsgi import headers_factory

from fkp.serve.headers import MAX_HEADERS, RequestHeaders
from tests.helpers.live_http import response_head

BLOCKS = [
    b"Host: 10.0.0.5:5000\r\nUser-Agent: Mozilla/5.0 (Linux; Android 10)\r\nAccept: text/html\r\n"
    b"Accept-Language: id-ID,id;q=0.9\r\nCookie: session=abc\r\nCookie: fkp_lang=id\r\n\r\n",
    b"Host: x\r\nContent-Type: application/json\r\nContent-Length: 120\r\n"
    b"Authorization: Bearer t0k3n\r\nConnection: keep-alive\r\n\r\n{\"a\": 1}",
    b"Host: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n"
    b"Sec-WebSocket-Version: 13\r\n\r\n",
    b"host:x\nX-Forwarded-For:  1.2.3.4 , 5.6.7.8  \n\n",  # bare LF, no space after the colon
]


def pairs(headers):
    """The lines as pywsgi turns them into the environ: name and value, stripped."""
    return [(name, value.strip()) for name, value in (line.split(":", 1) for line in headers.headers)]


@pytest.mark.parametrize("block", BLOCKS)
def test_answers_as_the_standard_library_does(block):
    ours, theirs = RequestHeaders(io.BytesIO(block)), headers_factory(io.BytesIO(block))
    assert ours.status == theirs.status == ""
    assert pairs(ours) == pairs(theirs)
    for name in ("host", "HOST", "Content-Type", "content-length", "cookie", "Connection", "Upgrade",
                 "X-Forwarded-For", "Missing"):
        # HTTP's optional whitespace around a value is no part of it (the e-mail parser keeps
        # what trails; pywsgi strips it anyway for the environ)
        assert ours.get(name) == (theirs.get(name).strip() if theirs.get(name) else None), name
        assert ours.getheader(name, "-") == theirs.getheader(name, "-").strip()
    assert ours.typeheader == theirs.typeheader


def test_reads_no_further_than_the_blank_line():
    body = io.BytesIO(BLOCKS[1])
    RequestHeaders(body)
    assert body.read() == b'{"a": 1}'


def test_a_removed_header_is_gone_from_every_answer():
    headers = RequestHeaders(io.BytesIO(b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"
                                        b"content-length: 6\r\n\r\n"))
    del headers["Content-Length"]
    assert headers.get("content-length") is None and "content-length" not in headers
    assert list(headers.headers) == ["Transfer-Encoding: chunked\r\n"]
    with pytest.raises(KeyError):
        del headers["content-length"]


@pytest.mark.parametrize("block, status", [
    (b"Host: x\r\n folded continuation\r\n\r\n", "Invalid header line"),
    (b"Host x\r\n\r\n", "Invalid header line"),
    (b"Host : x\r\n\r\n", "Invalid header line"),
    (b": x\r\n\r\n", "Invalid header line"),
    (b"X: " + b"a" * 70000 + b"\r\n\r\n", "Line too long"),
    (b"".join(b"X-%d: y\r\n" % n for n in range(MAX_HEADERS + 1)) + b"\r\n", f"More than {MAX_HEADERS} headers"),
])
def test_what_http_refuses_sets_a_status(block, status):
    assert RequestHeaders(io.BytesIO(block)).status == status


def _raw(server, request):
    """The status line of the server's answer to these raw bytes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        return response_head(sock).split("\r\n", 1)[0]


@pytest.mark.server
def test_serve_answers_400_to_refused_headers_and_serves_the_rest(live_server):
    assert _raw(live_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == "HTTP/1.1 200 OK"
    folded = b"GET /healthz HTTP/1.1\r\nHost: x\r\n folded\r\nConnection: close\r\n\r\n"
    assert _raw(live_server, folded).startswith("HTTP/1.1 400")
    many = b"GET /healthz HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(MAX_HEADERS + 1)) + b"\r\n"
    assert _raw(live_server, many).startswith("HTTP/1.1 400")
