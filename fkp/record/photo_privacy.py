"""Photos as they may leave the office: without where (or with what camera) they were taken.

A phone writes the place a photo was taken into it (EXIF GPS, and often XMP too); the evidence
pack is handed to evaluators and may be published, so its photos carry none of that. A photo is
stripped when it is uploaded (record/photos.py: what was never stored cannot leak from a backup
or a staff page either), and again when the pack is built, for photos uploaded before that.

A JPEG keeps its pixels exactly: its metadata segments are dropped (EXIF, XMP, IPTC, comments,
and the embedded images of MPF and of data after the image's end, which have their own EXIF)
and the orientation alone is written back in a minimal EXIF, so the photo still stands the
right way up. A PNG or WebP is decoded, turned upright and written again without metadata.
What cannot be read as an image is left out of the pack (without_location returns None).
"""
import io
import struct

ORIENTATION = 0x0112
_KEPT_APP = {0xE0, 0xE2, 0xEE}  # JFIF, ICC profile (colours), Adobe (colour transform)
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: markers without a length


def without_location(data, content_type):
    """The photo's bytes without location or other metadata, or None if it cannot be read."""
    try:
        if content_type == "image/jpeg":
            return _jpeg(data)
        return _redrawn(data, "PNG" if content_type == "image/png" else "WEBP")
    except (OSError, ValueError, SyntaxError, struct.error, IndexError):  # what Pillow raises for a broken image
        return None


def _orientation(data):
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:  # reads the header only, not the pixels
        value = image.getexif().get(ORIENTATION, 1)
    return value if value in range(2, 9) else 1


def _jpeg(data):
    """The JPEG with its metadata segments dropped and its orientation kept; pixels untouched."""
    orientation = _orientation(data)
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out, at = [b"\xff\xd8"], 2
    if orientation != 1:
        from PIL import Image
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        payload = exif.tobytes()
        out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    while True:
        if data[at] != 0xFF:
            raise ValueError("broken JPEG")
        while data[at + 1] == 0xFF:  # fill bytes before a marker
            at += 1
        marker = data[at + 1]
        if marker == 0xD9:  # the end of the image: what follows (other images) is left out
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(data[at:at + 2])
            at += 2
            continue
        end = at + 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
        if end > len(data):
            raise ValueError("truncated JPEG")
        segment = data[at:end]
        if marker == 0xDA:  # start of scan: the entropy-coded data runs to the next marker
            end = _scan_end(data, end)
            out.append(data[at:end])
        elif not _dropped(marker, segment):
            out.append(segment)
        at = end


def _dropped(marker, segment):
    """Whether a segment is metadata: every APPn but JFIF, ICC and Adobe, MPF's APP2, COM."""
    if marker == 0xFE:
        return True
    if 0xE0 <= marker <= 0xEF:
        return marker not in _KEPT_APP or segment[4:8] == b"MPF\x00"
    return False


def _scan_end(data, at):
    """Where the entropy-coded data from `at` ends: the first marker that is not a stuffed
    0xFF00 or a restart marker."""
    while True:
        at = data.index(b"\xff", at)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1
            continue
        return at


def _redrawn(data, fmt):
    """A PNG or WebP decoded, turned upright and written again with no metadata (its colour
    profile kept)."""
    from PIL import Image, ImageOps
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")
        upright.info = {}  # a writer may copy text, EXIF or XMP from here
        out = io.BytesIO()
        options = {"icc_profile": icc} if icc else {}
        if fmt == "WEBP":
            options["quality"] = 90
        upright.save(out, fmt, **options)
    return out.getvalue()
