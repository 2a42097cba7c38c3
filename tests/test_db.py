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
