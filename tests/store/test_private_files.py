"""The files fkp writes hold personal data: readable by its own user only (issue 15, item 10),
also on a system whose default umask shares them, and also for an install made before."""
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def fkp(tmp_path, *args, env=None):
    environment = {**os.environ, "FKP_DATABASE": str(tmp_path / "data" / "fkp.db"),
                   "FKP_SECRET_KEY": "private-files-test", **(env or {})}
    return subprocess.run([sys.executable, "-m", "fkp", *args], cwd=ROOT, env=environment, check=True,
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(0o022))  # a default that shares files


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_older_install_is_narrowed_and_new_files_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    old = os.umask(0o022)
    try:
        sqlite3.connect(data / "fkp.db").close()  # as an older fkp left it: 0644
        backups = data / "backups"
        backups.mkdir()
        (backups / "auto-20250101T000000Z.db").write_bytes(b"old backup")
    finally:
        os.umask(old)
    assert mode(data / "fkp.db") == 0o644 and mode(backups) == 0o755

    fkp(tmp_path, "demo")
    assert mode(data / "fkp.db") == 0o600
    assert mode(backups) == 0o700 and mode(backups / "auto-20250101T000000Z.db") == 0o600
    for extra in (data / "fkp.db-wal", data / "fkp.db-shm"):
        if extra.exists():
            assert mode(extra) & 0o077 == 0, extra

    fkp(tmp_path, "backup", str(tmp_path / "salinan.db"))
    assert mode(tmp_path / "salinan.db") & 0o077 == 0
