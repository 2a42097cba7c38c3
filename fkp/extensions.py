"""Flask extensions, created unbound and bound to the app in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

from . import ratelimit_storage  # noqa: F401 - memory:// with a cheap clean-up

socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()
# Counts per address unless a limit names another key (fkp/web/limits.py). Its storage and
# strategy come from the app's config at init_app: one app per process, as `serve` runs it.
limiter = Limiter(get_remote_address)
