"""Domain rules that no page shows directly."""
from fkp.forums import forums, lifecycle
from fkp.forums.forums import CODE_ALPHABET
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.serve import demo


def _forum(db):
    return forums.get_by_code(db, demo.create(db))


def test_codes_use_only_unambiguous_characters(db):
    codes = {_forum(db)["code"] for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OILSZ2B8G56")


def test_control_characters_never_reach_the_database(db):
    forum = _forum(db)
    p, _ = participants.join(db, forum, name="Bu\x00di\x1b", institution="\tPartai\x07 A ",
                             group="service_user", consent=True)
    assert (p["name"], p["institution"]) == ("Budi", "Partai A")
    c, _ = comments.submit(db, forum, p, service_id=forums.services(db, forum["id"])[0]["id"],
                           aspect_id=forums.aspects(db, forum["id"])[0]["id"], kind="question",
                           text="baris satu\r\nbaris\x0b dua\x00", client_id="k")
    assert c["text"] == "baris satu\nbaris dua"


def test_every_broadcast_change_advances_the_forum_sequence(db):
    forum = _forum(db)
    start = forums.get(db, forum["id"])["seq"]
    p, _ = participants.join(db, forum, name="A", institution="B", group="media", consent=True)
    s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
    c, _ = comments.submit(db, forum, p, service_id=s, aspect_id=a, kind="suggestion", text="x", client_id="1")
    approved = moderation.approve(db, forum, c["id"], None)
    pinned = moderation.pin(db, forum, c["id"], True)
    seqs = [start, c["seq"], approved["seq"], pinned["seq"], forums.set_focus(db, forum, s, a)]
    assert seqs == sorted(set(seqs)) and seqs[0] < seqs[1]


def test_attendance_is_in_the_fixed_group_order(db):
    forum = _forum(db)
    for name, group in [("Zed", "media"), ("Ani", "agency"), ("Budi", "service_user"), ("Ali", "media")]:
        participants.join(db, forum, name=name, institution="X", group=group, consent=True)
    assert [r["name"] for r in participants.attendance(db, forum["id"])] == ["Budi", "Ani", "Ali", "Zed"]
    assert participants.group_counts(db, forum["id"]) == {
        "service_user": 1, "expert": 0, "agency": 1, "civil_society": 0, "media": 2, "staff": 0}


def test_resend_after_the_forum_closed_returns_the_stored_input(db):
    forum = _forum(db)
    p, _ = participants.join(db, forum, name="A", institution="B", group="media", consent=True)
    s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
    first, created = comments.submit(db, forum, p, service_id=s, aspect_id=a, kind="suggestion",
                                     text="sebelum tutup", client_id="late")
    lifecycle.transition(db, forum, "close", None)
    again, created_again = comments.submit(db, forums.get(db, forum["id"]), p, service_id=s,
                                           aspect_id=a, kind="suggestion", text="sebelum tutup",
                                           client_id="late")
    assert created and not created_again and again["id"] == first["id"]


def test_contact_is_never_selected_for_views(db):
    forum = _forum(db)
    p, _ = participants.join(db, forum, name="A", institution="B", group="media", consent=True,
                             contact="a@example.org")
    assert "contact" not in p
    assert all("contact" not in row for row in participants.attendance(db, forum["id"]))


def test_every_event_is_published_after_its_commit(db):
    """The house rule: a subscriber never hears of a change that could still roll back."""
    from fkp import events
    from fkp.forums import display as screen
    from fkp.inputs import chat_import, supports
    heard = []

    def check(event):
        heard.append((event.name, db.conn.in_transaction))
    events.subscribe(check)
    try:
        forum = _forum(db)
        s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
        p1, _ = participants.join(db, forum, name="A", institution="B", group="media", consent=True)
        p2, _ = participants.join(db, forum, name="C", institution="D", group="expert", consent=True)
        c1, _ = comments.submit(db, forum, p1, service_id=s, aspect_id=a, kind="question", text="1", client_id="1")
        c2, _ = comments.submit(db, forum, p2, service_id=s, aspect_id=a, kind="question", text="2", client_id="2")
        moderation.approve(db, forum, c1["id"], None)
        supports.support(db, forum, p2, c1["id"])
        screen.set_mode(db, forum, "highlight", c1["id"], None)
        moderation.merge(db, forum, c2["id"], c1["id"], None)
        moderation.correct(db, forum, c1["id"], None, text="satu")
        moderation.mark_answered(db, forum, c1["id"], True, None)
        moderation.hide(db, forum, c1["id"], None)
        participants.set_banned(db, forum, p2["id"], True, None)
        chat_import.import_chat(db, forum, b"10:00:00 From Z to Everyone:\n\thalo\n", None)
        forums.set_focus(db, forum, s, a)
        lifecycle.transition(db, forum, "pause", None)
    finally:
        events._subscribers.remove(check)
    assert len(heard) >= 15
    assert [name for name, in_tx in heard if in_tx] == []


def test_a_new_input_is_returned_and_published_as_it_is_read_back(db):
    """submit() builds the new input from what it inserted rather than reading it again; it
    must be exactly what get() reads, for every way a giver reaches it."""
    from fkp import events
    from fkp.people import users

    forum = _forum(db)
    s, a = forums.services(db, forum["id"])[0]["id"], forums.aspects(db, forum["id"])[0]["id"]
    joined, token = participants.join(db, forum, name="Budi", institution="Partai A",
                                      group="civil_society", consent=True)
    assert joined == participants.get(db, joined["id"])
    checked_in, _none = participants.join(db, forum, name=" Siti ", institution="Warga", position="Ketua",
                                          group="media", consent=True, channel="in_person")
    assert checked_in == participants.get(db, checked_in["id"])
    note_taker = users.create(db, "notulis", "a long enough password", role="notulis")
    published = []
    events.subscribe(published.append)
    try:
        for n, (giver, recorded_by) in enumerate([
                (joined, None), (participants.by_token(db, forum["id"], token), None),
                (participants.get(db, joined["id"]), note_taker)]):
            comment, created = comments.submit(db, forum, giver, service_id=s, aspect_id=a,
                                               kind="question", text=f"Masukan {n}",
                                               client_id=f"c{n}", recorded_by=recorded_by)
            assert created and comment == comments.get(db, comment["id"])
            assert published[-1].data["comment"] == comment
    finally:
        events._subscribers.remove(published.append)
