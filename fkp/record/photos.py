"""Photo documentation of a forum, uploaded by staff for the evidence pack.

Only JPEG, PNG and WebP images, recognised by their content (never by the name or the
type the browser claims), each at most MAX_BYTES, at most MAX_PER_FORUM per forum, stored
without their location or other metadata (photo_privacy.py).
"""
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now
from .photo_privacy import without_location

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_FORUM = 30


def sniff(data):
    """The image type of `data` from its first bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def add(db, forum, filename, data, caption, user_id):
    """Store one photo; returns its id."""
    content_type = sniff(data)
    if content_type is None:
        raise DomainError(_("Only photos (JPEG, PNG or WebP) can be uploaded."), "photo")
    if len(data) > MAX_BYTES:
        raise DomainError(_("A photo is at most %(n)d MB.", n=MAX_BYTES // (1024 * 1024)), "photo")
    data = without_location(data, content_type)  # where it was taken, and with what, never stored
    if data is None:
        raise DomainError(_("This photo cannot be read. Upload it again, or another one."), "photo")
    if db.execute("SELECT count(*) FROM photos WHERE forum_id = ?", [forum["id"]]).fetchone()[0] >= MAX_PER_FORUM:
        raise DomainError(_("A forum keeps at most %(n)d photos.", n=MAX_PER_FORUM), "photo")
    with db.atomic():
        photo_id = db["photos"].insert(dict(
            forum_id=forum["id"], filename=clean(filename)[:120] or "foto", content_type=content_type,
            size_bytes=len(data), data=data, caption=clean(caption)[:300], uploaded_utc=utc_now(),
            uploaded_by=user_id)).last_pk
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="photo.add", subject=photo_id)
    return photo_id


def listing(db, forum_id):
    """The forum's photos without their bytes."""
    return list(db.query("SELECT id, filename, content_type, size_bytes, caption, uploaded_utc "
                         "FROM photos WHERE forum_id = ? ORDER BY id", [forum_id]))


def with_data(db, forum_id):
    return list(db.query("SELECT id, filename, content_type, data, caption FROM photos "
                         "WHERE forum_id = ? ORDER BY id", [forum_id]))


def get(db, forum_id, photo_id):
    rows = list(db.query("SELECT * FROM photos WHERE id = ? AND forum_id = ?", [photo_id, forum_id]))
    return rows[0] if rows else None


def remove(db, forum, photo_id, user_id):
    with db.atomic():
        db.execute("DELETE FROM photos WHERE id = ? AND forum_id = ?", [photo_id, forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="photo.remove", subject=photo_id)
