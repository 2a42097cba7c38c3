"""The database: durable settings on every connection, and append-only migrations."""
from fkp.store import db as fkp_db
from fkp.store import migrations


def test_connection_is_durable_and_strict(tmp_path):
    db = fkp_db.connect(tmp_path / "x.db")
    pragma = lambda name: db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL: a commit is on disk before we acknowledge
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000


def demo_before_m017(db, with_sample_input=False):
    """The demo forum as demo.create made it before m017 (no demo mark, no first-run record, no
    library entries), for the tests that fill a database migrated only part of the way."""
    from fkp.forums import forums
    from fkp.serve import demo
    forum_id = forums.create(db, **demo.FORUM, services=[{"name": name, "drafts": drafts}
                                                         for name, drafts in demo.SERVICES.items()])
    forum = forums.get(db, forum_id)
    services, aspects = forums.services(db, forum_id), forums.aspects(db, forum_id)
    forums.set_focus(db, forum, services[0]["id"], aspects[0]["id"])
    if with_sample_input:
        demo._add_sample_input(db, forums.get(db, forum_id), services, aspects)
    return forum["code"]


def names_from(first):
    """The names of every migration from `first` on, in order."""
    names = [m.name for m in migrations.migrations._migrations]
    return names[names.index(first):]


def test_migrations_apply_once_in_order(tmp_path):
    db = fkp_db.connect(tmp_path / "x.db")
    names = [m.name for m in migrations.migrations._migrations]
    assert names == sorted(names) and all(n[:1] == "m" and n[1:4].isdigit() for n in names)
    assert migrations.migrate(db) == names
    assert migrations.migrate(db) == []
    assert {"forums", "services", "aspects", "drafts", "participants", "comments", "users"} <= set(
        db.table_names())


def test_a_client_id_is_unique_per_participant(tmp_path):
    db = fkp_db.connect(tmp_path / "x.db")
    migrations.migrate(db)
    indexes = [i for i in db["comments"].indexes if i.unique]
    assert any(i.columns == ["participant_id", "client_id"] for i in indexes)


def test_m002_keeps_every_row_of_a_live_m001_database(tmp_path):
    db = fkp_db.connect(tmp_path / "m001.db")
    migrations.migrations.apply(db, stop_before="m002_run_the_forum")
    now = "2025-09-04T01:00:00+00:00"
    with db.atomic():  # an m001 database in use: written in m001's own shape
        db.execute("INSERT INTO forums (id, code, title, unit, date, status, created_utc) "
                   "VALUES (1, 'ACDEFH', 'FKP', 'KPU', '2025-09-04', 'open', ?)", [now])
        db.execute("INSERT INTO services (id, forum_id, name, position) VALUES (1, 1, 'Layanan', 0)")
        db.execute("INSERT INTO aspects (id, forum_id, component, name, label, position) "
                   "VALUES (1, 1, 'fee', 'Biaya/tarif', 'Biaya', 0)")
        db.execute("INSERT INTO drafts VALUES (1, 1, 'Gratis')")
        for pid in (1, 2):
            db.execute("INSERT INTO participants (id, forum_id, name, institution, group_code, "
                       "consent_utc, notice_version, token_hash, joined_utc) "
                       "VALUES (?, 1, 'Rina', 'JPPR', 'media', ?, 'v1', ?, ?)", [pid, now, f"h{pid}", now])
            db.execute("INSERT INTO comments (forum_id, service_id, aspect_id, participant_id, kind, "
                       "text, status, client_id, created_utc, seq) "
                       "VALUES (1, 1, 1, ?, 'question', 'Berapa biayanya?', 'approved', 'c', ?, ?)",
                       [pid, now, pid])
    before = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("forums", "participants", "comments", "services", "aspects", "drafts")}
    assert migrations.migrate(db)[0] == "m002_run_the_forum"
    after = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before and before["comments"] == 2
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT text, status, channel, answered FROM comments WHERE participant_id = 2"
                      ).fetchone() == ("Berapa biayanya?", "approved", "phone", 0)
    assert db.execute("SELECT display_mode FROM forums").fetchone() == ("feed",)


def test_audit_log_cannot_be_changed(db):
    import sqlite3

    import pytest
    db["audit_log"].insert({"action": "x", "created_utc": "now"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'y'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")


def test_m004_keeps_a_live_m003_database_and_dates_its_finalised_forums(tmp_path):
    import sqlite3

    import pytest
    db = fkp_db.connect(tmp_path / "m003.db")
    migrations.migrations.apply(db, stop_before="m004_data_safety")
    with db.atomic():  # an m003 database in use, written in its own shape
        for fid, status, date in ((1, "open", "2025-09-04"), (2, "finalised", "2025-08-01"),
                                  (3, "published", "2025-07-01")):
            db.execute("INSERT INTO forums (id, code, title, unit, date, status, created_utc) "
                       "VALUES (?, ?, 'FKP', 'KPU', ?, ?, '2025-01-01T00:00:00+00:00')",
                       [fid, f"ACDEF{fid}", date, status])
        db.execute("INSERT INTO participants (forum_id, name, institution, group_code, contact, "
                   "consent_utc, notice_version, token_hash, joined_utc) VALUES (2, 'Rina', 'JPPR', "
                   "'media', '0812', '2025-08-01', 'v1', 'h', '2025-08-01')")
        db["audit_log"].insert({"forum_id": 2, "action": "forum.finalise",
                                "created_utc": "2025-08-03T10:00:00+00:00"})
        db["audit_log"].insert({"forum_id": 2, "action": "participant.check_in", "subject": "1",
                                "after_json": '{"name": "Rina"}', "created_utc": "2025-08-01"})
    assert migrations.migrate(db) == names_from("m004_data_safety")
    assert db.execute("SELECT id, finalised_utc FROM forums ORDER BY id").fetchall() == [
        (1, None), (2, "2025-08-03T10:00:00+00:00"), (3, "2025-07-01T00:00:00+00:00")]
    assert db.execute("SELECT name, contact, deleted_utc FROM participants").fetchone() == \
        ("Rina", "0812", None)
    # The audit log may only have an entry's state erased; everything else stays refused.
    entry = "WHERE action = 'participant.check_in'"
    db.execute(f"UPDATE audit_log SET after_json = ? {entry}", [migrations.ERASED_JSON])
    assert db.execute(f"SELECT after_json, subject FROM audit_log {entry}").fetchone() == \
        (migrations.ERASED_JSON, "1")
    for change in ("after_json = '{\"name\": \"Ani\"}'", "action = 'x'", "subject = '2'",
                   "created_utc = 'now'", f"user_id = 1, after_json = '{migrations.ERASED_JSON}'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(f"UPDATE audit_log SET {change} {entry}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")


def test_m006_gives_every_existing_forum_a_time_zone_wib_until_changed(tmp_path):
    import sqlite3

    import pytest
    db = fkp_db.connect(tmp_path / "m005.db")
    migrations.migrations.apply(db, stop_before="m006_forum_time_zone")
    with db.atomic():
        db.execute("INSERT INTO forums (code, title, unit, date, start_time, created_utc) "
                   "VALUES ('ACDEF1', 'FKP', 'KPU Provinsi NTB', '2025-09-04', '09.00', 'x')")
    assert migrations.migrate(db) == names_from("m006_forum_time_zone")
    assert db.execute("SELECT time_zone, start_time FROM forums").fetchone() == ("WIB", "09.00")
    db.execute("UPDATE forums SET time_zone = 'WITA'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE forums SET time_zone = 'Asia/Makassar'")


def test_m008_group_counts_follow_every_write_to_participants(tmp_path):
    """The counts the triggers keep equal a count over the table, after joins, a completed
    group, a participant moved, one deleted and a whole forum deleted; and m008 counts the
    attendees a database already had."""
    db = fkp_db.connect(tmp_path / "x.db")
    migrations.migrations.apply(db, stop_before="m008_group_counts")
    now = "2025-09-04T01:00:00+00:00"

    def add_forum(fid):
        db.execute("INSERT INTO forums (id, code, title, unit, date, status, created_utc) "
                   f"VALUES ({fid}, 'CODE{fid}', 'FKP', 'KPU', '2025-09-04', 'open', ?)", [now])

    def add(pid, fid, group):
        db.execute("INSERT INTO participants (id, forum_id, name, institution, group_code, "
                   "consent_utc, notice_version, token_hash, joined_utc) "
                   "VALUES (?, ?, 'Rina', 'JPPR', ?, ?, 'v1', ?, ?)", [pid, fid, group, now, f"h{pid}", now])

    def counted():
        return sorted(db.execute("SELECT forum_id, group_code, n FROM group_counts WHERE n > 0").fetchall())

    def truth():
        return sorted(db.execute("SELECT forum_id, group_code, count(*) FROM participants "
                                 "WHERE group_code IS NOT NULL GROUP BY 1, 2").fetchall())
    with db.atomic():
        add_forum(1), add_forum(2)
        add(1, 1, "media"), add(2, 1, "media"), add(3, 1, None)
    assert migrations.migrate(db)[0] == "m008_group_counts"
    assert counted() == truth() == [(1, "media", 2)]
    with db.atomic():
        add(4, 1, "expert"), add(5, 2, "media"), add(6, 2, None)
    assert counted() == truth()
    db.execute("UPDATE participants SET group_code = 'agency' WHERE id = 3")  # a chat speaker completed
    db.execute("UPDATE participants SET group_code = 'expert' WHERE id = 1")
    db.execute("UPDATE participants SET forum_id = 2 WHERE id = 2")
    db.execute("UPDATE participants SET group_code = NULL WHERE id = 4")
    db.execute("UPDATE participants SET name = 'Dihapus' WHERE id = 5")  # no group change
    assert counted() == truth() == [(1, "agency", 1), (1, "expert", 1), (2, "media", 2)]
    db.execute("DELETE FROM participants WHERE id = 3")
    assert counted() == truth()
    db.execute("DELETE FROM comments")
    db.execute("DELETE FROM participants WHERE forum_id = 2")
    db.execute("DELETE FROM forums WHERE id = 2")
    assert counted() == truth() == [(1, "expert", 1)]


def inputs_as_m013_wrote_them(db, codes):
    """The demo's sample attendees and inputs in a database at m013: the inputs by SQL, in the
    columns m013 had (comments.submit writes columns added since, such as the receipt)."""
    from fkp.forums import forums
    from fkp.people import participants
    from fkp.serve import demo
    for code in codes:
        forum = forums.get_by_code(db, code)
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        people = [participants.join(db, forum, name=n, institution=i, group=g, consent=True)[0]
                  for n, i, g in demo.SAMPLE_PARTICIPANTS]
        for n, (who, svc, asp, kind, text) in enumerate(demo.SAMPLE_INPUTS):
            db.execute("INSERT INTO comments (forum_id, service_id, aspect_id, participant_id, kind, text, "
                       "status, client_id, created_utc, approved_utc, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [forum["id"], services[svc]["id"], aspects[asp]["id"], people[who]["id"], kind, text,
                        "approved" if n % 2 == 0 else "pending", f"sample-{n}", "2025-09-04T01:00:00+00:00",
                        "2025-09-04T01:05:00+00:00" if n % 2 == 0 else None, n + 1])
    db.conn.commit()


def test_m014_rebuilds_forums_for_the_cloud_keeping_every_row_key_and_trigger(tmp_path):
    """m014 rebuilds `forums` (SQLite cannot change its display_mode CHECK in place): on a
    database in use, with a forum in every old mode and everything that hangs off a forum, every
    row of every table stays as it was, the schema differs only in that CHECK, the foreign keys
    still act, and the old modes and the new one are accepted while others are still refused."""
    import sqlite3

    import pytest

    db = fkp_db.connect(tmp_path / "m013.db")
    migrations.migrations.apply(db, stop_before="m014_display_cloud")
    old_modes = ("join", "feed", "highlight", "chart", "closed")
    codes = [demo_before_m017(db) for _ in old_modes]
    inputs_as_m013_wrote_them(db, codes)
    with db.atomic():
        comment = db.execute("SELECT id FROM comments WHERE status = 'approved'").fetchone()[0]
        for code, mode in zip(codes, old_modes):
            db.execute("UPDATE forums SET display_mode = ?, display_sort = 'support', "
                       "highlight_comment_id = ? WHERE code = ?",
                       [mode, comment if mode == "highlight" else None, code])
        db.execute("INSERT INTO users (id, username, password_hash, role, created_utc) "
                   "VALUES (1, 'mod', 'x', 'moderator', 'now')")
        db.execute("INSERT INTO forum_staff SELECT id, 1 FROM forums")
        db["audit_log"].insert({"forum_id": 1, "action": "forum.open", "created_utc": "now"})

    def tables():
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'")]
        return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall() for t in names}

    def schema():
        return {(r[0], r[1]): r[2] for r in db.execute("SELECT type, name, sql FROM sqlite_master")}

    def keys():
        return {t: db.execute(f"PRAGMA foreign_key_list([{t}])").fetchall() for t in tables()}
    rows, before, fks = tables(), schema(), keys()
    assert len(rows["forums"]) == 5 and rows["comments"] and rows["group_counts"] and rows["audit_log"]

    later = names_from("m014_display_cloud")[1:]  # they change other tables: m014 alone here
    migrations.migrations.apply(db, stop_before=later[0] if later else None)
    assert [m.name for m in migrations.migrations.pending(db)] == later
    assert tables() == rows and keys() == fks
    after = schema()
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {("table", "forums")}
    assert after[("table", "forums")].replace(", 'cloud'))", "))") == \
        before[("table", "forums")].replace("CREATE TABLE forums", 'CREATE TABLE "forums"')
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    for mode in old_modes + ("cloud",):
        db.execute("UPDATE forums SET display_mode = ? WHERE id = 1", [mode])
    for bad in ("wordcloud", "Cloud", None):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE forums SET display_mode = ? WHERE id = 1", [bad])
    with pytest.raises(sqlite3.IntegrityError):  # the other CHECKs came along
        db.execute("UPDATE forums SET status = 'lost' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):  # and UNIQUE (code)
        db.execute("UPDATE forums SET code = ? WHERE id = 1", [codes[1]])
    # the forum's children still point at the rebuilt table: a deleted forum takes them along
    # (a forum with audit entries cannot be deleted at all: the log is append-only)
    db.execute("INSERT INTO forums (id, code, title, unit, date, created_utc, display_mode) "
               "VALUES (99, 'ZZZZZZ', 'FKP', 'KPU', '2025-09-04', 'now', 'cloud')")
    db.execute("INSERT INTO services (forum_id, name, position) VALUES (99, 'Layanan', 0)")
    db.execute("INSERT INTO forum_staff VALUES (99, 1)")
    db.execute("DELETE FROM forums WHERE id = 99")
    assert db.execute("SELECT count(*) FROM services WHERE forum_id = 99").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM forum_staff WHERE forum_id = 99").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):  # a child cannot point at a forum that is not there
        db.execute("INSERT INTO services (forum_id, name, position) VALUES (99, 'x', 0)")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM forums WHERE id = 1")
    assert tables()["comments"] == rows["comments"]
    # applied again (a crash between the rebuild and its record): nothing happens twice
    migrations.m014_display_cloud(db)
    assert schema()[("table", "forums")] == after[("table", "forums")]


def test_m014_refuses_to_rebuild_inside_an_open_transaction(tmp_path):
    """Inside a transaction PRAGMA foreign_keys cannot be turned off, and dropping the old table
    would then delete every forum's services and inputs through ON DELETE CASCADE."""
    import pytest

    db = fkp_db.connect(tmp_path / "m013.db")
    migrations.migrations.apply(db, stop_before="m014_display_cloud")
    inputs_as_m013_wrote_them(db, [demo_before_m017(db)])
    services = db.execute("SELECT count(*) FROM services").fetchone()
    with pytest.raises(RuntimeError, match="foreign keys off"), db.atomic():
        migrations.m014_display_cloud(db)
    assert db.execute("SELECT count(*) FROM services").fetchone() == services
    assert "'cloud'" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'forums'").fetchone()[0]


def test_nested_blocks_are_undone_alone_though_their_savepoints_share_a_name(tmp_path):
    db = fkp_db.connect(tmp_path / "t.db")
    db.execute("CREATE TABLE t (n INTEGER)")
    with db.atomic():
        db.execute("INSERT INTO t VALUES (1)")
        with db.atomic():
            db.execute("INSERT INTO t VALUES (2)")
            try:
                with db.atomic():
                    db.execute("INSERT INTO t VALUES (3)")
                    raise ValueError
            except ValueError:
                pass
            db.execute("INSERT INTO t VALUES (4)")
        try:
            with db.atomic():
                db.execute("INSERT INTO t VALUES (5)")
                with db.atomic():
                    db.execute("INSERT INTO t VALUES (6)")
                raise ValueError
        except ValueError:
            pass
    assert not db.conn.in_transaction
    assert [r[0] for r in db.execute("SELECT n FROM t ORDER BY n")] == [1, 2, 4]
