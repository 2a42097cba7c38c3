"""What staff write after the forum: responses, decisions, follow-up, conclusions, signatories."""
import pytest

from fkp.errors import DomainError
from fkp.forums import lifecycle
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
