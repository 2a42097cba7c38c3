"""Smaller findings of issue 15 (item 10): a final record takes no more support, nobody joins
as the organiser's own staff, and what staff are sent stays out of caches."""
from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import csrf_token


def test_a_finalised_or_published_forum_takes_no_more_support(app, client, forum, api_participant):
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        giver, _ = participants.join(db, forum, name="Siti", institution="JPPR", group="media", consent=True)
        c, _ = comments.submit(db, forum, giver, service_id=service["id"], aspect_id=aspect["id"],
                               kind="suggestion", text="Percepat.", client_id="s1")
        moderation.approve(db, forum, c["id"], None)
    auth = {"Authorization": f"Bearer {api_participant[1]}"}
    url = f"/api/v1/forums/{forum['code']}/comments/{c['id']}/supports"
    for status in ("finalised", "published"):
        with app.app_context():
            get_db().execute("UPDATE forums SET status = ? WHERE id = ?", [status, forum["id"]])
            get_db().conn.commit()
        r = client.post(url, headers=auth)
        assert r.status_code == 409 and r.get_json()["error"], (status, r.get_json())
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM supports").fetchone()[0] == 0
        assert comments.get(get_db(), c["id"])["support_count"] == 0


def test_nobody_joins_as_the_organisers_staff_but_staff_can_check_one_in(app, client, forum, actions):
    r = client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": "Penyusup", "institution": "KPU", "group": "staff", "consent": True})
    assert r.status_code == 400 and r.get_json()["error"] == "Pilih salah satu unsur yang tersedia."
    page = client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert 'value="staff"' not in page  # not offered …
    token = csrf_token(client, f"/j/{forum['code']}")
    r = client.post(f"/j/{forum['code']}", data={"name": "Penyusup", "institution": "KPU", "group": "staff",
                                                 "consent": "y", "csrf_token": token})
    assert r.status_code == 400 and "Pilih salah satu unsur yang tersedia." in r.get_data(as_text=True)  # … nor taken
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM participants WHERE group_code = 'staff'").fetchone()[0] == 0
    actions.login("admin", "admin-password", role="admin")
    html = actions.client.get(f"/n/{forum['code']}").get_data(as_text=True)
    assert 'value="staff"' in html  # the note-taker's check-in still records the organiser's staff
    r = actions.client.post(f"/n/{forum['code']}/check-in", data={
        "name": "Nina Staf", "institution": "KPU Kota Mataram", "group": "staff", "consent": "y",
        "csrf_token": csrf_token(actions.client, f"/n/{forum['code']}")})
    assert r.status_code == 302
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM participants WHERE group_code = 'staff'").fetchone()[0] == 1


def test_what_staff_are_sent_is_never_cached_and_static_files_still_are(app, client, forum, actions):
    actions.login("admin", "admin-password", role="admin")
    for path in ("/staff/", f"/staff/forums/{forum['code']}/attendance", f"/m/{forum['code']}",
                 f"/m/{forum['code']}/changes?since=0"):
        assert actions.client.get(path).headers.get("Cache-Control") == "no-store", path
    css = next(line for line in actions.client.get("/staff/").get_data(as_text=True).splitlines()
               if "stylesheet" in line).split('href="')[1].split('"')[0]
    assert "max-age" in actions.client.get(css).headers["Cache-Control"]
