"""A forum's groups of similar inputs as the database holds them (fkp/inputs/groups.py), and
the moderator's commands that act on a group: merge it in one change, undo a merge."""
import pytest

from fkp import audit, events
from fkp.errors import DomainError
from fkp.forums import display, forums
from fkp.inputs import comments, groups, moderation
from fkp.inputs.similarity import Grouper
from fkp.people import participants
from fkp.serve import demo
from fkp.store.db import connect

SLOW = ["Waktu pelayanan 10 hari kerja terlalu lama, mohon dipercepat",
        "10 hari kerja terlalu lama, mohon dipercepat",
        "Jangka waktu 10 hari kerja terlalu lama"]
OTHER = "Petugas loket sangat ramah dan sopan"


@pytest.fixture
def told():
    """The events published while a test runs."""
    heard = []
    events.subscribe(heard.append)
    yield heard
    events._subscribers.remove(heard.append)


@pytest.fixture
def setup(db):
    forum = forums.get_by_code(db, demo.create(db))
    s, a = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    count = iter(range(10**6))

    def say(text, service=0, aspect=0, forum_row=None, approve=False):
        f = forum_row or forum
        who = participants.join(db, f, name=f"Warga {next(count)}", institution="RT 1", group="media",
                                consent=True)[0]
        ss, aa = forums.services(db, f["id"]), forums.aspects(db, f["id"])
        c, _ = comments.submit(db, f, who, service_id=ss[service]["id"], aspect_id=aa[aspect]["id"],
                               kind="suggestion", text=text, client_id=f"g{next(count)}")
        return moderation.approve(db, f, c["id"], None) if approve else c
    return forum, s, a, say


def fresh(db, forum_id):
    """The groups a fresh build of the same inputs gives, per cell (Grouper's own numbering)."""
    rows = db.execute("SELECT id, service_id, aspect_id, text FROM comments WHERE forum_id = ? AND "
                      "merged_into_id IS NULL AND service_id IS NOT NULL ORDER BY id", [forum_id]).fetchall()
    return Grouper().build(rows)


def same_groups(a, b, cells):
    return all([g["members"] for g in a.groups(*cell)] == [g["members"] for g in b.groups(*cell)]
               for cell in cells)


def test_inputs_added_as_they_arrive_group_as_a_fresh_build_does(db, setup):
    forum, s, a, say = setup
    texts = SLOW + [OTHER, "Petugas ramah dan sopan sekali", "Biaya gratis, sudah sesuai"]
    cells = [(s[0]["id"], a[0]["id"]), (s[1]["id"], a[0]["id"])]
    for n, text in enumerate(texts):
        say(text, service=n % 2)
        grouper = groups.for_forum(db, forum["id"])  # one more input each time: an add, not a rebuild
        assert same_groups(grouper, fresh(db, forum["id"]), cells)
    assert groups.for_forum(db, forum["id"]) is grouper  # nothing changed: the same one


def test_an_input_grouped_as_it_arrives_is_added_not_rebuilt(db, setup):
    forum, s, a, say = setup
    first = [say(t) for t in SLOW[:2]]
    before = groups.for_forum(db, forum["id"])
    third = say(SLOW[2])
    after = groups.for_forum(db, forum["id"])
    assert after is before and after.group_of(third["id"]) == after.group_of(first[0]["id"])
    moderation.approve(db, forum, third["id"], None)  # a change that moves no input
    assert groups.for_forum(db, forum["id"]) is before


def test_the_helpers_name_a_group_by_its_earliest_member(db, setup):
    forum, s, a, say = setup
    other = say(OTHER)
    slow = [say(t) for t in SLOW]
    found = groups.groups(db, forum["id"], s[0]["id"], a[0]["id"])
    assert [g["members"] for g in found] == [[c["id"] for c in slow]]  # min_size 2: OTHER is alone
    assert found[0]["id"] == slow[0]["id"] and found[0]["size"] == 3
    assert found[0]["representative"]["input_id"] in found[0]["members"]
    assert len(groups.groups(db, forum["id"], s[0]["id"], a[0]["id"], min_size=1)) == 2
    assert groups.members_with(db, forum["id"], slow[2]["id"]) == [c["id"] for c in slow]
    assert groups.members_with(db, forum["id"], other["id"]) == [other["id"]]
    assert groups.members_with(db, forum["id"], 10**9) == []


def test_a_correction_rebuilds_and_moves_the_input(db, setup):
    forum, s, a, say = setup
    slow = [say(t) for t in SLOW]
    other = say(OTHER)
    before = groups.for_forum(db, forum["id"])
    moderation.correct(db, forum, other["id"], None, text="Waktu 10 hari kerja terlalu lama, mohon dipercepat")
    after = groups.for_forum(db, forum["id"])
    assert after is not before  # rebuilt
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [c["id"] for c in slow] + [other["id"]]
    # its service corrected: it leaves the group for the other service's
    moderation.correct(db, forum, slow[1]["id"], None, service_id=s[1]["id"])
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [slow[0]["id"], slow[2]["id"], other["id"]]
    assert [g["members"] for g in groups.groups(db, forum["id"], s[1]["id"], a[0]["id"], min_size=1)] == [
        [slow[1]["id"]]]
    assert same_groups(groups.for_forum(db, forum["id"]), fresh(db, forum["id"]),
                       [(s[0]["id"], a[0]["id"]), (s[1]["id"], a[0]["id"])])


def test_a_merged_input_leaves_its_group_and_comes_back_when_unmerged(db, setup):
    forum, s, a, say = setup
    slow = [say(t) for t in SLOW]
    ids = [c["id"] for c in slow]
    moderation.merge(db, forum, ids[1], ids[0], None)
    assert groups.members_with(db, forum["id"], ids[0]) == [ids[0], ids[2]]
    # a merged input belongs with the one it was merged into
    assert groups.members_with(db, forum["id"], ids[1]) == [ids[0], ids[2]]
    moderation.unmerge(db, forum, ids[1], None)
    assert groups.members_with(db, forum["id"], ids[0]) == ids


def test_two_forums_are_grouped_apart(db, setup):
    forum, s, a, say = setup
    other_forum = forums.get_by_code(db, demo.create(db))
    here = [say(t) for t in SLOW]
    there = [say(t, forum_row=other_forum) for t in SLOW[:2]]
    assert groups.members_with(db, forum["id"], here[0]["id"]) == [c["id"] for c in here]
    assert groups.members_with(db, other_forum["id"], there[0]["id"]) == [c["id"] for c in there]
    assert groups.members_with(db, other_forum["id"], here[0]["id"]) == []
    moderation.correct(db, forum, here[0]["id"], None, text=OTHER)  # a rebuild here, none there
    kept = groups.for_forum(db, other_forum["id"])
    groups.for_forum(db, forum["id"])
    assert groups.for_forum(db, other_forum["id"]) is kept


def test_it_follows_what_another_connection_writes(app, db, setup):
    """Another process writing the same file: only the database tells this one."""
    forum, s, a, say = setup
    slow = [say(t) for t in SLOW[:2]]
    other = say(OTHER)
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [c["id"] for c in slow]
    elsewhere = connect(app.config["DATABASE"])
    try:
        moderation.correct(elsewhere, forum, other["id"], None, text=SLOW[2])
        moderation.merge(elsewhere, forum, slow[1]["id"], slow[0]["id"], None)
    finally:
        elsewhere.close()
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [slow[0]["id"], other["id"]]


def test_memory_is_bounded(db, setup, monkeypatch):
    forum, s, a, say = setup
    monkeypatch.setattr(groups, "MAX_FORUMS", 2)
    made = [forums.get_by_code(db, demo.create(db)) for _ in range(3)]
    for f in made:
        groups.for_forum(db, f["id"])
    assert len(groups._forums) == 2 and [key[1] for key in groups._forums] == [f["id"] for f in made[1:]]
    monkeypatch.setattr(groups, "IDLE_SECONDS", -1)  # every forum has been idle too long
    groups.for_forum(db, forum["id"])
    assert [key[1] for key in groups._forums] == [forum["id"]]


def test_similar_to_reads_the_members_from_the_database(db, setup):
    forum, s, a, say = setup
    slow = [say(t, approve=n == 0) for n, t in enumerate(SLOW)]
    found = groups.similar_to(db, forum["id"], slow[1]["id"])
    assert found["id"] == slow[0]["id"] and found["size"] == 3
    assert [m["id"] for m in found["members"]] == [slow[0]["id"], slow[2]["id"]]
    assert found["members"][0]["status"] == "approved" and found["members"][1]["status"] == "pending"
    assert found["members"][0]["participant_name"] == slow[0]["participant_name"]
    assert found["members"][0]["text"] == SLOW[0]
    assert groups.similar_to(db, forum["id"], 10**9) is None


# --- merge_group and unmerge


def test_merge_group_merges_every_input_in_one_change(db, setup, told):
    forum, s, a, say = setup
    slow = [say(t, approve=True) for t in SLOW]
    seq = forums.get(db, forum["id"])["seq"]
    merged = moderation.merge_group(db, forum, slow[0]["id"], [slow[1]["id"], slow[2]["id"]], None)
    assert [m["merged_into_id"] for m in merged] == [slow[0]["id"]] * 2
    assert forums.get(db, forum["id"])["seq"] == seq + 1  # one change
    mine = [e for e in told if e.forum_id == forum["id"] and e.seq > seq]
    assert [e.name for e in mine] == ["comment_merged"] * 2 and {e.seq for e in mine} == {seq + 1}
    assert comments.get(db, slow[0]["id"])["merged_names"].count(",") == 1  # both credited
    entries = [e for e in audit.for_forum(db, forum["id"]) if e["action"] == "comment_merged"]
    assert sorted(int(e["subject"]) for e in entries) == sorted([slow[1]["id"], slow[2]["id"]])


@pytest.mark.parametrize("bad", ["unknown", "itself", "other forum"])
def test_merge_group_with_one_bad_id_merges_nothing(db, setup, bad):
    forum, s, a, say = setup
    slow = [say(t) for t in SLOW]
    wrong = {"unknown": 10**9, "itself": slow[0]["id"],
             "other forum": say(SLOW[0], forum_row=forums.get_by_code(db, demo.create(db)))["id"]}[bad]
    seq = forums.get(db, forum["id"])["seq"]
    with pytest.raises(DomainError):
        moderation.merge_group(db, forum, slow[0]["id"], [slow[1]["id"], wrong, slow[2]["id"]], None)
    assert forums.get(db, forum["id"])["seq"] == seq
    assert [comments.get(db, c["id"])["merged_into_id"] for c in slow] == [None] * 3


def test_merge_group_releases_the_highlighted_input(db, setup):
    forum, s, a, say = setup
    slow = [say(t, approve=True) for t in SLOW]
    display.set_mode(db, forum, "highlight", slow[2]["id"], None)
    moderation.merge_group(db, forum, slow[0]["id"], [slow[1]["id"], slow[2]["id"]], None)
    assert forums.get(db, forum["id"])["display_mode"] == "feed"


@pytest.mark.parametrize("status", ["approved", "pending", "hidden"])
def test_unmerge_gives_back_the_status_it_had(db, setup, told, status):
    forum, s, a, say = setup
    kept, duplicate = say(SLOW[0], approve=True), say(SLOW[1])
    if status == "approved":
        moderation.approve(db, forum, duplicate["id"], None)
    elif status == "hidden":
        moderation.hide(db, forum, duplicate["id"], None)
    moderation.merge(db, forum, duplicate["id"], kept["id"], None)
    assert comments.get(db, kept["id"])["merged_names"]
    back = moderation.unmerge(db, forum, duplicate["id"], None)
    assert back["status"] == status and back["merged_into_id"] is None
    assert comments.get(db, kept["id"])["merged_names"] is None
    event = [e for e in told if e.forum_id == forum["id"]][-1]
    assert event.name == "comment_unmerged" and event.data["into"]["id"] == kept["id"]
    assert audit.latest(db, forum["id"], "comment_unmerged", duplicate["id"])["after"]["status"] == status


def test_unmerge_refuses_an_input_not_merged(db, setup):
    forum, s, a, say = setup
    c = say(SLOW[0])
    seq = forums.get(db, forum["id"])["seq"]
    with pytest.raises(DomainError):
        moderation.unmerge(db, forum, c["id"], None)
    assert forums.get(db, forum["id"])["seq"] == seq


def test_what_no_seq_tells_is_found_by_the_count(db, setup):
    """A restored database, or a write that did not advance the seq: rebuilt, never stale."""
    forum, s, a, say = setup
    slow = [say(t) for t in SLOW]
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [c["id"] for c in slow]
    with db.atomic():  # merged behind the seq's back, then some other change
        db.execute("UPDATE comments SET merged_into_id = ? WHERE id = ?", [slow[0]["id"], slow[1]["id"]])
        db.execute("UPDATE forums SET seq = seq + 1 WHERE id = ?", [forum["id"]])
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [slow[0]["id"], slow[2]["id"]]
    with db.atomic():  # the seq went back (an older copy restored)
        db.execute("UPDATE comments SET merged_into_id = NULL WHERE id = ?", [slow[1]["id"]])
        db.execute("UPDATE forums SET seq = seq - 3 WHERE id = ?", [forum["id"]])
    assert groups.members_with(db, forum["id"], slow[0]["id"]) == [c["id"] for c in slow]


def test_threads_reading_while_inputs_arrive_see_whole_groups(app, db, setup):
    import threading
    forum, s, a, say = setup
    errors, done = [], threading.Event()

    def read():
        mine = connect(app.config["DATABASE"])
        try:
            while not done.is_set():
                for group in groups.groups(mine, forum["id"], s[0]["id"], a[0]["id"], min_size=1):
                    assert group["members"] == sorted(group["members"]) and group["id"] == group["members"][0]
        except Exception as e:  # noqa: BLE001 - handed to the test's thread
            errors.append(e)
        finally:
            mine.close()
    readers = [threading.Thread(target=read) for _ in range(3)]
    for r in readers:
        r.start()
    try:
        made = [say(SLOW[n % 3] + f" {n}") for n in range(30)]
        moderation.correct(db, forum, made[0]["id"], None, text=OTHER)
    finally:
        done.set()
        for r in readers:
            r.join()
    assert errors == []
    assert same_groups(groups.for_forum(db, forum["id"]), fresh(db, forum["id"]), [(s[0]["id"], a[0]["id"])])
