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
