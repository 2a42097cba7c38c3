"""A restore puts back only what fkp's migrations make, and shows the staff accounts that
differ before it replaces anything. Real SQLite files, altered as someone holding the USB
stick could alter them."""
import sqlite3

import pytest

from fkp.errors import DomainError
from fkp.people import users
from fkp.store import backup, migrations, restore, schema
from fkp.store.db import connect
from tests.store.test_backup import NOW, count, fresh, refused

PASSWORD = "lumbung-padi-sembilan"


def saved_copy(tmp_path, database, name="saved.db"):
    saved = tmp_path / name
    backup.backup(database, saved)
    return saved


def altered(path, *statements):
    with sqlite3.connect(path) as conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def test_a_backup_with_an_added_trigger_is_refused_and_named(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    saved = saved_copy(tmp_path, database)
    altered(saved, "CREATE TRIGGER promote AFTER INSERT ON audit_log "
                   "BEGIN UPDATE users SET role = 'admin'; END")
    error = refused(tmp_path, saved, database)
    assert error.field == "file" and "trigger promote" in error.message


def test_a_backup_without_the_audit_logs_protection_is_refused(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    saved = saved_copy(tmp_path, database)
    altered(saved, "DROP TRIGGER audit_log_no_delete")
    assert "trigger audit_log_no_delete" in refused(tmp_path, saved, database).message
    # Replaced by a trigger of the same name that lets every update through: changed, refused.
    again = saved_copy(tmp_path, database, "again.db")
    altered(again, "DROP TRIGGER audit_log_no_update",
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN 0 "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    assert "trigger audit_log_no_update" in refused(tmp_path, again, database).message


def test_extra_tables_views_indexes_and_changed_definitions_are_refused(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    for n, sql in enumerate([
            "CREATE VIEW everyone AS SELECT name, contact FROM participants",
            "CREATE TABLE stash (x)",
            "CREATE INDEX users_role ON users(role)",
            "DROP INDEX comments_forum_seq",
            "ALTER TABLE users ADD COLUMN backdoor TEXT"]):
        saved = saved_copy(tmp_path, database, f"saved{n}.db")
        altered(saved, sql)
        refused(tmp_path, saved, database)
    # SQLite's own statistics (ANALYZE, PRAGMA optimize) only steer its planner: accepted.
    analysed = saved_copy(tmp_path, database, "analysed.db")
    altered(analysed, "ANALYZE")
    assert restore.restore(analysed, database, NOW)[0].exists()
    # Whitespace alone is not a difference (the same statement on one line or on several).
    one, several = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    one.execute("CREATE TABLE t (x TEXT NOT NULL)")
    several.execute("CREATE TABLE t (\n    x  TEXT\tNOT NULL\n)")
    assert schema.definitions(one) == schema.definitions(several)
    several.execute("CREATE INDEX t_x ON t(x)")
    assert schema.definitions(one) != schema.definitions(several)


def test_an_older_backup_is_checked_before_its_migrations_run(tmp_path):
    """A trigger added to an old backup would run inside the migrations that bring it up to
    date: the schema is compared with that version's before anything runs on it."""
    database = tmp_path / "fkp.db"
    fresh(database).close()
    old = connect(tmp_path / "old.db")
    migrations.migrations.apply(old, stop_before="m004_data_safety")
    old.close()
    assert restore.restore(tmp_path / "old.db", tmp_path / "elsewhere.db", NOW)[1]  # sound: accepted
    altered(tmp_path / "old.db", "CREATE TRIGGER on_finalise AFTER UPDATE ON forums "
                                 "BEGIN INSERT INTO users (username, password_hash, role, created_utc) "
                                 "VALUES ('x', 'x', 'admin', 'x'); END")
    assert "trigger on_finalise" in refused(tmp_path, tmp_path / "old.db", database).message
    # Migrations the file claims out of their order cannot be compared: refused too.
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("DROP TRIGGER on_finalise")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_run_the_forum'")
    conn.close()
    assert refused(tmp_path, tmp_path / "old.db", database).field == "file"


def test_staff_accounts_that_differ_are_shown_before_anything_is_replaced(tmp_path):
    database = tmp_path / "fkp.db"
    db = fresh(database)
    users.create(db, "rina", PASSWORD, "moderator")
    users.create(db, "budi", PASSWORD, "notulis")
    users.create(db, "ani", PASSWORD, "notulis")
    db.close()
    saved = saved_copy(tmp_path, database)
    tampered = connect(saved)
    users.create(tampered, "penyusup", PASSWORD, "admin")  # an extra admin
    tampered.execute("UPDATE users SET role = 'admin' WHERE username = 'rina'")
    tampered.execute("DELETE FROM users WHERE username = 'budi'")
    tampered.conn.commit()
    tampered.conn.execute("PRAGMA journal_mode=DELETE")
    tampered.close()
    db = connect(database)
    users.set_password(db, users.authenticate(db, "ani", PASSWORD)["id"], "padi-menguning-sepuluh")
    db.close()

    asked = []
    before = database.read_bytes()
    with pytest.raises(DomainError):
        restore.restore(saved, database, NOW, confirm=lambda changes: asked.append(changes) or False)
    assert asked == [[
        ("ani", "changed", ("password",)),
        ("budi", "removed", ("role notulis",)),
        ("penyusup", "added", ("role admin",)),
        ("rina", "changed", ("role moderator → admin",)),
    ]]
    assert database.read_bytes() == before and not (tmp_path / "backups").exists()
    assert not list(tmp_path.glob(".*tmp*"))  # the staged copy is gone

    kept, _applied = restore.restore(saved, database, NOW, confirm=lambda changes: True)
    assert kept.exists() and count(database, "users") == 3
    # Once restored, the same backup brings no difference: nothing to ask.
    assert restore.restore(saved, database, NOW, confirm=pytest.fail)[0]


def test_no_question_when_the_accounts_are_the_same(tmp_path):
    database = tmp_path / "fkp.db"
    db = fresh(database)
    users.create(db, "rina", PASSWORD, "moderator")
    db.close()
    saved = saved_copy(tmp_path, database)
    assert restore.restore(saved, database, NOW, confirm=pytest.fail)[0].exists()
    # On a new machine every account of the backup is new: shown, to be confirmed.
    asked = []
    restore.restore(saved, tmp_path / "new" / "fkp.db", NOW, confirm=lambda c: asked.append(c) or True)
    assert asked == [[("rina", "added", ("role moderator",))]]


def test_sessions_a_backup_carries_end_and_a_disabled_account_is_compared(tmp_path):
    """Nothing about the schema is written down here: m015's staff sessions and disabled
    accounts are part of what a restore expects because the migrations make them. Sessions
    the backup carries end, and the column that disables an account is compared like the role."""
    database = tmp_path / "fkp.db"
    db = fresh(database)
    rina = users.create(db, "rina", PASSWORD, "moderator")
    db.execute("UPDATE users SET disabled_utc = '2026-01-02T00:00:00+00:00' WHERE id = ?", [rina])
    db.conn.commit()
    db.close()
    saved = saved_copy(tmp_path, database)
    with sqlite3.connect(saved) as conn:
        conn.execute("UPDATE users SET disabled_utc = NULL")
        conn.execute("INSERT INTO staff_sessions (token_hash, user_id, created_utc, last_seen_utc) "
                     "VALUES ('known-to-whoever-wrote-it', ?, '2026-01-01', '2026-01-01')", [rina])
    conn.close()
    asked = []
    restore.restore(saved, database, NOW, confirm=lambda changes: asked.append(changes) or True)
    assert asked == [[("rina", "changed", ("disabled_utc 2026-01-02T00:00:00+00:00 → None",))]]
    assert count(database, "staff_sessions") == 0
    altered(saved, "DROP TABLE staff_sessions")
    with pytest.raises(DomainError) as e:
        restore.restore(saved, database, NOW)
    assert "table staff_sessions" in e.value.message
