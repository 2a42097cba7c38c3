"""fkp: run a Forum Konsultasi Publik live, from QR code to signed minutes.

Importing the package loads nothing else, so that `python -m fkp serve` can
monkey-patch gevent before Flask, ssl or sockets are imported.
"""

# Engine.IO's liveness check and packet bound (the server's deadlines in fkp/serve/server.py
# leave sockets alone; these decide when one is gone). A ping every 25 s keeps a venue NAT's
# idle mapping alive; a phone on bad Wi-Fi may then miss its pong for 30 s before it is
# dropped (it reconnects and resyncs anyway), rather than the default 20. The largest
# legitimate packet a client sends is a moderator's command: 500 input ids (~10 KB) or an
# input's 1,000 characters escaped in JSON (~6 KB); a poll may carry a few at once.
# A socket's events are handled one after another, in the greenlet that reads it, not each
# in a greenlet of its own: a console's commands and a phone's inputs take effect in the
# order they were sent, a socket that sends faster than the server answers waits (its
# unread messages stay in the network's buffers, not in thousands of greenlets: a flood of
# inputs over 100 sockets grew the server to 2.5 GB that way), and no greenlet is started per
# event.
SOCKET_SETTINGS = {"ping_interval": 25, "ping_timeout": 30, "max_http_buffer_size": 64 * 1024,
                   "async_handlers": False}


def create_app(test_config=None):
    """Build the app: config, database, static files, languages, CSRF, rate limits, Socket.IO, and the
    audiences' views."""
    from . import config
    from .extensions import SOCKET_PATH, App, BoundedPacket, BoundedPolls, csrf, socketio
    from .language import i18n
    from .store import db
    from .web import assets, limits, localise

    app = App(__name__, instance_path=str(config.home() / "instance"))
    app.config.from_mapping(config.defaults())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.load_secret_key(app.instance_path)

    # Socket handlers must be declared before the first init_app: Flask-SocketIO keeps
    # them for later apps only when it had no server yet at declaration time.
    from . import live  # noqa: F401

    db.init_app(app)
    assets.init_app(app)
    i18n.init_app(app, locale_selector=localise.select_locale)
    csrf.init_app(app)
    limits.init_app(app)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config.get("MESSAGE_QUEUE"),
                      serializer=BoundedPacket, **SOCKET_SETTINGS)
    app.wsgi_app = BoundedPolls(app.wsgi_app, SOCKET_PATH, SOCKET_SETTINGS["max_http_buffer_size"])
    if app.config.get("TRUSTED_PROXIES"):
        # Around Socket.IO's middleware too, so every request sees the phone's own address.
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    from .web import register
    register(app)
    return app
