"""The database: durable settings on every connection, and append-only migrations."""
from fkp import db as fkp_db, migrations


def test_connection_is_durable_and_strict(tmp_path):
    db = fkp_db.connect(tmp_path / "x.db")
    pragma = lambda name: db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL: a commit is on disk before we acknowledge
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000


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
