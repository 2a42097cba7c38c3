"""Flask extensions, created unbound and bound to the app in create_app()."""
from flask import Flask
from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect
from socketio.packet import CONNECT, Packet

socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()

UNREADABLE_EVENT = "unreadable"  # no handler has this name: the event is dropped


SOCKET_PATH = "/socket.io/"
SAVED_SESSION = "saved_session"  # where Flask-SocketIO keeps a socket's session, in its environ


class App(Flask):
    """Flask, which does not look up a route for Socket.IO's own requests.

    Flask-SocketIO runs each socket event in a request context made from the environ of the
    socket's first request (GET /socket.io/?transport=websocket). Making one binds the URL map
    to that environ and matches its path, which no route ever matches (Socket.IO's middleware
    answers that path before Flask sees it): a ninth of the server's CPU for an input sent over
    the phone's socket went to finding that out again. Such a context now has no URL adapter:
    a socket handler cannot build a URL (none does; the live tests run every handler)."""

    def create_url_adapter(self, request):
        if request is not None and request.environ.get("PATH_INFO", "").startswith(SOCKET_PATH):
            return None
        return super().create_url_adapter(request)

    def request_context(self, environ):
        """A socket event's context starts with the socket's own session, not the cookie's.

        Flask opens the session of every request context it pushes: it parses the Cookie
        header and checks and decodes the signed session in it. Flask-SocketIO then puts the
        socket's session (a copy made at its first event, kept in the environ) in its place,
        so for a phone that joined through the page, whose socket carries that cookie, each
        event decoded it for nothing: 60 µs of the ~70 µs a context cost, per input and per
        moderator's command. From the second event on the copy is there to start with."""
        ctx = super().request_context(environ)
        saved = environ.get(SAVED_SESSION)
        if saved is not None and hasattr(ctx, "_session"):  # Flask 3.1.3's name for it (pyproject)
            ctx._session = saved
        return ctx


class BoundedPacket(Packet):
    """Socket.IO packets that a hostile client cannot turn into a server traceback (create_app
    gives it to Socket.IO as its serializer).

    python-socketio decodes each packet's JSON before any handler runs; JSON nested deeper than
    Python's recursion limit (a few kilobytes of "[[[[…") raised RecursionError there, which
    the server logged with a traceback while the connection hung. Such a packet is now read as
    one the app refuses anyway: a connection with no credentials, or an event no handler has.

    fkp sends JSON only, never bytes: without binary events a packet is not walked, every
    dict and list of it, looking for bytes before it is sent (4 % of the server's CPU for an
    input sent over the socket, its ack and its events). What a client sends is read as before.
    """
    uses_binary_events = False

    def decode(self, encoded_packet):
        try:
            return super().decode(encoded_packet)
        except RecursionError:
            self.data = {} if self.packet_type == CONNECT else [UNREADABLE_EVENT]
            return 0


class BoundedPolls:
    """WSGI middleware in front of Socket.IO's: a long-poll POST larger than engine.io's bound
    is answered 413 here, without reaching engine.io (create_app installs it).

    engine.io refuses such a POST too, but by closing the socket and waiting, inside the POST,
    until the client has fetched the close with two more polls: a client that never polls
    again held that greenlet for ever. The client reads a 413 as a failed transport and
    reconnects (the page resyncs)."""
    BODY = b"Too large.\n"

    def __init__(self, app, path, limit):
        self.app, self.path, self.limit = app, path, limit

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(self.path):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > self.limit:
                start_response("413 Request Entity Too Large", [
                    ("Content-Type", "text/plain"), ("Content-Length", str(len(self.BODY))),
                    ("Connection", "close")])
                return [self.BODY]
        return self.app(environ, start_response)
