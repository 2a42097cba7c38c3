"""What each audience's pages show, and to whom."""
import re

from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from fkp.web import qr
from tests.helpers.app import csrf_token


def add_input(app, forum, text, approve=False, contact="0812-0000-1111"):
    with app.app_context():
        db = get_db()
        p, _ = participants.join(db, forum, name="Dewi", institution="WCC", group="civil_society",
                                 consent=True, contact=contact)
        services = db.execute("SELECT id FROM services WHERE forum_id = ?", [forum["id"]]).fetchall()
        aspects = db.execute("SELECT id FROM aspects WHERE forum_id = ?", [forum["id"]]).fetchall()
        c, _ = comments.submit(db, forum, p, service_id=services[0][0], aspect_id=aspects[0][0],
                               kind="suggestion", text=text, client_id=text[:20])
        if approve:
            moderation.approve(db, forum, c["id"], None)
        return c


def test_display_shows_only_approved_input_and_never_contact(app, client, forum):
    add_input(app, forum, "Sudah disetujui moderator", approve=True)
    add_input(app, forum, "Belum dimoderasi")
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert "Sudah disetujui moderator" in page
    assert "Belum dimoderasi" not in page
    assert "0812-0000-1111" not in page
    assert forum["code"] in page and f"/j/{forum['code']}" in page
    assert "Layanan Autentikasi Perolehan Suara Parpol" in page  # the focus
    assert "Surat permohonan dari pengurus partai politik" in page  # its draft


def test_qr_svg_encodes_the_join_url_on_the_address_the_display_used(client, forum):
    r = client.get(f"/d/{forum['code']}/qr.svg", base_url="http://192.168.1.20:5000")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    # QR encoding is deterministic: the same URL gives the same image (test_e2e decodes one)
    assert r.get_data(as_text=True) == qr.svg(f"http://192.168.1.20:5000/j/{forum['code']}")


def test_join_url_never_points_phones_at_localhost(app, client, forum):
    page = client.get(f"/d/{forum['code']}", base_url="http://localhost:5000").get_data(as_text=True)
    assert f"/j/{forum['code']}" in page and "localhost:5000/j/" not in page
    app.config["PUBLIC_URL"] = "https://fkp.kpu-ntb.example"
    page = client.get(f"/d/{forum['code']}", base_url="http://localhost:5000").get_data(as_text=True)
    assert "fkp.kpu-ntb.example/j/" in page


def test_attendee_text_is_escaped_everywhere(app, client, actions, forum):
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    add_input(app, forum, payload, approve=True)
    actions.login()
    for url in (f"/d/{forum['code']}", f"/m/{forum['code']}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(2)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_every_page_forbids_inline_script(client, forum):
    for url in ("/", f"/j/{forum['code']}", f"/d/{forum['code']}", "/login"):
        r = client.get(url)
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r.get_data(as_text=True))


def test_typing_the_code_leads_to_the_join_page(client, forum):
    token = csrf_token(client, "/")
    r = client.post("/", data={"code": f" {forum['code'].lower()} ", "csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"] == f"/j/{forum['code']}"
    r = client.post("/", data={"code": "XXXXXX", "csrf_token": token})
    assert r.status_code == 400
    assert "Tidak ada forum dengan kode ini." in r.get_data(as_text=True)


def test_joining_is_remembered_in_this_browser(app, client, actions, forum):
    assert actions.join(forum["code"]).headers["Location"] == f"/j/{forum['code']}/input"
    assert client.get(f"/j/{forum['code']}").headers["Location"] == f"/j/{forum['code']}/input"
    with app.app_context():
        [row] = get_db().execute("SELECT consent_utc, notice_version FROM participants").fetchall()
    assert row[0] and row[1]


def test_input_page_is_never_cached(client, actions, forum):
    actions.join(forum["code"])
    assert client.get(f"/j/{forum['code']}/input").headers["Cache-Control"] == "no-store"


def test_input_page_without_joining_goes_to_join(client, forum):
    assert client.get(f"/j/{forum['code']}/input").headers["Location"] == f"/j/{forum['code']}"


def test_form_resubmission_is_one_input(app, client, actions, forum):
    actions.join(forum["code"])
    html = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    field = lambda pattern: re.search(pattern, html).group(1)  # noqa: E731
    data = {"csrf_token": field(r'name="csrf_token" type="hidden" value="([^"]+)"'),
            "client_id": field(r'id="client_id" name="client_id" type="hidden" value="([^"]+)"'),
            "service_id": "1", "aspect_id": "1", "kind": "question", "text": "Sekali saja."}
    for _ in range(3):  # a double tap, then the browser's "resend form" after reload
        assert client.post(f"/j/{forum['code']}/input", data=data).status_code == 302
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM comments").fetchone()[0] == 1


def test_moderator_pages_need_login(client, forum):
    r = client.get(f"/m/{forum['code']}")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=")
    assert client.get("/staff/").status_code == 302
    assert client.get(f"/staff/forums/{forum['code']}/berita-acara.docx").status_code == 302


def test_wrong_password_is_refused_in_indonesian(client, actions):
    actions.login()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    r = client.post("/login", data={"username": "moderator", "password": "nope",
                                    "csrf_token": csrf_token(client, "/login")})
    assert r.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in r.get_data(as_text=True)


def test_moderation_works_without_javascript(app, client, actions, forum):
    c = add_input(app, forum, "Lewat formulir biasa")
    actions.login()
    base = f"/m/{forum['code']}"
    token = csrf_token(client, base)
    assert client.post(f"{base}/comments/{c['id']}/approve", data={"csrf_token": token}).status_code == 302
    assert client.post(f"{base}/comments/{c['id']}/pin", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        stored = comments.get(get_db(), c["id"])
    assert (stored["status"], stored["pinned"]) == ("approved", 1)
    r = client.post(f"{base}/focus", data={"csrf_token": token, "service_id": "2", "aspect_id": "3"})
    assert r.status_code == 302
    focus = client.get(f"/api/v1/forums/{forum['code']}").get_json()["focus"]
    assert focus == {"service_id": 2, "aspect_id": 3}
    # without the token nothing changes
    assert client.post(f"{base}/comments/{c['id']}/hide").status_code == 400
    with app.app_context():
        assert comments.get(get_db(), c["id"])["status"] == "approved"


def test_moderator_filters(app, client, actions, forum):
    add_input(app, forum, "Yang disetujui", approve=True)
    add_input(app, forum, "Yang menunggu")
    actions.login()
    page = client.get(f"/m/{forum['code']}?status=pending").get_data(as_text=True)
    assert "Yang menunggu" in page and "Yang disetujui" not in page


def test_staff_download_berita_acara_and_csv(app, client, actions, forum):
    add_input(app, forum, "Masukan untuk berita acara", approve=True)
    actions.login("notulis", "notulis-pass", role="notulis")
    r = client.get(f"/staff/forums/{forum['code']}/berita-acara.docx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    assert f'filename="berita-acara-{forum["code"]}.docx"' in r.headers["Content-Disposition"]
    r = client.get(f"/staff/forums/{forum['code']}/inputs.csv")
    assert r.status_code == 200 and "Masukan untuk berita acara" in r.data.decode("utf-8-sig")
    assert "0812-0000-1111" not in r.data.decode("utf-8-sig")
