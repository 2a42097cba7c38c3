"""Signed scans (record/scans.py): a PDF or a JPEG/PNG, recognised by content, one kept per
document kind, replaced with the old one named in the audit log, removed; in every state."""
import hashlib
import json

import pytest

from fkp import audit
from fkp.errors import DomainError
from fkp.forums import forums, lifecycle
from fkp.people import users
from fkp.record import scans

PDF = b"%PDF-1.4\n% Berita Acara bertanda tangan\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def staff(db, forum):
    user_id = users.create(db, "dewi", "dewi-password", "notulis")
    db.execute("UPDATE users SET full_name = 'Dewi Notulis' WHERE id = ?", [user_id])
    db.conn.commit()
    return user_id


def test_scans_are_recognised_by_their_content():
    assert [scans.sniff(data) for data in (PDF, JPEG, PNG)] == ["application/pdf", "image/jpeg", "image/png"]
    for other in (b"<html><script>alert(1)</script>", b"RIFF\0\0\0\0WEBPVP8 ", b"", b"PK\x03\x04",
                  b" %PDF-1.4"):
        assert scans.sniff(other) is None


def test_one_scan_per_kind_replaced_with_the_old_one_in_the_audit_log(db, forum, staff):
    kept = scans.keep(db, forum, "berita_acara", "scan.pdf", PDF, staff)
    assert (kept["content_type"], kept["uploaded_by_name"], kept["size_bytes"]) == (
        "application/pdf", "Dewi Notulis", len(PDF))
    scans.keep(db, forum, "daftar_hadir", "hadir.jpg", JPEG, staff)
    scans.keep(db, forum, "berita_acara", "scan-ulang.png", PNG, staff)
    listed = scans.listing(db, forum["id"])
    assert list(listed) == ["berita_acara", "daftar_hadir"]
    assert listed["berita_acara"]["filename"] == "scan-ulang.png"
    assert scans.data_of(db, forum["id"], "berita_acara") == PNG
    assert db.execute("SELECT count(*) FROM signed_scans").fetchone()[0] == 2
    replaced = [e for e in audit.for_forum(db, forum["id"]) if e["action"] == "scan.keep"][0]  # newest first
    assert json.loads(replaced["before_json"])["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert json.loads(replaced["after_json"])["filename"] == "scan-ulang.png"
    assert "data" not in json.loads(replaced["after_json"])


@pytest.mark.parametrize("kind, data, field", [
    ("berita_acara", b"<html>", "scan"), ("berita_acara", b"%PDF-" + b"0" * scans.MAX_BYTES, "scan"),
    ("notulen", PDF, "kind")])
def test_a_wrong_file_or_kind_is_refused_and_changes_nothing(db, forum, staff, kind, data, field):
    with pytest.raises(DomainError) as refused:
        scans.keep(db, forum, kind, "x.pdf", data, staff)
    assert refused.value.field == field
    assert db.execute("SELECT count(*) FROM signed_scans").fetchone()[0] == 0
    assert [e for e in audit.for_forum(db, forum["id"]) if e["action"].startswith("scan.")] == []


def test_a_scan_is_kept_and_removed_after_the_record_is_final(db, forum, staff):
    for step in ("close", "finalise", "publish"):
        lifecycle.transition(db, forums.get(db, forum["id"]), step, None, accept_open=True)
    published = forums.get(db, forum["id"])
    scans.keep(db, published, "berita_acara", "ba.pdf", PDF, staff)
    assert scans.with_data(db, forum["id"])[0]["data"] == PDF
    scans.remove(db, published, "berita_acara", staff)
    assert scans.listing(db, forum["id"]) == {"berita_acara": None, "daftar_hadir": None}
    removed = [e for e in audit.for_forum(db, forum["id"]) if e["action"] == "scan.remove"]
    assert json.loads(removed[0]["before_json"])["filename"] == "ba.pdf"
    with pytest.raises(DomainError) as again:
        scans.remove(db, published, "berita_acara", staff)
    assert again.value.status == 404
