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
        assert [i["clock"] for i in model["running_record"]] == [clock]


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


def test_record_inputs_grouped_by_service_then_aspect_order(scenario):
    model, inputs = scenario
    info, complaints, data = model["record"]
    assert [s["service"]["name"] for s in model["record"]] == factories.SERVICES
    # The procedure input was given first, but requirements come first in the standard.
    assert [g["aspect"]["label"] for g in info["aspects"]] == [
        "Persyaratan", "Sistem, Mekanisme dan Prosedur"]
    assert [[i["id"] for i in g["inputs"]] for g in info["aspects"]] == [
        [inputs["approved_info_2"]["id"], inputs["pending"]["id"]], [inputs["approved_info"]["id"]]]
    assert complaints["aspects"] == []
    shown = data["aspects"][0]["inputs"][0]
    assert shown["text"] == "Percepat pemutakhiran data pemilih disabilitas."
    assert (shown["kind_label"], shown["name"], shown["institution"], shown["group_label"]) == (
        "Apresiasi", "Made Wirawan", "JPPR NTB", "Organisasi masyarakat sipil")


def test_the_record_holds_every_input_but_what_a_moderator_hid(scenario):
    """Shown on the projector or not, an input belongs to the record; a hidden one does not."""
    model, inputs = scenario
    record_ids = {i["id"] for s in model["record"] for g in s["aspects"] for i in g["inputs"]}
    assert record_ids == {inputs[k]["id"] for k in ("approved_info", "approved_info_2",
                                                    "approved_data", "pending")}
    assert [i["id"] for i in model["matrix"]] == [
        inputs[k]["id"] for k in ("approved_info_2", "pending", "approved_info", "approved_data")]
    assert [i["id"] for i in model["running_record"]] == [
        inputs[k]["id"] for k in ("approved_info", "approved_info_2", "approved_data", "pending")]
    assert model["hidden_count"] == 1


def test_an_input_never_moderated_is_undecided_in_the_record(scenario):
    model, inputs = scenario
    pending = next(i for i in model["matrix"] if i["id"] == inputs["pending"]["id"])
    assert (pending["status_label"], pending["decision"]) == ("Menunggu", None)
    assert model["record"][0]["decisions"] == {minutes.UNDECIDED: 3}


def test_hidden_input_reaches_only_the_staffs_own_list(db):
    """The official and public models carry no hidden text at all; the internal one lists it
    as hidden (the inputs CSV)."""
    forum, inputs = factories.scenario(db)
    hidden = "Masukan yang disembunyikan moderator."
    for audience in ("official", "public"):
        assert hidden not in json.dumps(minutes.assemble(db, forum, audience), ensure_ascii=False)
    internal = minutes.assemble(db, forum, "internal")
    assert [(i["text"], i["status_label"]) for i in internal["all_inputs"]
            if i["id"] == inputs["hidden"]["id"]] == [(hidden, "Disembunyikan")]


def test_input_without_a_service_is_in_the_record_as_not_yet_assigned(db):
    """Chat-imported input has no service or component until a moderator assigns them: it is
    in the record all the same, under "(belum ditentukan)" after the forum's own services."""
    from fkp.inputs import chat_import
    forum = factories.forum(db)
    chat_import.import_chat(db, forum, b"10:00:00 From Peserta Zoom to Everyone:\n\tLewat obrolan.\n", None)
    model = minutes.assemble(db, forums.get(db, forum["id"]))
    last = model["record"][-1]
    assert last["service"]["name"] == minutes.UNASSIGNED
    assert [(g["aspect"]["name"], [i["text"] for i in g["inputs"]]) for g in last["aspects"]] == [
        (minutes.UNASSIGNED, ["Lewat obrolan."])]
    assert [i["text"] for i in model["matrix"]] == ["Lewat obrolan."]
    assert [s["service"]["name"] for s in model["record"][:-1]] == factories.SERVICES


def test_attendees_without_a_group_are_listed_and_counted_as_not_yet_assigned(db):
    from fkp.inputs import chat_import
    forum = factories.forum(db)
    factories.join(db, forum, "Siti Aminah", "media")
    chat_import.import_chat(db, forum, b"10:00:00 From Peserta Zoom to Everyone:\n\tLewat obrolan.\n", None)
    counts = minutes.assemble(db, forums.get(db, forum["id"]))["attendance_counts"]
    assert (counts["no_group"]["label"], counts["no_group"]["count"]) == ("Unsur belum ditentukan", 1)
    assert [p["name"] for p in counts["no_group"]["people"]] == ["Peserta Zoom"]
    assert (counts["unsur_total"], counts["total"]) == (1, 2)


def test_what_was_open_at_finalisation_in_words():
    assert minutes.open_sentence(0, 0) == ""
    assert minutes.open_sentence(0, 12) == (
        "Pada saat berita acara ini difinalkan, 12 (dua belas) masukan belum mendapat keputusan.")
    assert minutes.open_sentence(3, 12) == (
        "Pada saat berita acara ini difinalkan, 12 (dua belas) masukan belum mendapat keputusan; "
        "3 (tiga) masukan belum dimoderasi.")


def test_all_inputs_in_id_order_with_status_labels(db):
    forum, inputs = factories.scenario(db)
    rows = minutes.assemble(db, forum, "internal")["all_inputs"]
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
    assert model["groups_present"] == [] and model["running_record"] == []
    assert all(s["aspects"] == [] for s in model["record"])
