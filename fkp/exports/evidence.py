"""The evidence pack: one ZIP an office hands in for the annual evaluation (PEKPPP) with every
official document of the forum, the signed scans of the Berita Acara and the Daftar Hadir, the
photos staff uploaded (without location data: record/photo_privacy.py), and a list of its
contents in Indonesian (00-daftar-isi.txt) that also says which signed scan is still missing.

It never contains the internal attendance list (contact details).

The pack holds nine documents, whose layout is CPU work: where the system can fork (Linux,
macOS) and has two cores or more, a child process lays out the heaviest half while this
process lays out the rest, so a 10,000-input pack takes about as long as its larger half
rather than the sum. The pack is built in the document worker (exports/builds.py), never in
the server, so the live forum's process is not the one forked.
"""
import io
import os
import pickle
import zipfile

from ..forums import lifecycle
from ..language import timezones
from ..language.wording import date_long
from ..record.photo_privacy import without_location
from . import registry

# The official documents in the pack, in the order an evaluator reads them.
PACK = [("berita-acara", "pdf"), ("berita-acara", "docx"), ("notulen", "pdf"), ("notulen", "docx"),
        ("daftar-hadir", "pdf"), ("daftar-hadir", "xlsx"), ("matriks", "xlsx"), ("matriks", "pdf"),
        ("matriks", "csv")]
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
CONTENTS = "00-daftar-isi.txt"
TITLES = {"berita-acara": "Berita Acara FKP", "notulen": "Notulen FKP", "daftar-hadir": "Daftar Hadir",
          "matriks": "Matriks Masukan dan Tindak Lanjut"}
FORMATS = {"pdf": "PDF", "docx": "Word, dapat diubah", "xlsx": "Excel, dapat diubah", "csv": "CSV"}
# The signed scans the pack looks for, by record/scans.py's kinds, in this order.
SIGNED = {"berita_acara": ("berita-acara-bertanda-tangan", "Berita Acara yang telah ditandatangani"),
          "daftar_hadir": ("daftar-hadir-bertanda-tangan", "Daftar Hadir yang telah ditandatangani")}


def evidence_zip(models, photos, code, scans=()):
    """The pack as ZIP bytes. models(audience) -> minutes model; photos: [{id, filename,
    content_type, data, caption}]; scans: [{kind, content_type, data, uploaded_utc,
    uploaded_by_name}] (record/scans.with_data)."""
    forum = models("official")["forum"]
    lines = _heading(forum)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        lines.append("DOKUMEN RESMI")
        for number, ((name, fmt), body) in enumerate(zip(PACK, _built(models, PACK)), start=1):
            path = f"{number:02d}-{registry.filename(name, fmt, code)}"
            # Word and Excel files are ZIP archives already: compressing them again costs time
            # and saves nothing.
            pack.writestr(path, body, zipfile.ZIP_STORED if fmt in ("docx", "xlsx") else zipfile.ZIP_DEFLATED)
            lines.append(f"{path} — {TITLES[name]} ({FORMATS[fmt]})")
        lines += ["", "DOKUMEN BERTANDA TANGAN (PINDAIAN)"]
        lines += _signed(pack, {scan["kind"]: scan for scan in scans}, forum["time_zone"])
        lines += ["", "FOTO DOKUMENTASI (data lokasi dan metadata lain telah dihapus)"]
        lines += _photos(pack, photos)
        lines += ["", "Paket ini tidak memuat daftar hadir internal (kontak peserta)."]
        pack.writestr(CONTENTS, "\n".join(lines) + "\n")
    return out.getvalue()


# Relative layout cost at 10,000 inputs (scripts/bench_documents.py, less the model each row
# there assembles anew): which half goes where. The rest cost about 1 each.
_COST = {("matriks", "xlsx"): 28, ("notulen", "docx"): 15, ("notulen", "pdf"): 14, ("matriks", "pdf"): 14}


def _built(models, parts):
    """The bytes of each document of `parts`, in order; laid out by two processes at once where
    forking is possible and two cores are there, else one after the other."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [registry.build(models, name, fmt) for name, fmt in parts]
    for audience in {registry.DOCUMENTS[part].audience for part in parts}:
        models(audience)  # assembled once, before the fork: the child inherits it
    # The child takes the heaviest parts while it stays within half the work; the parent also
    # writes the ZIP, so the child's half is the fuller one.
    half, theirs, load = sum(_COST.get(p, 1) for p in parts) / 2, [], 0
    for part in sorted(parts, key=lambda p: -_COST.get(p, 1)):
        if load + _COST.get(part, 1) <= half + 5:
            theirs.append(part)
            load += _COST.get(part, 1)
    child = _fork_building(models, theirs)
    built = {part: registry.build(models, *part) for part in parts if part not in theirs}
    for part, body in zip(theirs, _collect(*child, len(theirs))):
        # What the child could not deliver (it failed or was killed) is laid out here.
        built[part] = body if body is not None else registry.build(models, *part)
    return [built[part] for part in parts]


def _fork_building(models, parts):
    """Fork a child that lays out `parts` and writes their bytes, pickled, to a pipe;
    returns (the pipe's read end, the child's pid)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, hand over, leave without running the parent's cleanup
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump([registry.build(models, name, fmt) for name, fmt in parts], out,
                            protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return read_end, pid


def _collect(read_end, pid, count):
    """The child's bytes (it blocks on the pipe until read), or None for each if it failed."""
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _pid, status = os.waitpid(pid, 0)
    return pickle.loads(data) if status == 0 and data else [None] * count


def _heading(forum):
    final = lifecycle.is_final(forum)
    return ["DAFTAR ISI PAKET BUKTI FORUM KONSULTASI PUBLIK", forum["title"], forum["unit"],
            f"Kode forum: {forum['code']} · {forum['date_long']}",
            "Status catatan: final." if final else
            "Status catatan: belum final; dokumen di dalamnya masih dapat berubah.", ""]


def _signed(pack, by_kind, zone):
    """Write the signed scans kept; the lines that list them, and the ones still missing."""
    lines = []
    for kind, (stem, title) in SIGNED.items():
        scan = by_kind.get(kind)
        if scan is None:
            lines.append(f"{title}: belum diunggah.")
            continue
        path = f"tanda-tangan/{stem}.{EXTENSIONS[scan['content_type']]}"
        pack.writestr(path, scan["data"])
        moment = timezones.local(scan["uploaded_utc"], zone)
        when = f"{date_long(moment)} pukul {moment:%H.%M} {zone}" if moment else "—"
        lines.append(f"{path} — {title}; diunggah oleh {scan['uploaded_by_name'] or '—'}, {when}")
    return lines


def _photos(pack, photos):
    """Write the photos without their location; the lines that list them."""
    lines, captions = [], []
    for number, photo in enumerate(photos, start=1):
        stripped = without_location(photo["data"], photo["content_type"])
        if stripped is None:
            lines.append(f"Foto {number:02d} ({photo['filename']}) tidak dapat dibaca sebagai gambar "
                         "dan tidak dimasukkan.")
            continue
        path = f"foto/{number:02d}-{_safe(photo['filename'])}.{EXTENSIONS[photo['content_type']]}"
        pack.writestr(path, stripped)
        lines.append(f"{path} — {photo['caption'] or 'foto kegiatan'}")
        if photo["caption"]:
            captions.append(f"{number:02d}: {photo['caption']}")
    if captions:
        pack.writestr("foto/keterangan.txt", "\n".join(captions) + "\n")
        lines.append("foto/keterangan.txt — keterangan setiap foto")
    if not photos:
        lines.append("Belum ada foto.")
    return lines


def _safe(name):
    """A photo's file name without its extension or anything a ZIP path must not hold."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60]
    return kept.strip("-") or "foto"
