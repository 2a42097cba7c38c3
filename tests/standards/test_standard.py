"""The revised standard: a final text per service × component, kept as drafted or revised,
linked to the inputs that led to it; refused once the record is final; complete when all
fourteen components of every service have a text; each accepted input shows where it is cited."""
import pytest

from fkp.errors import DomainError
from fkp.forums import forums, lifecycle
from fkp.standards import citations, comparison, texts
from fkp.vocabulary import ALL_COMPONENTS
from tests.helpers import factories


@pytest.fixture
def built(db):
    """full_record's closed forum: three services, the six delivery components consulted, a
    draft "KTP dan surat permohonan" for Persyaratan; answered inputs."""
    forum, inputs = factories.full_record(db)
    return forum, inputs, forums.services(db, forum["id"])


def entry(db, forum, service, code):
    return texts.entry(db, forum["id"], service["id"], code)[1]


def test_the_standard_has_fourteen_components_per_service_in_order(db, built):
    forum, _inputs, services = built
    standard = texts.standard(db, forum["id"])
    assert [part["service"]["id"] for part in standard] == [s["id"] for s in services]
    first = standard[0]["components"]
    assert [e["code"] for e in first] == ALL_COMPONENTS
    assert {e["state"] for part in standard for e in part["components"]} == {"not_started"}
    assert first[0]["draft"] == "KTP dan surat permohonan" and first[0]["consulted"]
    assert first[6]["code"] == "legal_basis" and not first[6]["consulted"] and first[6]["draft"] == ""


def test_save_a_revised_text_with_the_inputs_that_led_to_it(db, built):
    forum, inputs, services = built
    accepted = inputs["approved_info"]["id"]  # on service 0, accepted
    saved = texts.save(db, forum, services[0]["id"], "procedure", None,
                       text="  Permohonan dapat diajukan daring melalui formulir.  ", input_ids=[accepted, accepted])
    assert saved["state"] == "revised" and saved["final"] == "Permohonan dapat diajukan daring melalui formulir."
    assert [(i["id"], i["decision"]) for i in saved["inputs"]] == [(accepted, "accepted")]
    assert saved["inputs"][0]["response"] == "Tanggapan untuk approved_info."
    # saved again: the links replace the old ones, the text is updated, the audit log keeps both
    saved = texts.save(db, forum, services[0]["id"], "procedure", None, text="Daring dan luring.", input_ids=[])
    assert (saved["final"], saved["inputs"]) == ("Daring dan luring.", [])
    logged = db.execute("SELECT before_json, after_json FROM audit_log WHERE action = 'standard.save' "
                        "ORDER BY id").fetchall()
    assert len(logged) == 2 and logged[0][0] is None and str(accepted) in logged[1][0]


def test_kept_as_drafted_copies_the_draft_and_says_so(db, built):
    forum, _inputs, services = built
    kept = texts.save(db, forum, services[1]["id"], "requirements", None, text="ignored", state="kept_as_drafted")
    assert (kept["state"], kept["final"]) == ("kept_as_drafted", "KTP dan surat permohonan")
    # a "revised" text that is the draft is what it is: kept as drafted
    same = texts.save(db, forum, services[2]["id"], "requirements", None, text="KTP dan surat permohonan\n")
    assert same["state"] == "kept_as_drafted"
    # an internal component has no draft: it can be written, not kept
    with pytest.raises(DomainError, match="tidak memiliki rancangan"):
        texts.save(db, forum, services[0]["id"], "legal_basis", None, state="kept_as_drafted")
    internal = texts.save(db, forum, services[0]["id"], "legal_basis", None,
                          text="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.")
    assert internal["state"] == "revised" and not internal["consulted"]


def test_links_must_be_record_inputs_of_this_forum_and_service(db, built):
    forum, inputs, services = built
    other_forum = factories.forum(db)
    stranger = factories.say(db, other_forum, factories.join(db, other_forum, "Orang Lain", "media"),
                             forums.services(db, other_forum["id"])[0], forums.aspects(db, other_forum["id"])[0],
                             "Masukan forum lain.")
    refused = [inputs["approved_data"]["id"],  # service 2, not service 0
               inputs["hidden"]["id"],  # hidden: not in the record
               inputs["duplicate"]["id"],  # merged into approved_info: cite the kept input
               stranger["id"], 999999]
    for comment_id in refused:
        with pytest.raises(DomainError, match="bukan masukan") as e:
            texts.save(db, forum, services[0]["id"], "requirements", None, text="Baru.", input_ids=[comment_id])
        assert e.value.field == "inputs"
    assert texts.completeness(db, forum["id"])["written"] == 0  # nothing was written
    for wrong in ((services[0]["id"], "colour"), (forums.services(db, other_forum["id"])[0]["id"], "fee")):
        with pytest.raises(DomainError) as e:
            texts.save(db, forum, *wrong, None, text="Baru.")
        assert e.value.status == 404
    with pytest.raises(DomainError, match="Tulis teks akhir"):
        texts.save(db, forum, services[0]["id"], "fee", None, text="  \n ")


def test_refused_once_the_record_is_final_and_open_again_when_unfinalised(db, built):
    forum, _inputs, services = built
    texts.save(db, forum, services[0]["id"], "fee", None, text="Tidak dipungut biaya.")
    lifecycle.transition(db, forum, "finalise", None, accept_open=True)
    final = forums.get(db, forum["id"])
    with pytest.raises(DomainError, match="final") as e:
        texts.save(db, final, services[0]["id"], "fee", None, text="Terlambat.")
    assert e.value.status == 409
    with pytest.raises(DomainError, match="final"):  # a request that read the forum before it was final
        texts.save(db, forum, services[0]["id"], "fee", None, text="Terlambat.")
    assert entry(db, forum, services[0], "fee")["final"] == "Tidak dipungut biaya."
    lifecycle.transition(db, final, "unfinalise", None, reason="Teks standar belum lengkap.")
    texts.save(db, forums.get(db, forum["id"]), services[0]["id"], "fee", None, text="Gratis.")
    assert entry(db, forum, services[0], "fee")["final"] == "Gratis."


def test_completeness_counts_services_times_fourteen(db, built):
    forum, _inputs, services = built
    assert texts.completeness(db, forum["id"]) == {"written": 0, "of": 42, "revised": 0, "kept": 0}
    texts.save(db, forum, services[0]["id"], "requirements", None, state="kept_as_drafted")
    texts.save(db, forum, services[0]["id"], "fee", None, text="Gratis.")
    texts.save(db, forum, services[0]["id"], "fee", None, text="Tidak dipungut biaya.")  # the same one again
    assert texts.completeness(db, forum["id"]) == {"written": 2, "of": 42, "revised": 1, "kept": 1}


def test_each_accepted_input_shows_which_text_cites_it_or_why_not_yet(db, built):
    forum, inputs, services = built
    info, data, hostile = (inputs[k]["id"] for k in ("approved_info", "approved_data", "hostile"))

    def not_yet():
        return {row["id"]: (row["not_yet"], [(p["service_name"], p["name"]) for p in row["cited_in"]])
                for row in citations.accepted(db, forum["id"])}
    before = not_yet()
    assert set(before) == {info, data, hostile}  # accepted and partly accepted only
    assert before[info] == ("text_not_written", [])
    texts.save(db, forum, services[0]["id"], "procedure", None, text="Lain.")  # written, not citing it
    assert not_yet()[info] == ("not_cited", [])
    texts.save(db, forum, services[0]["id"], "duration", None, text="Lima hari kerja.", input_ids=[info])
    texts.save(db, forum, services[0]["id"], "requirements", None, text="KTP saja.", input_ids=[info])
    assert not_yet()[info] == (None, [(factories.SERVICES[0], "Persyaratan"),
                                      (factories.SERVICES[0], "Jangka waktu pelayanan")])
    assert citations.cited_in(db, forum["id"])[info][0]["component"] == "requirements"
    assert not_yet()[data] == ("text_not_written", [])


def test_the_comparison_table_gives_draft_final_and_reasons_in_indonesian(db, built):
    forum, inputs, services = built
    info = inputs["approved_info"]["id"]
    texts.save(db, forum, services[0]["id"], "requirements", None, text="KTP saja.", input_ids=[info])
    texts.save(db, forum, services[0]["id"], "fee", None, state="revised", text="Gratis.")
    table = comparison.comparison(db, forum["id"])
    assert [t["service"] for t in table] == factories.SERVICES
    rows = table[0]["rows"]
    assert len(rows) == 14 and [r["component"] for r in rows] == ALL_COMPONENTS
    assert rows[0] == {
        "component": "requirements", "name": "Persyaratan", "delivery": True, "consulted": True,
        "draft": "KTP dan surat permohonan", "final": "KTP saja.", "state": "revised", "state_label": "Diubah",
        "reasons": [{"id": info, "text": "Sediakan formulir permohonan informasi secara daring.",
                     "decision": "accepted", "decision_label": "Diterima",
                     "response": "Tanggapan untuk approved_info."}]}
    assert (rows[3]["draft"], rows[3]["final"], rows[3]["reasons"]) == ("", "Gratis.", [])
    assert rows[6]["state_label"] == "Belum ditulis" and not rows[6]["delivery"]
    assert table[1]["rows"][0]["state"] == "not_started"
