"""The minutes model: what every document writer lays out, built from a real forum."""
import json

import pytest

from fkp.forums import forums
from fkp.record import minutes
from tests.helpers import factories


@pytest.fixture
def scenario(db):
    forum, inputs = factories.scenario(db)
    return minutes.assemble(db, forum), inputs


def test_forum_details_are_written_out(scenario):
    model, _inputs = scenario
    forum = model["forum"]
    assert forum["title"] == factories.TITLE
    assert forum["date"] == "2025-09-04"
    assert forum["date_long"] == "Kamis, 4 September 2025"
    assert forum["date_in_words"] == (
        "hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima")
    assert (forum["mode"], forum["mode_label"]) == ("in_person", "Tatap muka")
    assert forum["venue"] == "bertempat di Kantor KPU Provinsi NTB, Mataram"
    assert forum["head_name"] == "Dr. Lalu Ahmad, S.H."
    assert (forum["time_zone"], forum["hours"]) == ("WITA", "09.00 WITA s.d. selesai")


def test_input_times_are_in_the_forums_time_zone(db):
    """Stored in UTC, written in the forum's zone: the one place documents get their times."""
    for zone, clock in (("WIB", "06.30 WIB"), ("WITA", "07.30 WITA"), ("WIT", "08.30 WIT")):
        forum = factories.forum(db, time_zone=zone, end_time="12.00")
        person = factories.join(db, forum, "Rina", "media")
        comment = factories.say(db, forum, person, forums.services(db, forum["id"])[0],
                                forums.aspects(db, forum["id"])[0], "Jam layanan diperpanjang.")
        with db.atomic():  # 23.30 UTC is the next morning in Indonesia
            db.execute("UPDATE comments SET created_utc = '2025-09-03T23:30:00+00:00' "
                       "WHERE id = ?", [comment["id"]])
        model = minutes.assemble(db, forums.get(db, forum["id"]))
        assert model["forum"]["hours"] == f"09.00 s.d. 12.00 {zone}"
        assert [i["clock"] for i in model["all_inputs"]] == [clock]


@pytest.mark.parametrize("mode, venue", [
    ("online", "secara daring melalui https://zoom.us/j/1"),
    ("hybrid", "bertempat di Aula KPU dan secara daring melalui https://zoom.us/j/1"),
])
def test_venue_follows_the_mode(db, mode, venue):
    forum = factories.forum(db, mode=mode, place="Aula KPU", online_url="https://zoom.us/j/1")
    assert minutes.assemble(db, forum)["forum"]["venue"] == venue


def test_services_and_aspects_in_forum_order(scenario):
    model, _inputs = scenario
    assert [s["name"] for s in model["services"]] == factories.SERVICES
    assert [a["label"] for a in model["aspects"]][:3] == [
        "Persyaratan", "Sistem, Mekanisme dan Prosedur", "Jangka Waktu"]


def test_attendance_counts_every_unsur_and_staff_apart(scenario):
    model, _inputs = scenario
    counts = model["attendance_counts"]
    assert [(r["code"], r["count"]) for r in counts["unsur"]] == [
        ("service_user", 1), ("expert", 0), ("agency", 1), ("civil_society", 1), ("media", 1)]
    assert counts["unsur"][1]["label"] == "Ahli / praktisi / akademisi"
    assert {k: counts["staff"][k] for k in ("code", "label", "count")} == {
        "code": "staff", "label": "Penyelenggara", "count": 1}
    assert [p["no"] for p in counts["staff"]["people"]] == [1]
    assert (counts["unsur_total"], counts["total"]) == (4, 5)
    assert [g["code"] for g in model["groups_present"]] == [
        "service_user", "agency", "civil_society", "media"]


def test_approved_inputs_grouped_by_service_then_aspect_order(scenario):
    model, inputs = scenario
    info, complaints, data = model["approved"]
    assert [s["service"]["name"] for s in model["approved"]] == factories.SERVICES
    # The procedure input was given first, but requirements come first in the standard.
    assert [g["aspect"]["label"] for g in info["aspects"]] == [
        "Persyaratan", "Sistem, Mekanisme dan Prosedur"]
    assert [g["inputs"][0]["id"] for g in info["aspects"]] == [
        inputs["approved_info_2"]["id"], inputs["approved_info"]["id"]]
    assert complaints["aspects"] == []
    shown = data["aspects"][0]["inputs"][0]
    assert shown["text"] == "Percepat pemutakhiran data pemilih disabilitas."
    assert (shown["kind_label"], shown["name"], shown["institution"], shown["group_label"]) == (
        "Apresiasi", "Made Wirawan", "JPPR NTB", "Organisasi masyarakat sipil")


def test_approved_leaves_out_pending_and_hidden(scenario):
    model, inputs = scenario
    approved_ids = {i["id"] for s in model["approved"] for g in s["aspects"] for i in g["inputs"]}
    assert approved_ids == {inputs[k]["id"] for k in ("approved_info", "approved_info_2",
                                                      "approved_data")}


def test_all_inputs_in_id_order_with_status_labels(scenario):
    model, inputs = scenario
    rows = model["all_inputs"]
    assert [r["id"] for r in rows] == sorted(c["id"] for c in inputs.values())
    by_id = {r["id"]: r for r in rows}
    assert by_id[inputs["pending"]["id"]]["status_label"] == "Menunggu"
    assert by_id[inputs["hidden"]["id"]]["status_label"] == "Disembunyikan"
    assert by_id[inputs["approved_info"]["id"]]["status_label"] == "Ditampilkan"
    first = by_id[inputs["approved_info"]["id"]]
    assert (first["service_name"], first["aspect_label"], first["group_label"]) == (
        factories.SERVICES[0], "Sistem, Mekanisme dan Prosedur", "Media massa")
    assert first["created_utc"]


def test_model_never_carries_contact_details(scenario):
    model, _inputs = scenario
    text = json.dumps(model, ensure_ascii=False)
    assert factories.PHONE not in text
    assert factories.EMAIL not in text
    assert '"contact"' not in text


def test_empty_forum_assembles(db):
    forum = factories.forum(db)
    model = minutes.assemble(db, forums.get(db, forum["id"]))
    assert model["attendance_counts"]["total"] == 0
    assert model["groups_present"] == [] and model["all_inputs"] == []
    assert all(s["aspects"] == [] for s in model["approved"])
