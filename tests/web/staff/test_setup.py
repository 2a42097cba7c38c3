"""Preparing forums through the admin pages: forms validate in Indonesian, nothing half-saved."""
import io
import json
import re

import pytest
from flask_babel import gettext as _

from fkp.forums import forums
from fkp.store.db import get_db
from tests.helpers.app import csrf_token


@pytest.fixture
def admin(actions):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    return actions.client


def count_forums(app):
    with app.app_context():
        return get_db().execute("SELECT count(*) FROM forums").fetchone()[0]


NEW = {"title": "FKP Standar Pelayanan PPID", "unit": "KPU Kabupaten Jombang", "date": "2026-12-03",
       "start_time": "09.00", "end_time": "12.00", "time_zone": "WIB", "mode": "hybrid",
       "place": "Aula KPU Jombang",
       "online_url": "https://zoom.example/j/42", "agenda": "Pembukaan\nPaparan\nDiskusi\n",
       "new_services": "Layanan Informasi Publik\nLayanan Pengaduan", "aspect_preset": "custom",
       "topics": "Jenis pengaduan apa yang dibutuhkan?\nBagaimana cara mengajukan pengaduan?"}


def test_create_a_hybrid_forum_with_guiding_questions(app, admin):
    r = admin.post("/staff/forums/new", data={**NEW, "csrf_token": csrf_token(admin, "/staff/forums/new")})
    assert r.status_code == 302 and "/drafts" in r.headers["Location"]
    code = re.search(r"/staff/forums/(\w{6})/drafts", r.headers["Location"]).group(1)
    with app.app_context():
        forum = forums.get_by_code(get_db(), code)
        assert (forum["status"], forum["mode"], forum["start_time"], forum["time_zone"]) == \
            ("draft", "hybrid", "09.00", "WIB")
        assert [a["label"] for a in forums.aspects(get_db(), forum["id"])] == NEW["topics"].split("\n")
        assert [s["name"] for s in forums.services(get_db(), forum["id"])] == NEW["new_services"].split("\n")
        assert json.loads(forum["agenda_json"]) == ["Pembukaan", "Paparan", "Diskusi"]


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "Tulis judul forum."),
    ({"date": "besok"}, "Pilih tanggal."),
    ({"start_time": "9 pagi"}, "Tulis waktu sebagai JJ.MM, misalnya 09.00."),
    ({"end_time": "08.00"}, "Waktu selesai harus setelah waktu mulai."),
    ({"time_zone": ""}, "Pilih zona waktu forum."),
    ({"online_url": ""}, "Isi tautan rapat untuk forum yang diselenggarakan daring."),
    ({"place": ""}, "Tulis tempat forum yang diselenggarakan tatap muka."),
    ({"topics": ""}, "Tulis paling sedikit satu pertanyaan panduan."),
    ({"new_services": ""}, "Pilih paling sedikit satu layanan."),
])
def test_bad_forum_forms_say_why_and_save_nothing(app, admin, change, message):
    before = count_forums(app)
    r = admin.post("/staff/forums/new", data={**NEW, **change,
                                              "csrf_token": csrf_token(admin, "/staff/forums/new")})
    assert r.status_code == 400
    assert message in r.get_data(as_text=True)
    assert "FKP Standar Pelayanan PPID" in r.get_data(as_text=True) or change.get("title") == ""
    assert count_forums(app) == before


def test_edit_details_is_audited(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/edit"
    assert re.search(r'<input checked[^>]*value="WITA"', admin.get(url).get_data(as_text=True))  # NTB
    data = {**NEW, "mode": "in_person", "title": "Judul baru", "time_zone": "WIT",
            "csrf_token": csrf_token(admin, url)}
    assert admin.post(url, data=data).status_code == 302
    page = admin.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    assert "Judul baru" in page and "forum.edit" in page
    with app.app_context():
        assert forums.get_by_code(get_db(), forum["code"])["time_zone"] == "WIT"


@pytest.mark.parametrize("field, limit", [("title", 200), ("head_name", 120), ("agenda", 4000)])
def test_details_too_long_are_refused_with_the_limit(app, admin, forum, field, limit):
    """Found by the naughty-strings test: the limit's message was formatted by WTForms with
    its own keys, and %(n)d raised KeyError, a 500 for any text over the limit."""
    url = f"/staff/forums/{forum['code']}/edit"
    data = {**NEW, "mode": "in_person", field: "x" * (limit + 1), "csrf_token": csrf_token(admin, url)}
    r = admin.post(url, data=data)
    assert r.status_code == 400
    assert f"Paling banyak {limit} karakter." in r.get_data(as_text=True)


def test_structure_only_in_draft(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/structure"
    assert admin.get(url).status_code == 403  # the demo forum is open
    copy = admin.post(f"/staff/forums/{forum['code']}/copy",
                      data={"csrf_token": csrf_token(admin, f"/staff/forums/{forum['code']}")})
    code = re.search(r"/staff/forums/(\w{6})/edit", copy.headers["Location"]).group(1)
    url = f"/staff/forums/{code}/structure"
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url), "aspect_preset": "all",
                              "new_services": "Layanan Magang Perguruan Tinggi"})
    assert r.status_code == 302
    with app.app_context():
        new = forums.get_by_code(get_db(), code)
        assert len(forums.aspects(get_db(), new["id"])) == 14
        assert [s["name"] for s in forums.services(get_db(), new["id"])] == ["Layanan Magang Perguruan Tinggi"]
        assert forums.drafts(get_db(), new["id"])  # drafts of the kept service stay


def test_drafts_page_saves_every_pair(app, admin, forum):
    url = f"/staff/forums/{forum['code']}/drafts"
    with app.app_context():
        s = forums.services(get_db(), forum["id"])[1]
        a = forums.aspects(get_db(), forum["id"])[3]
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url), f"draft-{s['id']}-{a['id']}": "Rp0."})
    assert r.status_code == 302
    with app.app_context():
        assert forums.drafts(get_db(), forum["id"])[f"{s['id']}:{a['id']}"] == "Rp0."


def test_definition_download_and_upload(app, admin, forum):
    body = admin.get(f"/staff/forums/{forum['code']}/definition.json")
    assert body.status_code == 200 and body.mimetype == "application/json"
    url = "/staff/forums/import"
    before = count_forums(app)
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url),
                              "file": (io.BytesIO(body.data), "forum.json")},
                   content_type="multipart/form-data")
    assert r.status_code == 302 and count_forums(app) == before + 1
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url),
                              "file": (io.BytesIO(b"\x00\x01PK"), "forum.json")},
                   content_type="multipart/form-data")
    assert r.status_code == 400 and "bukan definisi forum" in r.get_data(as_text=True)
    assert count_forums(app) == before + 1
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url),
                              "file": (io.BytesIO(body.data), "forum.exe")},
                   content_type="multipart/form-data")
    with app.test_request_context():
        refusal = _("Only a forum file (.json) saved by fkp can be imported.")
    assert r.status_code == 400 and refusal in r.get_data(as_text=True)
    assert count_forums(app) == before + 1


def test_accounts_and_assignment(app, admin, forum):
    url = "/staff/users/"
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url), "username": "rina",
                              "password": "short", "role": "notulis"})
    assert r.status_code == 400 and "Paling sedikit 10 karakter." in r.get_data(as_text=True)
    for weak in ("Password123", "rinarina99"):  # a first guess, the username: said beside the field
        r = admin.post(url, data={"csrf_token": csrf_token(admin, url), "username": "rina",
                                  "password": weak, "role": "notulis"})
        assert r.status_code == 400 and 'id="password-error"' in r.get_data(as_text=True), weak
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url), "username": "rina",
                              "password": "a-long-enough-pass", "role": "notulis"})
    assert r.status_code == 302
    page = f"/staff/forums/{forum['code']}"
    with app.app_context():
        rina = get_db().execute("SELECT id FROM users WHERE username = 'rina'").fetchone()[0]
    admin.post(f"{page}/staff", data={"csrf_token": csrf_token(admin, page), "user_id": rina})
    assert "rina" in admin.get(page).get_data(as_text=True)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM forum_staff WHERE user_id = ?", [rina]).fetchone()[0] == 1


def test_attendance_list_completes_a_chat_speaker(app, actions, forum):
    from fkp.inputs import chat_import
    with app.app_context():
        chat_import.import_chat(get_db(), forum, b"10:00:00 From Pak Slamet to Everyone:\n\tUsul.\n", None)
        pid = get_db().execute("SELECT id FROM participants WHERE name = 'Pak Slamet'").fetchone()[0]
    actions.login("notulis", "notulis-password", role="notulis")
    client = actions.client
    url = f"/staff/forums/{forum['code']}/attendance"
    page = client.get(url).get_data(as_text=True)
    assert "Pak Slamet" in page and "unsur belum diketahui" in page
    # The page says how many still need a group: the documents count them apart until then.
    assert "1 peserta belum memiliki unsur." in page
    r = client.post(f"{url}/{pid}", data={"csrf_token": csrf_token(client, url), "name": "Pak Slamet",
                                          "institution": "Perorangan", "position": "", "group": "service_user"})
    assert r.status_code == 302
    with app.app_context():
        row = get_db().execute("SELECT institution, group_code FROM participants WHERE id = ?", [pid]).fetchone()
    assert tuple(row) == ("Perorangan", "service_user")
    assert 'id="without-group"' not in client.get(url).get_data(as_text=True)
    r = client.post(f"{url}/{pid}", data={"csrf_token": csrf_token(client, url), "name": "",
                                          "institution": "", "group": "media"})
    assert "Tulis nama dan instansi Anda." in client.get(url).get_data(as_text=True)
    public = app.test_client().get(f"/d/{forum['code']}").get_data(as_text=True)
    assert "Pak Slamet" not in public  # his input is still pending


def test_service_library_add_rename_and_offer_on_new_forums(app, admin):
    url = "/staff/library/"
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "name": "Layanan PPID",
                          "description": "Permohonan informasi publik"})
    with app.app_context():
        lib_id = get_db().execute("SELECT id FROM library_services WHERE name = 'Layanan PPID'").fetchone()[0]
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "id": str(lib_id),
                          "name": "Layanan Informasi Publik (PPID)", "description": "Diperbarui"})
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "name": "layanan informasi publik (ppid)"})
    assert "Pustaka sudah memiliki layanan dengan nama ini." in admin.get(url).get_data(as_text=True)
    page = admin.get("/staff/forums/new").get_data(as_text=True)
    assert "Layanan Informasi Publik (PPID)" in page
    r = admin.post("/staff/forums/new", data={**NEW, "new_services": "", "services": str(lib_id),
                                              "csrf_token": csrf_token(admin, "/staff/forums/new")})
    assert r.status_code == 302
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM services WHERE library_id = ?", [lib_id]).fetchone()[0] == 1


def test_a_library_service_that_is_not_there_is_refused_not_added(app, admin):
    """A stale page (the service was renamed away in another tab) or a forged id: said in
    Indonesian, nothing saved, no server error."""
    url = "/staff/library/"
    r = admin.post(url, data={"csrf_token": csrf_token(admin, url), "id": "4242",
                              "name": "Layanan Hantu", "description": ""})
    assert r.status_code == 302
    assert "Layanan ini tidak ada di pustaka." in admin.get(url).get_data(as_text=True)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM library_services").fetchone()[0] == 0


def test_the_audit_log_says_its_times_in_the_forums_zone_not_utc(app, admin, forum):
    """The times are printed in the forum's zone ("… WITA"), so the column does not claim UTC."""
    page = admin.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    log = page[page.index('id="log-title"'):]
    assert '<th scope="col">Waktu</th>' in log and "(UTC)" not in log and " WITA" in log
