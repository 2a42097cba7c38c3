"""What staff write after the forum: responses, decisions, follow-up, conclusions, signatories."""
import pytest

from fkp.errors import DomainError
from fkp.forums import forums, lifecycle
from fkp.inputs import comments
from fkp.record import responses
from tests.helpers import factories


@pytest.fixture
def built(db):
    return factories.full_record(db)


def test_not_accepted_needs_a_reason(db, built):
    forum, inputs = built
    with pytest.raises(DomainError, match="alasan"):
        responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="Tidak.",
                                decision="not_accepted")
    with pytest.raises(DomainError, match="Pilih keputusan"):
        responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="?", decision="maybe")


def test_follow_up_only_for_what_was_promised(db, built):
    forum, inputs = built
    saved = responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="Sudah ada.",
                                    decision="already_met", action="x", pic="y", target_date="2026-01-01")
    assert (saved["action"], saved["pic"], saved["target_date"], saved["followup_status"]) == ("", "", None, None)
    saved = responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="Ya.",
                                    decision="accepted", pic="Divisi Data")
    assert saved["followup_status"] == "not_started"
    with pytest.raises(DomainError):
        responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="Ya.",
                                decision="accepted", target_date="31/12/2026")


def test_a_merged_group_is_answered_once(db, built):
    forum, inputs = built
    responses.save_response(db, forum, inputs["duplicate"]["id"], None, response="Lewat duplikat.",
                            decision="partly_accepted")
    kept = responses.response_of(db, inputs["approved_info"]["id"])
    assert kept["response"] == "Lewat duplikat." and responses.response_of(db, inputs["duplicate"]["id"]) is None


def test_conclusions_per_service_and_forum(db, built):
    forum, _inputs = built
    services = db.execute("SELECT id FROM services WHERE forum_id = ? ORDER BY position", [forum["id"]]).fetchall()
    responses.save_conclusion(db, forum, services[1][0], "Pengaduan daring disediakan.", None)
    responses.save_conclusion(db, forum, services[0][0], "", None)  # cleared
    found = responses.conclusions(db, forum["id"])
    assert found == {services[1][0]: "Pengaduan daring disediakan.",
                     None: "Standar pelayanan disempurnakan sesuai masukan."}


def test_a_signatory_must_come_from_that_group(db, built):
    forum, _inputs = built
    media = db.execute("SELECT id FROM participants WHERE name = 'Siti Aminah'").fetchone()[0]
    with pytest.raises(DomainError, match="daftar hadir"):
        responses.set_signatory(db, forum, "civil_society", media, None)


def test_the_record_locks_when_finalised(db, built):
    forum, inputs = built
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    final = db.execute("SELECT * FROM forums WHERE id = ?", [forum["id"]]).fetchone()
    forum = dict(zip([d[0] for d in db.execute("SELECT * FROM forums").description], final))
    with pytest.raises(DomainError, match="final"):
        responses.save_response(db, forum, inputs["approved_data"]["id"], None, response="Terlambat.",
                                decision="accepted")
    with pytest.raises(DomainError, match="final"):
        responses.save_conclusion(db, forum, None, "Terlambat.", None)
    assert comments.get(db, inputs["approved_data"]["id"])["text"]


def test_a_save_that_read_the_forum_before_it_was_finalised_is_refused_all_the_same(db, built):
    """A request reads the forum, another finalises it, then the first saves: the save checks
    again inside its own write transaction and changes nothing."""
    stale, inputs = built  # read while the record was still open
    lifecycle.transition(db, stale, "finalise", None, accept_open=True)
    comment_id = inputs["approved_data"]["id"]
    before = responses.response_of(db, comment_id)
    saves = [lambda: responses.save_response(db, stale, comment_id, None, response="Terlambat.",
                                             decision="accepted"),
             lambda: responses.save_responses(db, stale, [comment_id], None, response="Terlambat."),
             lambda: responses.save_conclusion(db, stale, None, "Terlambat.", None),
             lambda: responses.save_conclusions(db, stale, {None: "Terlambat."}, None),
             lambda: responses.set_signatory(db, stale, "media", None, None)]
    for save in saves:
        with pytest.raises(DomainError, match="final") as refused:
            save()
        assert refused.value.status == 409
    assert responses.response_of(db, comment_id) == before
    assert responses.conclusions(db, stale["id"]).get(None, "") != "Terlambat."


def test_several_inputs_answered_at_once_keep_what_is_not_given(db, built):
    forum, inputs = built
    ids = [inputs["approved_data"]["id"], inputs["named"]["id"]]
    before = responses.response_of(db, ids[0])
    entries = db.execute("SELECT count(*) FROM audit_log WHERE action = 'response.save'").fetchone()[0]
    responses.save_responses(db, forum, ids, None, response="Terima kasih, sudah sesuai.")
    saved = [responses.response_of(db, i) for i in ids]
    assert [s["response"] for s in saved] == ["Terima kasih, sudah sesuai."] * 2
    assert (saved[0]["decision"], saved[0]["pic"]) == (before["decision"], before["pic"])
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'response.save'").fetchone()[0] == entries + 2
    # an input with no decision yet cannot take a response alone, as when saved alone
    with pytest.raises(DomainError, match="Pilih keputusan"):
        responses.save_responses(db, forum, [ids[0], inputs["spoken"]["id"]], None, response="Lain.")
    assert responses.response_of(db, ids[0])["response"] == "Terima kasih, sudah sesuai."
    with pytest.raises(DomainError, match="Pilih masukan"):
        responses.save_responses(db, forum, [], None, response="Lain.")


def test_a_refused_input_in_a_bulk_answer_saves_none(db, built):
    forum, inputs = built
    # the first already has a reason, so it would pass alone; the second has none
    ids = [inputs["approved_info_2"]["id"], inputs["spoken"]["id"]]
    before = [responses.response_of(db, i) for i in ids]
    entries = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(DomainError, match=f"Masukan #{ids[1]}: .*alasan") as refused:
        responses.save_responses(db, forum, ids, None, decision="not_accepted", response="Tidak.")
    assert refused.value.field == "reason"
    assert [responses.response_of(db, i) for i in ids] == before
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries
    responses.save_responses(db, forum, ids, None, decision="not_accepted", reason="Di luar kewenangan.")
    assert [responses.response_of(db, i)["decision"] for i in ids] == ["not_accepted"] * 2
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries + 2


def test_conclusions_saved_together_audit_only_what_changed(db, built):
    forum, _inputs = built
    services = {s["name"]: s["id"] for s in forums.services(db, forum["id"])}
    first, second = list(services.values())[:2]
    written = responses.conclusions(db, forum["id"])
    entries = db.execute("SELECT count(*) FROM audit_log WHERE action = 'conclusion.save'").fetchone()[0]
    responses.save_conclusions(db, forum, {None: written[None], first: written[first], second: "Baru."}, None)
    assert responses.conclusions(db, forum["id"])[second] == "Baru."
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'conclusion.save'").fetchone()[0] == entries + 1
    with pytest.raises(DomainError):
        responses.save_conclusions(db, forum, {first: "Diganti.", 10**6: "Tidak ada."}, None)
    assert responses.conclusions(db, forum["id"])[first] == written[first]  # all or nothing
