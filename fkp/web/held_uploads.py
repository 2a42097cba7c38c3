"""Files kept on the server for a moment between two steps of one form: a chat uploaded for
its preview, imported on the next page. The page carries only a random token, never the
file (nor does the cookie); a file is the uploader's alone and gone after MAX_AGE_S.

Kept beside the database (not in the shared instance folder), so each database has its own.
"""
import re
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_AGE_S = 2 * 3600  # a preview left open over a long break can still be imported
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _folder():
    folder = Path(current_app.config["DATABASE"]).resolve().parent / "held-uploads"
    folder.mkdir(exist_ok=True)
    return folder


def _path(token, owner):
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return _folder() / f"{owner}-{token}"


def hold(data, owner):
    """Keep data for `owner` (a string naming who may take it back); returns its token."""
    _sweep()
    token = secrets.token_urlsafe(24)
    _path(token, owner).write_bytes(data)
    return token


def held(token, owner):
    """The data kept under token for owner, or None (unknown, someone else's, or expired)."""
    path = _path(token, owner)
    if path is None or not path.is_file() or time.time() - path.stat().st_mtime > MAX_AGE_S:
        return None
    return path.read_bytes()


def drop(token, owner):
    path = _path(token, owner)
    if path is not None:
        path.unlink(missing_ok=True)


def _sweep():
    """Forget files older than MAX_AGE_S (previews never imported)."""
    now = time.time()
    for path in _folder().iterdir():
        try:
            if now - path.stat().st_mtime > MAX_AGE_S:
                path.unlink()
        except FileNotFoundError:  # swept meanwhile by another request
            pass
