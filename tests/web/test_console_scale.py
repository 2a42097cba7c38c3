"""The moderator console with many inputs: one page at a time, filters kept, bulk actions."""
import re

from fkp.forums import forums
from fkp.inputs import comments, queue
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import csrf_token


def fill(app, forum, n, start=0):
    """n pending inputs from ten attendees over two services and two aspects."""
    with app.app_context():
        db = get_db()
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        people = [participants.join(db, forum, name=f"Peserta {start + i}", institution="Lembaga",
                                    group="media" if i % 2 else "civil_society", consent=True)[0]
                  for i in range(10)]
        for i in range(start, start + n):
            comments.submit(db, forum, people[i % 10], service_id=services[i % 2]["id"],
                            aspect_id=aspects[(i // 2) % 2]["id"], kind="suggestion",
                            text=f"Masukan nomor {i} tentang antrean", client_id=f"k{i}")
        return services, aspects


def cards(html):
    return re.findall(r'<li class="card[^"]*" data-id="(\d+)"', html)


def test_the_page_holds_one_page_of_input_however_many_there_are(app, actions, forum):
    fill(app, forum, 60)
    actions.login()
    small = actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)
    fill(app, forum, 900, start=60)
    big = actions.client.get(f"/m/{forum['code']}").get_data(as_text=True)
    assert len(cards(small)) == len(cards(big)) == queue.PAGE
    assert abs(len(big) - len(small)) < 0.05 * len(small), (len(small), len(big))
    assert 'id="total-count">960<' in big
    older = re.search(r'id="older-link" href="([^"]+)"', big).group(1).replace("&amp;", "&")
    assert f"before={cards(big)[-1]}" in older
    second = actions.client.get(older).get_data(as_text=True)
    assert cards(second)[0] == str(int(cards(big)[-1]) - 1)


def test_the_older_input_button_reads_the_next_page_as_json(app, actions, forum):
    services, _ = fill(app, forum, 130)
    actions.login()
    first = actions.client.get(f"/m/{forum['code']}/inputs?service_id={services[0]['id']}").get_json()
    assert len(first["items"]) == queue.PAGE and first["more"]
    assert {c["service_id"] for c in first["items"]} == {services[0]["id"]}
    last = first["items"][-1]["id"]
    second = actions.client.get(f"/m/{forum['code']}/inputs?service_id={services[0]['id']}&before={last}").get_json()
    assert second["items"][0]["id"] < last and not second["more"]  # 65 of that service: 50 + 15
    assert len(second["items"]) == 15


def test_filters_search_and_the_view_survive_a_plain_button(app, actions, forum):
    services, aspects = fill(app, forum, 20)
    actions.login()
    query = f"service_id={services[1]['id']}&q=nomor+1&view=compact"
    html = actions.client.get(f"/m/{forum['code']}?{query}").get_data(as_text=True)
    assert 'class="cards mod-list compact"' in html
    assert len(cards(html)) == 6  # "nomor 1", 11, 13, 15, 17, 19: the odd ones are service 1
    target = cards(html)[0]
    r = actions.client.post(f"/m/{forum['code']}/comments/{target}/approve?{query}",
                            data={"csrf_token": csrf_token(actions.client, f"/m/{forum['code']}")})
    assert r.status_code == 302
    assert r.headers["Location"].startswith(f"/m/{forum['code']}?")
    for part in (f"service_id={services[1]['id']}", "q=nomor+1", "view=compact"):
        assert part in r.headers["Location"]


def test_bulk_approve_by_plain_form_and_a_refusal_changes_nothing(app, actions, forum):
    fill(app, forum, 6)
    actions.login()
    with app.app_context():
        ids = [c["id"] for c in comments.for_moderator(get_db(), forum["id"])]
    token = csrf_token(actions.client, f"/m/{forum['code']}")
    r = actions.client.post(f"/m/{forum['code']}/bulk?status=pending",
                            data={"csrf_token": token, "action": "approve", "ids": [str(i) for i in ids[:3]]})
    assert r.status_code == 302 and "status=pending" in r.headers["Location"]
    with app.app_context():
        statuses = {c["id"]: c["status"] for c in comments.for_moderator(get_db(), forum["id"])}
    assert [statuses[i] for i in ids] == ["approved"] * 3 + ["pending"] * 3
    r = actions.client.post(f"/m/{forum['code']}/bulk", follow_redirects=True,
                            data={"csrf_token": token, "action": "hide", "ids": [str(ids[3]), "999999"]})
    assert "#999999" in r.get_data(as_text=True)
    with app.app_context():
        assert comments.get(get_db(), ids[3])["status"] == "pending"  # all or nothing
    r = actions.client.post(f"/m/{forum['code']}/bulk", data={"csrf_token": token, "action": "delete",
                                                              "ids": [str(ids[4])]})
    assert r.status_code == 400
    r = actions.client.post(f"/m/{forum['code']}/bulk", follow_redirects=True,
                            data={"csrf_token": token, "action": "hide"})
    assert "Pilih paling sedikit satu masukan." in r.get_data(as_text=True)


def test_only_the_display_may_be_framed_and_only_by_this_server(actions, forum):
    actions.login()
    console = actions.client.get(f"/m/{forum['code']}")
    assert "frame-ancestors 'none'" in console.headers["Content-Security-Policy"]
    assert f'<iframe data-src="/d/{forum["code"]}"' in console.get_data(as_text=True)
    display = actions.client.get(f"/d/{forum['code']}")
    assert "frame-ancestors 'self'" in display.headers["Content-Security-Policy"]
    assert "script-src 'self';" in display.headers["Content-Security-Policy"]
