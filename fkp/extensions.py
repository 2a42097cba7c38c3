"""Flask extensions, created unbound and bound to the app in create_app()."""
from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect
from socketio.packet import CONNECT, Packet

socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()

UNREADABLE_EVENT = "unreadable"  # no handler has this name: the event is dropped


class BoundedPacket(Packet):
    """Socket.IO packets that a hostile client cannot turn into a server traceback (create_app
    gives it to Socket.IO as its serializer).

    python-socketio decodes each packet's JSON before any handler runs; JSON nested deeper than
    Python's recursion limit (a few kilobytes of "[[[[…") raised RecursionError there, which
    the server logged with a traceback while the connection hung. Such a packet is now read as
    one the app refuses anyway: a connection with no credentials, or an event no handler has.
    """

    def decode(self, encoded_packet):
        try:
            return super().decode(encoded_packet)
        except RecursionError:
            self.data = {} if self.packet_type == CONNECT else [UNREADABLE_EVENT]
            return 0
