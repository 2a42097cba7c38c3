"""Issue 14, the attendee's phone and the note-taker at a big table, as the server answers:
a long input refused with its count and kept, the words after sending, the service and aspect
on every card, the decisions after publication, and the note-taker's links by role."""
import json
import re

import pytest

from fkp.forums import forums, lifecycle
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.record import responses
from fkp.store.db import get_db
from tests.helpers.app import Actions


def first_pair(app, forum):
    with app.app_context():
        db = get_db()
        return forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]


def send(actions, forum, text):
    service, aspect = first_pair(actions.app, forum)
    return actions.submit(forum["code"], service_id=str(service["id"]), aspect_id=str(aspect["id"]), text=text)


def test_a_long_paste_is_refused_with_its_count_and_kept(client, actions, forum):
    actions.join(forum["code"])
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    textarea = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in textarea  # a browser would cut a paste silently
    pasted = "Jam layanan diperpanjang. " * 47 + "Cukup sampai di sini ya."  # 1,246 characters
    r = send(actions, forum, pasted)
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert f"Masukan Anda {len(pasted.strip()):,} karakter; paling banyak 1.000. Persingkat dulu.".replace(
        ",", ".") in html
    assert pasted.strip() in html  # nothing lost, nothing cut
    with client.application.app_context():
        assert comments.for_moderator(get_db(), forum["id"]) == []


def test_line_breaks_count_once_as_the_phone_counts_them(client, actions, forum):
    """A form posts a line break as two characters; the phone's counter and the domain count
    one. 990 characters in 10 lines fit, without JavaScript too."""
    actions.join(forum["code"])
    text = "\r\n".join(["x" * 99] * 10) + "y"  # 990 + 9 line breaks + 1 = 1000 counted, 1009 as posted
    r = send(actions, forum, text)
    assert r.status_code == 302, re.findall(r"<p class=\"error\"[^>]*>[^<]*", r.get_data(as_text=True))


def test_the_api_refuses_a_long_input_with_its_count(client, forum, api_participant):
    service, aspect = first_pair(client.application, forum)
    r = client.post(f"/api/v1/forums/{forum['code']}/comments",
                    headers={"Authorization": f"Bearer {api_participant[1]}"},
                    json={"service_id": service["id"], "aspect_id": aspect["id"], "kind": "suggestion",
                          "text": "x" * 1240, "client_id": "long"})
    assert r.status_code == 400
    assert r.get_json() == {"error": "Masukan Anda 1.240 karakter; paling banyak 1.000. Persingkat dulu."}


@pytest.mark.parametrize("lang, said, not_said", [
    ("id", "Terkirim, menunggu moderator.", "diterima"),
    ("en", "Sent, waiting for the moderator.", "received"),
])
def test_after_sending_the_phone_says_sent_not_accepted(client, actions, forum, lang, said, not_said):
    client.set_cookie("lang", lang)
    actions.join(forum["code"])
    r = send(actions, forum, "Loket disabilitas di lantai satu.")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    flashes = re.search(r'<div class="flashes".*?</div>', page, re.DOTALL).group(0)
    assert said in flashes and not_said not in flashes
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>',
                                page, re.DOTALL).group(1))
    assert data["text"]["sent"] == said  # the page's script says the same


def test_shown_cards_on_the_phone_say_their_service_and_aspect(app, client, actions, forum):
    service, aspect = first_pair(app, forum)
    with app.app_context():
        db = get_db()
        author = participants.join(db, forum, name="Rina", institution="JPPR", group="civil_society",
                                   consent=True)[0]
        c, _ = comments.submit(db, forum, author, service_id=service["id"], aspect_id=aspect["id"],
                               kind="suggestion", text="Ruang tunggu ber-AC.", client_id="shown")
        moderation.approve(db, forum, c["id"], None)
    actions.join(forum["code"])
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    shown = re.search(r'<ol class="cards" id="shown".*?</ol>', page, re.DOTALL).group(0)
    assert (f'<span class="aspect"><span class="service-name">{service["name"]}</span> — '
            f'<span class="aspect-name">{aspect["label"]}</span></span>') in shown
    template = re.search(r'<template id="shown-template">.*?</template>', page, re.DOTALL).group(0)
    assert 'class="aspect"' in template  # cards that arrive live get it too (common.js)


def test_the_whole_chosen_name_is_written_under_each_select(app, client, actions, forum):
    long_name = ("Layanan Penggantian Antarwaktu Anggota Dewan Perwakilan Rakyat Daerah "
                 "Kabupaten dan Kota serta Pengisian Jabatan yang Lowong")
    service, _aspect = first_pair(app, forum)
    with app.app_context():
        get_db().execute("UPDATE services SET name = ? WHERE id = ?", [long_name, service["id"]])
        get_db().conn.commit()
    actions.join(forum["code"])
    page = client.get(f"/j/{forum['code']}/input?service_id={service['id']}").get_data(as_text=True)
    assert f'<p class="chosen" id="service_id-chosen" aria-hidden="true">{long_name}</p>' in page


def publish(app, forum):
    with app.app_context():
        db = get_db()
        for action in ("close", "finalise", "publish"):
            lifecycle.transition(db, forums.get(db, forum["id"]), action, None, accept_open=True)


def test_after_publication_the_phone_links_the_results_and_shows_own_decisions(app, client, actions, forum):
    service, aspect = first_pair(app, forum)
    actions.join(forum["code"], name="Siti")
    for text in ("Tambah loket prioritas.", "Perpanjang jam layanan.", "Masukan yang tidak dijawab."):
        assert send(actions, forum, text).status_code == 302
    with app.app_context():
        db = get_db()
        mine = {c["text"]: c for c in comments.for_moderator(db, forum["id"])}
        other = participants.join(db, forum, name="Budi", institution="X", group="media", consent=True)[0]
        theirs, _ = comments.submit(db, forum, other, service_id=service["id"], aspect_id=aspect["id"],
                                    kind="suggestion", text="Bukan milik Siti.", client_id="b1")
        responses.save_response(db, forum, mine["Tambah loket prioritas."]["id"], None,
                                response="Loket prioritas dibuka Januari.", decision="accepted")
        responses.save_response(db, forum, mine["Perpanjang jam layanan."]["id"], None,
                                response="Jam layanan sudah sampai pukul 16.00.", decision="already_met",
                                reason="Sesuai SK Ketua.")
        responses.save_response(db, forum, theirs["id"], None, response="Jawaban untuk Budi.",
                                decision="not_accepted", reason="Rahasia Budi.")
    before = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert re.search(r'id="results-link" hidden', before)
    assert "Loket prioritas dibuka Januari." not in before  # nothing before it is published

    publish(app, forum)
    page = client.get(f"/j/{forum['code']}/input").get_data(as_text=True)
    assert re.search(r'id="results-link">', page)
    assert f'href="/r/{forum["code"]}"' in page
    assert client.get(f"/r/{forum['code']}").status_code == 200
    # someone who scans the QR code only now finds the results from the join page too
    assert f'href="/r/{forum["code"]}"' in app.test_client().get(f"/j/{forum['code']}").get_data(as_text=True)
    mine_list = re.search(r'<ol class="cards" id="mine">.*?</ol>', page, re.DOTALL).group(0)
    card = re.search(r'<li[^>]*>(?:(?!</li>).)*Tambah loket prioritas.*?</li>', mine_list, re.DOTALL).group(0)
    assert "Keputusan:</strong> Diterima" in card and "Loket prioritas dibuka Januari." in card
    card = re.search(r'<li[^>]*>(?:(?!</li>).)*Perpanjang jam layanan.*?</li>', mine_list, re.DOTALL).group(0)
    assert "Sesuai SK Ketua." in card and "Jam layanan sudah sampai pukul 16.00." in card
    card = re.search(r'<li[^>]*>(?:(?!</li>).)*Masukan yang tidak dijawab.*?</li>', mine_list, re.DOTALL).group(0)
    assert "Belum diputuskan" in card
    assert "Jawaban untuk Budi." not in page and "Rahasia Budi." not in page  # only one's own


def test_a_merged_duplicate_shows_the_decision_of_the_input_it_was_merged_into(app, forum):
    service, aspect = first_pair(app, forum)
    with app.app_context():
        db = get_db()
        a = participants.join(db, forum, name="A", institution="X", group="media", consent=True)[0]
        b = participants.join(db, forum, name="B", institution="Y", group="media", consent=True)[0]
        kept, _ = comments.submit(db, forum, a, service_id=service["id"], aspect_id=aspect["id"],
                                  kind="suggestion", text="Antrean daring.", client_id="k")
        dup, _ = comments.submit(db, forum, b, service_id=service["id"], aspect_id=aspect["id"],
                                 kind="suggestion", text="Antrean online.", client_id="d")
        moderation.merge(db, forum, dup["id"], kept["id"], None)
        responses.save_response(db, forum, kept["id"], None, response="Disiapkan.", decision="accepted")
        assert responses.for_giver(db, forum["id"], b["id"])[dup["id"]]["response"] == "Disiapkan."


# --- The note-taker's console: every link shown is one the role may follow.

@pytest.mark.parametrize("role", ["notulis", "moderator", "admin"])
@pytest.mark.parametrize("status", ["open", "closed", "published"])
def test_the_console_shows_only_links_the_role_may_follow(app, forum, role, status):
    client = app.test_client()
    Actions(app, client).login(username=f"u-{role}", password="a-good-password-1", role=role)
    if status != "open":
        with app.app_context():
            db = get_db()
            for action in ("close", "finalise", "publish")[: 1 if status == "closed" else 3]:
                lifecycle.transition(db, forums.get(db, forum["id"]), action, None, accept_open=True)
    page = client.get(f"/n/{forum['code']}")
    assert page.status_code == 200
    links = set(re.findall(r'<a href="(/[^"#]*)"', page.get_data(as_text=True)))
    assert links, "no link found"
    refused = [link for link in links if client.get(link).status_code in (401, 403)]
    assert refused == []
    if role == "notulis":
        assert f"/m/{forum['code']}" not in links  # the moderator console is not theirs
