"""What official documents need, entered through the pages: the forum's number, the head's
NIP, the place of signing and further legal basis; the unit's letterhead; the staff's full
name, position and NIP. Bad input says why, beside its field, and saves nothing."""
import io

import pytest
from PIL import Image

from fkp.forums import forums, units
from fkp.people import users
from fkp.store.db import get_db
from tests.helpers.app import csrf_token

DETAILS = {"title": "FKP Standar Pelayanan PPID", "unit": "KPU Provinsi NTB", "date": "2025-09-04",
           "start_time": "09.00", "end_time": "12.00", "time_zone": "WITA", "mode": "in_person",
           "place": "Aula KPU NTB", "head_name": "Dr. Lalu Ahmad, S.H.",
           "head_position": "Ketua KPU Provinsi NTB"}


@pytest.fixture
def admin(actions):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    return actions.client


def png(size=(80, 80)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(out, "PNG")
    return out.getvalue()


def stored(app, code):
    with app.app_context():
        return forums.get_by_code(get_db(), code)


def test_number_nip_place_and_legal_basis_are_saved_from_the_details_page(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/edit"
    r = admin.post(url, data={**DETAILS, "number": "007/PP.06-BA/52/Prov/IX/2025",
                              "head_nip": "19780512 200501 1 003", "sign_place": "Mataram",
                              "legal_basis": "Keputusan KPU NTB Nomor 12 Tahun 2025\n\n",
                              "csrf_token": csrf_token(admin, url)})
    assert r.status_code == 302
    row = stored(app, forum["code"])
    assert (row["number"], row["head_nip"], row["sign_place"], row["legal_basis"]) == (
        "007/PP.06-BA/52/Prov/IX/2025", "197805122005011003", "Mataram",
        "Keputusan KPU NTB Nomor 12 Tahun 2025")
    page = admin.get(url).get_data(as_text=True)
    assert 'value="007/PP.06-BA/52/Prov/IX/2025"' in page  # shown again to correct it


def test_a_bad_nip_is_refused_beside_its_field_and_nothing_changes(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/edit"
    r = admin.post(url, data={**DETAILS, "number": "001/BA", "head_nip": "1978-05", "title": "Judul baru",
                              "csrf_token": csrf_token(admin, url)})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'id="head_nip-error">NIP terdiri dari 18 angka' in page
    assert 'value="Judul baru"' in page and 'value="1978-05"' in page  # what was typed, kept
    row = stored(app, forum["code"])
    assert (row["number"], row["title"]) == (forum["number"], forum["title"])


def test_the_letterhead_is_set_once_for_every_forum_of_the_unit(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/letterhead"
    r = admin.post(url, content_type="multipart/form-data", data={
        "heading": "Komisi Pemilihan Umum", "address": "Jl. Udayana No. 6, Mataram",
        "contact": "Telp. (0370) 123456", "city": "Mataram", "logo": (io.BytesIO(png()), "logo.png"),
        "csrf_token": csrf_token(admin, url)})
    assert r.status_code == 302
    with app.app_context():
        db = get_db()
        other = forums.create(db, title="FKP lain", unit=forum["unit"].upper(), date="2026-01-10",
                              services=[{"name": "Layanan Informasi"}])
        assert units.get(db, forums.get(db, other)["unit"])["address"] == "Jl. Udayana No. 6, Mataram"
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'unit.letterhead'").fetchone()[0] == 1
    logo = admin.get(f"{url}/logo")
    assert logo.status_code == 200 and logo.content_type == "image/png" and logo.data == png()
    assert "Jl. Udayana No. 6, Mataram" in admin.get(url).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Logo harus berupa gambar PNG atau JPEG."),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "Logo harus berupa gambar PNG atau JPEG."),  # not a PNG inside
    (png((600, 600))[:8] + b"\0" * (units.LOGO_MAX_BYTES + 1), "Logo paling besar 512 KB."),
])
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(app, admin, forum, data, message):
    url = f"/staff/forums/{forum['code']}/letterhead"
    r = admin.post(url, content_type="multipart/form-data", data={
        "city": "Mataram", "logo": (io.BytesIO(data), "logo.png"), "csrf_token": csrf_token(admin, url)})
    assert r.status_code == 400 and message in r.get_data(as_text=True)
    with app.app_context():
        assert units.get(get_db(), forum["unit"]) is None


def test_only_admins_set_the_letterhead(app, actions, forum):
    assert actions.login().status_code == 302  # a moderator of the forum
    assert actions.client.get(f"/staff/forums/{forum['code']}/letterhead").status_code == 403


def test_staff_write_their_name_position_and_nip(app, admin, actions):
    with app.app_context():
        rina = users.create(get_db(), "rina", "a-long-enough-pass", "notulis")
    url = f"/staff/users/{rina}"
    r = admin.post(url, data={"full_name": "Rina Lestari, S.Sos.", "position": "Penata Muda",
                              "nip": "19890314 201503 2 001", "csrf_token": csrf_token(admin, url)})
    assert r.status_code == 302
    with app.app_context():
        assert dict(users.identity(get_db(), rina)) | {"id": 0} == {
            "id": 0, "username": "rina", "role": "notulis", "full_name": "Rina Lestari, S.Sos.",
            "position": "Penata Muda", "nip": "198903142015032001"}
    r = admin.post(url, data={"full_name": "Rina", "nip": "123", "csrf_token": csrf_token(admin, url)})
    assert r.status_code == 400 and "NIP terdiri dari 18 angka" in r.get_data(as_text=True)
    with app.app_context():
        assert users.identity(get_db(), rina)["full_name"] == "Rina Lestari, S.Sos."
    assert "Rina Lestari, S.Sos." in admin.get("/staff/users/").get_data(as_text=True)


def test_a_staff_member_edits_their_own_identity_and_nobody_elses(app, client, actions):
    assert actions.login("rudi", "a-long-enough-pass", role="moderator").status_code == 302
    with app.app_context():
        db = get_db()
        rudi = db.execute("SELECT id FROM users WHERE username = 'rudi'").fetchone()[0]
        other = users.create(db, "ani", "a-long-enough-pass", "moderator")
    url = f"/staff/users/{rudi}"
    r = client.post(url, data={"full_name": "Rudi Hartono", "csrf_token": csrf_token(client, url)})
    assert r.status_code == 302
    assert client.get(f"/staff/users/{other}").status_code == 403
