"""Staff accounts: admin, moderator, notulis. Passwords are hashed with scrypt."""
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from .forums import utc_now

ROLES = ("admin", "moderator", "notulis")


def create(db, username, password, role):
    """Create an account; returns its id. Raises ValueError for a bad role or taken name."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username or not password:
        raise ValueError("username and password are required")
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise ValueError(f"user {username!r} already exists")
    with db.atomic():
        return db["users"].insert(dict(
            username=username, password_hash=generate_password_hash(password, method="scrypt"),
            role=role, created_utc=utc_now())).last_pk


def authenticate(db, username, password):
    """The user with these credentials, or None. Checks a hash even for unknown names."""
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username or ""]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    if check_password_hash(stored, password or "") and rows:
        return rows[0]
    return None


def get(db, user_id):
    rows = list(db.query("SELECT id, username, role FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def ensure_first_admin(db):
    """Create an admin with a generated password when there is no user; returns (name, password)."""
    if db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return None
    password = secrets.token_urlsafe(12)
    create(db, "admin", password, "admin")
    return "admin", password


# Comparing against a real hash keeps login time the same whether or not the user exists.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(8), method="scrypt")
