"""The organising units' letterheads (kop surat): set once per unit, used by every document of
every forum the unit organises (a forum names its unit in `forums.unit`; the match ignores
case).

A kop as naskah dinas writes it: the logo on the left; the heading (the institution above the
unit, "KOMISI PEMILIHAN UMUM"), the unit's name, its address and its contacts centred; a
double rule under it. The city is where the unit signs ("Mataram, 1 Desember 2025") unless a
forum says otherwise.
"""
import base64
import io
import json

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .. import audit
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now

LOGO_MAX_BYTES = 512 * 1024  # a logo, not a photo
LOGO_MAX_PIXELS = 4000 * 4000  # decoding a larger image is refused (a "decompression bomb")
FIELDS = {"heading": 200, "address": 300, "contact": 300, "city": 80}
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def get(db, unit_name):
    """The letterhead row of the unit called `unit_name`, or None if none was set."""
    rows = list(db.query("SELECT * FROM units WHERE name = ? COLLATE NOCASE", [unit_name or ""]))
    return rows[0] if rows else None


def letterhead(db, unit_name):
    """The kop as documents draw it: {heading, name, address, contact_line, city, logo,
    logo_type}; only the unit's name when no letterhead was set."""
    unit = get(db, unit_name)
    return {"heading": unit["heading"] if unit else "", "name": unit_name,
            "address": unit["address"] if unit else "", "contact_line": unit["contact"] if unit else "",
            "city": unit["city"] if unit else "", "logo": unit["logo"] if unit else None,
            "logo_type": unit["logo_type"] if unit else None}


def snapshot(kop, notetaker):
    """The kop and the note-taker, as JSON kept with a finalised forum (logo in base64)."""
    kept = {**kop, "logo": base64.b64encode(kop["logo"]).decode() if kop["logo"] else None}
    return json.dumps({"kop": kept, "notetaker": notetaker}, ensure_ascii=False)


def from_snapshot(text):
    """(kop, notetaker) as snapshot() kept them."""
    kept = json.loads(text)
    kop = kept["kop"]
    return {**kop, "logo": base64.b64decode(kop["logo"]) if kop["logo"] else None}, kept["notetaker"]


def check_logo(data):
    """The logo's type ("image/png" or "image/jpeg") after decoding it fully, or DomainError.
    Decoding here means a document writer never meets a file it cannot draw."""
    if len(data) > LOGO_MAX_BYTES:
        raise DomainError(_("A logo is at most %(n)d KB.", n=LOGO_MAX_BYTES // 1024), "logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_TYPES or image.width * image.height > LOGO_MAX_PIXELS:
                raise DomainError(_("The logo must be a PNG or JPEG image."), "logo")
            image.load()
            return LOGO_TYPES[image.format]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as e:
        raise DomainError(_("The logo must be a PNG or JPEG image."), "logo") from e


def save(db, unit_name, fields, user_id, logo=None, remove_logo=False):
    """Set the letterhead of `unit_name` (creating it on first use). `fields` has the keys
    of FIELDS; `logo` new image bytes, or None to keep the current one (or none, with
    `remove_logo`)."""
    values = {k: clean(fields.get(k) or "")[:limit] for k, limit in FIELDS.items()}
    logo_type = check_logo(logo) if logo else None
    current = get(db, unit_name)
    before = {k: current[k] for k in FIELDS} if current else None
    row = {**values, "updated_utc": utc_now(), "updated_by": user_id}
    if logo:
        row.update(logo=logo, logo_type=logo_type)
    elif remove_logo:
        row.update(logo=None, logo_type=None)
    with db.atomic():
        if current:
            db["units"].update(current["id"], row)
        else:
            db["units"].insert({"name": clean(unit_name)[:200], **row})
        audit.record(db, user_id=user_id, forum_id=None, action="unit.letterhead", subject=unit_name,
                     before=before, after={**values, "logo": "new" if logo else
                                           ("removed" if remove_logo else "kept")})
