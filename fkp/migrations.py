"""Numbered, append-only schema migrations (sqlite-utils' Migrations).

Never edit a migration that has shipped: add the next number instead.
"""
from sqlite_utils.migrations import Migrations

migrations = Migrations("fkp")


def _run(db, statements):
    # One statement at a time: executescript() would COMMIT the migration's transaction.
    for sql in statements:
        db.execute(sql)


@migrations(name="m001_initial")
def m001_initial(db):
    _run(db, [
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'notulis')),
            created_utc TEXT NOT NULL
        )""",
        """CREATE TABLE forums (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            unit TEXT NOT NULL,
            head_name TEXT NOT NULL DEFAULT '',
            head_position TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            start_time TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            mode TEXT NOT NULL DEFAULT 'in_person'
                CHECK (mode IN ('in_person', 'online', 'hybrid')),
            online_url TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'open', 'paused', 'closed', 'finalised', 'published')),
            focus_service_id INTEGER REFERENCES services(id),
            focus_aspect_id INTEGER REFERENCES aspects(id),
            seq INTEGER NOT NULL DEFAULT 0,
            created_utc TEXT NOT NULL
        )""",
        """CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        )""",
        """CREATE TABLE aspects (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            component TEXT,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            position INTEGER NOT NULL
        )""",
        """CREATE TABLE drafts (
            service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            aspect_id INTEGER NOT NULL REFERENCES aspects(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            PRIMARY KEY (service_id, aspect_id)
        )""",
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            institution TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT '',
            group_code TEXT NOT NULL CHECK (group_code IN
                ('service_user', 'expert', 'agency', 'civil_society', 'media', 'staff')),
            contact TEXT NOT NULL DEFAULT '',
            consent_utc TEXT NOT NULL,
            notice_version TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'phone',
            token_hash TEXT NOT NULL UNIQUE,
            joined_utc TEXT NOT NULL
        )""",
        "CREATE INDEX participants_forum ON participants(forum_id)",
        """CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            service_id INTEGER NOT NULL REFERENCES services(id),
            aspect_id INTEGER NOT NULL REFERENCES aspects(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'criticism', 'appreciation', 'question')),
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'hidden')),
            pinned INTEGER NOT NULL DEFAULT 0,
            channel TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'spoken', 'online')),
            client_id TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            approved_utc TEXT,
            approved_by INTEGER REFERENCES users(id),
            seq INTEGER NOT NULL,
            UNIQUE (participant_id, client_id)
        )""",
        "CREATE INDEX comments_forum ON comments(forum_id, id)",
    ])


def migrate(db):
    """Apply every pending migration; returns the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
