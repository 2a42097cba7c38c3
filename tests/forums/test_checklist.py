"""What is still open in a forum's record, counted once for the guarded steps' checklist and
the forum page's next steps."""
import pytest

from fkp.forums import checklist, forums, lifecycle
from fkp.inputs import chat_import
from fkp.people import users
from fkp.record import responses
from tests.helpers import factories


@pytest.fixture
def seeded(db):
    """factories.scenario: three services; four inputs in the record (three approved, one never
    moderated; none decided) and one hidden; four unsur present (media, service users, CSO,
    agency) and staff. Here also one decision, one conclusion, one signatory, and an attendee
    named only in an imported chat (no group)."""
    forum, inputs = factories.scenario(db)
    responses.save_response(db, forum, inputs["approved_info"]["id"], None, response="Ya.", decision="accepted")
    responses.save_conclusion(db, forum, forums.services(db, forum["id"])[0]["id"], "Disepakati.", None)
    responses.save_conclusion(db, forum, forums.services(db, forum["id"])[1]["id"], "   ", None)
    responses.save_conclusion(db, forum, None, "Kesimpulan forum, bukan layanan.", None)
    (media,) = db.execute("SELECT id FROM participants WHERE forum_id = ? AND group_code = 'media'",
                          [forum["id"]]).fetchone()
    responses.set_signatory(db, forum, "media", media, None)
    chat_import.import_chat(db, forum, b"10:00:00 From Peserta Zoom to Everyone:\n\tLewat obrolan.\n", None)
    return forums.get(db, forum["id"]), inputs


def by_key(items):
    return {item["key"]: item for item in items}


def test_the_progress_of_a_seeded_forum(db, seeded):
    forum, _inputs = seeded
    p = checklist.progress(db, forum)
    # the chat's input joins the record, never moderated and undecided
    assert (p["inputs"], p["pending"], p["undecided"]) == (5, 2, 4)
    assert p["services"] == 3
    assert p["without_conclusion"] == factories.SERVICES[1:]  # a blank conclusion is none
    assert p["groups_present"] == 4
    assert p["without_signatory"] == ["service_user", "agency", "civil_society"]
    assert (p["number"], p["without_group"]) == ("", 1)


def test_the_checklist_before_finalising(db, seeded):
    forum, _inputs = seeded
    items = checklist.checklist(db, forum, "finalise")
    assert [i["key"] for i in items] == ["pending", "undecided", "conclusions", "signatories", "number",
                                         "head", "notetaker", "no_group"]
    got = {i["key"]: (i["open"], i["of"], i["done"], i["state"]) for i in items}
    assert got == {"pending": (2, 5, 3, "open"), "undecided": (4, 5, 1, "open"),
                   "conclusions": (2, 3, 1, "open"), "signatories": (3, 4, 1, "open"),
                   "number": (1, None, None, "open"), "head": (0, None, None, "done"),
                   "notetaker": (1, None, None, "open"), "no_group": (1, None, None, "open")}
    assert by_key(items)["pending"]["blocks"] and by_key(items)["undecided"]["blocks"]
    assert not by_key(checklist.checklist(db, forum, "close"))["pending"]["blocks"]


def test_what_staff_do_closes_the_items(db, seeded):
    forum, inputs = seeded
    for key in ("approved_info_2", "approved_data", "pending"):
        responses.save_response(db, forum, inputs[key]["id"], None, response="Ya.", decision="accepted")
    db.execute("UPDATE forums SET number = '001/PL.01/2025' WHERE id = ?", [forum["id"]])
    db.conn.commit()
    forum = forums.get(db, forum["id"])
    items = by_key(checklist.checklist(db, forum, "finalise"))
    assert (items["undecided"]["open"], items["undecided"]["state"]) == (1, "open")  # the chat's input
    assert (items["number"]["state"], items["number"]["value"]) == ("done", "001/PL.01/2025")


def test_before_publishing_input_never_moderated_is_a_warning_that_it_goes_public(db, seeded):
    forum, _inputs = seeded
    lifecycle.transition(db, forum, "close", None)
    lifecycle.transition(db, forums.get(db, forum["id"]), "finalise", None, accept_open=True)
    items = by_key(checklist.checklist(db, forums.get(db, forum["id"]), "publish"))
    assert "pending" not in items
    assert (items["public_pending"]["open"], items["public_pending"]["state"]) == (2, "warn")


def test_a_complete_record_has_nothing_open(db):
    forum = factories.forum(db, number="002/PL.01/2025")
    person = factories.join(db, forum, "Siti Aminah", "media")
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    said = factories.say(db, forum, person, services[0], aspects[0], "Jam layanan diperpanjang.")
    responses.save_response(db, forum, said["id"], None, response="Ya.", decision="accepted")
    for service in services:
        responses.save_conclusion(db, forum, service["id"], "Disepakati.", None)
    responses.set_signatory(db, forum, "media", person["id"], None)
    notulis = users.create(db, "notulis1", "password-123", "notulis", full_name="Rina Lestari")
    users.assign(db, forum["id"], notulis)
    items = checklist.checklist(db, forums.get(db, forum["id"]), "finalise")
    assert {i["key"]: i["state"] for i in items} == dict.fromkeys(
        ["pending", "undecided", "conclusions", "signatories", "number", "head", "notetaker", "no_group"],
        "done")


def test_a_notetaker_known_only_by_login_name_does_not_sign(db):
    forum = factories.forum(db)
    users.assign(db, forum["id"], users.create(db, "notulis1", "password-123", "notulis"))
    assert by_key(checklist.checklist(db, forum, "finalise"))["notetaker"]["state"] == "open"
    assert by_key(checklist.checklist(db, factories.forum(db, head_name=""), "finalise"))["head"]["open"] == 1


@pytest.mark.parametrize("status,step", [("draft", "open"), ("open", "close"), ("paused", "close"),
                                         ("closed", "finalise"), ("finalised", "publish"),
                                         ("published", None)])
def test_the_next_step(status, step):
    assert checklist.next_step({"status": status}) == step


def test_an_open_question_to_the_hall_is_flagged_until_it_is_closed(db, app):
    """Its result reaches the Berita Acara only once closed: before finalising, staff are told."""
    from fkp.forums import agreement
    from fkp.serve import demo
    forum = forums.get_by_code(db, demo.create(db))
    assert "agreement_open" not in by_key(checklist.checklist(db, forum, "finalise"))
    agreement.open_for_focus(db, forums.get(db, forum["id"]))
    item = by_key(checklist.checklist(db, forums.get(db, forum["id"]), "finalise"))["agreement_open"]
    assert (item["state"], item["open"]) == ("warn", 1)
    with app.test_request_context():
        from flask import render_template_string

        from fkp import permissions
        html = render_template_string(
            '{% from "staff/steps/_checklist.html" import checklist %}{{ checklist(items, forum, user, p) }}',
            items=[item], forum=forums.get(db, forum["id"]), user={"role": "admin", "id": 1}, p=permissions)
    assert "hasilnya masuk ke berita acara setelah pertanyaan ditutup" in html and "#agreement-panel" in html
    agreement.close(db, forums.get(db, forum["id"]))
    assert "agreement_open" not in by_key(checklist.checklist(db, forums.get(db, forum["id"]), "finalise"))
