"""The chat import's domain: hosts left out, names matched to attendees, a big chat counted right."""
import pytest

from fkp.errors import DomainError
from fkp.forums import lifecycle
from fkp.inputs import chat_import
from fkp.people import participants
from tests.helpers.zoom import HOST, ZOOM_CHAT


def chat(senders, messages):
    lines = ["09:00:00 From Moderator KPU (Host) to Everyone:", "\tSelamat pagi."]
    for m in range(messages):
        for s in range(senders):
            lines += [f"10:{m:02d}:{s % 60:02d} From Peserta {s} (PKB) to Everyone:", f"\tMasukan {m} dari {s}."]
    return ("\n".join(lines) + "\n").encode()


def count(db, sql, *params):
    return db.execute(sql, params).fetchone()[0]


def test_name_key_ignores_case_spacing_and_a_trailing_institution():
    same = ["Anas Burhan (PKB)", "Anas Burhan", "anas burhan", "  Anas   Burhan ", "Anas Burhan (KPU Jombang)",
            "Anas Burhan - PKB", "Anas Burhan – PKB Jombang", "ANAS BURHAN (PKB) (Host)"]
    assert {participants.name_key(n) for n in same} == {"anas burhan"}
    assert participants.name_key("Anas Burhanudin") != "anas burhan"
    assert participants.name_key("Jean-Luc") == "jean-luc"  # a hyphen inside a name stays
    assert participants.name_key("(PKB)") == "(pkb)"  # never cut down to nothing


def test_hosts_are_neither_inputs_nor_attendees(db, forum):
    result = chat_import.import_chat(db, forum, ZOOM_CHAT, None, hosts=[HOST.lower()])
    assert (result.created, result.host_messages, result.new_participants) == (3, 1, 3)
    assert count(db, "SELECT count(*) FROM participants WHERE name = ?", HOST) == 0
    assert count(db, "SELECT count(*) FROM comments WHERE text LIKE 'Selamat pagi%'") == 0


def test_senders_are_offered_as_the_attendee_they_match(db, forum):
    anas, _ = participants.join(db, forum, name="Anas Burhan", institution="PKB", group="service_user",
                                consent=True)
    senders = chat_import.senders(db, forum, chat_import.read(ZOOM_CHAT))
    assert [(s.name, s.messages, s.match and s.match["id"], s.suggested_host) for s in senders] == [
        (HOST, 1, None, True), ("Anas Burhan (PKB)", 1, anas["id"], False),
        ("Novita – WCC Jombang", 1, None, False), ("Muḥammad ʿAlī", 1, None, False)]
    assert not senders[1].exact

    kept = chat_import.import_chat(db, forum, ZOOM_CHAT, None, hosts=[HOST])
    assert (kept.matched, kept.new_participants) == (1, 2)
    assert count(db, "SELECT count(*) FROM comments WHERE participant_id = ?", anas["id"]) == 1


def test_a_name_staff_say_is_someone_else_becomes_a_new_attendee(db, forum):
    anas, _ = participants.join(db, forum, name="Anas Burhan", institution="PKB", group="service_user",
                                consent=True)
    result = chat_import.import_chat(db, forum, ZOOM_CHAT, None, separate=["Anas Burhan (PKB)"])
    assert (result.matched, result.new_participants) == (0, 4)
    assert count(db, "SELECT count(*) FROM comments WHERE participant_id = ?", anas["id"]) == 0


def test_a_chat_of_4000_senders_is_counted_right(db, forum):
    with db.atomic():  # 400 already joined, as "Peserta 0", "Peserta 10", ...
        db["participants"].insert_all({
            "forum_id": forum["id"], "name": f"Peserta {i * 10}", "institution": "PKB",
            "group_code": "service_user", "consent_utc": "2026-01-01T00:00:00+00:00",
            "notice_version": "t", "channel": "phone", "joined_utc": "2026-01-01T00:00:00+00:00"}
            for i in range(400))
    before = participants.group_counts(db, forum["id"])["service_user"]
    data = chat(4000, 2)
    pauses = []
    result = chat_import.import_chat(db, forum, data, None, hosts=["Moderator KPU (Host)"],
                                     pause=lambda: pauses.append(1))
    assert (result.created, result.repeated, result.host_messages, result.matched,
            result.new_participants) == (8000, 0, 1, 400, 3600)
    assert pauses  # the reading steps let other work run
    assert count(db, "SELECT count(*) FROM participants WHERE forum_id = ?", forum["id"]) == 4000
    assert count(db, "SELECT count(*) FROM comments WHERE forum_id = ? AND channel = 'online'",
                 forum["id"]) == 8000
    assert participants.without_group(db, forum["id"]) == 3600
    assert participants.group_counts(db, forum["id"])["service_user"] == before == 400
    assert count(db, "SELECT count(DISTINCT seq) FROM comments WHERE forum_id = ?", forum["id"]) == 1

    again = chat_import.import_chat(db, forum, data, None, hosts=["Moderator KPU (Host)"])
    assert (again.created, again.repeated, again.new_participants) == (0, 8000, 0)


def test_a_final_record_imports_nothing(db, forum):
    lifecycle.transition(db, forum, "close", None)
    lifecycle.transition(db, {**forum, "status": "closed"}, "finalise", None)
    final = {**forum, "status": "finalised"}
    with pytest.raises(DomainError) as refused:
        chat_import.import_chat(db, final, ZOOM_CHAT, None)
    assert refused.value.status == 409
    assert count(db, "SELECT count(*) FROM comments") == 0
