"""The password policy for staff accounts, stated once and checked wherever a password is set.

A password is at least MIN_LENGTH characters, is not the username (nor the username twice,
or with digits after it), and is not one of the common first guesses in common_passwords.txt.
Length matters most: it is the only rule that grows the work of guessing, so it is the one
stated first. Passwords are hashed with scrypt (fkp/people/users.py), a memory-hard
algorithm current guidance names.
"""
from pathlib import Path

from flask_babel import gettext as _

from ..errors import DomainError

MIN_LENGTH = 10
MAX_LENGTH = 200
_COMMON = frozenset(
    line.strip() for line in (Path(__file__).with_name("common_passwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#"))


def check(username, password):
    """Refuse (DomainError on the field "password") a password the policy does not allow."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise DomainError(_("A password is at least %(n)d characters.", n=MIN_LENGTH), "password")
    if len(password) > MAX_LENGTH:
        raise DomainError(_("A password is at most %(n)d characters.", n=MAX_LENGTH), "password")
    plain = "".join(password.split()).casefold()
    name = "".join((username or "").split()).casefold()
    if name and (plain == name or plain.rstrip("0123456789!.-_") in (name, name * 2)):
        raise DomainError(_("A password must not be the username."), "password")
    if plain in _COMMON or len(set(plain)) < 3:
        raise DomainError(_("This password is among the first ones anyone would guess. Choose another."),
                          "password")
