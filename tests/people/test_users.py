"""Staff accounts: how their passwords are kept."""
from fkp.people import users


def test_passwords_are_hashed_with_scrypt_at_its_full_cost(db, monkeypatch):
    """The tests hash at a lower cost (tests/conftest.py); the app itself never does."""
    monkeypatch.undo()  # drop the tests' cheaper hashing for this one
    assert users.HASH_METHOD == "scrypt"
    user_id = users.create(db, "rina", "a-long-passphrase", "moderator")
    stored = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()[0]
    assert stored.startswith("scrypt:32768:8:1$")
    assert users.authenticate(db, "rina", "a-long-passphrase")["id"] == user_id
