"""The projector's page holds the first few dozen inputs of the focus and of the rest, however
many thousand were approved; after a focus change it asks for the new topic's cards."""
import re

from fkp.forums import display, forums
from fkp.store.db import get_db
from tests.helpers import factories


def test_the_display_holds_a_few_dozen_cards_and_serves_the_focus_on_request(app, client):
    with app.app_context():
        db = get_db()
        forum = factories.forum(db)
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        who = factories.join(db, forum, "Warga", "media")
        for n in range(display.FEED_CARDS + 15):
            factories.say(db, forum, who, services[0], aspects[0], f"Topik satu nomor {n}")
            factories.say(db, forum, who, services[1], aspects[1], f"Topik dua nomor {n}")
        forums.set_focus(db, forum, services[0]["id"], aspects[0]["id"], None)
        code = forum["code"]
    html = client.get(f"/d/{code}").get_data(as_text=True)
    shown = html[html.index('id="shown"'):html.index('id="aspect-counts"')]
    assert shown.count("Topik satu nomor") == display.FEED_CARDS
    assert shown.count("Topik dua nomor") == display.FEED_CARDS
    newest = max(int(n) for n in re.findall(r"Topik satu nomor (\d+)", shown))
    assert newest == display.FEED_CARDS + 14  # the newest first, the oldest left out

    with app.app_context():
        db = get_db()
        forums.set_focus(db, forums.get_by_code(db, code), services[1]["id"], aspects[1]["id"], None)
    body = client.get(f"/d/{code}/feed").get_json()
    assert len(body["focused"]) == len(body["others"]) == display.FEED_CARDS == body["limit"]
    assert all(c["text"].startswith("Topik dua") for c in body["focused"])
    assert all(c["text"].startswith("Topik satu") for c in body["others"])
    assert "flag_words" not in body["focused"][0] and "client_id" not in body["focused"][0]  # the public view
