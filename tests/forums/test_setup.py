"""Preparing forums: definitions round-trip as JSON, copies start clean, structure rules."""
import json

import pytest

from fkp.errors import DomainError
from fkp.forums import forums, library, setup, structure
from fkp.inputs import comments
from fkp.people import participants
from fkp.serve import demo


@pytest.fixture
def source(db):
    forum = forums.get_by_code(db, demo.create(db, with_sample_input=True))
    return forum


def test_definition_round_trips_through_json(db, source):
    spec = setup.definition(db, source)
    assert spec["format"] == "fkp-forum-definition" and len(spec["services"]) == 6
    assert spec["services"][0]["drafts"]["duration"] == "3 hari kerja sejak berkas lengkap."
    new_id = setup.create_from_definition(db, setup.parse_definition(json.dumps(spec)), None)
    new = forums.get(db, new_id)
    assert new["status"] == "draft" and new["code"] != source["code"]
    again = setup.definition(db, new)
    assert again == spec
    assert participants.attendance(db, new_id) == [] and comments.for_moderator(db, new_id) == []
    assert {s["name"] for s in library.all_services(db)} == {s["name"] for s in spec["services"]}


def test_copy_keeps_the_definition_and_nothing_else(db, source):
    new = forums.get(db, setup.copy(db, source, None))
    assert new["title"].startswith("Salinan") and new["status"] == "draft"
    assert setup.definition(db, new)["services"] == setup.definition(db, source)["services"]
    assert comments.for_moderator(db, new["id"]) == []


def test_custom_guiding_questions_are_aspects(db):
    forum_id = forums.create(db, title="FGD KPU Mendengar", unit="KPU Kabupaten Jombang",
                             date="2020-07-23", mode="online", online_url="https://zoom.example/j/1",
                             services=[{"name": "SOP Pengaduan Masyarakat",
                                        "drafts": {"Bagaimana cara masyarakat mengajukan pengaduan?":
                                                   "Datang langsung atau surel."}}],
                             topics=["Jenis pengaduan apa yang dibutuhkan masyarakat?",
                                     "Bagaimana cara masyarakat mengajukan pengaduan?"])
    aspects = forums.aspects(db, forum_id)
    assert [a["component"] for a in aspects] == [None, None]
    assert list(forums.drafts(db, forum_id).values()) == ["Datang langsung atau surel."]
    spec = setup.definition(db, forums.get(db, forum_id))
    assert spec["components"] == [] and len(spec["topics"]) == 2


@pytest.mark.parametrize("raw, message", [
    (b"not json", "bukan JSON"),
    (b'{"format": "something-else"}', "bukan definisi forum"),
    (b'{"format": "fkp-forum-definition", "version": 9}', "versi lain"),
    (b'{"format": "fkp-forum-definition", "version": 1, "details": {}, "services": []}', "tidak sah"),
])
def test_bad_definitions_are_refused_with_a_reason(db, raw, message):
    with pytest.raises(DomainError, match=message):
        setup.parse_definition(raw)


def test_the_time_zone_travels_with_the_definition(db, source):
    spec = setup.definition(db, source)
    assert spec["details"]["time_zone"] == "WITA"  # the demo forum is in NTB
    new = forums.get(db, setup.create_from_definition(
        db, setup.parse_definition(json.dumps(spec)), None))
    assert new["time_zone"] == "WITA"
    # A file saved before forums had a time zone: WIB, like the forums of that time.
    del spec["details"]["time_zone"]
    assert setup.parse_definition(json.dumps(spec))["details"]["time_zone"] == "WIB"
    spec["details"]["time_zone"] = "Asia/Makassar"
    with pytest.raises(DomainError, match="tidak sah"):
        setup.parse_definition(json.dumps(spec))


def test_unknown_component_is_refused(db, source):
    spec = setup.definition(db, source)
    spec["components"].append("free_lunch")
    with pytest.raises(DomainError, match="komponen"):
        setup.parse_definition(json.dumps(spec))


def test_structure_changes_only_in_draft_and_keeps_drafts(db, source):
    with pytest.raises(DomainError):
        structure.replace(db, source, components=["fee"], topics=[], service_names=["X"], user_id=None)
    draft = forums.get(db, setup.copy(db, source, None))
    structure.replace(db, draft, components=["fee", "legal_basis"], topics=["Pertanyaan panduan"],
                      service_names=["Layanan Data Pemilih", "Layanan Baru"], user_id=None)
    aspects = forums.aspects(db, draft["id"])
    assert [a["label"] for a in aspects] == ["Biaya atau Tarif", "Dasar Hukum", "Pertanyaan panduan"]
    assert [s["name"] for s in forums.services(db, draft["id"])] == ["Layanan Data Pemilih", "Layanan Baru"]
    assert list(forums.drafts(db, draft["id"]).values()) == ["Tidak dipungut biaya."]


def test_drafts_can_be_polished_until_final(db, source):
    s, a = forums.services(db, source["id"])[0], forums.aspects(db, source["id"])[3]
    structure.save_drafts(db, source, {(s["id"], a["id"]): "Gratis."}, None)
    assert forums.drafts(db, source["id"])[f"{s['id']}:{a['id']}"] == "Gratis."
    with pytest.raises(DomainError):
        structure.save_drafts(db, source, {(s["id"], 99999): "x"}, None)
