"""The signed scans: the Berita Acara and the Daftar Hadir as signed on paper, scanned by
staff and kept as evidence for the annual evaluation (PEKPPP) and the evidence pack.

A scan is a PDF or a JPEG/PNG image, recognised by its content (never by the name or the type
the browser claims), at most MAX_BYTES. A forum keeps one current scan per document kind:
uploading another replaces it, and the audit log names what was replaced (its file name,
size, SHA-256 and uploader), so a replaced scan can be told from the one kept. A scan is
evidence of paper, not part of the record the lifecycle locks: the Daftar Hadir is signed
as attendees arrive and the Berita Acara at or after the close, so a scan may be kept, replaced
or removed in every state (permissions.can_keep_signed_scans).
"""
import hashlib

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now
from . import photos

MAX_BYTES = 10 * 1024 * 1024  # a multi-page PDF from an office scanner
KINDS = {"berita_acara": _l("Berita Acara"), "daftar_hadir": _l("Attendance list (Daftar Hadir)")}
# The name a scan has in downloads and in the evidence pack (documents are Indonesian).
STEMS = {"berita_acara": "berita-acara-bertanda-tangan", "daftar_hadir": "daftar-hadir-bertanda-tangan"}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_META = "id, forum_id, kind, filename, content_type, size_bytes, sha256, uploaded_utc, uploaded_by"


def sniff(data):
    """The type of a scan from its first bytes: a PDF, a JPEG or a PNG; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    found = photos.sniff(data)
    return found if found in ("image/jpeg", "image/png") else None


def _kind(kind):
    if kind not in KINDS:
        raise DomainError(_("This document has no signed scan."), "kind", status=404)
    return kind


def keep(db, forum, kind, filename, data, user_id):
    """Store the signed scan of document `kind`, replacing the one kept before; returns it
    (without its bytes)."""
    _kind(kind)
    content_type = sniff(data)
    if content_type is None:
        raise DomainError(_("Only a PDF or a JPEG or PNG image can be kept as a signed scan."), "scan")
    if len(data) > MAX_BYTES:
        raise DomainError(_("A signed scan is at most %(n)d MB.", n=MAX_BYTES // (1024 * 1024)), "scan")
    row = dict(forum_id=forum["id"], kind=kind, filename=clean(filename)[:120] or STEMS[kind],
               content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
               data=data, uploaded_utc=utc_now(), uploaded_by=user_id)
    before = get(db, forum["id"], kind)
    with db.atomic():
        db.execute("DELETE FROM signed_scans WHERE forum_id = ? AND kind = ?", [forum["id"], kind])
        db["signed_scans"].insert(row)
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="scan.keep", subject=kind,
                     before=_described(before), after=_described(row))
    return get(db, forum["id"], kind)


def remove(db, forum, kind, user_id):
    """Remove the kept scan of document `kind` (a wrong file); the audit log names it."""
    before = get(db, forum["id"], _kind(kind))
    if before is None:
        raise DomainError(_("There is no signed scan of this document."), "kind", status=404)
    with db.atomic():
        db.execute("DELETE FROM signed_scans WHERE forum_id = ? AND kind = ?", [forum["id"], kind])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="scan.remove", subject=kind,
                     before=_described(before))


def _described(scan):
    """What the audit log keeps of a scan: enough to recognise the file, not its bytes."""
    if scan is None:
        return None
    return {key: scan[key] for key in ("filename", "content_type", "size_bytes", "sha256",
                                       "uploaded_utc", "uploaded_by")}


def get(db, forum_id, kind):
    """The kept scan of one kind without its bytes, with the uploader's name; or None."""
    rows = list(db.query(
        f"SELECT {', '.join('s.' + c for c in _META.split(', '))}, "
        "CASE WHEN u.full_name != '' THEN u.full_name ELSE u.username END AS uploaded_by_name "
        "FROM signed_scans s LEFT JOIN users u ON u.id = s.uploaded_by "
        "WHERE s.forum_id = ? AND s.kind = ?", [forum_id, kind]))
    return rows[0] if rows else None


def listing(db, forum_id):
    """{kind: scan or None} for every kind, in KINDS order."""
    return {kind: get(db, forum_id, kind) for kind in KINDS}


def data_of(db, forum_id, kind):
    """The bytes of the kept scan of one kind, or None."""
    row = db.execute("SELECT data FROM signed_scans WHERE forum_id = ? AND kind = ?",
                     [forum_id, kind]).fetchone()
    return row[0] if row else None


def with_data(db, forum_id):
    """The kept scans with their bytes, for the evidence pack: [{kind, stem, filename,
    content_type, data, uploaded_utc, uploaded_by_name}] in KINDS order."""
    out = []
    for kind, scan in listing(db, forum_id).items():
        if scan is not None:
            out.append({"kind": kind, "stem": STEMS[kind], "filename": scan["filename"],
                        "content_type": scan["content_type"], "data": data_of(db, forum_id, kind),
                        "uploaded_utc": scan["uploaded_utc"], "uploaded_by_name": scan["uploaded_by_name"] or ""})
    return out
