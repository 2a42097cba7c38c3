"""Configuration: safe defaults, overridden by FKP_* environment variables.

Every variable read here is documented in the README; a test keeps the two in step.
"""
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, help); the README's configuration table mirrors this.
ENV_VARS = {
    "FKP_DATABASE": (str(PROJECT_ROOT / "data" / "fkp.db"), "SQLite database file"),
    "FKP_HOST": ("0.0.0.0", "address the server listens on"),
    "FKP_PORT": ("5000", "port the server listens on"),
    "FKP_PUBLIC_URL": ("", "base URL phones use to reach the app (default: the machine's LAN address)"),
    "FKP_SECRET_KEY": ("", "session signing key (default: generated once and kept in instance/secret_key)"),
    "FKP_PASSWORD": ("", "password for `create-user` when not prompted"),
    "FKP_ACCESS_LOG": ("", "set to 1 to log every HTTP request of `serve`"),
}


def env(name):
    """The value of an FKP_* variable, or its documented default."""
    return os.environ.get(name) or ENV_VARS[name][0]


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
        "DATABASE": env("FKP_DATABASE"),
        "PUBLIC_URL": env("FKP_PUBLIC_URL").rstrip("/"),
        "PORT": int(env("FKP_PORT")),
        "ASYNC_MODE": "gevent",
        "BABEL_DEFAULT_LOCALE": "id",
        "LANGUAGES": ["id", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS the cookie must never travel in clear; on a venue LAN it is plain HTTP.
        "SESSION_COOKIE_SECURE": env("FKP_PUBLIC_URL").startswith("https://"),
        "PERMANENT_SESSION_LIFETIME": 7 * 24 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # a forum lasts hours; the token lives as long as the session
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "COMMENT_MAX_CHARS": 1000,
    }
