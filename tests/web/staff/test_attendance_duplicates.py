"""Merging and removing duplicate attendees on the staff attendance page."""
import pytest

from fkp.forums import lifecycle
from fkp.inputs import chat_import
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import csrf_token
from tests.helpers.zoom import HOST, ZOOM_CHAT


@pytest.fixture
def moderator(actions, forum):
    assert actions.login().status_code == 302
    return actions.client


@pytest.fixture
def people(app, forum):
    """Anas on a phone; the chat (hosts and names not confirmed) added him again, and the host;
    a test join without input."""
    with app.app_context():
        db = get_db()
        anas, _ = participants.join(db, forum, name="Anas Burhan", institution="PKB", group="service_user",
                                    consent=True)
        chat_import.import_chat(db, forum, ZOOM_CHAT, None, separate=["Anas Burhan (PKB)"])
        test, _ = participants.join(db, forum, name="Tes", institution="Panitia", group="media", consent=True)
        ids = {r["name"]: r["id"] for r in db.query("SELECT id, name FROM participants")}
    return {"anas": anas["id"], "copy": ids["Anas Burhan (PKB)"], "host": ids[HOST], "test": test["id"]}


def page(forum):
    return f"/staff/forums/{forum['code']}/attendance"


def test_the_list_offers_merge_and_removes_only_a_record_without_input(app, moderator, forum, people):
    html = moderator.get(page(forum)).get_data(as_text=True)
    assert html.count('class="merge-participant"') == 6
    assert html.count('class="remove-participant"') == 2  # Anas on the phone, and the test join
    assert f'action="/staff/forums/{forum["code"]}/attendance/{people["test"]}/remove"' in html
    assert f'/attendance/{people["host"]}/remove"' not in html  # the host's message is input

    response = moderator.post(f"{page(forum)}/{people['test']}/remove",
                              data={"csrf_token": csrf_token(moderator, page(forum))})
    assert response.status_code == 302
    with app.app_context():
        assert participants.get(get_db(), people["test"]) is None
        assert participants.group_counts(get_db(), forum["id"])["media"] == 0
    assert "dihapus dari daftar hadir" in moderator.get(page(forum)).get_data(as_text=True)


def test_merge_offers_the_likely_one_first_and_moves_the_inputs(app, moderator, forum, people):
    url = f"{page(forum)}/{people['copy']}/merge"
    html = moderator.get(url).get_data(as_text=True)
    assert '<optgroup label="Kemungkinan orang yang sama">' in html
    assert html.index(f'value="{people["anas"]}"') < html.index("Peserta lainnya")

    response = moderator.post(url, data={"csrf_token": csrf_token(moderator, url), "into": people["anas"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#p{people['anas']}")
    with app.app_context():
        db = get_db()
        assert participants.get(db, people["copy"]) is None
        assert participants.input_count(db, people["anas"]) == 1
    assert "Digabungkan: 1 masukan dipindahkan ke Anas Burhan." in moderator.get(page(forum)).get_data(as_text=True)


def test_a_refused_merge_says_why_beside_the_field(app, moderator, forum, people):
    url = f"{page(forum)}/{people['copy']}/merge"
    token = csrf_token(moderator, url)
    response = moderator.post(url, data={"csrf_token": token, "into": ""})
    assert response.status_code == 400 and 'id="into-error"' in response.get_data(as_text=True)
    with app.app_context():
        db = get_db()
        lifecycle.transition(db, forum, "close", None)
        lifecycle.transition(db, {**forum, "status": "closed"}, "finalise", None, accept_open=True)
    response = moderator.post(url, data={"csrf_token": token, "into": people["anas"]})
    assert response.status_code == 403  # staff may no longer edit the list of a final record
    with app.app_context():
        assert participants.get(get_db(), people["copy"]) is not None


def test_a_post_without_csrf_changes_nothing(app, moderator, forum, people):
    assert moderator.post(f"{page(forum)}/{people['test']}/remove").status_code == 400
    assert moderator.post(f"{page(forum)}/{people['copy']}/merge", data={"into": people["anas"]}).status_code == 400
    with app.app_context():
        assert participants.get(get_db(), people["test"]) is not None
        assert participants.get(get_db(), people["copy"]) is not None
