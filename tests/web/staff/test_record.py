"""The staff pages for responses, conclusions, signatories, photos, documents, follow-ups."""
import io
import re
import zipfile

import pytest

from fkp.forums import forums, lifecycle
from fkp.record import responses
from fkp.store.db import get_db
from tests.exports.test_evidence import ORIENTATION, exif_of, photo_with_gps, pixels
from tests.helpers import factories
from tests.helpers.app import csrf_token


@pytest.fixture
def built(app, actions):
    with app.app_context():
        forum, inputs = factories.full_record(get_db())
    actions.login("notulis", "notulis-password", role="notulis")
    return forum, inputs, actions.client


def test_answer_an_input_from_the_page(app, built):
    forum, inputs, client = built
    url = f"/staff/forums/{forum['code']}/responses"
    page = client.get(url).get_data(as_text=True)
    assert "Masukan yang disembunyikan moderator." not in page  # hidden input is not answered
    cid = inputs["spoken"]["id"]
    r = client.post(f"{url}/{cid}", data={f"r{cid}-csrf_token": csrf_token(client, url),
                                          f"r{cid}-response": "Akan dikaji.",
                                          f"r{cid}-decision": "accepted", f"r{cid}-pic": "Sekretariat",
                                          f"r{cid}-target_date": "2026-03-01"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"#c{cid}")
    with app.app_context():
        saved = responses.response_of(get_db(), cid)
    assert (saved["decision"], saved["pic"], saved["target_date"], saved["followup_status"]) == (
        "accepted", "Sekretariat", "2026-03-01", "not_started")


def test_the_responses_page_says_when_the_record_is_final(app, built):
    forum, _inputs, client = built
    url = f"/staff/forums/{forum['code']}/responses"
    final = "Catatan forum ini sudah final; tidak ada yang dapat ditambahkan."
    page = client.get(url).get_data(as_text=True)
    assert final not in page and 'class="response-form' in page
    with app.app_context():
        lifecycle.transition(get_db(), forums.get(get_db(), forum["id"]), "finalise", None,
                             accept_open=True)
    page = client.get(url).get_data(as_text=True)
    assert final in page and 'class="response-form' not in page


def test_not_accepted_without_reason_is_refused_in_indonesian(app, built):
    forum, inputs, client = built
    url = f"/staff/forums/{forum['code']}/responses"
    cid = inputs["spoken"]["id"]
    r = client.post(f"{url}/{cid}", data={f"r{cid}-csrf_token": csrf_token(client, url),
                                          f"r{cid}-response": "Tidak.", f"r{cid}-decision": "not_accepted"})
    assert r.status_code == 400 and "Tuliskan alasan masukan tidak diterima." in r.get_data(as_text=True)
    with app.app_context():
        assert responses.response_of(get_db(), cid) is None


def test_a_response_too_long_is_refused_with_the_limit(app, built):
    """Found by the naughty-strings test: a 500 (KeyError in the limit's message) instead."""
    forum, inputs, client = built
    url = f"/staff/forums/{forum['code']}/responses"
    cid = inputs["spoken"]["id"]
    r = client.post(f"{url}/{cid}", data={f"r{cid}-csrf_token": csrf_token(client, url), f"r{cid}-decision": "accepted",
                                          f"r{cid}-pic": "p" * 201})
    assert r.status_code == 400 and "Paling banyak 200 karakter." in r.get_data(as_text=True)
    with app.app_context():
        assert responses.response_of(get_db(), cid) is None


def conclusions_page(client, url):
    """The conclusions form as a browser would send it back unchanged: {name: value}."""
    html = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, url)}
    data.update(dict(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html)))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_conclusions_and_signatories_are_saved_together(app, built):
    forum, _inputs, client = built
    url = f"/staff/forums/{forum['code']}/conclusions"
    with app.app_context():
        db = get_db()
        services = forums.services(db, forum["id"])
        pid = db.execute("SELECT id FROM participants WHERE name = 'Baiq Nurul'").fetchone()[0]
        entries = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    page = client.get(url).get_data(as_text=True)
    assert page.count('method="post"') == 1 and page.count('type="submit"') == 1
    data = conclusions_page(client, url)
    data.update({"kforum-text": "Baru.", f"k{services[1]['id']}-text": "Layanan pengaduan dipercepat.",
                 f"k{services[2]['id']}-text": "Data pemilih dimutakhirkan.",
                 "gservice_user-participant_id": str(pid)})
    r = client.post(url, data=data)
    assert r.status_code == 302
    with app.app_context():
        db = get_db()
        written = responses.conclusions(db, forum["id"])
        assert (written[None], written[services[1]["id"]], written[services[2]["id"]]) == (
            "Baru.", "Layanan pengaduan dipercepat.", "Data pemilih dimutakhirkan.")
        assert written[services[0]["id"]] == "Formulir daring disepakati."  # sent unchanged, kept
        assert responses.signatories(db, forum["id"])["service_user"]["name"] == "Baiq Nurul"
        assert responses.signatories(db, forum["id"])["media"]["name"] == "Siti Aminah"
        # only what changed is written and audited: three conclusions and one signatory
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries + 4


def test_a_refused_conclusions_form_keeps_everything_typed(app, built):
    forum, _inputs, client = built
    url = f"/staff/forums/{forum['code']}/conclusions"
    with app.app_context():
        before = responses.conclusions(get_db(), forum["id"])
        services = forums.services(get_db(), forum["id"])
    data = conclusions_page(client, url)
    data.update({"kforum-text": "Kesimpulan baru yang ditulis panjang.", f"k{services[1]['id']}-text": "x" * 8001})
    r = client.post(url, data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "Kesimpulan baru yang ditulis panjang.</textarea>" in page
    assert f'id="k{services[1]["id"]}-text-error">Paling banyak 8000 karakter.' in page
    with app.app_context():
        assert responses.conclusions(get_db(), forum["id"]) == before
    # a field for no service of the forum is not a conclusion: nothing is written for it
    data = conclusions_page(client, url)
    data["k99999-text"] = "Tidak ke mana-mana."
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert responses.conclusions(get_db(), forum["id"]) == before


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")


def test_photos_only_images_and_within_limits(app, built):
    forum, _inputs, client = built
    url = f"/staff/forums/{forum['code']}/documents"
    post = f"/staff/forums/{forum['code']}/photos"
    client.post(post, data={"csrf_token": csrf_token(client, url), "caption": "Suasana forum",
                            "photo": (io.BytesIO(PNG), "aula.png")}, content_type="multipart/form-data")
    refused = client.post(post, data={"csrf_token": csrf_token(client, url),
                                      "photo": (io.BytesIO(b"<svg onload=alert(1)>"), "x.png")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400  # shown again, the reason beside the file
    assert "Hanya foto (JPEG, PNG, atau WebP) yang dapat diunggah." in refused.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Suasana forum" in page
    big = b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024)
    client.post(post, data={"csrf_token": csrf_token(client, url), "photo": (io.BytesIO(big), "big.jpg")},
                content_type="multipart/form-data")
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM photos").fetchone()[0] == 1
    photo_id = re.search(r"/photos/(\d+)\"", page).group(1)
    r = client.get(f"/staff/forums/{forum['code']}/photos/{photo_id}")
    assert r.mimetype == "image/png" and pixels(r.data) == pixels(PNG)  # drawn again, without metadata


def test_a_photo_is_stored_without_where_it_was_taken(app, built):
    forum, _inputs, client = built
    url = f"/staff/forums/{forum['code']}/documents"
    original = photo_with_gps()
    assert exif_of(original)[1]  # a phone's photo, with its GPS
    client.post(f"/staff/forums/{forum['code']}/photos", content_type="multipart/form-data",
                data={"csrf_token": csrf_token(client, url), "photo": (io.BytesIO(original), "aula.jpg")})
    with app.app_context():
        [(stored,)] = get_db().execute("SELECT data FROM photos").fetchall()
    tags, gps = exif_of(stored)
    assert gps == {} and tags == {ORIENTATION: 6}  # no place, no camera, still the right way up
    assert pixels(stored) == pixels(original)


def test_follow_ups_across_forums_overdue_marked_and_updatable_after_final(app, built):
    forum, inputs, client = built
    page = client.get("/staff/followups/").get_data(as_text=True)
    assert "Subbag Teknis" in page and "Divisi Data" in page
    assert page.count('class="overdue"') >= 1  # 2025 targets not done are overdue now
    only = client.get("/staff/followups/?pic=Divisi+Data").get_data(as_text=True)
    rows = only.split("<tbody>")[1]
    assert "Divisi Data" in rows and "Subbag Teknis" not in rows
    with app.app_context():
        lifecycle.transition(get_db(), forums.get(get_db(), forum["id"]), "finalise", None,
                             accept_open=True)
    cid = inputs["approved_info"]["id"]
    client.post(f"/staff/followups/{forum['code']}/{cid}",
                data={"csrf_token": csrf_token(client, "/staff/followups/"), "followup_status": "done",
                      "note": "Formulir daring sudah tayang."})
    with app.app_context():
        assert responses.response_of(get_db(), cid)["followup_status"] == "done"


@pytest.mark.office
def test_every_document_downloads_and_the_evidence_pack_has_them_all(app, built):
    pytest.importorskip("fkp.exports.pdf")
    pytest.importorskip("fkp.exports.xlsx")
    pytest.importorskip("fkp.exports.docx.notulen")
    forum, _inputs, client = built
    base = f"/staff/forums/{forum['code']}/documents"
    from fkp.exports import registry
    for name, fmt in registry.DOCUMENTS:
        r = client.get(f"{base}/{name}.{fmt}")
        assert r.status_code == 200 and len(r.data) > 200, (name, fmt)
    r = client.get(f"{base}/evidence.zip")
    names = zipfile.ZipFile(io.BytesIO(r.data)).namelist()
    assert len([n for n in names if not n.startswith("foto/")]) == 10  # nine documents and their list
    assert not any("internal" in n for n in names)
    assert client.get(f"{base}/matriks.docx").status_code == 404
