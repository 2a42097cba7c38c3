"""The agreement question through the transports: the moderator's socket and form, the phone's
form and the API, who hears which event, the catch-up, and the Berita Acara that records it."""
import io
import re

import docx
import pytest

from fkp.exports.docx import berita_acara as docx_export
from fkp.forums import agreement, forums
from fkp.people import participants
from fkp.record import minutes
from fkp.store.db import get_db
from tests.helpers.app import Actions, csrf_token


@pytest.fixture
def focused(app, forum):
    """The demo forum with its focus on the first service × aspect."""
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        forums.set_focus(db, forum, service["id"], aspect["id"])
        return {"forum": forums.get(db, forum["id"]), "service": service, "aspect": aspect}


def ask(app, forum):
    with app.app_context():
        agreement.open_for_focus(get_db(), forums.get(get_db(), forum["id"]))
        return agreement.open_question(get_db(), forum["id"])


def names(socket):
    return [m["name"] for m in socket.get_received("/live")]


def received(socket, name):
    return [m["args"][0] for m in socket.get_received("/live") if m["name"] == name]


def test_the_moderator_asks_over_the_socket_and_each_room_hears_what_it_should(
        app, actions, focused, sockets, api_participant):
    forum = focused["forum"]
    assert actions.login().status_code == 302
    mod = sockets(actions.client, forum=forum["code"], view="moderator")
    screen = sockets(forum=forum["code"], view="display")
    _pid, token = api_participant
    phone = sockets(forum=forum["code"], view="attendee", token=token)
    for s in (mod, screen, phone):
        names(s)

    assert mod.emit("open_agreement", {}, namespace="/live", callback=True)["ok"] is True
    opened = received(phone, "agreement_opened")[0]["question"]
    assert opened["aspect_label"] == focused["aspect"]["label"] and opened["open"] is True
    assert "agreement_opened" in names(screen) and "agreement_opened" in names(mod)

    client = app.test_client()
    r = client.post(f"/api/v1/forums/{forum['code']}/agreement/{opened['id']}/answers",
                    json={"answer": "agree_with_changes"}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"question_id": opened["id"], "answer": "agree_with_changes",
                            "counts": {"agree": 0, "agree_with_changes": 1, "disagree": 0, "total": 1}}
    told = received(screen, "agreement_answered")
    assert told and told[-1]["question"]["counts"]["agree_with_changes"] == 1
    assert "participant_id" not in str(told) and "Budi" not in str(told)  # counts, never who
    assert "agreement_answered" in names(mod)
    assert "agreement_answered" not in names(phone)  # N answers to N phones: not sent

    assert mod.emit("close_agreement", {}, namespace="/live", callback=True)["ok"] is True
    closed = received(phone, "agreement_closed")[0]["question"]
    assert closed["open"] is False and closed["counts"]["total"] == 1
    assert "agreement_closed" in names(screen)


def test_an_attendee_cannot_open_a_question(app, focused, sockets, api_participant):
    phone = sockets(forum=focused["forum"]["code"], view="attendee", token=api_participant[1])
    ack = phone.emit("open_agreement", {}, namespace="/live", callback=True)
    assert "error" in ack
    with app.app_context():
        assert agreement.open_question(get_db(), focused["forum"]["id"]) is None


def test_the_phone_page_asks_and_takes_an_answer_without_javascript(app, client, actions, focused):
    forum = focused["forum"]
    actions.join(forum["code"])
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert re.search(r'<section class="agreement agreement-ask"[^>]*\bhidden\b', page)  # nothing asked yet
    q = ask(app, forum)
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    title = f"Setuju dengan rancangan {focused['aspect']['label']} untuk {focused['service']['name']}?"
    assert title in page
    assert page.count('type="radio" name="answer"') == 3
    for label in ("Setuju", "Setuju dengan perubahan", "Tidak setuju"):
        assert f"<span>{label}</span>" in page

    url = f"/j/{forum['code']}/agreement/{q['id']}"
    r = client.post(url, data={"answer": "agree", "csrf_token": csrf_token(client, f"/j/{forum['code']}/input")})
    assert r.status_code == 302 and r.headers["Location"].endswith("/input#agreement")
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert "Jawaban Anda: Setuju" in page and 'value="agree" checked' in page
    # changed while open
    client.post(url, data={"answer": "disagree", "csrf_token": csrf_token(client, f"/j/{forum['code']}/input")})
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert "Jawaban Anda: Tidak setuju" in page
    with app.app_context():
        assert agreement.counts(get_db(), q["id"]) == {"agree": 0, "agree_with_changes": 0, "disagree": 1, "total": 1}
        agreement.close(get_db(), forums.get(get_db(), forum["id"]))
    r = client.post(url, data={"answer": "agree", "csrf_token": csrf_token(client, f"/j/{forum['code']}/input")},
                    follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "Pertanyaan ini sudah ditutup." in page and "Ditutup: hasil akhir" in page
    # no answer chosen: said, nothing stored
    with app.app_context():
        agreement.open_for_focus(get_db(), forums.get(get_db(), forum["id"]))
    r = client.post(f"/j/{forum['code']}/agreement/{q['id'] + 1}",
                    data={"csrf_token": csrf_token(client, f"/j/{forum['code']}/input")}, follow_redirects=True)
    assert "Pilih salah satu jawaban." in r.get_data(as_text=True)


def test_the_api_refuses_in_the_users_language(app, client, focused, api_participant):
    forum, (pid, token) = focused["forum"], api_participant
    q = ask(app, forum)
    url = f"/api/v1/forums/{forum['code']}/agreement/{q['id']}/answers"
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post(url, json={"answer": "agree"}).status_code == 401
    r = client.post(url, json={"answer": "maybe"}, headers=auth)
    assert r.status_code == 400 and r.get_json()["error"] == "Pilih salah satu jawaban."
    assert client.post(url, json={"answer": 1}, headers=auth).status_code == 400
    assert client.post(url, json={}, headers=auth).status_code == 400
    assert client.post(url.replace(str(q["id"]), "999999"), json={"answer": "agree"}, headers=auth).status_code == 404
    with app.app_context():
        participants.set_banned(get_db(), forum, pid, True, None)
    assert client.post(url, json={"answer": "agree"}, headers=auth).status_code == 403


def test_the_catch_up_carries_the_question_and_the_attendees_own_answer(app, client, focused, api_participant):
    forum, (_pid, token) = focused["forum"], api_participant
    q = ask(app, forum)
    auth = {"Authorization": f"Bearer {token}"}
    client.post(f"/api/v1/forums/{forum['code']}/agreement/{q['id']}/answers", json={"answer": "agree"}, headers=auth)
    body = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0", headers=auth).get_json()
    assert body["agreement"]["id"] == q["id"] and body["agreement"]["counts"]["agree"] == 1
    assert body["agreement_answer"] == "agree"
    public = client.get(f"/api/v1/forums/{forum['code']}/changes?since=0").get_json()
    assert public["agreement"]["counts"]["total"] == 1 and "agreement_answer" not in public


def test_the_projector_and_console_render_the_counts(app, client, actions, focused):
    forum = focused["forum"]
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert re.search(r'<section class="agreement agreement-view"[^>]*\bhidden\b', page)
    q = ask(app, forum)
    with app.app_context():
        db = get_db()
        for n, value in enumerate(["agree", "agree", "disagree"]):
            person, _t = participants.join(db, forum, name=f"W{n}", institution="X", group="media", consent=True)
            agreement.answer(db, forum, person, q["id"], value)
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert not re.search(r'<section class="agreement agreement-view"[^>]*\bhidden\b', page)
    assert '<b class="agreement-n">2</b> <span class="agreement-pct">(67%)</span>' in page
    assert '<b class="agreement-total-n">3</b>' in page
    actions.login()
    console = actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)
    assert "Tutup pertanyaan" in console
    assert '<b class="agreement-n">1</b> <span class="agreement-pct">(33%)</span>' in console


def test_the_berita_acara_lists_each_closed_question(app, focused):
    forum = focused["forum"]
    with app.app_context():
        db = get_db()
        before = docx_export.berita_acara(minutes.assemble(db, forums.get(db, forum["id"])))
        assert "Persetujuan hadirin atas rancangan:" not in "\n".join(
            p.text for p in docx.Document(io.BytesIO(before)).paragraphs)
        agreement.open_for_focus(db, forum)
        q = agreement.open_question(db, forum["id"])
        for n, value in enumerate(["agree"] * 20 + ["agree_with_changes"] * 5 + ["disagree"]):
            person, _t = participants.join(db, forum, name=f"W{n}", institution="X", group="media", consent=True)
            agreement.answer(db, forum, person, q["id"], value)
        agreement.close(db, forum)
        model = minutes.assemble(db, forums.get(db, forum["id"]))
    texts = [p.text for p in docx.Document(io.BytesIO(docx_export.berita_acara(model))).paragraphs]
    start = texts.index("Persetujuan hadirin atas rancangan:")
    line = (f"{focused['aspect']['name']} — {focused['service']['name']}: setuju 20, setuju dengan perubahan 5, "
            "tidak setuju 1 (26 penjawab).")
    assert texts[start + 1].endswith(line)
    assert start < texts.index("Kesimpulan dan kesepakatan:")


def test_the_moderators_plain_forms_ask_and_close(app, actions, focused):
    forum = focused["forum"]
    actions.login()
    client, code = actions.client, forum["code"]
    r = client.post(f"/m/{code}/agreement/open", data={"csrf_token": csrf_token(client, f"/m/{code}")})
    assert r.status_code == 302
    with app.app_context():
        assert agreement.open_question(get_db(), forum["id"]) is not None
    r = client.post(f"/m/{code}/agreement/open", data={"csrf_token": csrf_token(client, f"/m/{code}")},
                    follow_redirects=True)
    assert "Masih ada pertanyaan yang terbuka" in r.get_data(as_text=True)
    client.post(f"/m/{code}/agreement/close", data={"csrf_token": csrf_token(client, f"/m/{code}")})
    with app.app_context():
        assert agreement.open_question(get_db(), forum["id"]) is None
    assert client.post(f"/m/{code}/agreement/sing", data={"csrf_token": csrf_token(client, f"/m/{code}")}
                       ).status_code == 400
    # someone without the console's rights cannot
    other = Actions(app, app.test_client())
    assert other.client.post(f"/m/{code}/agreement/open").status_code in (302, 400, 403)
