"""The responses page at scale: filters in the URL that combine and count, pages of 25, save
and next, one answer for many, and a refused form that keeps what was typed."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from fkp.forums import forums, lifecycle
from fkp.record import responses, worklist
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.app import csrf_token


@pytest.fixture
def seeded(app, actions):
    with app.app_context():
        forum, rows = factories.answering_forum(get_db())
    actions.login("notulis", "notulis-password", role="notulis")
    return forum, rows, actions.client


def listed(page):
    """The ids of the inputs a page lists, in order."""
    return [int(i) for i in re.findall(r'<li class="card response-card" id="c(\d+)"', page)]


def shown(rows):
    return [r for r in rows if r["status"] != "hidden"]


def test_filters_combine_count_and_are_a_url(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    total, decided = len(shown(rows)), sum(1 for r in shown(rows) if r["decision"])
    page = client.get(url).get_data(as_text=True)
    assert f"Tanggapan {decided}/{total} diputuskan" in page
    assert f"{total} masukan sesuai filter" in page and "Halaman 1 dari 2" in page
    service = rows[1]["service"]
    want = [r["id"] for r in shown(rows) if r["service"] == service and r["kind"] == "criticism"
            and r["decision"] is None and r["status"] == "approved"]
    page = client.get(f"{url}?service={service}&kind=criticism&decision=none&status=approved").get_data(as_text=True)
    assert sorted(listed(page)) == sorted(want) and want
    assert f"{len(want)} masukan sesuai filter" in page
    assert f'<option selected value="{service}">' in page  # the filter shows what it filters by
    # input from an imported chat has no service yet, and can be listed on its own
    page = client.get(f"{url}?service=none").get_data(as_text=True)
    assert sorted(listed(page)) == [r["id"] for r in rows if r["service"] is None]
    assert "(belum ditentukan)" in page
    # the channel and a pending status, combined
    page = client.get(f"{url}?channel=online&status=pending").get_data(as_text=True)
    assert sorted(listed(page)) == sorted(r["id"] for r in shown(rows)
                                          if r["channel"] == "online" and r["status"] == "pending")
    # a value that is no choice is said beside its filter and read as "all"
    page = client.get(f"{url}?kind=gossip").get_data(as_text=True)
    assert "Pilih salah satu nilai yang tersedia." in page and f"{total} masukan sesuai filter" in page


def test_pages_of_25_that_do_not_grow_with_the_forum(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    with app.app_context():
        order = worklist.ids(get_db(), forum["id"])
    first = client.get(url).get_data(as_text=True)
    assert listed(first) == order[:25]
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert listed(second) == order[25:] and 'aria-current="page"' in second
    assert listed(client.get(f"{url}?page=99").get_data(as_text=True)) == order[25:]  # the last there is
    assert listed(client.get(f"{url}?page=x").get_data(as_text=True)) == order[:25]
    assert f'href="{url}?page=2#inputs"' in first and first.count('name="bulk-ids"') == 25
    # each input's form is a fieldset named by its input, its "save and next" keyed to Ctrl+Enter
    assert first.count("<legend>Tanggapan atas masukan #") == 25
    assert first.count('aria-keyshortcuts="Control+Enter">Simpan dan berikutnya</button>') == 25


def post_answer(client, url, cid, query="", **fields):
    data = {f"r{cid}-csrf_token": csrf_token(client, "/login")}
    data.update({f"r{cid}-{k}": v for k, v in fields.items() if k != "next"})
    if fields.get("next"):
        data["next"] = "1"
    return client.post(f"{url}/{cid}{query}", data=data)


def test_save_and_next_lands_on_the_next_input_of_the_same_filter(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    query = "?decision=none&kind=suggestion"
    with app.app_context():
        todo = worklist.ids(get_db(), forum["id"], {"decision": "none", "kind": "suggestion"})
    r = post_answer(client, url, todo[0], query, response="Akan dikaji.", decision="accepted",
                    pic="Subbag Teknis", next=True)
    assert r.status_code == 302
    where = urlsplit(r.headers["Location"])
    assert where.fragment == f"c{todo[1]}"
    assert parse_qs(where.query) == {"decision": ["none"], "kind": ["suggestion"], "page": ["1"]}
    page = client.get(f"{where.path}?{where.query}").get_data(as_text=True)
    assert "Tersimpan: masukan #%d." % todo[0] in page
    assert todo[0] not in listed(page)  # decided now, so no longer listed by this filter
    # a plain save of an input the filter still lists goes back to it
    r = post_answer(client, url, todo[1], "?kind=suggestion", response="Ya.", decision="already_met")
    assert r.headers["Location"].endswith(f"#c{todo[1]}") and "kind=suggestion" in r.headers["Location"]
    # the last input of page 1 goes on to the first of page 2
    with app.app_context():
        order = worklist.ids(get_db(), forum["id"])
    r = post_answer(client, url, order[24], "?page=1", response="Ya.", decision="already_met", next=True)
    assert r.headers["Location"].endswith(f"page=2#c{order[25]}")
    # the very last says so and stays
    r = post_answer(client, url, order[-1], "?page=2", response="Ya.", decision="already_met", next=True)
    assert r.headers["Location"].endswith(f"#c{order[-1]}")
    assert "Itu masukan terakhir dalam daftar ini." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_a_refused_save_keeps_the_text_and_says_why_beside_the_field(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    cid = next(r["id"] for r in shown(rows) if r["decision"] is None)
    r = post_answer(client, url, cid, "?page=1", response="Tidak dapat kami terima karena anggaran.",
                    decision="not_accepted", pic="Sekretariat")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Tidak dapat kami terima karena anggaran.</textarea>" in page  # what was typed is kept
    error = re.search(rf'<p class="error" id="r{cid}-reason-error">([^<]+)</p>', page)
    assert error and error.group(1) == "Tuliskan alasan masukan tidak diterima."
    assert re.search(rf'aria-describedby="r{cid}-reason-error" aria-invalid="true"[^>]*id="r{cid}-reason"', page) \
        or re.search(rf'id="r{cid}-reason"[^>]*aria-describedby="r{cid}-reason-error"', page)
    assert 'id="error-summary"' in page and f'href="#r{cid}-reason"' in page
    with app.app_context():
        assert responses.response_of(get_db(), cid) is None
    # a form error (too long) is kept the same way
    r = post_answer(client, url, cid, response="Dijawab.", decision="accepted", pic="p" * 201)
    assert r.status_code == 400 and "Paling banyak 200 karakter." in r.get_data(as_text=True)
    assert "Dijawab.</textarea>" in r.get_data(as_text=True)


def bulk(client, url, query="", ids=(), all_on_page=None, **fields):
    data = {"bulk-csrf_token": csrf_token(client, "/login"), "bulk-ids": [str(i) for i in ids]}
    data.update({f"bulk-{k}": v for k, v in fields.items()})
    if all_on_page:
        data["bulk-all"], data["bulk-on_page"] = "y", [str(i) for i in all_on_page]
    return client.post(f"{url}/bulk{query}", data=data)


def test_one_answer_for_many_inputs_in_one_go(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    praise = [r["id"] for r in shown(rows) if r["kind"] == "appreciation" and r["decision"] is None]
    with app.app_context():
        entries = get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'response.save'").fetchone()[0]
    r = bulk(client, url, "?kind=appreciation", ids=praise, response="Terima kasih atas apresiasinya.",
             decision="already_met")
    assert r.status_code == 302 and "kind=appreciation" in r.headers["Location"]
    with app.app_context():
        db = get_db()
        saved = [responses.response_of(db, i) for i in praise]
        assert {(s["response"], s["decision"]) for s in saved} == {("Terima kasih atas apresiasinya.", "already_met")}
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'response.save'").fetchone()[0] \
            == entries + len(praise)
    assert f"Tersimpan: {len(praise)} masukan." in client.get(r.headers["Location"]).get_data(as_text=True)
    # "all on this page", without a script ticking the boxes
    with app.app_context():
        page_ids = worklist.ids(get_db(), forum["id"], {"kind": "question"})[:25]
    r = bulk(client, url, "?kind=question", all_on_page=page_ids, decision="accepted", pic="Divisi Data")
    assert r.status_code == 302
    with app.app_context():
        assert {responses.response_of(get_db(), i)["pic"] for i in page_ids} == {"Divisi Data"}


def test_a_refused_bulk_answer_saves_nothing_and_keeps_the_text(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    ids = [r["id"] for r in shown(rows) if r["kind"] == "criticism"][:6]
    with app.app_context():
        before = [responses.response_of(get_db(), i) for i in ids]
    r = bulk(client, url, "?kind=criticism", ids=ids, response="Belum dapat dipenuhi tahun ini.",
             decision="not_accepted")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Belum dapat dipenuhi tahun ini.</textarea>" in page
    assert re.search(r'<p class="error" id="bulk-reason-error">Masukan #\d+: Tuliskan alasan masukan tidak diterima.',
                     page)
    assert all(re.search(rf'name="bulk-ids" value="{i}" form="bulk" checked', page) for i in ids if i in listed(page))
    with app.app_context():
        assert [responses.response_of(get_db(), i) for i in ids] == before
    # nothing ticked, and nothing to give
    r = bulk(client, url, response="Ya.", decision="accepted")
    assert r.status_code == 400
    assert 'id="bulk-ids-error">Pilih masukan yang akan ditanggapi.' in r.get_data(as_text=True)
    r = bulk(client, url, ids=ids)
    assert r.status_code == 400 and "Tuliskan tanggapan atau pilih keputusan" in r.get_data(as_text=True)


def test_the_page_is_read_only_once_final(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    with app.app_context():
        lifecycle.transition(get_db(), forums.get(get_db(), forum["id"]), "finalise", None, accept_open=True)
    page = client.get(url).get_data(as_text=True)
    assert 'class="response-form' not in page and 'id="bulk"' not in page and "bulk-ids" not in page
    cid = shown(rows)[0]["id"]
    with app.app_context():
        before = responses.response_of(get_db(), cid)
    assert post_answer(client, url, cid, response="Ya.", decision="accepted").status_code == 403
    assert bulk(client, url, ids=[cid], decision="accepted").status_code == 403
    with app.app_context():
        assert responses.response_of(get_db(), cid) == before


def test_a_refused_input_is_shown_even_when_the_filter_does_not_list_it(app, seeded):
    forum, rows, client = seeded
    url = f"/staff/forums/{forum['code']}/responses"
    decided = next(r["id"] for r in shown(rows) if r["decision"])
    r = post_answer(client, url, decided, "?decision=none", response="Diubah menjadi tidak diterima.",
                    decision="not_accepted")
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and listed(page)[0] == decided
    assert "Diubah menjadi tidak diterima.</textarea>" in page and f'id="r{decided}-reason-error"' in page
    with app.app_context():
        assert responses.response_of(get_db(), decided)["decision"] == "already_met"
