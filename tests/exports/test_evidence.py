"""The evidence pack: the official documents, the signed scans, the photos without where they
were taken, and a list of its contents that says which signed scan is still missing; never
the internal attendance list. The documents themselves are stood in for (their writers have
their own tests), so this reads what the pack adds."""
import io
import pickle
import zipfile

import pytest
from PIL import Image

from fkp.exports import builds, evidence, registry, worker
from fkp.record.photo_privacy import without_location

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
FORUM = {"code": "ABC123", "title": "FKP Standar Pelayanan", "unit": "KPU Provinsi NTB",
         "date_long": "Kamis, 4 September 2025", "time_zone": "WITA", "status": "finalised"}


def photo_with_gps(fmt="JPEG", orientation=6, **options):
    """A small photo that a phone could have taken at the KPU office in Mataram, turned."""
    image = Image.new("RGB", (64, 32), (200, 30, 30))
    for x in range(16):
        image.putpixel((x, 0), (0, 0, 255))  # a mark that shows which way is up
    exif = Image.Exif()
    exif[ORIENTATION], exif[MAKE] = orientation, "KameraMerk"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (8.0, 35.0, 12.5), 3: "E", 4: (116.0, 7.0, 3.25)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, **options)
    return out.getvalue()


def pixels(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGB").tobytes()


def exif_of(data):
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return dict(exif), exif.get_ifd(GPS_IFD)


@pytest.fixture
def pack(monkeypatch):
    """evidence_zip with stand-in documents: a function of (photos, scans) -> {name: bytes}."""
    monkeypatch.setattr(registry, "build", lambda models, name, fmt: f"{name}.{fmt}".encode())

    def build(photos=(), scans=(), forum=FORUM):
        body = evidence.evidence_zip(lambda audience: {"forum": forum}, list(photos), forum["code"],
                                     list(scans))
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return build


def test_a_jpeg_loses_its_location_but_keeps_its_pixels_and_orientation():
    original = photo_with_gps()
    assert exif_of(original)[1]  # the fixture does carry GPS
    for data in (original, photo_with_gps(progressive=True), original + photo_with_gps()):
        stripped = without_location(data, "image/jpeg")
        tags, gps = exif_of(stripped)
        assert gps == {} and tags == {ORIENTATION: 6}  # no GPS, no camera, still turned
        assert b"KameraMerk" not in stripped and stripped.count(b"\xff\xd8") == 1  # no appended image
        assert pixels(stripped) == pixels(data)  # not re-encoded


def test_png_and_webp_are_drawn_again_upright_without_metadata():
    for fmt, content_type in (("PNG", "image/png"), ("WEBP", "image/webp")):
        stripped = without_location(photo_with_gps(fmt), content_type)
        assert exif_of(stripped) == ({}, {})
        with Image.open(io.BytesIO(stripped)) as image:
            assert image.size == (32, 64)  # orientation 6 applied to the pixels


def test_what_is_not_an_image_is_refused():
    assert without_location(b"\xff\xd8\xff\xe0 not really", "image/jpeg") is None
    assert without_location(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png") is None


def test_the_pack_has_the_scans_the_photos_without_gps_and_its_contents(pack):
    photo = {"id": 1, "filename": "aula utama.jpg", "content_type": "image/jpeg",
             "data": photo_with_gps(), "caption": "Suasana diskusi"}
    broken = {"id": 2, "filename": "rusak.png", "content_type": "image/png",
              "data": b"\x89PNG\r\n\x1a\nrusak", "caption": ""}
    scan = {"kind": "berita_acara", "content_type": "application/pdf", "data": b"%PDF-1.4 ditandatangani",
            "uploaded_utc": "2025-09-04T06:05:00+00:00", "uploaded_by_name": "Dewi Notulis"}
    files = pack([photo, broken], [scan])
    assert files["tanda-tangan/berita-acara-bertanda-tangan.pdf"] == scan["data"]
    assert exif_of(files["foto/01-aula-utama.jpg"])[1] == {}
    assert not any(name.startswith("foto/02") for name in files)  # unreadable: left out, and said
    assert [name for name in files if "internal" in name or name.startswith("inputs")] == []
    contents = files[evidence.CONTENTS].decode("utf-8")
    assert contents.startswith("DAFTAR ISI PAKET BUKTI FORUM KONSULTASI PUBLIK\nFKP Standar Pelayanan\n")
    for line in ("01-berita-acara-ABC123.pdf — Berita Acara FKP (PDF)",
                 "04-notulen-ABC123.docx — Notulen FKP (Word, dapat diubah)",
                 "tanda-tangan/berita-acara-bertanda-tangan.pdf — Berita Acara yang telah ditandatangani; "
                 "diunggah oleh Dewi Notulis, Kamis, 4 September 2025 pukul 14.05 WITA",
                 "Daftar Hadir yang telah ditandatangani: belum diunggah.",
                 "foto/01-aula-utama.jpg — Suasana diskusi",
                 "Foto 02 (rusak.png) tidak dapat dibaca sebagai gambar dan tidak dimasukkan.",
                 "Status catatan: final.",
                 "Paket ini tidak memuat daftar hadir internal (kontak peserta)."):
        assert line in contents.splitlines(), line
    # Every file of the pack but the list itself is named in it.
    assert [name for name in files if name != evidence.CONTENTS and name not in contents] == []


def test_a_pack_without_scans_or_photos_says_so(pack):
    files = pack(forum={**FORUM, "status": "closed"})
    contents = files[evidence.CONTENTS].decode("utf-8").splitlines()
    assert "Berita Acara yang telah ditandatangani: belum diunggah." in contents
    assert "Daftar Hadir yang telah ditandatangani: belum diunggah." in contents
    assert "Belum ada foto." in contents
    assert "Status catatan: belum final; dokumen di dalamnya masih dapat berubah." in contents
    assert sorted(files) == sorted([evidence.CONTENTS] + [
        f"{n:02d}-{registry.filename(name, fmt, 'ABC123')}" for n, (name, fmt) in
        enumerate(evidence.PACK, start=1)])


def test_the_build_job_carries_the_scans_to_the_worker(monkeypatch):
    """What the documents page and the worker hand on: the scans reach the pack."""
    monkeypatch.setattr(registry, "build", lambda models, name, fmt: b"dokumen")
    scan = {"kind": "daftar_hadir", "content_type": "image/png", "data": b"\x89PNG\r\n\x1a\nhadir",
            "uploaded_utc": "2025-09-04T06:05:00+00:00", "uploaded_by_name": "Dewi"}
    job = builds.job("ABC123", "evidence", "zip", lambda audience: {"forum": FORUM}, (), [scan])
    with zipfile.ZipFile(io.BytesIO(worker.build(pickle.loads(job.blob)))) as archive:
        assert archive.read("tanda-tangan/daftar-hadir-bertanda-tangan.png") == scan["data"]
    assert builds.job("ABC123", "evidence", "zip", lambda audience: {"forum": FORUM}).key != job.key


def test_two_processes_lay_out_the_pack_as_one_would(pack, monkeypatch):
    """Where it can fork, a child lays out the heavier half of the documents: the pack holds
    the same documents, in the same order, as when one process lays out all of them."""
    parallel = pack()
    monkeypatch.setattr(evidence.os, "cpu_count", lambda: 1)
    assert pack() == parallel
    documents = [name for name in parallel if name[:2].isdigit() and not name.startswith("00")]
    assert [parallel[name] for name in documents] == [f"{n}.{f}".encode() for n, f in evidence.PACK]


@pytest.mark.skipif(not hasattr(evidence.os, "fork"), reason="no fork on this system")
def test_what_the_child_fails_to_lay_out_is_laid_out_here(pack, monkeypatch):
    parent = evidence.os.getpid()

    def build(models, name, fmt):
        if evidence.os.getpid() != parent:
            raise RuntimeError("the child fails")
        return f"{name}.{fmt}".encode()
    monkeypatch.setattr(registry, "build", build)
    monkeypatch.setattr(evidence.os, "cpu_count", lambda: 2)
    files = pack()
    assert files["07-matriks-X7K2PQ.xlsx".replace("X7K2PQ", FORUM["code"])] == b"matriks.xlsx"
