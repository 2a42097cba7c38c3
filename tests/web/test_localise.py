"""Dates, times and numbers on pages in the reader's language, and a forum's times in its
own time zone (issue 7): "Kamis, 4 September 2025", "13.30 WITA"."""
import re

from fkp.forums import forums
from fkp.store.db import get_db
from fkp.web import localise
from tests.helpers import factories


def english(client):
    client.set_cookie("lang", "en")


def test_the_join_page_gives_the_forums_day_and_hours_in_its_zone(client, forum):
    page = client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert "Kamis, 4 September 2025 · 09.00 WITA" in page  # the demo: Mataram, NTB
    english(client)
    page = client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert re.search(r"Thursday, September 4, 2025 · 9:00\sAM WITA", page)


def test_staff_see_input_and_audit_times_in_the_forums_zone(app, actions, forum):
    with app.app_context():
        db = get_db()
        factories.say(db, forum, factories.join(db, forum, "Rina", "media"),
                      forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0],
                      "Jam layanan PPID diperpanjang.", status="pending")
        with get_db().atomic():
            get_db().execute("UPDATE comments SET created_utc = '2025-09-04T05:30:00+00:00'")
            get_db().execute("UPDATE forums SET end_time = '12.00'")
            get_db().execute("INSERT INTO audit_log (forum_id, action, created_utc) "
                             "VALUES (?, 'forum.test', '2025-09-04T01:02:03+00:00')", [forum["id"]])
    actions.login(role="admin", username="admin", password="admin-password")
    code = forum["code"]
    for console in (f"/m/{code}", f"/n/{code}"):
        assert "<time class=\"at\" datetime=\"2025-09-04T05:30:00+00:00\">13.30 WITA</time>" in \
            actions.client.get(console).get_data(as_text=True), console
    staff = actions.client.get(f"/staff/forums/{code}").get_data(as_text=True)
    assert "Kamis, 4 September 2025, 09.00–12.00 WITA" in staff
    assert "4 Sep 2025 09.02.03 WITA" in staff  # the audit entry
    english(actions.client)
    assert re.search(r">1:30\sPM WITA</time>", actions.client.get(f"/m/{code}").get_data(as_text=True))
    staff = actions.client.get(f"/staff/forums/{code}").get_data(as_text=True)
    assert re.search(r"Thursday, September 4, 2025, 9:00\sAM–12:00\sPM WITA", staff)


def test_numbers_follow_the_language(app):
    for lang, shown in (("id", "12.345"), ("en", "12,345")):
        with app.test_request_context(headers={"Cookie": f"lang={lang}"}):
            assert localise.number(12345) == shown


def test_a_forum_page_in_another_zone(app, client, forum):
    with app.app_context():
        with get_db().atomic():
            get_db().execute("UPDATE forums SET time_zone = 'WIT', start_time = '08.30'")
    assert "Kamis, 4 September 2025 · 08.30 WIT" in client.get(f"/j/{forum['code']}").get_data(as_text=True)
