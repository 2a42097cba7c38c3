"""A forum's lifecycle steps in the domain. Finalising locks the record: refused while inputs are
open, unless staff accept that; then the acceptance is kept and the Berita Acara says what was
open. Reopening a closed forum and unfinalising (with a reason) undo a step until the next."""
import io
import json

import docx
import pytest

from fkp import events
from fkp.errors import DomainError
from fkp.exports.docx import berita_acara as docx_export
from fkp.exports.pdf import berita_acara as pdf_export
from fkp.forums import forums, lifecycle
from fkp.record import minutes, responses
from tests.helpers import factories
from tests.helpers.documents import pdf_text

# factories.scenario: one input never moderated, four in the record without a decision.
SAID = ("Pada saat berita acara ini difinalkan, 4 (empat) masukan belum mendapat keputusan; "
        "1 (satu) masukan belum dimoderasi.")


@pytest.fixture
def closed(db):
    forum, inputs = factories.scenario(db)
    lifecycle.transition(db, forum, "close", None)
    return forums.get(db, forum["id"]), inputs


def finalise_entries(db, forum):
    return db.execute("SELECT after_json FROM audit_log WHERE forum_id = ? AND action = "
                      "'forum.finalise'", [forum["id"]]).fetchall()


def test_the_open_items_of_the_record(db, closed):
    forum, _inputs = closed
    assert lifecycle.open_items(db, forum["id"]) == {"pending": 1, "undecided": 4}


def test_finalising_an_incomplete_record_is_refused_and_changes_nothing(db, closed):
    forum, _inputs = closed
    with pytest.raises(DomainError) as refused:
        lifecycle.transition(db, forum, "finalise", None)
    assert refused.value.status == 409 and refused.value.field == "accept_open"
    assert refused.value.message.startswith(
        "Catatan belum lengkap: 4 masukan belum diputuskan; 1 masukan belum dimoderasi.")
    after = forums.get(db, forum["id"])
    assert (after["status"], after["finalised_utc"], after["finalised_undecided"]) == ("closed", None, None)
    assert finalise_entries(db, forum) == []


@pytest.mark.office
def test_accepted_finalising_keeps_what_was_open_and_the_berita_acara_says_it(db, closed, tmp_path):
    forum, _inputs = closed
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    after = forums.get(db, forum["id"])
    assert after["status"] == "finalised"
    assert (after["finalised_pending"], after["finalised_undecided"]) == (1, 4)
    (entry,) = finalise_entries(db, forum)
    assert json.loads(entry[0]) == {"status": "finalised", "pending": 1, "undecided": 4,
                                    "accepted_open": True}
    model = minutes.assemble(db, after)
    assert model["open_at_finalisation"] == SAID
    texts = [p.text for p in docx.Document(io.BytesIO(docx_export.berita_acara(model))).paragraphs]
    assert SAID in texts
    assert " ".join(SAID.split()) in " ".join(pdf_text(pdf_export.berita_acara_pdf(model), tmp_path).split())


def test_a_complete_record_finalises_without_asking_and_the_berita_acara_says_nothing(db):
    forum = factories.forum(db)
    person = factories.join(db, forum, "Siti Aminah", "media")
    said = factories.say(db, forum, person, forums.services(db, forum["id"])[0],
                         forums.aspects(db, forum["id"])[0], "Jam layanan diperpanjang.")
    factories.say(db, forum, person, forums.services(db, forum["id"])[0],
                  forums.aspects(db, forum["id"])[0], "Disembunyikan.", status="hidden")
    responses.save_response(db, forum, said["id"], None, response="Disetujui.", decision="accepted")
    lifecycle.transition(db, forums.get(db, forum["id"]), "close", None)
    lifecycle.transition(db, forums.get(db, forum["id"]), "finalise", None)
    after = forums.get(db, forum["id"])
    assert (after["status"], after["finalised_pending"], after["finalised_undecided"]) == ("finalised", 0, 0)
    (entry,) = finalise_entries(db, after)
    assert json.loads(entry[0])["accepted_open"] is False
    model = minutes.assemble(db, after)
    assert model["open_at_finalisation"] == ""
    assert not any("difinalkan" in p.text for p in
                   docx.Document(io.BytesIO(docx_export.berita_acara(model))).paragraphs)


@pytest.fixture
def told(db):
    """The events told to subscribers (live.py) during a test."""
    heard = []
    events.subscribe(heard.append)
    yield heard
    events._subscribers.remove(heard.append)


def entries(db, forum, action):
    return [(json.loads(before), json.loads(after)) for before, after in db.execute(
        "SELECT before_json, after_json FROM audit_log WHERE forum_id = ? AND action = ?",
        [forum["id"], f"forum.{action}"]).fetchall()]


def test_a_closed_forum_reopens_paused_audited_and_told(db, closed, told):
    forum, _inputs = closed
    lifecycle.transition(db, forum, "reopen", None)
    after = forums.get(db, forum["id"])
    assert after["status"] == "paused"
    assert entries(db, forum, "reopen") == [({"status": "closed"}, {"status": "paused"})]
    assert [(e.name, e.data) for e in told] == [("forum_status_changed", {"status": "paused"})]
    # from paused the moderator opens it again with one click, and phones may send
    lifecycle.transition(db, after, "open", None)
    assert forums.get(db, forum["id"])["status"] == "open"


@pytest.mark.parametrize("status", ["draft", "open", "paused", "finalised", "published"])
def test_only_a_closed_forum_reopens(db, status):
    forum = factories.forum(db, status=status)
    with pytest.raises(DomainError) as refused:
        lifecycle.transition(db, forum, "reopen", None)
    assert refused.value.status == 409 and forums.get(db, forum["id"])["status"] == status


def test_unfinalising_needs_a_reason_and_changes_nothing_without_one(db, closed):
    forum, _inputs = closed
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    final = forums.get(db, forum["id"])
    for reason in ("", "   \n ", "\u200b"):
        with pytest.raises(DomainError) as refused:
            lifecycle.transition(db, final, "unfinalise", None, reason=reason)
        assert refused.value.field == "reason"
        assert refused.value.message == ("Tulis alasan catatan dibuka kembali; alasan itu "
                                         "disimpan di log audit.")
    with pytest.raises(DomainError):
        lifecycle.transition(db, final, "unfinalise", None, reason="x" * (lifecycle.MAX_REASON + 1))
    assert dict(forums.get(db, forum["id"])) == dict(final)
    assert entries(db, forum, "unfinalise") == []


def test_unfinalising_opens_the_record_again_and_forgets_the_finalisation(db, closed, told):
    forum, inputs = closed
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    final = forums.get(db, forum["id"])
    told.clear()
    lifecycle.transition(db, final, "unfinalise", None, reason="  Penanda tangan media keliru. ")
    after = forums.get(db, forum["id"])
    assert (after["status"], after["finalised_utc"], after["finalised_pending"],
            after["finalised_undecided"]) == ("closed", None, None, None)
    (entry,) = entries(db, forum, "unfinalise")
    assert entry == ({"status": "finalised", "finalised_utc": final["finalised_utc"], "finalised_pending": 1,
                      "finalised_undecided": 4},
                     {"status": "closed", "reason": "Penanda tangan media keliru."})
    assert [(e.name, e.data) for e in told] == [("forum_status_changed", {"status": "closed"})]
    # the record is editable again, and the Berita Acara no longer says what was open
    responses.save_response(db, after, inputs["approved_info"]["id"], None, response="Ya.", decision="accepted")
    assert minutes.assemble(db, after)["open_at_finalisation"] == ""
    # finalising again counts again
    lifecycle.transition(db, after, "finalise", None, accept_open=True)
    again = forums.get(db, forum["id"])
    assert (again["finalised_pending"], again["finalised_undecided"]) == (1, 3)


def test_a_published_forum_is_not_unfinalised_nor_reopened(db, closed):
    forum, _inputs = closed
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    lifecycle.transition(db, forums.get(db, forum["id"]), "publish", None)
    published = forums.get(db, forum["id"])
    for action in ("unfinalise", "reopen"):
        with pytest.raises(DomainError) as refused:
            lifecycle.transition(db, published, action, None, reason="Salah ketik.")
        assert refused.value.status == 409
    assert forums.get(db, forum["id"])["status"] == "published"
