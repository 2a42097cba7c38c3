"""The evidence pack: one ZIP an office hands in for the annual evaluation (PEKPPP) with
every official document of the forum and the photos staff uploaded.

It never contains the internal attendance list (contact details).
"""
import io
import zipfile

from . import registry

# The official documents in the pack, in the order an evaluator reads them.
PACK = [("berita-acara", "pdf"), ("berita-acara", "docx"), ("notulen", "pdf"), ("notulen", "docx"),
        ("daftar-hadir", "pdf"), ("daftar-hadir", "xlsx"), ("matriks", "xlsx"), ("matriks", "pdf"),
        ("matriks", "csv")]
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def evidence_zip(models, photos, code):
    """The pack as ZIP bytes. models(audience) -> minutes model; photos: [{id, filename,
    content_type, data, caption}]."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        for number, (name, fmt) in enumerate(PACK, start=1):
            pack.writestr(f"{number:02d}-{registry.filename(name, fmt, code)}",
                          registry.build(models, name, fmt))
        for number, photo in enumerate(photos, start=1):
            pack.writestr(f"foto/{number:02d}-{_safe(photo['filename'])}.{EXTENSIONS[photo['content_type']]}",
                          photo["data"])
        captions = [f"{n:02d}: {p['caption']}" for n, p in enumerate(photos, start=1) if p["caption"]]
        if captions:
            pack.writestr("foto/keterangan.txt", "\n".join(captions) + "\n")
    return out.getvalue()


def _safe(name):
    """A photo's file name without its extension or anything a ZIP path must not hold."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60]
    return kept.strip("-") or "foto"
