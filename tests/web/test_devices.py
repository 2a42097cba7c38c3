"""Joining again from the same browser is the same attendee (issue 15, finding 10): a second
name is not a second allowance of inputs, and someone who mistyped their name does not become
two attendees. API clients, without cookies, stay per token."""
import pytest

from fkp.forums import forums
from fkp.people import privacy
from fkp.serve import demo
from fkp.store import migrations
from fkp.store.db import get_db
from fkp.web import devices
from tests.helpers.app import Actions, csrf_token, make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, LIMIT_INPUT="3 per minute")
    with app.app_context():
        migrations.migrate(get_db())
    return app


@pytest.fixture
def forum(app):
    with app.app_context():
        return forums.get_by_code(get_db(), demo.create(get_db()))


def send(actions, forum, text):
    with actions.app.app_context():
        pair = {"service_id": forums.services(get_db(), forum["id"])[0]["id"],
                "aspect_id": forums.aspects(get_db(), forum["id"])[0]["id"]}
    return actions.submit(forum["code"], text=text, **pair)


def participants_of(app, forum):
    with app.app_context():
        return [tuple(r) for r in get_db().execute(
            "SELECT name, device_hash IS NOT NULL FROM participants WHERE forum_id = ? ORDER BY id",
            [forum["id"]])]


def test_joining_again_under_a_new_name_is_the_same_attendee_and_the_same_limit(app, forum):
    actions = Actions(app, app.test_client())
    assert actions.join(forum["code"], name="Siti").status_code == 302
    cookie = actions.client.get_cookie(devices.COOKIE)
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    for n in range(3):
        assert send(actions, forum, f"Masukan {n}").status_code == 302
    assert send(actions, forum, "Satu lagi").status_code == 429

    # The join page sends a joined browser on to its input page: a second join is posted by hand.
    again = actions.client.post(f"/j/{forum['code']}", data={
        "name": "Nama Lain", "institution": "JPPR NTB", "group": "civil_society", "consent": "y",
        "csrf_token": csrf_token(actions.client, f"/j/{forum['code']}/input")})
    assert again.status_code == 302 and again.headers["Location"].endswith("/input")
    page = actions.client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Anda sudah bergabung" in page and "Siti" in page
    assert send(actions, forum, "Dengan nama lain").status_code == 429  # still the same count
    assert participants_of(app, forum) == [("Siti", 1)]

    # A browser whose session was lost (but not its device cookie) gets the same participant back.
    actions.client.delete_cookie("session")
    assert actions.join(forum["code"], name="Siti Aminah").status_code == 302
    assert send(actions, forum, "Setelah sesi hilang").status_code == 429
    assert participants_of(app, forum) == [("Siti", 1)]

    # Another phone in the same hall is another attendee with its own count.
    other = Actions(app, app.test_client())
    assert other.join(forum["code"], name="Budi").status_code == 302
    assert send(other, forum, "Dari ponsel lain").status_code == 302
    assert participants_of(app, forum) == [("Siti", 1), ("Budi", 1)]


def test_api_clients_join_without_a_device_and_count_per_token(app, forum):
    client = app.test_client()
    joined = [client.post(f"/api/v1/forums/{forum['code']}/participants", json={
        "name": name, "institution": "Partai A", "group": "service_user", "consent": True}) for name in ("A", "B")]
    assert [r.status_code for r in joined] == [201, 201]
    assert client.get_cookie(devices.COOKIE) is None
    assert participants_of(app, forum) == [("A", 0), ("B", 0)]


def test_an_attendee_erased_on_request_leaves_no_device_behind(app, forum):
    """UU PDP: the erased record no longer ties the browser to it; joining again is a new record."""
    actions = Actions(app, app.test_client())
    assert actions.join(forum["code"], name="Siti").status_code == 302
    with app.app_context():
        db = get_db()
        pid = db.execute("SELECT id FROM participants").fetchone()[0]
        privacy.erase_participant(db, forum, pid, None, app.config["DATABASE"])
    actions.client.delete_cookie("session")
    assert actions.join(forum["code"], name="Siti").status_code == 302
    assert participants_of(app, forum) == [(privacy.DELETED_NAME, 0), ("Siti", 1)]
