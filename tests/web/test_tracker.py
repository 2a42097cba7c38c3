"""The tracker's pages (issue 17): /t asks for a code, /t/CODE shows the input's state and
answer in Indonesian and nothing of its giver, an unknown code is a 404 with the form again,
lookups are limited per address; the phone, the API and the note-taker's console give the
code, and a spoken input's receipt prints with its address and QR code."""
import re

import pytest

from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.record import responses
from fkp.store import migrations
from fkp.store.db import get_db
from tests.helpers.app import Actions, csrf_token, make_app

CODE = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def stored(app, forum):
    with app.app_context():
        return comments.for_moderator(get_db(), forum["id"])


def page(response):
    return response.get_data(as_text=True)


@pytest.fixture
def given(app, forum):
    """An input from a named giver with a contact, shown; its receipt."""
    with app.app_context():
        db = get_db()
        giver, _token = participants.join(db, forum, name="Siti Rahmawati", institution="Pertuni NTB",
                                          group="civil_society", contact="0812-7777-1234", consent=True)
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        comment, _new = comments.submit(db, forum, giver, service_id=service["id"], aspect_id=aspect["id"],
                                        kind="criticism", text="Antrean loket terlalu panjang.", client_id="g1")
        return comment


def test_the_form_asks_for_the_code_and_sends_it_on(client, given):
    r = client.get("/t")
    assert r.status_code == 200
    html = page(r)
    assert "Lacak masukan Anda" in html and 'name="kode"' in html and 'method="get"' in html
    assert '<meta name="robots" content="noindex">' in html
    r = client.get("/t?kode=" + given["receipt"].lower().replace("-", "+"))
    assert r.status_code == 302 and r.headers["Location"] == f"/t/{given['receipt']}"
    r = client.post("/t", data={"kode": given["receipt"], "csrf_token": csrf_token(client, "/login")})
    assert r.status_code == 302 and r.headers["Location"] == f"/t/{given['receipt']}"
    r = client.get("/t?kode=")
    assert r.status_code == 400 and "Tulis kode lacak" in page(r)
    r = client.get("/t?kode=abcd/0000")  # cannot be a code: said so at once, as typed
    assert r.status_code == 404 and "Kode tidak ditemukan" in page(r) and 'value="abcd/0000"' in page(r)


def test_a_found_code_shows_the_state_in_words_and_nothing_of_the_giver(client, given):
    r = client.get(f"/t/{given['receipt']}")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store" and r.headers["X-Robots-Tag"] == "noindex"
    html = page(r)
    assert '<meta name="robots" content="noindex">' in html
    for said in (given["receipt"], "Antrean loket terlalu panjang.", "Menunggu", "Kritik", "Belum ditanggapi",
                 "Komisi Pemilihan Umum Provinsi Nusa Tenggara Barat", "<dl", "<h1>Masukan Anda</h1>"):
        assert said in html, said
    for personal in ("Siti Rahmawati", "Pertuni", "0812", "Masyarakat sipil", "civil_society"):
        assert personal not in html, personal


def test_a_code_typed_otherwise_is_sent_to_its_one_address(client, given):
    r = client.get(f"/t/{given['receipt'].lower().replace('-', '')}")
    assert r.status_code == 302 and r.headers["Location"] == f"/t/{given['receipt']}"


def test_an_unknown_code_is_a_404_in_indonesian_with_the_form_again(client, given):
    for code in ("WXYZ-2345", "OOOO-0000", "bukan-kode-sama-sekali"):
        r = client.get(f"/t/{code}")
        assert r.status_code == 404, code
        html = page(r)
        assert "Kode tidak ditemukan" in html and 'name="kode"' in html
        assert r.headers["Cache-Control"] == "no-store"


def test_the_answer_shows_provisional_until_the_record_is_final(app, client, forum, given):
    with app.app_context():
        db = get_db()
        moderation.approve(db, forum, given["id"], None)
        responses.save_response(db, forum, given["id"], None, response="Ditambah satu loket.",
                                decision="accepted", action="Buka loket kedua", pic="Budi Santoso",
                                target_date="2026-03-01", note="rahasia staf")
    html = page(client.get(f"/t/{given['receipt']}"))
    for said in ("Ditampilkan", "Diterima", "Ditambah satu loket.", "Buka loket kedua", "1 Maret 2026",
                 "Sementara", "Belum"):
        assert said in html, said
    assert "Budi Santoso" not in html and "rahasia staf" not in html
    with app.app_context():
        get_db().execute("UPDATE forums SET status = 'finalised' WHERE id = ?", [forum["id"]])
        get_db().conn.commit()
    html = page(client.get(f"/t/{given['receipt']}"))
    assert "Diterima" in html and "Sementara" not in html


def test_a_hidden_input_says_not_shown_and_gives_no_reason(app, client, forum, given):
    with app.app_context():
        moderation.hide(get_db(), forum, given["id"], None)
    html = page(client.get(f"/t/{given['receipt']}"))
    assert "Tidak ditampilkan" in html and "Tanggapan penyelenggara" not in html


def test_lookups_are_limited_per_address(tmp_path):
    app = make_app(tmp_path, LIMIT_LOOKUP="3 per minute")
    with app.app_context():
        migrations.migrate(get_db())
    guesser, other = app.test_client(), app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    for n in range(3):
        assert guesser.get(f"/t/WXYZ-234{n + 2}").status_code == 404
    r = guesser.get("/t/WXYZ-2349")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "Terlalu banyak kode lacak" in page(r)
    assert r.headers["Cache-Control"] == "no-store"
    assert guesser.get("/t").status_code == 200  # the form itself is not a lookup
    assert other.get("/t/WXYZ-2349").status_code == 404


def test_the_api_returns_the_receipt(client, forum, api_participant):
    _pid, token = api_participant
    pair = {"service_id": forum["focus_service_id"], "aspect_id": forum["focus_aspect_id"]}
    body = {**pair, "kind": "question", "text": "Kapan?", "client_id": "api-1"}
    r = client.post(f"/api/v1/forums/{forum['code']}/comments", json=body,
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201 and CODE.fullmatch(r.get_json()["receipt"])
    again = client.post(f"/api/v1/forums/{forum['code']}/comments", json=body,
                        headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 200 and again.get_json()["receipt"] == r.get_json()["receipt"]


def test_the_phone_without_javascript_lists_each_input_with_its_receipt_link(app, client, forum):
    actions = Actions(app, client)
    actions.join(forum["code"])
    assert actions.submit(forum["code"], service_id=forum["focus_service_id"],
                          aspect_id=forum["focus_aspect_id"]).status_code == 302
    [mine] = stored(app, forum)
    html = page(client.get(f"/j/{forum['code']}/input"))
    assert f'Kode lacak: <a href="/t/{mine["receipt"]}">{mine["receipt"]}</a>' in html


def test_the_notulis_console_shows_receipts_and_prints_a_slip(app, client, forum, given):
    actions = Actions(app, client)
    assert client.get(f"/n/{forum['code']}/receipt/{given['id']}").status_code in (302, 401, 403)
    actions.login("notulis", "notulis-pass", role="notulis")
    html = page(client.get(f"/n/{forum['code']}"))
    assert given["receipt"] in html and f"/n/{forum['code']}/receipt/{given['id']}" in html
    assert "Cetak tanda terima" in html
    r = client.get(f"/n/{forum['code']}/receipt/{given['id']}")
    assert r.status_code == 200
    html = page(r)
    for said in (given["receipt"], "Antrean loket terlalu panjang.", f"/t/{given['receipt']}",
                 'src="data:image/svg+xml;base64,', "css/receipt.css"):
        assert said in html, said
    assert "Siti Rahmawati" not in html and "0812" not in html
    assert client.get(f"/n/{forum['code']}/receipt/999999").status_code == 404


def test_a_notetaker_of_another_forum_cannot_print_its_receipts(app, client, forum, given):
    Actions(app, client).login("notulis", "notulis-pass", role="notulis", assign=False)
    assert client.get(f"/n/{forum['code']}/receipt/{given['id']}").status_code == 403
