"""Numbered, append-only schema migrations (sqlite-utils' Migrations).

Never edit a migration that has shipped: add the next number instead.
"""
import re

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


@migrations(name="m002_run_the_forum", transactional=False)
def m002_run_the_forum(db):
    """Forum set-up (library, agenda, assignments), lifecycle audit, the note-taker,
    online chat import, display modes and the moderator's extra tools.

    It rebuilds two tables, so it follows SQLite's documented procedure: foreign keys
    off, one transaction, a foreign-key check before commit, foreign keys back on.
    """
    if "library_services" in db.table_names():
        return  # committed before a crash kept its record from being written
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            _m002_changes(db)
            if db.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError("m002 would break foreign keys; nothing was changed")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


def _m002_changes(db):
    # Chat-imported input has no service or aspect until the moderator assigns one, and its
    # speaker no group yet; SQLite cannot relax NOT NULL in place, so both tables are rebuilt.
    _rebuild_participants(db)
    _rebuild_comments(db)
    _run(db, [
        "ALTER TABLE forums ADD COLUMN end_time TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE forums ADD COLUMN agenda_json TEXT NOT NULL DEFAULT '[]'",
        """ALTER TABLE forums ADD COLUMN display_mode TEXT NOT NULL DEFAULT 'feed'
            CHECK (display_mode IN ('join', 'feed', 'highlight', 'chart', 'closed'))""",
        "ALTER TABLE forums ADD COLUMN highlight_comment_id INTEGER REFERENCES comments(id)",
        """ALTER TABLE forums ADD COLUMN display_sort TEXT NOT NULL DEFAULT 'newest'
            CHECK (display_sort IN ('newest', 'support'))""",
        """CREATE TABLE library_services (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            created_utc TEXT NOT NULL
        )""",
        "ALTER TABLE services ADD COLUMN library_id INTEGER REFERENCES library_services(id)",
        """CREATE TABLE forum_staff (
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            PRIMARY KEY (forum_id, user_id)
        )""",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER REFERENCES forums(id) ON DELETE SET NULL,
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            before_json TEXT,
            after_json TEXT,
            created_utc TEXT NOT NULL
        )""",
        "CREATE INDEX audit_log_forum ON audit_log(forum_id, id)",
        # The app never updates or deletes audit rows; these triggers make sure nothing can.
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
        """CREATE TABLE supports (
            comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            created_utc TEXT NOT NULL,
            PRIMARY KEY (comment_id, participant_id)
        )""",
    ])


def _rebuild_participants(db):
    """Speakers named in an imported chat have no known group and gave no consent in the
    app (the lawful basis is the public-service task): both columns become nullable."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(participants)").fetchall()]
    db.execute("""CREATE TABLE participants_new (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            institution TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT '',
            group_code TEXT CHECK (group_code IN
                ('service_user', 'expert', 'agency', 'civil_society', 'media', 'staff')),
            contact TEXT NOT NULL DEFAULT '',
            consent_utc TEXT,
            notice_version TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'phone'
                CHECK (channel IN ('phone', 'in_person', 'online', 'chat')),
            token_hash TEXT UNIQUE,
            joined_utc TEXT NOT NULL,
            banned_utc TEXT,
            added_by INTEGER REFERENCES users(id)
        )""")
    names = ", ".join(columns)
    db.execute(f"INSERT INTO participants_new ({names}) SELECT {names} FROM participants")
    db.execute("DROP TABLE participants")
    db.execute("ALTER TABLE participants_new RENAME TO participants")
    db.execute("CREATE INDEX participants_forum ON participants(forum_id)")


def _rebuild_comments(db):
    """SQLite's documented way to change a table: create the new one, copy, drop, rename."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(comments)").fetchall()]
    db.execute("""CREATE TABLE comments_new (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            service_id INTEGER REFERENCES services(id),
            aspect_id INTEGER REFERENCES aspects(id),
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
            answered INTEGER NOT NULL DEFAULT 0,
            merged_into_id INTEGER REFERENCES comments(id),
            recorded_by INTEGER REFERENCES users(id),
            support_count INTEGER NOT NULL DEFAULT 0,
            UNIQUE (participant_id, client_id)
        )""")
    names = ", ".join(columns)
    db.execute(f"INSERT INTO comments_new ({names}) SELECT {names} FROM comments")
    db.execute("DROP TABLE comments")
    db.execute("ALTER TABLE comments_new RENAME TO comments")
    db.execute("CREATE INDEX comments_forum ON comments(forum_id, id)")


@migrations(name="m003_minutes")
def m003_minutes(db):
    """What staff write after the forum (responses, follow-up, conclusions, signatories),
    photo evidence, the Berita Acara's number, and consent to be named on the public page."""
    _run(db, [
        "ALTER TABLE forums ADD COLUMN number TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE participants ADD COLUMN public_name INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE users ADD COLUMN full_name TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE responses (
            comment_id INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
            response TEXT NOT NULL DEFAULT '',
            decision TEXT CHECK (decision IN
                ('accepted', 'partly_accepted', 'not_accepted', 'already_met')),
            reason TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL DEFAULT '',
            pic TEXT NOT NULL DEFAULT '',
            target_date TEXT,
            followup_status TEXT CHECK (followup_status IN ('not_started', 'in_progress', 'done')),
            note TEXT NOT NULL DEFAULT '',
            updated_utc TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id)
        )""",
        """CREATE TABLE conclusions (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id)
        )""",
        # One conclusion per service and one for the whole forum (service_id NULL).
        "CREATE UNIQUE INDEX conclusions_one ON conclusions(forum_id, coalesce(service_id, 0))",
        """CREATE TABLE signatories (
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            group_code TEXT NOT NULL,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            PRIMARY KEY (forum_id, group_code)
        )""",
        """CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
            size_bytes INTEGER NOT NULL,
            data BLOB NOT NULL,
            caption TEXT NOT NULL DEFAULT '',
            uploaded_utc TEXT NOT NULL,
            uploaded_by INTEGER REFERENCES users(id)
        )""",
        "CREATE INDEX photos_forum ON photos(forum_id)",
    ])


# What an erased audit entry's before/after state becomes; the only change m004 allows.
ERASED_JSON = '{"erased": true}'


@migrations(name="m004_data_safety")
def m004_data_safety(db):
    """Personal data can be erased on request and after the retention period (UU PDP).

    participants.deleted_utc marks someone erased on request; forums.finalised_utc starts
    the retention period of contact details. The audit log stays append-only, except that
    an entry's before/after state may be replaced by ERASED_JSON: an old check-in or
    correction must not keep the name of someone who asked to be deleted. Who did what,
    when, to which subject stays untouched, and the database enforces it.
    """
    _run(db, [
        "ALTER TABLE participants ADD COLUMN deleted_utc TEXT",
        "ALTER TABLE forums ADD COLUMN finalised_utc TEXT",
        # Forums finalised before this column: the audit log says when; failing that (an
        # m001-era forum), the forum's own date, the earliest it can have been finalised.
        """UPDATE forums SET finalised_utc = coalesce(
               (SELECT max(a.created_utc) FROM audit_log a
                WHERE a.forum_id = forums.id AND a.action = 'forum.finalise'),
               date || 'T00:00:00+00:00')
           WHERE status IN ('finalised', 'published')""",
        "DROP TRIGGER audit_log_no_update",
        f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            WHEN NOT (NEW.id IS OLD.id AND NEW.forum_id IS OLD.forum_id
                      AND NEW.user_id IS OLD.user_id AND NEW.action IS OLD.action
                      AND NEW.subject IS OLD.subject AND NEW.created_utc IS OLD.created_utc
                      AND (NEW.before_json IS OLD.before_json OR NEW.before_json = '{ERASED_JSON}')
                      AND (NEW.after_json IS OLD.after_json OR NEW.after_json = '{ERASED_JSON}'))
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    ])


@migrations(name="m005_changes_index")
def m005_changes_index(db):
    """A live page catching up after a reconnect asks for the inputs changed after a sequence
    number (resync.changes); hundreds of phones ask at once when the Wi-Fi comes back."""
    _run(db, ["CREATE INDEX comments_forum_seq ON comments(forum_id, seq)"])


@migrations(name="m006_forum_time_zone")
def m006_forum_time_zone(db):
    """Each forum's time zone (WIB, WITA or WIT), in which its start and end are written and
    its inputs' times are shown. A forum created before it is WIB until staff change it."""
    _run(db, ["""ALTER TABLE forums ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'WIB'
                 CHECK (time_zone IN ('WIB', 'WITA', 'WIT'))"""])


@migrations(name="m007_merged_into_index")
def m007_merged_into_index(db):
    """Every read of an input names the attendees merged into it (comments._SELECT); without
    an index that subquery scanned the whole table once per input read, so each submit and
    each page of the feed grew slower as a forum filled. Partial: few inputs are merged."""
    _run(db, ["CREATE INDEX comments_merged_into ON comments(merged_into_id) "
              "WHERE merged_into_id IS NOT NULL"])


@migrations(name="m008_group_counts")
def m008_group_counts(db):
    """Attendees per group, kept by triggers: every join tells the display and the staff
    the counts, and counting them by scanning the forum's participants cost 1.5 ms per join
    at 5,000 attendees (O(N) per join, O(N²) for a hall). Triggers keep the table right
    whatever writes a participant (join, check-in, chat import, a completed group, a forum
    deleted). A migration that rebuilds `participants` must create the triggers again."""
    bump = """INSERT INTO group_counts (forum_id, group_code, n)
              SELECT NEW.forum_id, NEW.group_code, 1 WHERE NEW.group_code IS NOT NULL
              ON CONFLICT (forum_id, group_code) DO UPDATE SET n = n + 1;"""
    drop = """UPDATE group_counts SET n = n - 1
              WHERE OLD.group_code IS NOT NULL AND forum_id = OLD.forum_id
                AND group_code = OLD.group_code;"""
    _run(db, [
        """CREATE TABLE group_counts (
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            group_code TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (forum_id, group_code)
        ) WITHOUT ROWID""",
        """INSERT INTO group_counts (forum_id, group_code, n)
           SELECT forum_id, group_code, count(*) FROM participants
           WHERE group_code IS NOT NULL GROUP BY forum_id, group_code""",
        f"CREATE TRIGGER group_counts_insert AFTER INSERT ON participants BEGIN {bump} END",
        f"CREATE TRIGGER group_counts_delete AFTER DELETE ON participants BEGIN {drop} END",
        f"""CREATE TRIGGER group_counts_update AFTER UPDATE OF forum_id, group_code ON participants
            BEGIN {drop} {bump} END""",
    ])


@migrations(name="m009_finalised_open")
def m009_finalised_open(db):
    """What the record still lacked when staff finalised it anyway, as they accepted it:
    inputs never moderated and inputs without a decision. The Berita Acara says so in words.
    NULL for a forum finalised before this column (or not finalised yet)."""
    _run(db, ["ALTER TABLE forums ADD COLUMN finalised_pending INTEGER",
              "ALTER TABLE forums ADD COLUMN finalised_undecided INTEGER"])


@migrations(name="m010_signed_scans_and_statements")
def m010_signed_scans_and_statements(db):
    """The evidence of signing and what the organiser said.

    signed_scans: the scan of the Berita Acara and of the Daftar Hadir as signed on paper, one
    current scan per document kind (a replaced scan is named, with its digest, in the audit
    log). statements: the organiser's explanations the note-taker writes down for the Notulen;
    client_id makes a repeated post of the same form one statement, as for spoken input."""
    _run(db, [
        """CREATE TABLE signed_scans (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('berita_acara', 'daftar_hadir')),
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL
                CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
            size_bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            uploaded_utc TEXT NOT NULL,
            uploaded_by INTEGER REFERENCES users(id),
            UNIQUE (forum_id, kind)
        )""",
        """CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            speaker TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT '',
            service_id INTEGER REFERENCES services(id) ON DELETE SET NULL,
            aspect_id INTEGER REFERENCES aspects(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            client_id TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            updated_utc TEXT,
            updated_by INTEGER REFERENCES users(id),
            UNIQUE (forum_id, client_id)
        )""",
        "CREATE INDEX statements_forum ON statements(forum_id, created_utc)",
    ])



@migrations(name="m011_naskah_dinas")
def m011_naskah_dinas(db):
    """What an official document (naskah dinas) needs and staff could not enter: the
    letterhead (kop) of each organising unit, set once and used by all its forums; the
    unit head's NIP, the place of the place-and-date line and the legal basis staff add,
    per forum; the position and NIP of staff accounts that sign (the Notulen's notulis)."""
    _run(db, [
        "ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE users ADD COLUMN nip TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE forums ADD COLUMN head_nip TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE forums ADD COLUMN sign_place TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE forums ADD COLUMN legal_basis TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            heading TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            logo BLOB,
            logo_type TEXT CHECK (logo_type IN ('image/png', 'image/jpeg')),
            updated_utc TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id)
        )""",
    ])


@migrations(name="m012_signing_snapshot")
def m012_signing_snapshot(db):
    """What the signed documents print about who signs, kept when the record is finalised: the
    unit's letterhead and the note-taker's name, position and NIP (JSON). A letterhead changed
    later, or a note-taker's new position, must not change documents already signed. NULL
    until finalised, and again after an unfinalise."""
    _run(db, ["ALTER TABLE forums ADD COLUMN signing_json TEXT"])


@migrations(name="m013_restricted_words")
def m013_restricted_words(db):
    """The restricted words an input was flagged for (a JSON list, set when it is stored; NULL
    when none, and for every input stored before), and the words staff add to the project's
    list (fkp/language/kata_terlarang_id.txt). A word added later applies to new input only."""
    _run(db, [
        "ALTER TABLE comments ADD COLUMN flag_words TEXT",
        """CREATE TABLE restricted_words (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            normalised TEXT NOT NULL UNIQUE,
            added_utc TEXT NOT NULL,
            added_by INTEGER REFERENCES users(id)
        )""",
    ])


@migrations(name="m014_display_cloud", transactional=False)
def m014_display_cloud(db):
    """The projector's word cloud: `forums.display_mode` may be 'cloud'.

    SQLite cannot change a CHECK constraint in place, so `forums` is rebuilt by its documented
    procedure (sqlite.org/lang_altertable.html#otheralter): foreign keys off (else dropping the
    old table would cascade into every service, input and attendee of every forum), one
    transaction, the new table made from the stored CREATE TABLE with only that CHECK changed
    (every other column, default and constraint as it was; sqlite-utils' transform() has no way
    to change a CHECK), rows copied, old dropped, new renamed, its indexes and triggers made
    again, a foreign-key check before commit, foreign keys back on.
    """
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'forums'").fetchone()[0]
    if "'cloud'" in sql:
        return  # committed before a crash kept its record from being written
    old_check = re.compile(r"CHECK \(display_mode IN \([^)]*\)\)")
    if len(old_check.findall(sql)) != 1:
        raise RuntimeError("m014 cannot find the display_mode CHECK of forums; nothing was changed")
    new_sql = old_check.sub("CHECK (display_mode IN ('join', 'feed', 'highlight', 'chart', 'closed', "
                            "'cloud'))", sql)
    new_sql = re.sub(r"^CREATE TABLE \"?forums\"?", "CREATE TABLE forums_new", new_sql)
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        if db.execute("PRAGMA foreign_keys").fetchone()[0]:  # inside a transaction it stays on
            raise RuntimeError("m014 must run with foreign keys off; nothing was changed")
        with db.atomic():
            _rebuild(db, "forums", new_sql)
            if db.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError("m014 would break foreign keys; nothing was changed")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@migrations(name="m015_staff_sessions")
def m015_staff_sessions(db):
    """Staff sessions are facts the server keeps, so they can be ended (issue 15): the cookie
    carries a random token, and only its SHA-256 is stored here, so a copy of the database
    (a backup) logs no one in. A session counts while not ended, within its idle and absolute
    lifetimes (fkp/people/staff_sessions.py), and while its account is not disabled.
    `users.disabled_utc`: when an admin disabled the account (NULL: it may log in)."""
    _run(db, [
        "ALTER TABLE users ADD COLUMN disabled_utc TEXT",
        """CREATE TABLE staff_sessions (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_utc TEXT NOT NULL,
            last_seen_utc TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            ended_utc TEXT,
            ended_reason TEXT
        )""",
        "CREATE INDEX staff_sessions_user ON staff_sessions(user_id, ended_utc)",
    ])


@migrations(name="m016_participant_device")
def m016_participant_device(db):
    """The browser an attendee joined from (a hash of its long-lived device cookie, NULL for
    the API, staff check-in and everyone who joined before): joining again from the same
    browser gives back the same participant, and the input limit counts per device, so a
    second name is not a second allowance (fkp/web/devices.py)."""
    _run(db, [
        "ALTER TABLE participants ADD COLUMN device_hash TEXT",
        "CREATE INDEX participants_device ON participants(forum_id, device_hash) WHERE device_hash IS NOT NULL",
    ])



@migrations(name="m017_demo_and_forum_removal")
def m017_demo_and_forum_removal(db):
    """The demo forum, and forums that can be deleted (issue: installing fkp in offices).

    `forums.demo`: 1 for the demo forum (fkp/serve/demo.py), which every staff page and the
    attendees' pages mark as a practice forum. `first_run`: what a first start has done once,
    by name ('demo': the demo forum was made); `serve` makes the demo only on a database that
    never had one, so a demo an admin deleted does not come back at the next start. A
    database that already has forums is past its first run: it is recorded as such.

    A draft or demo forum can be deleted (fkp/forums/removal.py): its rows go by the
    foreign keys' ON DELETE CASCADE, and its audit entries' forum_id becomes NULL (ON DELETE
    SET NULL, as m002 declared). The audit log's append-only trigger allows that one change
    more, and only once the forum is gone: who did what, when, stays; an entry still cannot
    be moved to another forum nor detached from a forum that exists.
    """
    _run(db, [
        "ALTER TABLE forums ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))",
        """CREATE TABLE first_run (
            name TEXT PRIMARY KEY,
            done_utc TEXT NOT NULL
        )""",
        """INSERT INTO first_run (name, done_utc)
           SELECT 'demo', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') WHERE EXISTS (SELECT 1 FROM forums)""",
        "DROP TRIGGER audit_log_no_update",
        f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            WHEN NOT (NEW.id IS OLD.id
                      AND (NEW.forum_id IS OLD.forum_id OR (NEW.forum_id IS NULL
                           AND NOT EXISTS (SELECT 1 FROM forums WHERE id = OLD.forum_id)))
                      AND NEW.user_id IS OLD.user_id AND NEW.action IS OLD.action
                      AND NEW.subject IS OLD.subject AND NEW.created_utc IS OLD.created_utc
                      AND (NEW.before_json IS OLD.before_json OR NEW.before_json = '{ERASED_JSON}')
                      AND (NEW.after_json IS OLD.after_json OR NEW.after_json = '{ERASED_JSON}'))
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    ])


@migrations(name="m018_receipts")
def m018_receipts(db):
    """Every input's receipt code (issue 17): its giver follows it at /t/CODE without an account
    (fkp/inputs/receipts.py). Inputs given before get one now, so a list printed or a phone
    opened later shows a code for each. The alphabet is written out here, not imported: a
    migration that has shipped must do the same thing whatever later code says."""
    import secrets
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

    def code():
        raw = "".join(secrets.choice(alphabet) for _ in range(8))
        return f"{raw[:4]}-{raw[4:]}"

    db.execute("ALTER TABLE comments ADD COLUMN receipt TEXT")
    used = set()
    for (comment_id,) in db.execute("SELECT id FROM comments ORDER BY id").fetchall():
        receipt = code()
        while receipt in used:
            receipt = code()
        used.add(receipt)
        db.execute("UPDATE comments SET receipt = ? WHERE id = ?", [receipt, comment_id])
    db.execute("CREATE UNIQUE INDEX comments_receipt ON comments(receipt)")


@migrations(name="m019_standard_texts")
def m019_standard_texts(db):
    """The revised standard written after the forum (fkp/standards/): the final text of each
    component of each service, whether it was revised or kept as drafted, and the inputs that
    led to it. No row: not started. The fourteen codes are PermenPANRB 15/2014's, fixed by
    the regulation (fkp/vocabulary.py). The links name the inputs a text cites, so each
    accepted input can show which text it changed."""
    _run(db, [
        """CREATE TABLE standard_texts (
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            component TEXT NOT NULL CHECK (component IN ('requirements', 'procedure', 'duration', 'fee',
                'product', 'complaints', 'legal_basis', 'facilities', 'competence', 'internal_oversight',
                'staffing', 'service_guarantee', 'safety_guarantee', 'performance_evaluation')),
            state TEXT NOT NULL CHECK (state IN ('kept_as_drafted', 'revised')),
            text TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            PRIMARY KEY (service_id, component)
        )""",
        "CREATE INDEX standard_texts_forum ON standard_texts(forum_id)",
        """CREATE TABLE standard_text_inputs (
            service_id INTEGER NOT NULL,
            component TEXT NOT NULL,
            comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
            PRIMARY KEY (service_id, component, comment_id),
            FOREIGN KEY (service_id, component) REFERENCES standard_texts(service_id, component)
                ON DELETE CASCADE
        )""",
        "CREATE INDEX standard_text_inputs_comment ON standard_text_inputs(comment_id)",
    ])


@migrations(name="m020_agreement")
def m020_agreement(db):
    """The hall's quick answer to "Setuju dengan rancangan ini?" on the service × aspect in
    focus (fkp/forums/agreement.py). One question open per forum at a time (the partial unique
    index); one answer per attendee per question, which they may change while it is open.
    Answers go with their participant (a removed record takes its answers with it)."""
    _run(db, [
        """CREATE TABLE agreement_questions (
            id INTEGER PRIMARY KEY,
            forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
            service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            aspect_id INTEGER NOT NULL REFERENCES aspects(id) ON DELETE CASCADE,
            opened_utc TEXT NOT NULL,
            opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            closed_utc TEXT,
            closed_by INTEGER REFERENCES users(id) ON DELETE SET NULL
        )""",
        "CREATE INDEX agreement_questions_forum ON agreement_questions(forum_id, id)",
        "CREATE UNIQUE INDEX agreement_questions_one_open ON agreement_questions(forum_id) "
        "WHERE closed_utc IS NULL",
        """CREATE TABLE agreement_answers (
            id INTEGER PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES agreement_questions(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            answer TEXT NOT NULL CHECK (answer IN ('agree', 'agree_with_changes', 'disagree')),
            answered_utc TEXT NOT NULL,
            UNIQUE (question_id, participant_id)
        )""",
        "CREATE INDEX agreement_answers_participant ON agreement_answers(participant_id)",
    ])


@migrations(name="m021_previous_forum")
def m021_previous_forum(db):
    """The yearly review (fkp/forums/setup.py review): a forum started from a past one's final
    standard names it, so staff see what was promised there and where it stands."""
    _run(db, ["ALTER TABLE forums ADD COLUMN previous_forum_id INTEGER REFERENCES forums(id) ON DELETE SET NULL"])


@migrations(name="m022_show_promises")
def m022_show_promises(db):
    """Whether the projector shows the previous forum's promises and where each stands
    (fkp/forums/promises.py): display state, kept on the forum so a reloaded display shows it."""
    _run(db, ["ALTER TABLE forums ADD COLUMN show_promises INTEGER NOT NULL DEFAULT 0"])


def _rebuild(db, table, create_new):
    """Steps 4–8 of SQLite's procedure: `create_new` makes `<table>_new` (same columns); the
    rows move over, and the table's own indexes and triggers are made again on it."""
    own = db.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
                     "AND sql IS NOT NULL ORDER BY type, name", [table]).fetchall()
    columns = ", ".join(f"[{row[1]}]" for row in db.execute(f"PRAGMA table_info([{table}])").fetchall())
    db.execute(create_new)
    db.execute(f"INSERT INTO [{table}_new] ({columns}) SELECT {columns} FROM [{table}]")
    db.execute(f"DROP TABLE [{table}]")
    db.execute(f"ALTER TABLE [{table}_new] RENAME TO [{table}]")
    for (sql,) in own:
        db.execute(sql)


def migrate(db):
    """Apply every pending migration; returns the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending

