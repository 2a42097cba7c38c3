"""Groups of similar inputs on the staff pages: the responses page answers a group with one
save (no JavaScript needed), and the console's JSON and plain form for a group."""
import re
from types import SimpleNamespace

import pytest

from fkp.forums import forums
from fkp.inputs import groups, moderation
from fkp.record import responses
from fkp.serve import demo
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.app import Actions, LiveServer, csrf_token
from tests.helpers.browser import ARTIFACTS, login, watch_errors

SLOW = ["Waktu pelayanan 10 hari kerja terlalu lama, mohon dipercepat",
        "10 hari kerja terlalu lama, mohon dipercepat",
        "Jangka waktu 10 hari kerja terlalu lama <script>alert(1)</script>"]
OTHER = "Petugas loket sangat ramah dan sopan"


@pytest.fixture
def scene(app):
    """A forum with a group of three similar inputs to answer, and beside it: one unlike them,
    one like them but hidden (not answered), one merged into the first (answered through it)."""
    with app.app_context():
        db = get_db()
        forum = factories.forum(db)
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        people = [factories.join(db, forum, f"Warga {i}", "service_user") for i in range(6)]
        slow = [factories.say(db, forum, people[i], service, aspect, t, status="approved" if i else "pending")
                for i, t in enumerate(SLOW)]
        other = factories.say(db, forum, people[3], service, aspect, OTHER)
        hidden = factories.say(db, forum, people[4], service, aspect, SLOW[1], status="hidden")
        merged = factories.say(db, forum, people[5], service, aspect, SLOW[0])
        moderation.merge(db, forum, merged["id"], slow[0]["id"], None)
    return {"forum": forum, "slow": [c["id"] for c in slow], "other": other["id"], "hidden": hidden["id"],
            "merged": merged["id"], "service": service["id"], "aspect": aspect["id"]}


def listed(page):
    return [int(i) for i in re.findall(r'<li class="card response-card" id="c(\d+)"', page)]


def staff(app, role="notulis"):
    actions = Actions(app, app.test_client())
    actions.login(role, f"{role}-password", role=role)
    return actions.client


def test_an_input_of_a_group_links_to_the_group_and_the_group_lists_its_members(app, scene):
    client, code = staff(app), scene["forum"]["code"]
    url = f"/staff/forums/{code}/responses"
    page = client.get(url).get_data(as_text=True)
    link = f'href="{url}?group={scene["slow"][0]}#inputs">3 masukan serupa — jawab sekaligus</a>'
    assert page.count(link) == 3  # on each member's row; not on the input unlike them
    assert re.search(rf'id="c{scene["other"]}".*?</li>', page, re.S).group(0).count("masukan serupa") == 0
    # the group's view: exactly its members to answer (hidden and merged ones are not answered)
    page = client.get(f"{url}?group={scene['slow'][2]}").get_data(as_text=True)  # any member names it
    assert listed(page) == scene["slow"]
    assert "3 masukan serupa, seperti" in page and "jawab sekaligus" not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # ready to answer at once: the panel open, "all on this page" ticked, without any script
    assert re.search(r'<details class="bulk" open', page)
    assert re.search(r'id="bulk-all" name="bulk-all" value="y" checked', page)
    assert page.count('name="bulk-on_page"') == 3
    # the filter form keeps the group when another filter is chosen
    assert f'<input type="hidden" name="group" value="{scene["slow"][2]}">' in page
    assert listed(client.get(f"{url}?group={scene['slow'][0]}&status=pending").get_data(as_text=True)) == [
        scene["slow"][0]]
    # an input merged into one of the group names that group; junk names no group
    assert listed(client.get(f"{url}?group={scene['merged']}").get_data(as_text=True)) == scene["slow"]
    assert len(listed(client.get(f"{url}?group=abc").get_data(as_text=True))) == 4


def test_one_save_answers_the_whole_group(app, scene):
    client, code = staff(app), scene["forum"]["code"]
    url = f"/staff/forums/{code}/responses"
    group = f"?group={scene['slow'][0]}"
    page = client.get(url + group).get_data(as_text=True)
    on_page = re.findall(r'name="bulk-on_page" value="(\d+)"', page)
    r = client.post(f"{url}/bulk{group}", data={
        "bulk-csrf_token": csrf_token(client, "/login"), "bulk-all": "y", "bulk-on_page": on_page,
        "bulk-response": "Akan dipercepat menjadi 5 hari kerja.", "bulk-decision": "accepted",
        "bulk-action": "Revisi standar jangka waktu", "bulk-pic": "Sekretariat"})
    assert r.status_code == 302 and f"group={scene['slow'][0]}" in r.headers["Location"]
    with app.app_context():
        db = get_db()
        saved = {cid: responses.response_of(db, cid) for cid in [*scene["slow"], scene["other"]]}
    assert all(saved[cid]["decision"] == "accepted" and saved[cid]["response"].startswith("Akan dipercepat")
               for cid in scene["slow"])
    assert saved[scene["other"]] is None
    assert "Tersimpan: 3 masukan." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_the_console_json_lists_groups_and_an_inputs_similar_ones(app, scene):
    client, code = staff(app, "moderator"), scene["forum"]["code"]
    body = client.get(f"/m/{code}/groups?service_id={scene['service']}&aspect_id={scene['aspect']}").get_json()
    # the console's groups hold hidden inputs too (a moderator may merge them); merged ones not
    members = [*scene["slow"], scene["hidden"]]
    assert body == {"groups": [{"id": scene["slow"][0], "size": 4, "members": members,
                                "representative": body["groups"][0]["representative"]}]}
    assert body["groups"][0]["representative"]["input_id"] in members
    assert client.get(f"/m/{code}/groups?service_id={scene['service']}").status_code == 400
    similar = client.get(f"/m/{code}/comments/{scene['slow'][1]}/similar").get_json()
    assert similar["id"] == scene["slow"][0] and similar["size"] == 4
    assert [(m["id"], m["status"], m["participant_name"]) for m in similar["members"]] == [
        (scene["slow"][0], "pending", "Warga 0"), (scene["slow"][2], "approved", "Warga 2"),
        (scene["hidden"], "hidden", "Warga 4")]
    assert similar["members"][1]["text"] == SLOW[2]  # JSON: the page puts it in with textContent
    alone = client.get(f"/m/{code}/comments/{scene['other']}/similar").get_json()
    assert alone["members"] == [] and alone["size"] == 1
    assert client.get(f"/m/{code}/comments/999999/similar").status_code == 404


def test_the_console_json_is_for_the_forums_staff_only(app, scene):
    code = scene["forum"]["code"]
    paths = [f"/m/{code}/groups?service_id={scene['service']}&aspect_id={scene['aspect']}",
             f"/m/{code}/comments/{scene['slow'][0]}/similar"]
    anonymous = app.test_client()
    assert all(anonymous.get(p).status_code == 302 for p in paths)  # to the login page
    with app.app_context():
        elsewhere = forums.get_by_code(get_db(), demo.create(get_db()))
    outsider = Actions(app, app.test_client())
    outsider.login("moderator2", "moderator2-password", assign=False)
    with app.app_context():
        from fkp.people import users
        users.assign(get_db(), elsewhere["id"], get_db().execute(
            "SELECT id FROM users WHERE username = 'moderator2'").fetchone()[0])
    assert all(outsider.client.get(p).status_code == 403 for p in paths)
    # an input of another forum is not found through this one
    assert staff(app, "moderator").get(
        f"/m/{elsewhere['code']}/comments/{scene['slow'][0]}/similar").status_code == 404


def test_the_plain_form_merges_a_group_or_nothing(app, scene):
    client, code = staff(app, "moderator"), scene["forum"]["code"]
    slow = scene["slow"]

    def post(ids):
        return client.post(f"/m/{code}/merge-group", data={
            "csrf_token": csrf_token(client, f"/m/{code}"), "into_id": str(slow[0]), "ids": [str(i) for i in ids]})
    r = post([slow[1], 999999])
    assert r.status_code == 302
    assert "Masukan ini tidak ditemukan di forum." in client.get(r.headers["Location"]).get_data(as_text=True)
    grouped = [*slow, scene["hidden"]]
    with app.app_context():
        assert groups.members_with(get_db(), scene["forum"]["id"], slow[0]) == grouped  # nothing merged
    assert post([slow[1], slow[2]]).status_code == 302
    with app.app_context():
        db = get_db()
        assert [db.execute("SELECT merged_into_id FROM comments WHERE id = ?", [i]).fetchone()[0]
                for i in slow[1:]] == [slow[0]] * 2
        assert groups.members_with(db, scene["forum"]["id"], slow[0]) == [slow[0], scene["hidden"]]
    assert post(["abc"]).status_code == 400  # a forged list
    # and undone, one input at a time
    r = client.post(f"/m/{code}/comments/{slow[2]}/unmerge", data={"csrf_token": csrf_token(client, f"/m/{code}")})
    assert r.status_code == 302
    with app.app_context():
        assert groups.members_with(get_db(), scene["forum"]["id"], slow[0]) == [slow[0], slow[2], scene["hidden"]]


@pytest.fixture
def site(tmp_path):
    """A served app (its own process) whose forum has the scene's group of similar inputs."""
    server = LiveServer(tmp_path)

    def fill(db, code):
        forum = forums.get_by_code(db, code)
        service, aspect = forums.services(db, forum["id"])[1], forums.aspects(db, forum["id"])[2]
        people = [factories.join(db, forum, f"Warga {i}", "service_user") for i in range(4)]
        slow = [factories.say(db, forum, people[i], service, aspect, t)["id"] for i, t in enumerate(SLOW)]
        factories.say(db, forum, people[3], service, aspect, OTHER)
        return code, slow
    (code, slow), app = server.seed(fill)
    server.add_notetaker(code, "notulis", "notulis-pass")
    server.start()
    yield SimpleNamespace(url=server.url, code=code, slow=slow, app=app)
    server.stop()


def test_in_a_browser_a_group_is_answered_with_one_save(site, contexts):
    errors = []
    page = contexts(viewport={"width": 1280, "height": 900}).new_page()
    watch_errors(page, errors)
    login(page, site.url, "notulis", "notulis-pass")
    page.goto(f"{site.url}/staff/forums/{site.code}/responses")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "responses-similar-1280.png"), full_page=True)
    page.locator("p.similar a").first.click()
    page.wait_for_url(lambda u: f"group={site.slow[0]}" in u)
    assert page.locator("li.response-card").count() == 3
    page.screenshot(path=str(ARTIFACTS / "responses-group-1280.png"), full_page=True)
    # the script ticks every input's box, as "all on this page" is ticked, and counts them
    page.wait_for_function("() => document.querySelectorAll('input[name=bulk-ids]:checked').length === 3")
    assert page.locator("#bulk-count").text_content() == "Masukan dicentang: 3"
    page.fill("#bulk-response", "Jangka waktu akan ditinjau ulang.")
    page.select_option("#bulk-decision", "already_met")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".flash-success")
    with site.app.app_context():
        saved = [responses.response_of(get_db(), cid) for cid in site.slow]
    assert [(s["response"], s["decision"]) for s in saved] == [("Jangka waktu akan ditinjau ulang.",
                                                                  "already_met")] * 3
    assert errors == []


def moderator(app):
    return staff(app, role="admin")


def test_the_console_lists_a_cells_groups_and_merges_one_by_plain_form(app, scene):
    client, code = moderator(app), scene["forum"]["code"]
    html = client.get(f"/m/{code}?service_id={scene['service']}&aspect_id={scene['aspect']}").get_data(as_text=True)
    panel = html[html.index('id="similar-groups"'):html.index('id="cell-counts-title"')]
    assert panel.count('class="similar-group"') == 1  # the three slow ones and the hidden one; not "other"
    assert "<script>alert" not in panel
    into = int(re.search(r'name="into_id" value="(\d+)"', panel).group(1))
    ids = [int(i) for i in re.findall(r'name="ids" value="(\d+)"', panel)]
    assert sorted([into, *ids]) == sorted([*scene["slow"], scene["hidden"]])
    r = client.post(f"/m/{code}/merge-group?service_id={scene['service']}&aspect_id={scene['aspect']}",
                    data={"csrf_token": csrf_token(client, f"/m/{code}"), "into_id": into, "ids": ids})
    assert r.status_code == 302 and f"service_id={scene['service']}" in r.headers["Location"]
    with app.app_context():
        db = get_db()
        assert {moderation.comments.get(db, i)["merged_into_id"] for i in ids} == {into}
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Belum ada masukan yang menyampaikan hal yang sama di sini." in html


def test_the_console_filters_to_a_group_and_counts_each_cards_similar_inputs(app, scene):
    client, code = moderator(app), scene["forum"]["code"]
    html = client.get(f"/m/{code}?similar={scene['slow'][1]}").get_data(as_text=True)
    shown = {int(i) for i in re.findall(r'<li class="card[^"]*" data-id="(\d+)"', html)}
    assert shown == {*scene["slow"], scene["hidden"]}
    ids = ",".join(str(i) for i in [*scene["slow"], scene["other"], scene["merged"], 999999, "x"])
    counts = client.get(f"/m/{code}/similar-counts?ids={ids}").get_json()["counts"]
    assert set(counts) == {str(i) for i in scene["slow"]} | {str(scene["merged"])}  # merged: its kept one's group
    assert {c["size"] for c in counts.values()} == {4}


def test_without_javascript_a_merge_is_chosen_from_a_page_of_similar_inputs(app, scene):
    client, code = moderator(app), scene["forum"]["code"]
    target = scene["slow"][2]
    html = client.get(f"/m/{code}/comments/{target}/merge?status=approved").get_data(as_text=True)
    choices = [int(i) for i in re.findall(r'type="radio" name="into_id" value="(\d+)"', html)]
    assert sorted(choices) == sorted([scene["slow"][0], scene["slow"][1], scene["hidden"]])
    assert "<script>alert(1)</script>" not in html  # the input's own text, escaped
    r = client.post(re.search(r'<form method="post" action="([^"]+)"', html).group(1).replace("&amp;", "&"),
                    data={"csrf_token": csrf_token(client, f"/m/{code}"), "into_id": choices[0]})
    assert r.status_code == 302 and "status=approved" in r.headers["Location"]
    with app.app_context():
        assert moderation.comments.get(get_db(), target)["merged_into_id"] == choices[0]
    other_forum = client.get(f"/m/{code}/comments/999999/merge")
    assert other_forum.status_code == 404
