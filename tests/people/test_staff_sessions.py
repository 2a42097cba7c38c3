"""Staff sessions in the domain: only a token's hash is stored, a session counts while not
ended, not idle or old past its limits and its account not disabled, and last_seen is written
at most once a minute (the moderator console's requests stay reads)."""
from datetime import datetime, timedelta, timezone

from fkp.people import staff_sessions, users
from fkp.store.db import get_db


def backdate(db, column, value, session_id):
    db.execute(f"UPDATE staff_sessions SET {column} = ? WHERE id = ?", [value, session_id])
    db.conn.commit()


def test_a_session_counts_until_ended_disabled_idle_or_old(app):
    with app.app_context():
        db = get_db()
        rina = users.create(db, "rina", "sawah hijau 42", "moderator")
        token = staff_sessions.start(db, rina, "10.0.0.1", "Mozilla/5.0 " + "x" * 500)
        user = staff_sessions.user_for(db, token)
        assert (user["id"], user["username"], user["role"]) == (rina, "rina", "moderator")
        row = db.execute("SELECT token_hash, user_agent FROM staff_sessions").fetchone()
        assert token not in row[0] and row[0] == staff_sessions.hash_token(token)
        assert len(row[1]) == staff_sessions.USER_AGENT_CHARS
        for junk in (None, "", "x" * 200, 42, token + "x"):
            assert staff_sessions.user_for(db, junk) is None
        sid = user["session_id"]
        backdate(db, "last_seen_utc", "2020-01-01T00:00:00+00:00", sid)
        assert staff_sessions.user_for(db, token) is None  # idle too long
        other = staff_sessions.start(db, rina)
        backdate(db, "created_utc", "2020-01-01T00:00:00+00:00", staff_sessions.user_for(db, other)["session_id"])
        assert staff_sessions.user_for(db, other) is None  # older than a week, however used
        third = staff_sessions.start(db, rina)
        users.create(db, "admin", "admin-password", "admin")
        users.set_disabled(db, rina, True, by_user_id=None)
        assert staff_sessions.user_for(db, third) is None
        assert [s["running"] for s in staff_sessions.of_user(db, rina)] == [False, False, False]


def test_last_seen_is_written_at_most_once_a_minute(app):
    with app.app_context():
        db = get_db()
        rina = users.create(db, "rina", "sawah hijau 42", "moderator")
        token = staff_sessions.start(db, rina)
        sid = staff_sessions.user_for(db, token)["session_id"]
        changes = db.conn.total_changes
        for _ in range(20):
            staff_sessions.user_for(db, token)
        assert db.conn.total_changes == changes  # reads only
        minutes_ago = (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat(timespec="seconds")
        backdate(db, "last_seen_utc", minutes_ago, sid)
        backdate(db, "created_utc", minutes_ago, sid)
        assert staff_sessions.user_for(db, token)
        seen = db.execute("SELECT last_seen_utc FROM staff_sessions WHERE id = ?", [sid]).fetchone()[0]
        assert seen > minutes_ago


def test_a_password_set_ends_every_session_but_the_one_kept(app):
    with app.app_context():
        db = get_db()
        rina = users.create(db, "rina", "sawah hijau 42", "moderator")
        here, there = staff_sessions.start(db, rina), staff_sessions.start(db, rina)
        kept = staff_sessions.user_for(db, here)["session_id"]
        ended = users.change_own_password(db, rina, "sawah hijau 42", "kebun kopi 77", kept)
        assert len(ended) == 1
        assert staff_sessions.user_for(db, here) and staff_sessions.user_for(db, there) is None
        assert db.execute("SELECT ended_reason FROM staff_sessions WHERE ended_utc IS NOT NULL").fetchone()[0] \
            == "password"


def test_sessions_long_over_are_forgotten_by_the_servers_round(app):
    """A session row holds a person's address and device: once it stopped counting more than
    FORGET_AFTER_DAYS ago it is deleted, whether it ended, went idle or grew old; running
    sessions and recent ones stay."""
    from fkp.serve import maintenance
    now = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)
    long_ago = (now - timedelta(days=staff_sessions.FORGET_AFTER_DAYS + 2)).isoformat(timespec="seconds")
    recent = (now - timedelta(days=3)).isoformat(timespec="seconds")
    with app.app_context():
        db = get_db()
        rina = users.create(db, "rina", "sawah hijau 42", "moderator")
        ids = {}
        for name in ("ended_long_ago", "idle_long_ago", "ended_recently", "running"):
            ids[name] = staff_sessions.user_for(db, staff_sessions.start(db, rina))["session_id"]
        staff_sessions.end(db, [ids["ended_long_ago"], ids["ended_recently"]], "logout")
        backdate(db, "ended_utc", long_ago, ids["ended_long_ago"])
        backdate(db, "ended_utc", recent, ids["ended_recently"])
        for column in ("created_utc", "last_seen_utc"):
            backdate(db, column, long_ago, ids["idle_long_ago"])
        maintenance.run_round(app.config, now)
        left = {r[0] for r in db.execute("SELECT id FROM staff_sessions")}
        assert left == {ids["ended_recently"], ids["running"]}
