"""The demo forum is marked as one, an admin can delete it or a draft (with every row of it),
no one else can, a forum that has run cannot be, and a deleted demo does not come back when
the server starts again; the demo fills the service library once."""
import re

import pytest
from flask_babel import force_locale, gettext

from fkp.forums import forums, library, removal
from fkp.inputs import comments, moderation, supports
from fkp.people import participants, users
from fkp.record import photos, responses, scans, statements
from fkp.serve import demo
from fkp.store import migrations
from fkp.store.db import connect, get_db
from fkp.store.migrations import ERASED_JSON
from tests.helpers.app import csrf_token

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")
OPEN_FORUM = dict(title="FKP Standar Pelayanan PPID", unit="KPU Kabupaten Jombang", date="2026-12-03",
                  services=[{"name": "Layanan Informasi Publik"}])


def indonesian(app, msgid, **values):
    with app.test_request_context(), force_locale("id"):
        text = gettext(msgid, **values)
    assert text != msgid % values if values else text != msgid, f"no Indonesian for {msgid!r}"
    return text


@pytest.fixture
def staff(app, actions, forum):
    """Logged-in clients: an admin, and a moderator and a note-taker assigned to the demo."""
    clients = {}
    for role in ("admin", "moderator", "notulis"):
        client = app.test_client()
        with app.app_context():
            user_id = users.create(get_db(), role, f"{role}-password", role)
            if role != "admin":
                users.assign(get_db(), forum["id"], user_id)
        r = client.post("/login", data={"username": role, "password": f"{role}-password",
                                        "csrf_token": csrf_token(client, "/login")})
        assert r.status_code == 302
        clients[role] = client
    return clients


def filled(app, forum):
    """The demo with something in every table a forum's rows live in: attendees, inputs
    (approved, supported, answered, merged), a conclusion and a signatory, a statement, a photo,
    a signed scan, assigned staff. Returns {table: ids} of the rows that hang off the forum
    without a forum_id of their own (drafts, supports, responses)."""
    with app.app_context():
        db = get_db()
        f = forums.get(db, forum["id"])
        service, aspect = forums.services(db, f["id"])[0], forums.aspects(db, f["id"])[0]
        people = [participants.join(db, f, name=f"Warga {n}", institution="RT 1", group="media",
                                    consent=True, contact="0812")[0] for n in range(3)]
        shown = []
        for n, person in enumerate(people[:2]):
            c, _ = comments.submit(db, f, person, service_id=service["id"], aspect_id=aspect["id"],
                                   kind="suggestion", text=f"Masukan {n}", client_id=f"c{n}")
            shown.append(moderation.approve(db, f, c["id"], None)["id"])
        supports.support(db, f, people[2], shown[0])
        responses.save_response(db, f, shown[0], None, response="Ya.", decision="accepted")
        responses.save_conclusion(db, f, None, "Kesimpulan forum.", None)
        responses.set_signatory(db, f, "media", people[0]["id"], None)
        statements.record(db, f, None, speaker="Ketua", text="Penjelasan.", client_id="s1")
        photos.add(db, f, "aula.png", PNG, "Aula", None)
        scans.keep(db, f, "daftar_hadir", "hadir.pdf", b"%PDF-1.4 hadir", None)
        return {"drafts": [r[0] for r in db.execute(
                    "SELECT d.service_id FROM drafts d JOIN services s ON s.id = d.service_id WHERE s.forum_id = ?",
                    [f["id"]])],
                "supports": [shown[0]], "responses": [shown[0]], "comments": shown}


def tables_with_forum_id(db):
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite%'")]
    return [t for t in names if "forum_id" in {c[1] for c in db.execute(f"PRAGMA table_info([{t}])")}]


def rows_of(db, forum_id):
    """{table: rows with this forum_id} for every table that has the column, found in the schema."""
    found = {t: db.execute(f"SELECT count(*) FROM [{t}] WHERE forum_id = ?", [forum_id]).fetchone()[0]
             for t in tables_with_forum_id(db)}
    found["forums"] = db.execute("SELECT count(*) FROM forums WHERE id = ?", [forum_id]).fetchone()[0]
    return found


# --- The mark

def test_the_demo_is_marked_and_other_forums_are_not(app, forum, staff):
    mark = indonesian(app, "Demo")
    with app.app_context():
        assert forums.get(get_db(), forum["id"])["demo"] == 1
        other = forums.get(get_db(), forums.create(get_db(), **OPEN_FORUM))
        assert other["demo"] == 0
    home = staff["admin"].get("/staff/").get_data(as_text=True)
    rows = {code: row for code, row in re.findall(r'<td class="code">(\w{6})</td>(.*?)</tr>', home, re.S)}
    assert mark in rows[forum["code"]] and mark not in rows[other["code"]]
    assert mark in staff["moderator"].get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    assert mark not in staff["admin"].get(f"/staff/forums/{other['code']}").get_data(as_text=True)
    assert mark in staff["moderator"].get(f"/staff/forums/{forum['code']}/attendance").get_data(as_text=True)


def test_attendees_and_the_projector_are_told_it_is_a_practice_forum(app, client, forum):
    note = indonesian(app, "This is a demo forum, for practice: what you write here is not part of an "
                           "official public consultation.")
    assert note in client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert indonesian(app, "Demo forum, for practice") in client.get(f"/d/{forum['code']}").get_data(as_text=True)
    with app.app_context():
        other = forums.get(get_db(), forums.create(get_db(), status="open", **OPEN_FORUM))
    assert note not in client.get(f"/j/{other['code']}").get_data(as_text=True)


# --- Deleting

def test_the_delete_button_is_shown_to_admins_of_a_demo_or_a_draft_only(app, forum, staff):
    page = f"/staff/forums/{forum['code']}"
    assert 'id="delete-forum"' in staff["admin"].get(page).get_data(as_text=True)
    assert 'id="delete-forum"' not in staff["moderator"].get(page).get_data(as_text=True)
    with app.app_context():
        draft = forums.get(get_db(), forums.create(get_db(), **OPEN_FORUM))
        ran = forums.get(get_db(), forums.create(get_db(), status="open", **OPEN_FORUM))
    assert 'id="delete-forum"' in staff["admin"].get(f"/staff/forums/{draft['code']}").get_data(as_text=True)
    assert 'id="delete-forum"' not in staff["admin"].get(f"/staff/forums/{ran['code']}").get_data(as_text=True)


def test_an_admin_deletes_the_demo_and_nothing_of_it_is_left(app, tmp_path, forum, staff):
    hanging = filled(app, forum)
    kept_document = tmp_path / "documents" / f"berita-acara-{forum['code']}.abc.docx"
    kept_document.parent.mkdir()
    kept_document.write_bytes(b"built")
    with app.app_context():
        before = rows_of(get_db(), forum["id"])
        logged = [r[0] for r in get_db().execute("SELECT id FROM audit_log WHERE forum_id = ?", [forum["id"]])]
    assert {t for t, n in before.items() if n} >= {
        "forums", "services", "aspects", "participants", "comments", "conclusions", "signatories", "photos",
        "signed_scans", "statements", "forum_staff", "group_counts", "audit_log"}
    admin, page = staff["admin"], f"/staff/forums/{forum['code']}/delete"
    confirm = admin.get(page)
    assert confirm.status_code == 200 and 'id="confirm-delete-forum"' in confirm.get_data(as_text=True)
    r = admin.post(page, data={"csrf_token": csrf_token(admin, page)})
    assert r.status_code == 302 and r.headers["Location"] == "/staff/"
    home = admin.get("/staff/").get_data(as_text=True)
    assert indonesian(app, "The forum %(code)s (%(title)s) was deleted.", code=forum["code"],
                      title=forum["title"]) in home.replace("&amp;", "&")
    with app.app_context():
        db = get_db()
        assert {t: n for t, n in rows_of(db, forum["id"]).items() if n} == {}
        assert db.execute("SELECT count(*) FROM drafts WHERE service_id IN (%s)" % ",".join(
            "?" * len(hanging["drafts"])), hanging["drafts"]).fetchone()[0] == 0
        for table in ("supports", "responses"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE comment_id = ?",
                              hanging[table]).fetchone()[0] == 0
        # The audit log keeps what happened, detached from the forum and without its states…
        entries = list(db.query("SELECT * FROM audit_log WHERE id IN (%s) ORDER BY id" % ",".join("?" * len(logged)),
                                logged))
        assert len(entries) == len(logged) and {e["action"] for e in entries} >= {"conclusion.save", "scan.keep"}
        assert all(e["forum_id"] is None and e["before_json"] in (None, ERASED_JSON)
                   and e["after_json"] in (None, ERASED_JSON) for e in entries)
        # …and says who deleted which forum.
        last = db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        last = dict(zip([c[0] for c in db.execute("SELECT * FROM audit_log LIMIT 0").description], last,
                        strict=True))
        assert (last["action"], last["subject"]) == ("forum.delete", forum["code"])
        assert last["user_id"] == db.execute("SELECT id FROM users WHERE username = 'admin'").fetchone()[0]
        assert forum["title"] in last["before_json"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert not kept_document.exists()
    assert admin.get(f"/staff/forums/{forum['code']}").status_code == 404


def test_an_admin_deletes_a_draft(app, staff):
    with app.app_context():
        draft = forums.get(get_db(), forums.create(get_db(), **OPEN_FORUM))
    admin, page = staff["admin"], f"/staff/forums/{draft['code']}/delete"
    assert admin.post(page, data={"csrf_token": csrf_token(admin, page)}).status_code == 302
    with app.app_context():
        assert forums.get(get_db(), draft["id"]) is None


@pytest.mark.parametrize("role", ["moderator", "notulis"])
def test_a_moderator_or_note_taker_may_not_delete(app, forum, staff, role):
    client, page = staff[role], f"/staff/forums/{forum['code']}/delete"
    assert client.get(page).status_code == 403
    r = client.post(page, data={"csrf_token": csrf_token(client, "/login")})
    assert r.status_code == 403
    with app.app_context():
        assert forums.get(get_db(), forum["id"]) is not None


def test_without_a_token_nothing_is_deleted(app, forum, staff):
    assert staff["admin"].post(f"/staff/forums/{forum['code']}/delete").status_code == 400
    with app.app_context():
        assert forums.get(get_db(), forum["id"]) is not None


@pytest.mark.parametrize("status", ["open", "paused", "closed", "finalised", "published"])
def test_a_forum_that_has_run_is_refused_with_a_reason_and_kept(app, staff, status):
    with app.app_context():
        ran = forums.get(get_db(), forums.create(get_db(), status=status, **OPEN_FORUM))
        before = rows_of(get_db(), ran["id"])
        audit_rows = get_db().execute("SELECT count(*) FROM audit_log").fetchone()[0]
    admin, page = staff["admin"], f"/staff/forums/{ran['code']}/delete"
    refusal = indonesian(app, "Only a draft forum or the demo forum can be deleted. This forum has already "
                              "run: its record is kept.")
    shown = admin.get(page)
    assert shown.status_code == 302 and shown.headers["Location"] == f"/staff/forums/{ran['code']}"
    r = admin.post(page, data={"csrf_token": csrf_token(admin, "/login")})
    assert r.status_code == 302 and r.headers["Location"] == f"/staff/forums/{ran['code']}"
    assert refusal in admin.get(r.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert rows_of(get_db(), ran["id"]) == before
        assert get_db().execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows


def test_the_domain_reads_the_status_again_before_deleting(app, forum):
    """A draft opened after its page was read is no longer deleted."""
    with app.app_context():
        db = get_db()
        draft = forums.get(db, forums.create(db, **OPEN_FORUM))
        db.execute("UPDATE forums SET status = 'open' WHERE id = ?", [draft["id"]])
        db.conn.commit()
        with pytest.raises(Exception) as refused:
            removal.remove(db, draft, None)
        assert getattr(refused.value, "status", None) == 409
        assert forums.get(db, draft["id"]) is not None


def test_the_audit_log_still_refuses_to_detach_an_entry_from_a_forum_that_exists(app, forum):
    import sqlite3
    with app.app_context():
        db = get_db()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit_log SET forum_id = NULL WHERE forum_id = ?", [forum["id"]])


# --- The first run

def test_serve_makes_the_demo_once_and_not_again_after_it_was_deleted(app):
    with app.app_context():
        db = get_db()
        code = demo.create_on_first_run(db)
        assert code is not None and demo.create_on_first_run(db) is None  # a restart
        first = forums.get_by_code(db, code)
        removal.remove(db, first, None)
        assert forums.all_forums(db) == []
        assert demo.create_on_first_run(db) is None  # the start after the deletion
        assert forums.all_forums(db) == []
        assert forums.get_by_code(db, demo.create(db))["demo"] == 1  # `python -m fkp demo` still does


def test_a_database_with_forums_from_before_is_past_its_first_run(tmp_path):
    """m017 records the first run as done on a database that already has forums, so deleting
    them all later does not bring a demo in."""
    db = connect(tmp_path / "old.db")
    migrations.migrations.apply(db, stop_before="m017_demo_and_forum_removal")
    db.execute("INSERT INTO forums (code, title, unit, date, created_utc, status) "
               "VALUES ('ACDEFH', 'Lama', 'Unit', '2026-01-01', '2026-01-01T00:00:00+00:00', 'draft')")
    db.conn.commit()
    migrations.migrate(db)
    removal.remove(db, forums.get_by_code(db, "ACDEFH"), None)
    assert demo.create_on_first_run(db) is None
    fresh = connect(tmp_path / "new.db")
    migrations.migrate(fresh)
    assert demo.create_on_first_run(fresh) is not None


def test_the_demo_puts_its_six_services_in_the_library_once(app):
    with app.app_context():
        db = get_db()
        assert library.all_services(db) == []
        first = forums.get_by_code(db, demo.create(db))
        second = forums.get_by_code(db, demo.create(db))
        entries = library.all_services(db)
        assert sorted(e["name"] for e in entries) == sorted(demo.SERVICES)
        by_name = {e["name"]: e["id"] for e in entries}
        for f in (first, second):
            linked = db.execute("SELECT name, library_id FROM services WHERE forum_id = ?", [f["id"]]).fetchall()
            assert {name: library_id for name, library_id in linked} == by_name


def test_a_copy_of_the_demo_is_an_ordinary_draft(app, forum):
    """An office may start its own forum from the demo: the copy is theirs, not a demo."""
    from fkp.forums import setup
    with app.app_context():
        copy = forums.get(get_db(), setup.copy(get_db(), forum, None))
        assert (copy["status"], copy["demo"]) == ("draft", 0)
