"""The moderator's queue (fkp/inputs/queue.py): filters that combine, search, paging by id."""
import pytest
from werkzeug.datastructures import MultiDict

from fkp.errors import DomainError
from fkp.forums import forums
from fkp.inputs import chat_import, moderation, queue
from tests.helpers import factories


def build(db):
    """A forum with inputs spread over services, aspects, kinds, statuses, groups and channels."""
    f = factories.forum(db)
    services, aspects = forums.services(db, f["id"]), forums.aspects(db, f["id"])
    siti = factories.join(db, f, "Siti Aminah", "media", "Lombok Post")
    made = factories.join(db, f, "Made Wirawan", "civil_society", "JPPR NTB")
    rows = [
        factories.say(db, f, siti, services[0], aspects[0], "Syarat KTP terlalu banyak", status="pending"),
        factories.say(db, f, made, services[0], aspects[0], "Waktu 10 hari terlalu lama", kind="criticism"),
        factories.say(db, f, siti, services[1], aspects[0], "Persyaratan sudah jelas", status="hidden"),
        factories.say(db, f, made, services[0], aspects[1], "Biaya harus gratis 100%_ya"),
    ]
    chat_import.import_chat(db, f, b"10:00:01 From Warga Zoom to Everyone:\n\tHalo semua.\n", None)
    return f, services, aspects, rows


def ids(db, forum, **args):
    items, _more = queue.page(db, forum["id"], queue.Filters.from_args(MultiDict(args)))
    return [c["id"] for c in items]


def test_filters_combine_and_count_what_they_show(db):
    f, services, aspects, rows = build(db)
    s0, a0 = str(services[0]["id"]), str(aspects[0]["id"])
    assert ids(db, f, service_id=s0, aspect_id=a0) == [rows[1]["id"], rows[0]["id"]]
    assert ids(db, f, service_id=s0, aspect_id=a0, status="pending") == [rows[0]["id"]]
    assert ids(db, f, service_id=s0, kind="criticism") == [rows[1]["id"]]
    assert ids(db, f, group="media", status="hidden") == [rows[2]["id"]]
    assert ids(db, f, group="civil_society", aspect_id=a0) == [rows[1]["id"]]
    [chat] = ids(db, f, channel="online")
    assert ids(db, f, service_id="none") == [chat]
    filters = queue.Filters.from_args(MultiDict({"service_id": s0}))
    assert queue.count(db, f["id"], filters) == 3


def test_search_finds_every_word_in_the_text_or_the_giver_and_takes_wildcards_literally(db):
    f, _services, _aspects, rows = build(db)
    assert ids(db, f, q="terlalu") == [rows[1]["id"], rows[0]["id"]]
    assert ids(db, f, q="TERLALU lama") == [rows[1]["id"]]  # every word, any case
    assert ids(db, f, q="lombok") == [rows[2]["id"], rows[0]["id"]]  # the institution
    assert ids(db, f, q="made terlalu") == [rows[1]["id"]]  # the name and the text together
    assert ids(db, f, q="100%_") == [rows[3]["id"]]
    assert ids(db, f, q="%") == [rows[3]["id"]]  # not "anything"
    assert ids(db, f, q="_") == [rows[3]["id"]]


def test_a_value_that_is_not_a_choice_reads_as_any(db):
    f, *_ = build(db)
    everything = ids(db, f)
    assert len(everything) == 5
    assert ids(db, f, status="deleted", kind="<script>", group="x", channel="y", service_id="-1",
               aspect_id="99999999999") == everything
    assert queue.Filters.from_args(MultiDict({"q": "  a  " + "b" * 200})).q == "a " + "b" * 98


def test_pages_follow_by_id_and_stay_right_while_input_arrives(db):
    f = factories.forum(db)
    service, aspect = forums.services(db, f["id"])[0], forums.aspects(db, f["id"])[0]
    who = factories.join(db, f, "Siti", "media")
    made = [factories.say(db, f, who, service, aspect, f"Masukan {n}", status="pending")["id"] for n in range(7)]
    first, more = queue.page(db, f["id"], queue.Filters(), size=3)
    assert [c["id"] for c in first] == made[:-4:-1] and more
    factories.say(db, f, who, service, aspect, "Baru datang", status="pending")  # arrives at the top
    second, more = queue.page(db, f["id"], queue.Filters(), before=first[-1]["id"], size=3)
    assert [c["id"] for c in second] == made[3:0:-1] and more
    third, more = queue.page(db, f["id"], queue.Filters(), before=second[-1]["id"], size=3)
    assert [c["id"] for c in third] == [made[0]] and not more


def test_counts_are_per_service_and_aspect(db):
    f, services, aspects, rows = build(db)
    counts = queue.cell_counts(db, f["id"])
    s0, s1, a0, a1 = services[0]["id"], services[1]["id"], aspects[0]["id"], aspects[1]["id"]
    assert counts == {f"{s0}:{a0}": 2, f"{s1}:{a0}": 1, f"{s0}:{a1}": 1}


def test_approving_or_hiding_several_is_one_change_and_all_or_nothing(db):
    f, services, aspects, rows = build(db)
    [chat] = ids(db, f, service_id="none")
    seq = forums.get(db, f["id"])["seq"]
    moderation.approve_many(db, f, [rows[0]["id"], rows[2]["id"]], None)
    assert forums.get(db, f["id"])["seq"] == seq + 1
    assert ids(db, f, status="approved") == [rows[3]["id"], rows[2]["id"], rows[1]["id"], rows[0]["id"]]
    with pytest.raises(DomainError, match="#999999"):
        moderation.hide_many(db, f, [rows[0]["id"], 999999], None)
    with pytest.raises(DomainError, match=f"#{chat}"):
        moderation.approve_many(db, f, [rows[1]["id"], chat], None)  # no service yet: refused
    assert ids(db, f, status="hidden") == []
    assert ids(db, f, status="pending") == [chat]
    assert forums.get(db, f["id"])["seq"] == seq + 1  # the refused ones changed nothing
