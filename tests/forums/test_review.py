"""The yearly review: a new forum starts from a past forum's final standard and follows up
the promises made there."""
import re

from fkp.forums import forums, setup
from fkp.standards import texts
from fkp.store.db import get_db
from tests.helpers import factories

FINAL = "KTP elektronik saja; fotokopi tidak diperlukan."


def _with_standard(db):
    forum, inputs = factories.full_record(db)
    forum = forums.get(db, forum["id"])
    service = forums.services(db, forum["id"])[0]
    texts.save(db, forum, service["id"], "requirements", None, text=FINAL)
    return forums.get(db, forum["id"]), service


def test_the_review_forum_drafts_are_last_years_final_texts(db):
    forum, service = _with_standard(db)
    before = setup.definition(db, forum)
    new = forums.get(db, setup.review(db, forum, None))
    assert new["status"] == "draft" and new["previous_forum_id"] == forum["id"]
    assert new["title"].endswith(forum["title"])
    after = setup.definition(db, new)
    drafts = {s["name"]: s["drafts"] for s in after["services"]}
    assert drafts[service["name"]]["requirements"] == FINAL
    # where no final text was written, the old draft carries over unchanged
    for old in before["services"][1:]:
        assert drafts[old["name"]] == old["drafts"]
    assert after["components"] == before["components"] and after["topics"] == before["topics"]


def test_the_review_forum_page_shows_the_promises_before_it_open_first(app, actions):
    with app.app_context():
        forum, _service = _with_standard(get_db())
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    page = actions.client.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    assert "Mulai peninjauan tahunan dari standar ini" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = actions.client.post(f"/staff/forums/{forum['code']}/review", data={"csrf_token": token})
    assert r.status_code == 302
    with app.app_context():
        new = [f for f in forums.all_forums(get_db()) if f["previous_forum_id"] == forum["id"]][0]
    page = actions.client.get(f"/staff/forums/{new['code']}").get_data(as_text=True)
    assert "Janji forum sebelumnya" in page
    assert page.index("Membuat formulir daring") < page.index("Pendataan bertahap")  # open before done


def test_a_forum_without_a_final_text_offers_no_review(app, actions):
    with app.app_context():
        forum, _inputs = factories.full_record(get_db())
    actions.login("admin", "admin-password", role="admin")
    page = actions.client.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    assert "Mulai peninjauan tahunan dari standar ini" not in page
