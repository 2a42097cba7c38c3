"""m019 adds the revised standard's tables to a database already in use: its forums, inputs
and responses stay as they were, every text starts "not started", and a text can be written
and cited at once."""
from fkp.forums import forums
from fkp.standards import texts
from fkp.store import db as fkp_db
from fkp.store import migrations
from tests.helpers import factories

TABLES = ("forums", "services", "aspects", "drafts", "participants", "comments", "responses", "audit_log")


def test_m019_applies_to_a_database_with_forums_and_their_record(app, tmp_path):
    db = fkp_db.connect(tmp_path / "before-m019.db")
    migrations.migrations.apply(db, stop_before="m019_standard_texts")
    assert "standard_texts" not in db.table_names()
    with app.app_context():
        forum, inputs = factories.full_record(db)
        before = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        assert "m019_standard_texts" in migrations.migrate(db)
        assert {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES} == before
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert texts.completeness(db, forum["id"]) == {"written": 0, "of": 42, "revised": 0, "kept": 0}
        service = forums.services(db, forum["id"])[0]
        saved = texts.save(db, forum, service["id"], "procedure", None, text="Daring.",
                           input_ids=[inputs["approved_info"]["id"]])
        assert saved["state"] == "revised" and saved["inputs"][0]["decision"] == "accepted"
    assert migrations.migrate(db) == []
    db.close()


def test_a_service_removed_takes_its_texts_and_links_with_it(db):
    """Services are removed only while a forum is a draft, but the foreign keys say it anyway."""
    forum = factories.forum(db)
    service = forums.services(db, forum["id"])[0]
    texts.save(db, forum, service["id"], "fee", None, text="Gratis.")
    with db.atomic():
        db.execute("DELETE FROM services WHERE id = ?", [service["id"]])
    assert db.execute("SELECT count(*) FROM standard_texts").fetchone()[0] == 0
