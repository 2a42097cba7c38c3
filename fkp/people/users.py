"""Staff accounts: admin, moderator, notulis. Passwords follow fkp/people/passwords.py and
are hashed with scrypt.

An account also carries the person's identity as official documents print it: full name,
position and NIP (the 18-digit civil-servant number; empty for staff who have none). The
Notulen is signed by its notulis with these, never with a login name.
"""
import re
import secrets

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..errors import DomainError
from ..language.timezones import utc_now
from . import passwords, staff_sessions

ROLES = ("admin", "moderator", "notulis")

# werkzeug's scrypt at its own cost (n=2**15, r=8, p=1). The method and its parameters are
# stored in each hash, so a check always uses the cost the hash was made with.
HASH_METHOD = "scrypt"


NIP_DIGITS = 18
IDENTITY = {"full_name": 120, "position": 120}


def normalise_nip(value):
    """A NIP as its 18 digits ("19800101 200501 1 001" -> "198001012005011001"), "" for none;
    ValueError for anything else."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if digits and not (digits.isdigit() and len(digits) == NIP_DIGITS):
        raise ValueError("a NIP has 18 digits")
    return digits


def create(db, username, password, role, by_user_id=None, **identity):
    """Create an account; returns its id. Raises ValueError for a bad role or taken name.
    `identity`: full_name, position, nip (see set_identity)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username or not password:
        raise ValueError("username and password are required")
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise ValueError(f"user {username!r} already exists")
    passwords.check(username, password)
    with db.atomic():
        user_id = db["users"].insert(dict(
            username=username, password_hash=generate_password_hash(password, method=HASH_METHOD),
            role=role, created_utc=utc_now(), **_identity(identity))).last_pk
        audit.record(db, user_id=by_user_id, forum_id=None, action="user.create", subject=user_id,
                     after={"username": username, "role": role})
    return user_id


def set_password(db, user_id, password, by_user_id=None, keep_session=None):
    """Give an account a new password (the policy checked; audited, never the password).
    Every session of the account ends but `keep_session` (the one changing its own): whoever
    knew the old password is logged out wherever they are."""
    user = get(db, user_id)
    if user is None:
        raise DomainError(_("No such account."), "user", status=404)
    passwords.check(user["username"], password)
    with db.atomic():
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                   [generate_password_hash(password, method=HASH_METHOD), user_id])
        audit.record(db, user_id=by_user_id, forum_id=None, action="user.set_password", subject=user_id)
        ended = staff_sessions.end_all(db, user_id, "password", by_user_id, keep=keep_session)
    return ended


def change_own_password(db, user_id, current, new, session_id):
    """A staff member changes their own password, proving the current one; their other
    sessions end, this one stays. Returns the ids of the sessions ended."""
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None or not check_password_hash(row[0], current or ""):
        raise DomainError(_("The current password is wrong."), "current_password")
    if check_password_hash(row[0], new or ""):
        raise DomainError(_("The new password must differ from the current one."), "password")
    return set_password(db, user_id, new, by_user_id=user_id, keep_session=session_id)


def reset_password(db, user_id, by_user_id):
    """An admin gives an account a generated password (returned once, to be shown once and
    handed over privately); every session of the account ends. Returns (password, ended ids)."""
    password = generated_password()
    return password, set_password(db, user_id, password, by_user_id=by_user_id)


def generated_password():
    """Four groups of four letters and digits (about 80 bits), easy to read out and type:
    no 0/O or 1/l/I to confuse."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def set_disabled(db, user_id, disabled, by_user_id):
    """Disable an account (it cannot log in, and its sessions end) or enable it again. An admin
    cannot disable themselves, nor the last admin who can log in. Returns the ended session ids."""
    user = account(db, user_id)
    if user is None:
        raise DomainError(_("No such account."), "user", status=404)
    if disabled and user_id == by_user_id:
        raise DomainError(_("You cannot disable your own account."), "user", status=409)
    if disabled and user["role"] == "admin" and db.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_utc IS NULL AND id != ?",
            [user_id]).fetchone()[0] == 0:
        raise DomainError(_("This is the last admin who can log in; it cannot be disabled."), "user", status=409)
    was = user["disabled_utc"] is not None
    if was == bool(disabled):
        return []
    with db.atomic():
        db.execute("UPDATE users SET disabled_utc = ? WHERE id = ?", [utc_now() if disabled else None, user_id])
        audit.record(db, user_id=by_user_id, forum_id=None, action="user.disable" if disabled else "user.enable",
                     subject=user_id)
        return staff_sessions.end_all(db, user_id, "disabled", by_user_id) if disabled else []


def authenticate(db, username, password):
    """The user with these credentials, or None. Checks a hash even for unknown names."""
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username or ""]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    if check_password_hash(stored, password or "") and rows:
        return rows[0]  # a disabled one too: the login page says it is disabled (disabled_utc)
    return None


def get(db, user_id):
    """The account with the ids of the forums it is assigned to, or None."""
    rows = list(db.query("SELECT id, username, role FROM users WHERE id = ?", [user_id]))
    if not rows:
        return None
    user = rows[0]
    user["forum_ids"] = {r[0] for r in db.execute(
        "SELECT forum_id FROM forum_staff WHERE user_id = ?", [user_id]).fetchall()}
    return user


def all_users(db):
    return list(db.query("SELECT id, username, role, created_utc, full_name, position, nip, disabled_utc "
                         "FROM users ORDER BY username"))


def identity(db, user_id):
    """{username, full_name, position, nip} of an account, or None."""
    rows = list(db.query("SELECT id, username, role, full_name, position, nip FROM users WHERE id = ?",
                         [user_id]))
    return rows[0] if rows else None


def account(db, user_id):
    """{id, username, role, disabled_utc} of an account, or None: what its access page shows."""
    rows = list(db.query("SELECT id, username, role, disabled_utc FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def notetaker(db, forum_id):
    """The note-taker who signs the forum's Notulen: the first (by name) of those assigned whose
    full name is written, as {name, position, nip}; None when there is none (a document never
    prints a login name, so it leaves a line to sign on)."""
    row = db.execute("SELECT u.full_name, u.position, u.nip FROM users u JOIN forum_staff s "
                     "ON s.user_id = u.id WHERE s.forum_id = ? AND u.role = 'notulis' "
                     "AND u.full_name != '' ORDER BY u.full_name LIMIT 1", [forum_id]).fetchone()
    return {"name": row[0], "position": row[1], "nip": row[2]} if row else None


def _identity(values):
    out = {k: " ".join((values.get(k) or "").split())[:limit] for k, limit in IDENTITY.items()}
    return {**out, "nip": normalise_nip(values.get("nip"))}


def set_identity(db, user_id, values, by_user_id=None):
    """Set an account's full name, position and NIP as documents print them."""
    new, old = _identity(values), identity(db, user_id)
    with db.atomic():
        db["users"].update(user_id, new)
        audit.record(db, user_id=by_user_id, forum_id=None, action="user.identity", subject=user_id,
                     before={k: old[k] for k in new}, after=new)


def assign(db, forum_id, user_id, by_user_id=None):
    """Let a moderator or note-taker work on a forum."""
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO forum_staff (forum_id, user_id) VALUES (?, ?)",
                   [forum_id, user_id])
        audit.record(db, user_id=by_user_id, forum_id=forum_id, action="staff.assign",
                     subject=user_id)


def unassign(db, forum_id, user_id, by_user_id=None):
    with db.atomic():
        db.execute("DELETE FROM forum_staff WHERE forum_id = ? AND user_id = ?", [forum_id, user_id])
        audit.record(db, user_id=by_user_id, forum_id=forum_id, action="staff.unassign",
                     subject=user_id)


def assigned(db, forum_id):
    return list(db.query("SELECT u.id, u.username, u.role, u.full_name FROM users u JOIN forum_staff s "
                         "ON s.user_id = u.id WHERE s.forum_id = ? ORDER BY u.username", [forum_id]))


def ensure_first_admin(db):
    """Create an admin with a generated password when there is no user; returns (name, password)."""
    if db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return None
    password = secrets.token_urlsafe(12)
    create(db, "admin", password, "admin")
    return "admin", password


# Comparing against a real hash keeps login time the same whether or not the user exists.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(8), method="scrypt")
