"""Configuration: safe defaults, overridden by FKP_* environment variables.

Every variable read here is documented in the README; a test keeps the two in step.
"""
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, help); the README's configuration table mirrors this.
ENV_VARS = {
    "FKP_HOME": ("", "the folder that holds data/ and instance/ (default: the checkout when run from "
                     "one, else this user's data folder)"),
    "FKP_DATABASE": ("", "SQLite database file (default: data/fkp.db in FKP_HOME)"),
    "FKP_HOST": ("0.0.0.0", "address the server listens on"),
    "FKP_PORT": ("5000", "port the server listens on (plain HTTP)"),
    "FKP_TLS": ("on", "`off` serves plain HTTP only, e.g. behind an nginx that holds the certificate"),
    "FKP_TLS_PORT": ("5443", "port the server speaks HTTPS on"),
    "FKP_TLS_CERT": ("", "the office's certificate for HTTPS, a PEM file (default: one generated "
                         "for the LAN address and kept in instance/)"),
    "FKP_TLS_KEY": ("", "the private key of FKP_TLS_CERT, a PEM file"),
    "FKP_PHONES_HTTPS": ("", "1 sends phones to HTTPS (join URL, QR), 0 to plain HTTP (default: HTTPS "
                             "with FKP_TLS_CERT, plain HTTP with a generated certificate)"),
    "FKP_PUBLIC_URL": ("", "base URL phones use to reach the app (default: the machine's LAN address)"),
    "FKP_SECRET_KEY": ("", "session signing key (default: generated once and kept in instance/secret_key)"),
    "FKP_PASSWORD": ("", "password for `create-user` when not prompted"),
    "FKP_ACCESS_LOG": ("", "set to 1 to log every HTTP request of `serve`"),
    "FKP_RATELIMIT_STORAGE": ("memory://", "where rate-limit counts are kept; e.g. `redis://HOST:6379` "
                              "so that several server processes share them"),
    "FKP_RATELIMIT_INPUT": ("10 per minute", "inputs one participant may send (page and API together)"),
    "FKP_RATELIMIT_SUPPORT": ("30 per minute", "supports (\"setuju\") one participant may give"),
    # A hall of 300 phones often reaches the server from one address (the venue's NAT). The
    # minute allows the whole hall plus a third sent back with a mistake; the second cap is
    # above what people filling in a form reach (each takes half a minute, so 300 of them
    # send a few a second) but slows a script to human speed; the hour bounds what a
    # script can add in a morning.
    "FKP_RATELIMIT_JOIN": ("20 per second; 400 per minute; 1000 per hour",
                           "joins from one address (page and API together)"),
    "FKP_RATELIMIT_LOGIN": ("20 per minute", "failed staff logins from one address"),
    "FKP_LOGIN_FREE_FAILURES": ("5", "failed logins for one username from one address before each "
                                     "further attempt waits 1, 2, 4 … seconds"),
    "FKP_LOGIN_MAX_WAIT": ("300", "the longest such wait, in seconds"),
    "FKP_BACKUP_MINUTES": ("5", "minutes between automatic backups while a forum is open or paused"),
    "FKP_BACKUP_KEEP": ("12", "how many automatic backups `serve` keeps in `data/backups/`"),
    "FKP_BACKUP_MAX_DAYS": ("30", "days after which a backup in `data/backups/` is removed, whatever "
                                  "FKP_BACKUP_KEEP says (shorter than the contact retention)"),
    "FKP_CONTACT_RETENTION_DAYS": ("90", "days after a forum is finalised before its attendees' "
                                         "contact details are removed"),
    "FKP_MESSAGE_QUEUE": ("", "Redis URL shared by several `serve` processes, e.g. `redis://127.0.0.1:6379/0`"),
    "FKP_GROUP_COMMIT": ("1", "set to 0 to commit each input by itself instead of in groups"),
    "FKP_HUB_TRACE": ("", "a file: `serve` writes there, every second, how long its event loop kept "
                          "requests waiting and what ran meanwhile (`scripts/bench --profile` sets it)"),
    "FKP_TRUSTED_PROXIES": ("0", "how many reverse proxies stand in front of `serve`; only then are "
                                 "their X-Forwarded-For and X-Forwarded-Proto believed"),
    # fkp/serve/server.py. A request's head is one or two packets: even on a venue's bad Wi-Fi
    # it arrives in seconds. A kept-alive connection is reused at once by a Socket.IO poll and
    # within seconds by a person clicking on; longer idle ones only hold a file open.
    "FKP_HEADER_TIMEOUT": ("15", "seconds a new connection has to send a complete request head"),
    "FKP_IDLE_TIMEOUT": ("30", "seconds a kept-alive connection may wait for its next request"),
    # The largest body is a 10 MB signed scan, sent from the staff laptop.
    "FKP_BODY_TIMEOUT": ("120", "seconds a request's body has to arrive, once its head has"),
    # A hall of 300 phones often comes from one address (the venue's NAT). Each holds its
    # socket and, while a page loads, up to four more connections for the page and its files;
    # 300 phones reloading together after the Wi-Fi came back need 1,500.
    "FKP_MAX_CONNECTIONS_PER_ADDRESS": ("1500", "connections one address may hold open (behind trusted "
                                                "proxies: requests one phone has in flight)"),
    "FKP_MAX_CONNECTIONS": ("0", "connections `serve` holds at once; 0: as many as its limit on open "
                                 "files leaves room for"),
}


# Settings fkp no longer reads -> what took their place; a start with one set says so, rather
# than leave an office believing a limit holds that does not.
RETIRED = {
    "FKP_RATELIMIT_LOGIN_USERNAME": "failed logins are now slowed per username and address: "
                                    "see FKP_LOGIN_FREE_FAILURES and FKP_LOGIN_MAX_WAIT",
}


def retired_settings():
    """A warning for each retired FKP_* variable that is set."""
    return [f"{name} is no longer read ({instead})" for name, instead in RETIRED.items()
            if os.environ.get(name)]


def home():
    """The folder fkp keeps its files in: data/ (the database, its backups) and instance/ (the
    secret key, the certificate, the compiled catalogs). FKP_HOME if set; the checkout when
    fkp runs from one (scripts/run, the tests), as it always has; otherwise, for an installed
    fkp, this user's data folder (~/.local/share/fkp, %LOCALAPPDATA%\\fkp on Windows) — never
    inside the installed package, which an upgrade replaces and Windows may not let it write."""
    if os.environ.get("FKP_HOME"):
        return Path(os.environ["FKP_HOME"]).expanduser().resolve()
    if (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "fkp" / "__init__.py").is_file():
        return PROJECT_ROOT
    from platformdirs import user_data_path
    return user_data_path("fkp", appauthor=False)


def database_path():
    """FKP_DATABASE, else data/fkp.db in the home folder."""
    return os.environ.get("FKP_DATABASE") or str(home() / "data" / "fkp.db")


class ConfigError(ValueError):
    """An FKP_* variable with a value the app cannot use; the message says which and why."""


def env(name):
    """The value of an FKP_* variable, or its documented default."""
    return os.environ.get(name) or ENV_VARS[name][0]


def whole_number(name, minimum):
    """The FKP_* variable `name` as a whole number of at least `minimum`, or a ConfigError
    saying so: a typo in a setting must stop the start, not silently change a period."""
    raw = env(name)
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {raw!r}")
    return value


def choice(name, allowed):
    """The FKP_* variable `name`, which must be one of `allowed`, or a ConfigError saying so."""
    value = env(name).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, not {env(name)!r}")
    return value


def load_secret_key(instance_path):
    """FKP_SECRET_KEY if set, else a key generated once per install and kept private."""
    if os.environ.get("FKP_SECRET_KEY"):
        return os.environ["FKP_SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def defaults():
    """The app's config mapping before test_config overrides."""
    return {
        "DATABASE": database_path(),
        "PUBLIC_URL": env("FKP_PUBLIC_URL").rstrip("/"),
        "PORT": int(env("FKP_PORT")),
        "ASYNC_MODE": "gevent",
        # Several server processes (deploy/) pass Socket.IO events to each other through it.
        "MESSAGE_QUEUE": env("FKP_MESSAGE_QUEUE") or None,
        "GROUP_COMMIT": env("FKP_GROUP_COMMIT") != "0",
        "HUB_TRACE": env("FKP_HUB_TRACE"),
        "BABEL_DEFAULT_LOCALE": "id",
        "LANGUAGES": ["id", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS the cookie must never travel in clear; it is Secure too whenever the
        # request itself came over HTTPS (fkp/web/sessions.py).
        "SESSION_COOKIE_SECURE": env("FKP_PUBLIC_URL").startswith("https://"),
        # `serve` speaks HTTPS on TLS_PORT beside plain HTTP on PORT (None: plain only), and
        # sends phones to the one PHONES_HTTPS says (fkp/serve/tls.py, fkp/serve/lan.py).
        "TLS_PORT": whole_number("FKP_TLS_PORT", 1) if choice("FKP_TLS", ("on", "off")) == "on" else None,
        "PHONES_HTTPS": {"1": True, "0": False, "": bool(env("FKP_TLS_CERT"))}[
            choice("FKP_PHONES_HTTPS", ("", "0", "1"))],
        "PERMANENT_SESSION_LIFETIME": 7 * 24 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # a forum lasts hours; the token lives as long as the session
        # What a text form or an API call sends; routes that take a file say how much more
        # they accept (fkp/web/uploads.py).
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # Rate limits (fkp/web/limits.py), each read once when the app is built.
        "RATELIMIT_STORAGE_URI": env("FKP_RATELIMIT_STORAGE"),
        "LIMIT_INPUT": env("FKP_RATELIMIT_INPUT"),
        "LIMIT_SUPPORT": env("FKP_RATELIMIT_SUPPORT"),
        "LIMIT_JOIN": env("FKP_RATELIMIT_JOIN"),
        "LIMIT_LOGIN": env("FKP_RATELIMIT_LOGIN"),
        # Receipt lookups from one address (fkp/web/tracker.py): far more than a person checks,
        # far too few to find someone else's input by trying codes.
        "LIMIT_LOOKUP": "30 per minute",
        "LOGIN_FREE_FAILURES": whole_number("FKP_LOGIN_FREE_FAILURES", 1),
        "LOGIN_MAX_WAIT": whole_number("FKP_LOGIN_MAX_WAIT", 1),
        # A download waits this long for a document being built, then shows a page that
        # reloads until it is ready (a 10,000-input Matriks PDF takes minutes).
        "DOCUMENT_WAIT_S": 15,
        # While a forum is open or paused, `serve` copies the database this often into
        # backups/ beside it and keeps the newest BACKUP_KEEP copies (fkp/store/backup.py).
        "BACKUP_INTERVAL_S": 60 * whole_number("FKP_BACKUP_MINUTES", 1),
        "BACKUP_KEEP": whole_number("FKP_BACKUP_KEEP", 1),
        # Backups hold personal data: none is kept longer than this (fkp/serve/maintenance.py).
        "BACKUP_MAX_DAYS": whole_number("FKP_BACKUP_MAX_DAYS", 1),
        # Contact details are removed this many days after the forum is finalised (fkp/people/privacy.py).
        "CONTACT_RETENTION_DAYS": whole_number("FKP_CONTACT_RETENTION_DAYS", 0),
        # Behind nginx every request comes from nginx's address: without this, the per-address
        # limits would count a whole national forum as one address. Never trusted by default,
        # or any phone could name its own address and step around them.
        "TRUSTED_PROXIES": whole_number("FKP_TRUSTED_PROXIES", 0),
        # Deadlines and caps of `serve`'s connections (fkp/serve/server.py).
        "HEADER_TIMEOUT_S": whole_number("FKP_HEADER_TIMEOUT", 1),
        "IDLE_TIMEOUT_S": whole_number("FKP_IDLE_TIMEOUT", 1),
        "BODY_TIMEOUT_S": whole_number("FKP_BODY_TIMEOUT", 1),
        "MAX_CONNECTIONS_PER_ADDRESS": whole_number("FKP_MAX_CONNECTIONS_PER_ADDRESS", 1),
        "MAX_CONNECTIONS": whole_number("FKP_MAX_CONNECTIONS", 0),
    }
