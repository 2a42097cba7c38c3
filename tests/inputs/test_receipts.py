"""Receipt codes (issue 17): every input has one, typeable and unguessable; status() tells its
giver where the input stands and what was answered, and nothing about anyone."""
import json
import re

from fkp.forums import forums
from fkp.inputs import chat_import, comments, moderation, receipts
from fkp.people import participants, users
from fkp.record import responses
from fkp.store import db as fkp_db
from fkp.store import migrations

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
# Who gave it, and their contact: none of it may reach the tracker.
GIVER = {"name": "Siti Rahmawati", "institution": "Perkumpulan Tunanetra Mataram", "group": "civil_society",
         "contact": "0812-7777-1234", "position": "Ketua Bidang Advokasi"}


def give(db, forum, text="Loket perlu kursi roda.", who=GIVER, n=0, **extra):
    giver, _token = participants.join(db, forum, consent=True, **{**who, "name": f"{who['name']} {n}"})
    service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
    comment, _new = comments.submit(db, forum, giver, service_id=service["id"], aspect_id=aspect["id"],
                                    kind="suggestion", text=text, client_id=f"c{n}", **extra)
    return comment


def set_status(db, forum, status):
    db.execute("UPDATE forums SET status = ? WHERE id = ?", [status, forum["id"]])
    db.conn.commit()
    return forums.get(db, forum["id"])


def test_a_code_is_eight_unambiguous_characters_and_each_is_new():
    codes = {receipts.new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE.match(c) for c in codes)
    assert not set("".join(codes)) & set("01OIL")
    assert set("".join(codes)) - {"-"} == set(receipts.ALPHABET)  # every character is used
    for position in (0, 3, 5, 8):  # ... in every place, the first and last too
        assert {c[position] for c in codes} == set(receipts.ALPHABET), position


def test_a_typed_code_is_read_in_any_case_with_or_without_separators():
    for typed in ("abcd-efgh", "ABCDEFGH", " abcd efgh ", "Abcd–Efgh", "ab.cd_ef gh", "ABCD - EFGH"):
        assert receipts.normalise(typed) == "ABCD-EFGH", typed
    # 0, O, 1, I and L are never in a code: a code with one was mistyped, not guessed at
    for typed in ("ABCD-EFG0", "ABCD-EFGO", "ABCD-EFGL", "ABC-EFGH", "ABCDE-EFGH", "", None, "ABCD-ÉFGH",
                  "A" * 1000):
        assert receipts.normalise(typed) is None, typed


def test_every_way_an_input_is_made_gives_it_a_receipt(db, forum):
    phone = give(db, forum, n=1)
    notetaker = users.create(db, "notulis", "rahasia-panjang", "notulis")
    spoken = give(db, forum, n=2, recorded_by=notetaker)
    assert spoken["channel"] == "spoken"
    chat_import.import_chat(db, forum, b"10:00:00 From Rina to Everyone:\n\thalo\n"
                                       b"10:01:00 From Budi to Everyone:\n\tsetuju\n", None)
    stored = comments.for_moderator(db, forum["id"])
    assert len(stored) == 4
    assert all(CODE.match(c["receipt"]) for c in stored)
    assert len({c["receipt"] for c in stored}) == 4
    assert comments.get(db, phone["id"])["receipt"] == phone["receipt"]  # as told is as stored
    assert comments.get(db, spoken["id"]) == spoken


def test_a_taken_code_is_drawn_again(db, forum, monkeypatch):
    first = give(db, forum, n=1)
    drawn = iter([first["receipt"], first["receipt"], "WXYZ-2345"])
    monkeypatch.setattr(receipts, "new", lambda: next(drawn))
    second = give(db, forum, n=2)
    assert second["receipt"] == "WXYZ-2345"
    assert comments.get(db, second["id"]) == second


def test_a_repeated_send_keeps_its_first_receipt(db, forum):
    giver, _token = participants.join(db, forum, consent=True, **GIVER)
    service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
    sent = [comments.submit(db, forum, giver, service_id=service["id"], aspect_id=aspect["id"],
                            kind="question", text="Kapan?", client_id="same")[0] for _ in range(2)]
    assert sent[0]["receipt"] == sent[1]["receipt"]


def test_the_status_of_a_waiting_input_names_its_forum_and_pair_and_nothing_of_its_giver(db, forum):
    comment = give(db, forum)
    found = receipts.status(db, comment["receipt"].lower().replace("-", " "))
    service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
    assert found == {
        "receipt": comment["receipt"],
        "forum": {"title": forum["title"], "unit": forum["unit"], "date": forum["date"]},
        "service": service["name"], "aspect": aspect["label"], "kind": "suggestion",
        "text": "Loket perlu kursi roda.", "created_utc": comment["created_utc"],
        "state": "waiting", "provisional": True, "answer": None}
    said = json.dumps(found)
    assert not any(v in said for v in GIVER.values())


def test_unknown_and_malformed_codes_find_nothing(db, forum):
    give(db, forum)
    for typed in ("WXYZ-2345", "", "0000-0000", "' OR 1=1 --"):
        assert receipts.status(db, typed) is None


def test_an_answer_shows_as_soon_as_written_and_is_provisional_until_the_record_is_final(db, forum):
    comment = moderation.approve(db, forum, give(db, forum)["id"], None)
    assert receipts.status(db, comment["receipt"])["state"] == "shown"
    responses.save_response(db, forum, comment["id"], None, response="Kursi roda disediakan di loket 1.",
                            decision="accepted", action="Pengadaan kursi roda", pic="Sekretaris: Budi Santoso",
                            target_date="2026-03-01", note="catatan internal staf")
    found = receipts.status(db, comment["receipt"])
    assert found["provisional"] is True
    assert found["answer"] == {"response": "Kursi roda disediakan di loket 1.", "decision": "accepted",
                               "reason": "", "action": "Pengadaan kursi roda", "target_date": "2026-03-01",
                               "followup_status": "not_started"}
    said = json.dumps(found)
    assert "Budi Santoso" not in said and "catatan internal" not in said  # who acts, staff's note
    for status in ("finalised", "published"):
        set_status(db, forum, status)
        assert receipts.status(db, comment["receipt"])["provisional"] is False
    set_status(db, forum, "closed")
    assert receipts.status(db, comment["receipt"])["provisional"] is True


def test_a_merged_input_shows_the_answer_of_the_one_it_was_merged_into_but_not_its_text(db, forum):
    kept = moderation.approve(db, forum, give(db, forum, "Tambah kursi di ruang tunggu.", n=1)["id"], None)
    other = {**GIVER, "name": "Ahmad Fauzi", "contact": "ahmad@example.org"}
    duplicate = give(db, forum, "Kursi ruang tunggu kurang.", who=other, n=2)
    moderation.merge(db, forum, duplicate["id"], kept["id"], None)
    found = receipts.status(db, duplicate["receipt"])
    assert found["state"] == "merged" and found["answer"] is None
    assert found["text"] == "Kursi ruang tunggu kurang."
    responses.save_response(db, forum, kept["id"], None, response="Ditambah 20 kursi.", decision="partly_accepted",
                            action="Tambah kursi", target_date="2026-02-01", followup_status="in_progress")
    found = receipts.status(db, duplicate["receipt"])
    assert found["answer"]["response"] == "Ditambah 20 kursi."
    assert found["answer"]["decision"] == "partly_accepted" and found["answer"]["followup_status"] == "in_progress"
    said = json.dumps(found)
    assert "Tambah kursi di ruang tunggu" not in said  # the other giver's words
    assert not any(v in said for v in (*GIVER.values(), "Ahmad Fauzi", "ahmad@example.org"))


def test_a_hidden_input_is_said_not_shown_with_no_answer_and_no_reason(db, forum):
    comment = moderation.hide(db, forum, give(db, forum)["id"], None)
    found = receipts.status(db, comment["receipt"])
    assert found["state"] == "not_shown" and found["answer"] is None


def test_the_migration_gives_every_earlier_input_its_own_receipt(tmp_path):
    db = fkp_db.connect(tmp_path / "m017.db")
    migrations.migrations.apply(db, stop_before="m018_receipts")
    from fkp.serve import demo
    from tests.store.test_db import inputs_as_m013_wrote_them
    inputs_as_m013_wrote_them(db, [demo.create(db), demo.create(db)])
    before = db.execute("SELECT count(*) FROM comments").fetchone()[0]
    assert before == 8
    assert migrations.migrate(db)[0] == "m018_receipts"
    codes = [r[0] for r in db.execute("SELECT receipt FROM comments")]
    assert len(codes) == before and len(set(codes)) == before and all(CODE.match(c) for c in codes)
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'comments_receipt' AND sql LIKE '%UNIQUE%'").fetchone()


def test_the_receipt_reaches_its_giver_and_staff_but_never_the_public_projection(db, forum):
    from fkp.inputs.projection import own_comment, public_comment
    comment = moderation.approve(db, forum, give(db, forum)["id"], None)
    assert own_comment(comment)["receipt"] == comment["receipt"]
    assert "receipt" not in public_comment(comment)
    assert comment["receipt"] not in json.dumps(public_comment(comment))
