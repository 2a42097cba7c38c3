"""Flask extensions, created unbound and bound to the app in create_app()."""
from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()
