"""The documents page keeps the signed scans (also after the record is final), serves them as
what they are, and accepts photos and scans up to the size its forms state, measured with real
bytes: a file a byte over is refused with a message beside it, a larger request too."""
import io

import pytest

from fkp.forums import forums, lifecycle
from fkp.record import photos, scans
from fkp.store.db import get_db
from tests.exports.test_evidence import photo_with_gps
from tests.helpers import factories
from tests.helpers.app import csrf_token

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64
MB = 1024 * 1024


@pytest.fixture
def built(app, actions):
    with app.app_context():
        forum, _inputs = factories.full_record(get_db())
    actions.login("notulis", "notulis-password", role="notulis")
    return forum, actions.client


def step(app, forum, *actions):
    with app.app_context():
        db = get_db()
        for action in actions:
            lifecycle.transition(db, forums.get(db, forum["id"]), action, None, accept_open=True)


def page_of(forum):
    return f"/staff/forums/{forum['code']}/documents"


def send_scan(client, forum, kind, data, name="scan.pdf"):
    return client.post(f"/staff/forums/{forum['code']}/scans/{kind}", content_type="multipart/form-data",
                       data={f"{kind}-csrf_token": csrf_token(client, page_of(forum)),
                             f"{kind}-scan": (io.BytesIO(data), name)})


def send_photo(client, forum, data, name="foto.jpg"):
    return client.post(f"/staff/forums/{forum['code']}/photos", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(client, page_of(forum)), "caption": "Aula",
                             "photo": (io.BytesIO(data), name)})


def count(app, table):
    with app.app_context():
        return get_db().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_scans_are_kept_after_finalising_listed_served_replaced_and_removed(app, built):
    forum, client = built
    step(app, forum, "finalise")
    before = client.get(page_of(forum)).get_data(as_text=True)
    assert 'id="scans"' in before and before.count("Belum ada pindaian bertanda tangan.") == 2
    assert send_scan(client, forum, "berita_acara", PDF, "BA ttd.pdf").status_code == 302
    assert send_scan(client, forum, "daftar_hadir", JPEG, "hadir.jpg").status_code == 302
    page = client.get(page_of(forum)).get_data(as_text=True)
    assert "BA ttd.pdf" in page and "hadir.jpg" in page and "Diunggah oleh notulis" in page
    pdf = client.get(f"/staff/forums/{forum['code']}/scans/berita_acara")
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", PDF)
    assert pdf.headers["Content-Disposition"] == \
        f'attachment; filename="berita-acara-bertanda-tangan-{forum["code"]}.pdf"'
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    image = client.get(f"/staff/forums/{forum['code']}/scans/daftar_hadir")
    assert image.mimetype == "image/jpeg" and image.headers["Content-Disposition"].startswith("inline;")
    step(app, forum, "publish")
    assert send_scan(client, forum, "berita_acara", JPEG, "ulang.jpg").status_code == 302  # replaced
    assert count(app, "signed_scans") == 2
    assert client.get(f"/staff/forums/{forum['code']}/scans/berita_acara").mimetype == "image/jpeg"
    r = client.post(f"/staff/forums/{forum['code']}/scans/daftar_hadir/remove",
                    data={"csrf_token": csrf_token(client, page_of(forum))})
    assert r.status_code == 302 and count(app, "signed_scans") == 1
    assert client.get(f"/staff/forums/{forum['code']}/scans/daftar_hadir").status_code == 404
    assert client.get(f"/staff/forums/{forum['code']}/scans/notulen").status_code == 404


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_beside_its_field(app, built):
    forum, client = built
    r = send_scan(client, forum, "berita_acara", b"<html><script>alert(1)</script></html>", "ba.pdf")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and count(app, "signed_scans") == 0
    assert 'id="berita_acara-scan-error"' in html
    assert "Hanya PDF atau gambar JPEG atau PNG yang dapat disimpan sebagai pindaian bertanda tangan." in html


@pytest.mark.parametrize("send, limit, table, field, refusal, too_large", [
    (lambda c, f, data: send_photo(c, f, data), photos.MAX_BYTES, "photos", "photo",
     "Satu foto paling besar 5 MB.", "Foto lebih besar dari 5 MB, jadi tidak disimpan."),
    (lambda c, f, data: send_scan(c, f, "berita_acara", data), scans.MAX_BYTES, "signed_scans",
     "berita_acara-scan", "Pindaian bertanda tangan paling besar 10 MB.",
     "Pindaian lebih besar dari 10 MB, jadi tidak disimpan."),
])
def test_uploads_are_accepted_up_to_the_size_their_form_states(app, built, send, limit, table, field,
                                                               refusal, too_large):
    forum, client = built
    # a photo must be one (it is stored redrawn without metadata): a real JPEG, padded after its end
    magic = photo_with_gps() if table == "photos" else b"%PDF-"
    page = client.get(page_of(forum)).get_data(as_text=True)
    assert f"{limit // MB} MB" in page  # the form says the limit it keeps
    assert send(client, forum, magic + b"0" * (limit - len(magic))).status_code == 302
    assert count(app, table) == 1
    over = send(client, forum, magic + b"0" * (limit + 1 - len(magic)))  # one byte over
    assert over.status_code == 400 and refusal in over.get_data(as_text=True)
    assert f'id="{field}-error"' in over.get_data(as_text=True)
    much = send(client, forum, magic + b"0" * (limit + MB))  # the request itself is refused
    assert much.status_code == 413
    html = much.get_data(as_text=True)
    assert too_large in html and f'id="{field}-error"' in html and 'id="scans"' in html
    assert count(app, table) == 1


def test_every_other_route_still_refuses_more_than_a_form_needs(app, built):
    forum, client = built
    token = csrf_token(client, page_of(forum))
    big = {"csrf_token": token, "caption": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    for url in (f"/staff/forums/{forum['code']}/photos/1/remove", f"/n/{forum['code']}/statements",
                f"/staff/forums/{forum['code']}/scans/berita_acara/remove"):
        r = client.post(url, data=big)
        assert r.status_code == 413, url
        assert "Permintaan terlalu besar." in r.get_data(as_text=True), url


def test_a_too_large_photo_for_a_final_record_is_refused_as_not_allowed(app, built):
    """The photo form is gone once the record is final: the refusal says why, not the size."""
    forum, client = built
    step(app, forum, "finalise")
    r = send_photo(client, forum, b"\xff\xd8\xff" + b"0" * (photos.MAX_BYTES + MB))
    assert r.status_code == 403 and "Anda tidak berwenang melakukan ini." in r.get_data(as_text=True)
    assert count(app, "photos") == 0
