"""The organiser's statements on the note-taker's console: written down with the head of unit
as the default speaker, listed in order, told to the staff's consoles, corrected and removed;
a refused save keeps what was typed with the error beside its field; a repeated post stores
one; a final record refuses every change."""
import re

import pytest

from fkp.forums import forums, lifecycle
from fkp.store.db import get_db
from tests.helpers.app import Actions


def hidden(html, name):
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def rows(app):
    with app.app_context():
        return list(get_db().query("SELECT * FROM statements ORDER BY id"))


@pytest.fixture
def notulis(actions, forum):
    assert actions.login("notulis", "notulis-pass", role="notulis").status_code == 302
    return actions.client


def form_of(client, forum):
    """The console's statement form as the browser would post it, untouched."""
    html = client.get(f"/n/{forum['code']}").get_data(as_text=True)
    return {"statement-csrf_token": hidden(html, "statement-csrf_token"),
            "statement-client_id": hidden(html, "statement-client_id"),
            "statement-speaker": re.search(r'id="statement-speaker"[^>]* value="([^"]*)"', html).group(1),
            "statement-position": re.search(r'id="statement-position"[^>]* value="([^"]*)"', html).group(1)}


def test_a_statement_is_written_down_listed_and_told_to_staff(app, notulis, forum, sockets):
    moderator = app.test_client()
    Actions(app, moderator).login()
    socket = sockets(moderator, forum=forum["code"], view="moderator")
    socket.get_received("/live")
    page = notulis.get(f"/n/{forum['code']}").get_data(as_text=True)
    for label in ("Yang berbicara", "Jabatan", "Layanan (tidak wajib)", "Aspek (tidak wajib)", "Yang disampaikan"):
        assert re.search(rf'<label for="statement-\w+">{re.escape(label)}</label>', page), label
    data = form_of(notulis, forum)
    assert (data["statement-speaker"], data["statement-position"]) == ("Muhammad Khuwailid", "Ketua KPU Provinsi NTB")
    with app.app_context():
        service = forums.services(get_db(), forum["id"])[0]
    r = notulis.post(f"/n/{forum['code']}/statements", data={
        **data, "statement-service_id": service["id"], "statement-aspect_id": "",
        "statement-text": "Permohonan informasi dijawab paling lambat 10 hari kerja."})
    assert r.status_code == 302 and r.headers["Location"].endswith("#statements")
    [row] = rows(app)
    assert (row["speaker"], row["service_id"], row["aspect_id"]) == ("Muhammad Khuwailid", service["id"], None)
    page = notulis.get(f"/n/{forum['code']}").get_data(as_text=True)
    assert "Penjelasan penyelenggara sudah dicatat." in page
    assert "Permohonan informasi dijawab paling lambat 10 hari kerja." in page
    [told] = [m["args"][0] for m in socket.get_received("/live") if m["name"] == "statement_recorded"]
    assert told["statement"]["id"] == row["id"]


def test_the_same_form_posted_twice_is_stored_once(app, notulis, forum):
    data = {**form_of(notulis, forum), "statement-text": "Biaya layanan gratis."}
    assert notulis.post(f"/n/{forum['code']}/statements", data=data).status_code == 302
    again = notulis.post(f"/n/{forum['code']}/statements", data=data, follow_redirects=True)
    assert "Penjelasan ini sudah dicatat; tidak disimpan dua kali." in again.get_data(as_text=True)
    assert len(rows(app)) == 1


def test_a_refused_save_keeps_what_was_typed_with_the_error_beside_its_field(app, notulis, forum):
    data = {**form_of(notulis, forum), "statement-speaker": "Sekretaris <b>KPU</b>",
            "statement-position": "Sekretaris", "statement-text": "   "}
    r = notulis.post(f"/n/{forum['code']}/statements", data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and rows(app) == []
    assert re.search(r'id="statement-text-error">Tuliskan yang disampaikan.<', html)
    assert 'aria-describedby="statement-text-hint statement-text-error"' in html
    assert 'value="Sekretaris &lt;b&gt;KPU&lt;/b&gt;"' in html and 'value="Sekretaris"' in html
    with app.app_context():
        foreign = forums.services(get_db(), forums.get_by_code(get_db(), forum["code"])["id"])[0]["id"] + 999
    r = notulis.post(f"/n/{forum['code']}/statements", data={
        **data, "statement-text": "Ada penjelasan.", "statement-service_id": foreign})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Layanan ini tidak termasuk dalam forum." in html
    assert "Ada penjelasan." in html and rows(app) == []


def test_a_statement_is_corrected_and_removed(app, notulis, forum):
    data = {**form_of(notulis, forum), "statement-text": "Salah ketik."}
    notulis.post(f"/n/{forum['code']}/statements", data=data)
    [row] = rows(app)
    url = f"/n/{forum['code']}/statements/{row['id']}"
    page = notulis.get(url).get_data(as_text=True)
    assert "Salah ketik." in page and "Ubah penjelasan penyelenggara" in page
    token = hidden(page, "statement-csrf_token")
    long = notulis.post(url, data={"statement-csrf_token": token, "statement-speaker": "Ketua",
                                   "statement-text": "x" * 4001})
    assert long.status_code == 400 and "Paling banyak 4000 karakter." in long.get_data(as_text=True)
    fixed = notulis.post(url, data={"statement-csrf_token": token, "statement-speaker": "Ketua",
                                    "statement-text": "Sudah diperbaiki."})
    assert fixed.status_code == 302 and rows(app)[0]["text"] == "Sudah diperbaiki."
    r = notulis.post(f"{url}/remove", data={"csrf_token": token})
    assert r.status_code == 302 and rows(app) == []
    assert notulis.get(url).status_code == 404


def test_a_final_record_refuses_statements(app, notulis, forum):
    data = {**form_of(notulis, forum), "statement-text": "Tercatat sebelum final."}
    notulis.post(f"/n/{forum['code']}/statements", data=data)
    with app.app_context():
        db = get_db()
        for step in ("close", "finalise"):
            lifecycle.transition(db, forums.get(db, forum["id"]), step, None, accept_open=True)
    page = notulis.get(f"/n/{forum['code']}").get_data(as_text=True)
    assert "Catatan sudah final; penjelasan tidak dapat diubah lagi." in page
    assert 'id="statement-form"' not in page and "Tercatat sebelum final." in page
    r = notulis.post(f"/n/{forum['code']}/statements", data={**data, "statement-client_id": "baru",
                                                             "statement-text": "Sesudah final."})
    assert r.status_code == 409 and "Sesudah final." not in [s["text"] for s in rows(app)]
    [row] = rows(app)
    assert notulis.post(f"/n/{forum['code']}/statements/{row['id']}/remove",
                        data={"csrf_token": data["statement-csrf_token"]}).status_code == 409
    assert len(rows(app)) == 1
