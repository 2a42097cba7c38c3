"""Files of the app readable by its own user only.

The database, its WAL, its backups, the documents built from it and the secret key hold
personal data (attendees' contacts, the attendance list, staff password hashes). On a shared
office laptop another account must not read them: every command sets the process umask to
owner-only before it writes anything, and an install made before that has its existing files
and folders narrowed the first time a command opens the database.
"""
import os
import stat
from pathlib import Path

from .backup import folder_beside

UMASK = 0o077


def restrict_new_files():
    """Files and folders this process creates from now on: owner only."""
    os.umask(UMASK)


def restrict(database):
    """Narrow the database's own files and its backups folder to the owner (an older install
    made them readable by everyone); what is already narrow, or another user's, is left as is."""
    path = Path(database)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        _narrow(candidate, 0o600)
    backups = folder_beside(database)
    if backups.is_dir():
        _narrow(backups, 0o700)
        for item in backups.iterdir():
            _narrow(item, 0o600)


def _narrow(path, mode):
    if not hasattr(os, "getuid"):
        # Windows: permission bits mean little there; the per-user data folder fkp uses when
        # installed (%LOCALAPPDATA%, fkp/config.py) is already the user's own.
        return
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077 == 0:
        return
    path.chmod(mode)
