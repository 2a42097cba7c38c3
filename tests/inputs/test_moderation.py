"""The moderator's tools beyond approve/hide: answered, merge, ban, correct; support; chat import."""
import json

import pytest

from fkp import audit
from fkp.errors import DomainError
from fkp.forums import forums
from fkp.inputs import chat_import, comments, moderation, supports
from fkp.people import participants
from fkp.serve import demo


@pytest.fixture
def setup(db):
    forum = forums.get_by_code(db, demo.create(db))
    s, a = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])

    def person(name, group="media"):
        return participants.join(db, forum, name=name, institution="Inst", group=group, consent=True)[0]

    def say(who, text, approve=False):
        c, _ = comments.submit(db, forum, who, service_id=s[0]["id"], aspect_id=a[0]["id"],
                               kind="suggestion", text=text, client_id=text)
        return moderation.approve(db, forum, c["id"], None) if approve else c
    return forum, person, say


def test_merge_credits_both_givers_and_leaves_the_feed(db, setup):
    forum, person, say = setup
    kept = say(person("Rina"), "Percepat layanan", approve=True)
    duplicate = say(person("Budi"), "Layanan harus lebih cepat")
    moderation.merge(db, forum, duplicate["id"], kept["id"], None)
    kept_now = comments.get(db, kept["id"])
    assert kept_now["merged_names"] == "Budi"
    assert [c["id"] for c in comments.approved(db, forum["id"])] == [kept["id"]]
    assert comments.get(db, duplicate["id"])["merged_into_id"] == kept["id"]
    with pytest.raises(DomainError, match="digabungkan"):
        moderation.approve(db, forum, duplicate["id"], None)
    with pytest.raises(DomainError, match="dirinya sendiri"):
        moderation.merge(db, forum, kept["id"], duplicate["id"], None)  # into its own duplicate


def test_ban_stops_input_with_a_clear_message(db, setup):
    forum, person, say = setup
    troll = person("Troll")
    participants.set_banned(db, forum, troll["id"], True, None)
    with pytest.raises(DomainError) as refused:
        say(participants.get(db, troll["id"]), "spam")
    assert refused.value.status == 403
    assert refused.value.message == "Moderator telah menghentikan masukan dari Anda di forum ini."
    participants.set_banned(db, forum, troll["id"], False, None)
    assert say(participants.get(db, troll["id"]), "maaf")["text"] == "maaf"


def test_correction_keeps_the_original_in_the_audit_log(db, setup):
    forum, person, say = setup
    c = say(person("Rina"), "Layanan lambat sekali sekali")
    moderation.correct(db, forum, c["id"], None, text="Layanan lambat sekali")
    assert comments.get(db, c["id"])["text"] == "Layanan lambat sekali"
    [entry] = [e for e in audit.for_forum(db, forum["id"]) if e["action"] == "comment_edited"]
    assert json.loads(entry["before_json"])["text"] == "Layanan lambat sekali sekali"
    assert json.loads(entry["after_json"])["text"] == "Layanan lambat sekali"


def test_answered_is_a_flag_that_can_be_undone(db, setup):
    forum, person, say = setup
    c = say(person("Rina"), "Kapan jadwalnya?", approve=True)
    assert moderation.mark_answered(db, forum, c["id"], True, None)["answered"] == 1
    assert moderation.mark_answered(db, forum, c["id"], False, None)["answered"] == 0


def test_support_once_each_never_your_own_and_only_shown_input(db, setup):
    forum, person, say = setup
    author, fan = person("Rina"), person("Budi")
    c = say(author, "Sediakan layanan di luar jam kantor", approve=True)
    assert supports.support(db, forum, fan, c["id"])[1] is True
    assert supports.support(db, forum, fan, c["id"])[1] is False
    assert comments.get(db, c["id"])["support_count"] == 1
    with pytest.raises(DomainError):
        supports.support(db, forum, author, c["id"])
    pending = say(author, "belum dimoderasi")
    with pytest.raises(DomainError):
        supports.support(db, forum, fan, pending["id"])
    other = say(person("Ani"), "Tambahan", approve=True)
    assert [x["id"] for x in comments.approved(db, forum["id"], sort="support")][0] == c["id"]
    assert [x["id"] for x in comments.approved(db, forum["id"])][0] == other["id"]


CHAT = ("10:01:02 From Anas Burhan (PKB) to Everyone:\n\tKecepatan layanan sudah baik.\n"
        "\tPerlu sistem informasi berbasis TI.\n"
        "10:02:10 From Novita to Deni Laksono(Direct Message):\n\tpesan pribadi\n"
        "10:03:00 From Novita to Everyone:\n\tAplikasi untuk perempuan dan disabilitas.\n").encode()


def test_chat_import_creates_pending_online_input_once(db, setup):
    forum, person, _say = setup
    novita = participants.join(db, forum, name="novita", institution="WCC", group="civil_society",
                               consent=True, channel="online")[0]
    result = chat_import.import_chat(db, forum, CHAT, None)
    assert (result.created, result.new_participants, result.skipped) == (2, 1, 1)
    stored = comments.for_moderator(db, forum["id"])
    assert {(c["participant_name"], c["channel"], c["status"], c["service_id"]) for c in stored} == {
        ("Anas Burhan (PKB)", "online", "pending", None), ("novita", "online", "pending", None)}
    assert "Kecepatan layanan sudah baik.\nPerlu sistem informasi berbasis TI." in [c["text"] for c in stored]
    assert novita["id"] in {c["participant_id"] for c in stored}
    again = chat_import.import_chat(db, forum, CHAT, None)
    assert (again.created, again.repeated) == (0, 2)


def test_a_file_that_is_not_a_chat_imports_nothing(db, setup):
    forum, *_ = setup
    with pytest.raises(DomainError, match="Tidak ada yang diimpor"):
        chat_import.import_chat(db, forum, b"No,Nama,Instansi\n1,Rina,JPPR\n", None)
    assert comments.for_moderator(db, forum["id"]) == []


def test_imported_input_needs_a_service_and_aspect_before_it_is_shown(db, setup):
    forum, *_ = setup
    chat_import.import_chat(db, forum, CHAT, None)
    [first, *_rest] = comments.for_moderator(db, forum["id"])
    with pytest.raises(DomainError):
        moderation.approve(db, forum, first["id"], None)
    s, a = forums.services(db, forum["id"])[2], forums.aspects(db, forum["id"])[1]
    moderation.correct(db, forum, first["id"], None, service_id=s["id"], aspect_id=a["id"])
    assert moderation.approve(db, forum, first["id"], None)["status"] == "approved"


def test_hiding_the_highlighted_input_returns_the_display_to_the_feed(db, setup):
    from fkp.forums import display as screen
    forum, person, say = setup
    c = say(person("Rina"), "Sorot ini", approve=True)
    screen.set_mode(db, forum, "highlight", c["id"], None)
    moderation.hide(db, forum, c["id"], None)
    assert screen.state(db, forums.get(db, forum["id"])) == {"mode": "feed", "comment": None,
                                                             "sort": "newest"}



@pytest.fixture
def heard(db):
    """The events told, each as (name, seq, whether the teller was still in a transaction)."""
    from fkp import events
    told = []

    def listen(event):
        told.append((event.name, event.seq, db.conn.in_transaction))
    events.subscribe(listen)
    yield told
    events._subscribers.remove(listen)


def _highlighted(db, setup, how):
    """A shown input highlighted on the projector, and for a merge the shown one it goes into."""
    from fkp.forums import display as screen
    forum, person, say = setup
    shown = say(person("Rina"), "Sorot ini", approve=True)
    kept = say(person("Budi"), "Yang serupa", approve=True) if how == "merge" else None
    screen.set_mode(db, forum, "highlight", shown["id"], None)
    return shown, kept


def _take_off_the_feed(db, forum, how, shown, kept):
    if how == "hide":
        return moderation.hide(db, forum, shown["id"], None)
    return moderation.merge(db, forum, shown["id"], kept["id"], None)


@pytest.mark.parametrize("how, told", [("hide", "comment_hidden"), ("merge", "comment_merged")])
def test_taking_the_highlighted_input_off_the_feed_is_one_change(db, setup, heard, how, told):
    """The input leaves the feed and the projector returns to the feed in one transaction,
    told under one seq once it has committed, the input's event first."""
    forum = setup[0]
    shown, kept = _highlighted(db, setup, how)
    before = forums.get(db, forum["id"])["seq"]
    heard.clear()
    result = _take_off_the_feed(db, forum, how, shown, kept)
    assert forums.get(db, forum["id"])["seq"] == result["seq"] == before + 1
    assert heard == [(told, before + 1, False), ("display_changed", before + 1, False)]
    assert forums.get(db, forum["id"])["display_mode"] == "feed"


@pytest.mark.parametrize("how", ["hide", "merge"])
@pytest.mark.parametrize("failing", ["set_mode", "audit"])
def test_a_failure_moving_the_projector_leaves_the_input_shown_and_tells_nothing(
        db, setup, heard, monkeypatch, how, failing):
    from fkp.forums import display as screen
    forum = setup[0]
    shown, kept = _highlighted(db, setup, how)
    before = forums.get(db, forum["id"])
    heard.clear()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    if failing == "set_mode":
        monkeypatch.setattr(screen, "set_mode", broken)
    else:
        record = audit.record
        monkeypatch.setattr(audit, "record", lambda db, **entry: (
            broken() if entry["action"] == "display.set_mode" else record(db, **entry)))
    with pytest.raises(OSError):
        _take_off_the_feed(db, forum, how, shown, kept)
    assert comments.get(db, shown["id"]) == shown  # still shown, not merged
    assert kept is None or comments.get(db, kept["id"]) == kept
    assert forums.get(db, forum["id"]) == before  # the seq, and the input still highlighted
    assert heard == []


def test_a_correction_to_empty_text_is_refused_as_empty(db, setup):
    """Not as too long, which is what it used to say; and the input keeps its text."""
    forum, person, say = setup
    c = say(person("Rina"), "Layanan lambat")
    for empty in ("", "  \n\t", "\x00"):
        with pytest.raises(DomainError) as refused:
            moderation.correct(db, forum, c["id"], None, text=empty)
        assert (refused.value.field, refused.value.message) == ("text", "Teks hasil koreksi tidak boleh kosong.")
    with pytest.raises(DomainError, match="paling banyak 1000 karakter"):
        moderation.correct(db, forum, c["id"], None, text="x" * 1001)
    assert comments.get(db, c["id"])["text"] == "Layanan lambat"
