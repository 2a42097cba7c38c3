"""What keeps `serve` answering when clients are slow, broken or hostile: deadlines on what a
connection sends, and caps on how many connections one address and the whole process hold.

gevent's server waited forever for a request's head and kept every connection it accepted:
125 connections that sent half a request line stopped a server allowed 128 open files, and
one address could open display sockets without end. Here:

- a new connection must send its complete request head within FKP_HEADER_TIMEOUT seconds, a
  kept-alive one its next head within FKP_IDLE_TIMEOUT of the last answer; else it is closed;
- a request's body must arrive within FKP_BODY_TIMEOUT seconds of its head (a body that
  trickles in byte by byte holds a greenlet no longer); the app answers 400 and the
  connection is closed;
- once the head is read nothing more is timed here: a Socket.IO long-poll is held by the app
  for its ping interval, and a websocket lives as long as engine.io's pings say the phone is
  there (fkp/__init__.py sets them);
- at most FKP_MAX_CONNECTIONS_PER_ADDRESS connections from one address, and at most
  FKP_MAX_CONNECTIONS in all (by default what the file limit leaves room for, so the process
  never fails to open its database). One over the cap gets a 503 with Retry-After at once,
  and is closed: it holds a greenlet for microseconds. gevent accepts up to a hundred
  connections in one go before any is handled, so the server also stops accepting while
  REFUSAL_ROOM more than the cap are open; those wait in the system's queue meanwhile.

Behind trusted reverse proxies (FKP_TRUSTED_PROXIES) every connection comes from the proxy,
so the per-address cap counts each phone's requests in flight instead, by the address the
proxy names in X-Forwarded-For (as ProxyFix believes it): a websocket counts for as long as
it is open.
"""
import os
import socket
import time
from collections import Counter

import gevent
from gevent import pywsgi

from .headers import RequestHeaders

try:  # POSIX only; on Windows see file_limit()
    import resource
except ImportError:
    resource = None

RETRY_AFTER_S = 5
WINDOWS_FILE_LIMIT = 8192
REFUSAL_TEXT = (b"Terlalu banyak koneksi; coba lagi sebentar lagi.\n"
                b"Too many connections; try again in a moment.\n")
REFUSAL = (b"HTTP/1.1 503 Service Unavailable\r\n"
           b"Retry-After: %d\r\nContent-Type: text/plain; charset=utf-8\r\n"
           b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
           % (RETRY_AFTER_S, len(REFUSAL_TEXT), REFUSAL_TEXT))
# Files the process needs besides its connections: the database and its journal for each
# pooled connection (fkp/serve/tuning.py POOL_SIZE), backups, logs, exports being built.
RESERVED_FILES = 256
REFUSAL_ROOM = 8  # connections accepted beyond the cap, each only to be answered 503 and closed


def connection_cap(configured, file_limit, open_now):
    """The most connections the process holds at once: FKP_MAX_CONNECTIONS if set (0: not set),
    never more than the file limit leaves room for after the files open now, a reserve (a
    quarter of the limit, at most RESERVED_FILES) and the room for refusals."""
    room = max(1, file_limit - open_now - min(RESERVED_FILES, file_limit // 4) - REFUSAL_ROOM)
    return min(configured, room) if configured else room


def open_files():
    """How many files this process has open (Linux; elsewhere a guess that errs high)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 64


def file_limit():
    """This process's soft limit on open files. Windows has no such limit on sockets (and no
    `resource` module): there, a cap as high as `serve` raises it to elsewhere."""
    if resource is None:
        return WINDOWS_FILE_LIMIT
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class Limits:
    """The deadlines and caps of one server, read from the app's config (fkp/config.py)."""

    def __init__(self, config):
        self.header_s = config["HEADER_TIMEOUT_S"]
        self.idle_s = config["IDLE_TIMEOUT_S"]
        self.body_s = config["BODY_TIMEOUT_S"]
        self.per_address = config["MAX_CONNECTIONS_PER_ADDRESS"]
        self.proxies = config.get("TRUSTED_PROXIES", 0)
        self.total = connection_cap(config["MAX_CONNECTIONS"], file_limit(), open_files())


def client_address(environ, proxies, peer):
    """The phone's address: the one `proxies` trusted proxies name in X-Forwarded-For (as
    ProxyFix reads it), else the connection's own."""
    forwarded = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    return forwarded[-proxies] if proxies and len(forwarded) >= proxies and forwarded[-proxies] else peer


def refuse(sock):
    """Answer 503 without waiting for anything, and close."""
    try:
        sock.settimeout(0)
        try:
            sock.recv(65536)  # what already came: closing with unread data would reset the 503
        except OSError:
            pass
        sock.sendall(REFUSAL)
    except OSError:
        pass
    finally:
        sock.close()


class Guard:
    """The caps' counts of one process, shared by all its servers (plain HTTP and HTTPS), so
    that together they never hold more connections than the file limit leaves room for."""

    def __init__(self, config):
        self.limits = Limits(config)
        self.connections = Counter()  # peer address -> connections open (without proxies)
        self.in_flight = Counter()    # phone address -> requests in flight (behind proxies)
        self.open_total = 0           # connections being served
        self.accepted = 0             # sockets accepted and not yet closed, refused ones too
        self.servers = []


class GuardedServer(pywsgi.WSGIServer):
    """gevent's WSGI server with the caps above; its handler (fkp/cli.py no_delay_handler) has
    the deadlines (Deadlines). Servers of one process share a Guard (`guard`); over TLS the
    handshake must end within the head's deadline too."""

    def __init__(self, listener, application, guard=None, **kwargs):
        super().__init__(listener, application, **kwargs)
        self.guard = guard or Guard(application.config)
        self.guard.servers.append(self)
        self.limits = self.guard.limits

    def do_read(self):
        accepted = super().do_read()
        if accepted:
            self.guard.accepted += 1
        return accepted

    def full(self):
        """Asked before each accept: past the cap and the room for refusals, stop accepting."""
        return self.guard.accepted >= self.limits.total + REFUSAL_ROOM

    def do_close(self, sock, *args):
        super().do_close(sock, *args)
        self.guard.accepted -= 1
        for server in self.guard.servers:
            server._start_accepting_if_started()  # if full() had stopped it; else nothing changes

    def wrap_socket_and_handle(self, client_socket, address):
        """The TLS handshake, within the head's deadline: a client that opens a connection and
        never finishes it (or speaks no TLS at all) is closed, quietly."""
        try:  # the socket's file moves into the TLS socket, which alone may close it now
            tls_socket = self.wrap_socket(client_socket, do_handshake_on_connect=False, **self.ssl_args)
        except (OSError, ValueError):
            client_socket.close()
            return None
        timer = gevent.Timeout(self.limits.header_s)
        timer.start()
        try:
            tls_socket.do_handshake()
        except gevent.Timeout as expired:
            if expired is not timer:
                raise
            tls_socket.close()
            return None
        except (OSError, ValueError):  # ssl.SSLError is an OSError: a broken or plain-text hello
            tls_socket.close()
            return None
        finally:
            timer.close()
        with tls_socket:
            return self.handle(tls_socket, address)

    def handle(self, sock, address):
        guard, limits = self.guard, self.limits
        peer = address[0] if isinstance(address, tuple) else str(address)
        per_peer = not limits.proxies
        if guard.open_total >= limits.total or (per_peer and guard.connections[peer] >= limits.per_address):
            refuse(sock)
            return
        guard.open_total += 1
        if per_peer:
            guard.connections[peer] += 1
        try:
            super().handle(sock, address)
        finally:
            guard.open_total -= 1
            if per_peer:
                _release(guard.connections, peer)

    def admit(self, environ, peer):
        """Behind proxies: count this request for its phone; the key to release, or None when
        the phone is over its cap."""
        in_flight = self.guard.in_flight
        phone = client_address(environ, self.limits.proxies, peer)
        if in_flight[phone] >= self.limits.per_address:
            return None
        in_flight[phone] += 1
        return phone


def _release(counter, key):
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


class BodyDeadline:
    """A request's body as gevent's Input reads it, refused once its deadline has passed: each
    read may wait only for what is left of it. werkzeug reads a refusal as a client gone (400)."""
    __slots__ = ("rfile", "sock", "deadline", "handler")

    def __init__(self, rfile, sock, deadline, handler):
        self.rfile, self.sock, self.deadline, self.handler = rfile, sock, deadline, handler

    def read(self, size=-1):
        return self._timed(self.rfile.read, size)

    def readline(self, size=-1):
        return self._timed(self.rfile.readline, size)

    def _timed(self, read, size):
        left = self.deadline - time.monotonic()
        if left > 0:
            self.sock.settimeout(left)
            try:
                return read(size)
            except socket.timeout:
                pass
            finally:
                self.sock.settimeout(None)
        self.handler.close_connection = True  # the rest of the body may still come: never parsed as a request
        raise socket.timeout("the request's body did not arrive in time")

    def __getattr__(self, name):
        return getattr(self.rfile, name)


class Deadlines:
    """Mixed into gevent's request handler (before it): the head and body deadlines, and the
    per-phone count behind proxies. Reads self.server.limits (GuardedServer). The header
    lines are read by fkp/serve/headers.py."""
    _kept_alive = False

    def MessageClass(self, fp, *args):  # noqa: N802 - pywsgi's name
        return RequestHeaders(fp)

    def handle_one_request(self):
        limits = getattr(self.server, "limits", None)
        if limits is None:
            return super().handle_one_request()
        timer = gevent.Timeout(limits.idle_s if self._kept_alive else limits.header_s)
        self._head_timer = timer
        timer.start()
        try:
            result = super().handle_one_request()
        except gevent.Timeout as expired:
            if expired is not timer:
                raise
            return None  # no complete head in time: close
        finally:
            timer.close()
        self._kept_alive = True
        return result

    def get_environ(self):
        """Called once the head is read: its deadline ends, the body's begins."""
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.close()
        environ = super().get_environ()
        limits = getattr(self.server, "limits", None)
        body = environ.get("wsgi.input")
        if limits is not None and isinstance(body, pywsgi.Input):
            body.rfile = BodyDeadline(body.rfile, self.socket, time.monotonic() + limits.body_s, self)
        return environ

    def run_application(self):
        server = self.server
        if not getattr(server, "limits", None) or not server.limits.proxies:
            return super().run_application()
        peer = self.client_address[0] if isinstance(self.client_address, tuple) else str(self.client_address)
        phone = server.admit(self.environ, peer)
        if phone is None:
            self.close_connection = True
            self.start_response("503 Service Unavailable", [
                ("Retry-After", str(RETRY_AFTER_S)), ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(REFUSAL_TEXT))), ("Connection", "close")])
            self.result = [REFUSAL_TEXT]
            self.process_result()
            return None
        try:
            return super().run_application()  # a websocket: for as long as it is open
        finally:
            _release(server.guard.in_flight, phone)
