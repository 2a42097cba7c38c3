"""The revised standard's staff pages: the overview of services × components with its
completeness, the edit page of one component (draft, inputs with their decisions, final
text), a save with cited inputs, keeping the draft, refusals in Indonesian that change
nothing, the lock once the record is final, and the cited-in mark on the responses page."""
import hashlib

import pytest

from fkp.forums import forums, lifecycle
from fkp.standards import texts
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.app import Actions, csrf_token


@pytest.fixture
def built(app, actions):
    """full_record's closed forum, and a note-taker of it logged in (who writes the record)."""
    with app.app_context():
        forum, inputs = factories.full_record(get_db())
        services = forums.services(get_db(), forum["id"])
    actions.login("notulis", "notulis-password", role="notulis")
    return forum, inputs, services, actions.client


def fingerprint(app):
    with app.app_context():
        return hashlib.sha256("\n".join(get_db().conn.iterdump()).encode()).hexdigest()


def entry(app, forum, service, code):
    with app.app_context():
        return texts.entry(get_db(), forum["id"], service["id"], code)[1]


def edit_url(forum, service, code):
    return f"/staff/forums/{forum['code']}/standard/{service['id']}/{code}"


def test_the_overview_shows_every_component_of_every_service_and_the_completeness(app, built):
    forum, _inputs, services, client = built
    page = client.get(f"/staff/forums/{forum['code']}/standard").get_data(as_text=True)
    assert "Teks akhir: 0 dari 42 komponen" in page
    assert "Evaluasi kinerja pelaksana" in page and "Penanganan pengaduan, saran, dan masukan" in page
    assert page.count('class="state-not_started"') == 42
    for s in services:
        assert s["name"] in page and f'id="s{s["id"]}-legal_basis"' in page
    assert "Komponen pengelolaan pelayanan (internal)" in page
    # the forum page links to it, after the responses, with the count
    forum_page = client.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    assert forum_page.index("Tanggapan dan tindak lanjut") < forum_page.index("Standar pelayanan hasil FKP")
    assert "teks akhir: 0 dari 42 komponen" in forum_page


def test_the_edit_page_shows_the_draft_the_inputs_with_decisions_and_a_prefilled_text(app, built):
    forum, inputs, services, client = built
    page = client.get(edit_url(forum, services[0], "procedure")).get_data(as_text=True)
    assert "Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik" in page
    info = inputs["approved_info"]["id"]
    assert f'name="inputs" value="{info}"' in page and "Tanggapan untuk approved_info." in page
    assert "Diterima" in page and "Simpan teks akhir" in page
    # no draft for this pair: no "keep" button; the requirements draft fills the textarea
    assert 'name="keep"' not in page
    page = client.get(edit_url(forum, services[0], "requirements")).get_data(as_text=True)
    assert ">\r\nKTP dan surat permohonan</textarea>" in page or ">\nKTP dan surat permohonan</textarea>" in page
    assert 'name="keep"' in page and "Tetap seperti rancangan" in page
    internal = client.get(edit_url(forum, services[0], "legal_basis")).get_data(as_text=True)
    assert "tidak dikonsultasikan dalam forum" in internal
    assert client.get(edit_url(forum, services[0], "colour")).status_code == 404
    assert client.get(f"/staff/forums/{forum['code']}/standard/999999/fee").status_code == 404


def test_a_save_writes_the_text_and_its_inputs_and_lands_on_the_overview(app, built):
    forum, inputs, services, client = built
    url, info = edit_url(forum, services[0], "procedure"), inputs["approved_info"]["id"]
    r = client.post(url, data={"csrf_token": csrf_token(client, url), "text": "Permohonan dapat diajukan daring.",
                               "inputs": [str(info)]})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"#s{services[0]['id']}-procedure")
    saved = entry(app, forum, services[0], "procedure")
    assert (saved["state"], saved["final"], [i["id"] for i in saved["inputs"]]) == (
        "revised", "Permohonan dapat diajukan daring.", [info])
    assert saved["updated_by_name"] == "notulis"
    overview = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Tersimpan: Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik." in overview
    assert "Teks akhir: 1 dari 42 komponen" in overview and "Diubah" in overview
    # the responses page marks where the accepted input is cited, and the others "not yet"
    responses = client.get(f"/staff/forums/{forum['code']}/responses").get_data(as_text=True)
    assert "Dipakai di:" in responses and "Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik" \
        in responses
    assert "Belum dipakai di teks akhir" in responses  # approved_data, hostile
    # the overview lists the accepted inputs not yet used, each with why
    assert f'id="uncited-{info}"' not in overview
    assert f'id="uncited-{inputs["approved_data"]["id"]}"' in overview
    assert "teks akhir komponennya belum ditulis" in overview
    # edited again, the ticks come back as saved
    again = client.get(url).get_data(as_text=True)
    assert f'value="{info}" id="input-{info}" form="standard-text" checked' in again


def test_keep_as_drafted_copies_the_draft(app, built):
    forum, _inputs, services, client = built
    url = edit_url(forum, services[1], "requirements")
    r = client.post(url, data={"csrf_token": csrf_token(client, url), "text": "diabaikan", "keep": "y"})
    assert r.status_code == 302
    saved = entry(app, forum, services[1], "requirements")
    assert (saved["state"], saved["final"]) == ("kept_as_drafted", "KTP dan surat permohonan")
    assert "Tetap seperti rancangan" in client.get(r.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("data,message", [
    ({"text": "  "}, "Tulis teks akhir, atau pertahankan rancangan apa adanya."),
    ({"text": "Baru.", "inputs": ["{data}"]}, "bukan masukan pada layanan ini"),
    ({"text": "Baru.", "inputs": ["abc"]}, "Pilih masukan dari daftar."),
    ({"text": "x" * 8001}, "Paling banyak 8000 karakter."),
])
def test_bad_input_is_refused_in_indonesian_and_changes_nothing(app, built, data, message):
    forum, inputs, services, client = built
    url = edit_url(forum, services[0], "fee")
    data = {k: [v.format(data=inputs["approved_data"]["id"]) for v in value] if isinstance(value, list) else value
            for k, value in data.items()}
    before = fingerprint(app)
    r = client.post(url, data={"csrf_token": csrf_token(client, url), **data})
    assert r.status_code == 400 and message in r.get_data(as_text=True)
    assert fingerprint(app) == before


def test_keeping_a_component_without_a_draft_is_refused(app, built):
    forum, _inputs, services, client = built
    url = edit_url(forum, services[0], "legal_basis")
    r = client.post(url, data={"csrf_token": csrf_token(client, url), "text": "UU 25/2009", "keep": "y"})
    assert r.status_code == 400 and "tidak memiliki rancangan" in r.get_data(as_text=True)


def test_locked_once_final_and_refused_to_staff_of_other_forums(app, built):
    forum, _inputs, services, client = built
    url = edit_url(forum, services[0], "fee")
    token = csrf_token(client, url)
    outsider = app.test_client()
    Actions(app, outsider).login("luar", "luar-password", role="notulis", assign=False)
    assert outsider.get(url).status_code == 403
    assert outsider.get(f"/staff/forums/{forum['code']}/standard").status_code == 403
    assert outsider.post(url, data={"csrf_token": csrf_token(outsider, "/staff/"),
                                    "text": "Gratis."}).status_code == 403
    with app.app_context():
        lifecycle.transition(get_db(), forums.get(get_db(), forum["id"]), "finalise", None, accept_open=True)
    before = fingerprint(app)
    assert client.post(url, data={"csrf_token": token, "text": "Gratis."}).status_code == 403
    assert fingerprint(app) == before
    page = client.get(url).get_data(as_text=True)
    assert "Catatan forum ini sudah final" in page and "Simpan teks akhir" not in page
