"""Each route reads as much as its form needs (issue 15, finding 8): a text form or an API call
is refused past MAX_CONTENT_LENGTH (64 KB) with a page or JSON in the user's language, never a
5xx, while the routes that take a file accept what their form promises."""
import io
import json

from fkp.forums import forums, units
from fkp.record import photos
from fkp.store.db import get_db
from tests.exports.test_evidence import photo_with_gps
from tests.helpers.app import csrf_token

KB = 1024


def test_a_text_form_or_api_call_larger_than_any_form_needs_is_refused(app, actions, forum):
    assert app.config["MAX_CONTENT_LENGTH"] == 64 * KB
    code = forum["code"]
    actions.join(code)
    html = actions.client.get(f"/j/{code}/input").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    r = actions.client.post(f"/j/{code}/input", data={"csrf_token": token, "kind": "suggestion",
                                                       "client_id": "x", "text": "a" * (100 * KB)})
    assert r.status_code == 413 and "Permintaan terlalu besar." in r.get_data(as_text=True)

    body = json.dumps({"name": "Siti", "institution": "x" * (100 * KB), "group": "civil_society",
                       "consent": True})
    r = app.test_client().post(f"/api/v1/forums/{code}/participants", data=body,
                               content_type="application/json")
    assert r.status_code == 413 and r.get_json() == {"error": "Permintaan terlalu besar."}
    with app.app_context():  # the longest input a form takes still fits
        pair = {"service_id": forums.services(get_db(), forum["id"])[0]["id"],
                "aspect_id": forums.aspects(get_db(), forum["id"])[0]["id"]}
    assert actions.submit(code, text="Percepat layanan. " * 55, **pair).status_code == 302


def test_uploads_of_megabytes_are_accepted_where_the_form_takes_a_file(app, actions, forum):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    client, code = actions.client, forum["code"]
    photo = photo_with_gps()
    documents = f"/staff/forums/{code}/documents"
    r = client.post(f"/staff/forums/{code}/photos", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, documents),
        "photo": (io.BytesIO(photo + b"0" * (3 * KB * KB - len(photo))), "aula.jpg")})  # 3 MB
    assert r.status_code == 302
    letterhead = f"/staff/forums/{code}/letterhead"
    logo = photo + b"0" * (400 * KB - len(photo))  # 400 KB of the 512 KB a logo may be
    r = client.post(letterhead, content_type="multipart/form-data", data={
        "city": "Mataram", "logo": (io.BytesIO(logo), "logo.jpg"), "csrf_token": csrf_token(client, letterhead)})
    assert r.status_code == 302
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM photos").fetchone()[0] == 1
        assert units.get(db, forum["unit"])["logo"]
    assert photos.MAX_BYTES > 3 * KB * KB
