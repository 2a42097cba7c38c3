"""`python -m fkp`: every command has help, and each does what the README says."""
import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from fkp import create_app
from fkp.people import staff_sessions, users
from fkp.store.db import get_db

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = ["serve", "migrate", "demo", "create-user", "reset-password", "assign", "export", "import-chat",
            "forum", "backup", "restore", "purge-contacts"]


def fkp(tmp_path, *args, password=None, check=True):
    env = {**os.environ, "FKP_DATABASE": str(tmp_path / "cli.db"), "FKP_SECRET_KEY": "cli-test"}
    env.pop("FKP_PASSWORD", None)
    if password:
        env["FKP_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "fkp", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120, check=check, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(tmp_path, command):
    out = fkp(tmp_path, command, "--help").stdout
    assert out.startswith("Usage: python -m fkp " + command)


def test_migrate_is_repeatable(tmp_path):
    assert "applied: m001_initial" in fkp(tmp_path, "migrate").stdout
    assert "nothing, already up to date" in fkp(tmp_path, "migrate").stdout


def test_create_user_takes_the_password_from_the_environment(tmp_path):
    out = fkp(tmp_path, "create-user", "siti", "--role", "notulis", password="s3cret-pass")
    assert "created notulis siti" in out.stdout
    again = fkp(tmp_path, "create-user", "siti", "--role", "admin", password="x", check=False)
    assert again.returncode != 0 and "already exists" in again.stderr
    bad = fkp(tmp_path, "create-user", "ani", "--role", "boss", password="x", check=False)
    assert bad.returncode != 0 and "boss" in bad.stderr


def test_create_user_for_a_forum_and_assign_later(tmp_path):
    first = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo").stdout).group(1)
    second = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo").stdout).group(1)
    out = fkp(tmp_path, "create-user", "rina", "--role", "moderator", "--forum", first, password="lumbung-padi-9")
    assert f"created moderator rina for {first}" in out.stdout
    assert f"assigned rina to {second}" in fkp(tmp_path, "assign", "rina", second.lower()).stdout
    import sqlite3
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*) FROM forum_staff").fetchone()[0] == 2
    bad = fkp(tmp_path, "create-user", "ani", "--role", "notulis", "--forum", "NOPE00", password="x",
              check=False)
    assert bad.returncode != 0 and "no forum" in bad.stderr
    with sqlite3.connect(tmp_path / "cli.db") as conn:  # nothing half-done
        assert conn.execute("SELECT count(*) FROM users WHERE username = 'ani'").fetchone()[0] == 0


def test_demo_then_export_docx_and_csv(tmp_path):
    code = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo", "--with-sample-input").stdout).group(1)
    out_docx, out_csv = tmp_path / "ba.docx", tmp_path / "inputs.csv"
    fkp(tmp_path, "export", code.lower(), "--format", "docx", "-o", str(out_docx))
    text = "\n".join(p.text for p in docx.Document(out_docx).paragraphs)
    assert "BERITA ACARA" in text.upper()
    assert "hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima" in text
    fkp(tmp_path, "export", code, "--format", "csv", "-o", str(out_csv))
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["No", "Layanan", "Aspek"]
    assert len(rows) == 1 + 4  # header and the four sample inputs, approved or not
    missing = fkp(tmp_path, "export", "NOPE00", "--format", "csv", "-o", str(out_csv), check=False)
    assert missing.returncode != 0 and "no forum" in missing.stderr


def test_demo_without_flag_invents_no_input(tmp_path):
    fkp(tmp_path, "demo")
    import sqlite3
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM services").fetchone()[0] == 6


def test_serve_prints_urls_qr_and_the_first_admin_once(live_server):
    out = live_server.output()
    code = live_server.code
    assert f"attendees (phones): {live_server.url}/j/{code}" in out
    assert f"display (projector): {live_server.url}/d/{code}" in out
    assert f"moderator: {live_server.url}/m/{code}" in out
    assert "█" in out  # the QR code drawn in the terminal
    assert "First admin created" not in out  # a user (the moderator) already existed


def test_first_serve_creates_the_demo_and_an_admin_with_a_generated_password(tmp_path):
    import requests

    from tests.helpers.app import LiveServer, LiveServerDB
    server = LiveServer(tmp_path).start()
    try:
        out = server.output()
        password = re.search(r"Log in as 'admin' with password: (\S+)", out).group(1)
        assert len(password) >= 12
        session = requests.Session()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          session.get(f"{server.url}/login", timeout=10).text).group(1)
        r = session.post(f"{server.url}/login", data={"username": "admin", "password": password,
                                                      "csrf_token": token}, timeout=10)
        assert r.url.endswith("/staff/") and "Forum Konsultasi Publik Penyusunan" in r.text
        # The admin deletes the demo; the next start does not make it again.
        code = re.search(r'<td class="code">(\w{6})</td>', r.text).group(1)
        page = f"{server.url}/staff/forums/{code}/delete"
        confirm = session.get(page, timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', confirm).group(1)
        r = session.post(page, data={"csrf_token": token}, timeout=10)
        assert r.url.endswith("/staff/") and f'<td class="code">{code}</td>' not in r.text
    finally:
        server.stop()
    restarted = LiveServer(tmp_path)
    restarted.log = tmp_path / "second.log"
    restarted.start()
    try:
        assert "First admin created" not in restarted.output()
        assert password not in restarted.output()
        with LiveServerDB(restarted) as db:
            assert db.execute("SELECT count(*) FROM forums").fetchone()[0] == 0
    finally:
        restarted.stop()


def test_forum_export_then_import_creates_a_draft_copy(tmp_path):
    code = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo", "--with-sample-input").stdout).group(1)
    path = tmp_path / "forum.json"
    fkp(tmp_path, "forum", "export", code, "-o", str(path))
    spec = __import__("json").loads(path.read_text(encoding="utf-8"))
    assert spec["details"]["unit"] == "Komisi Pemilihan Umum Provinsi Nusa Tenggara Barat"
    assert "participants" not in path.read_text() and "Perwakilan Partai A" not in path.read_text()
    new = re.search(r"created forum (\w{6})", fkp(tmp_path, "forum", "import", str(path)).stdout).group(1)
    assert new != code
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}')
    out = fkp(tmp_path, "forum", "import", str(bad), check=False)
    assert out.returncode != 0 and "bukan definisi forum" in out.stderr
    import sqlite3
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*) FROM forums").fetchone()[0] == 2
        assert conn.execute("SELECT status FROM forums WHERE code = ?", [new]).fetchone()[0] == "draft"


@pytest.mark.office
def test_export_every_document_kind_and_refuse_the_rest(tmp_path):
    import zipfile

    import openpyxl
    code = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo", "--with-sample-input").stdout).group(1)
    out = tmp_path / "out"
    fkp(tmp_path, "export", code, "--document", "notulen", "--format", "docx", "-o", str(out))
    assert "NOTULEN" in "\n".join(p.text for p in docx.Document(out).paragraphs).upper()
    sheet_file = tmp_path / "matriks.xlsx"  # openpyxl goes by the file's extension
    fkp(tmp_path, "export", code, "--document", "matriks", "--format", "xlsx", "-o", str(sheet_file))
    sheet = openpyxl.load_workbook(sheet_file).active
    assert "Masukan" in [c.value for row in sheet.iter_rows(max_row=12) for c in row]
    fkp(tmp_path, "export", code, "--document", "daftar-hadir", "--format", "pdf", "-o", str(out))
    assert out.read_bytes()[:4] == b"%PDF"
    fkp(tmp_path, "export", code, "--document", "evidence", "--format", "zip", "-o", str(out))
    assert len(zipfile.ZipFile(out).namelist()) == 10  # nine documents and 00-daftar-isi.txt
    for document, fmt in [("matriks", "docx"), ("evidence", "pdf"), ("berita-acara", "xlsx")]:
        refused = fkp(tmp_path, "export", code, "--document", document, "--format", fmt, "-o", str(out),
                      check=False)
        assert refused.returncode != 0 and f"is not available as {fmt}" in refused.stderr
    refused = fkp(tmp_path, "export", code, "--format", "xlsx", "-o", str(out), check=False)
    assert refused.returncode != 0 and "choose a --document" in refused.stderr


def forum_count(path):
    import sqlite3
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM forums").fetchone()[0]


def test_backup_then_restore_from_the_command_line(tmp_path):
    fkp(tmp_path, "demo", "--with-sample-input")
    saved = tmp_path / "saved.db"
    assert f"wrote {saved} (checked" in fkp(tmp_path, "backup", str(saved)).stdout
    fkp(tmp_path, "demo")
    assert forum_count(tmp_path / "cli.db") == 2
    out = fkp(tmp_path, "restore", str(saved)).stdout
    assert forum_count(tmp_path / "cli.db") == 1
    kept = re.search(r"the replaced database is kept as (\S+)", out).group(1)
    assert Path(kept).parent == tmp_path / "backups" and forum_count(kept) == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("bukan cadangan")
    before = (tmp_path / "cli.db").read_bytes()
    bad = fkp(tmp_path, "restore", str(notes), check=False)
    assert bad.returncode != 0 and "notes.txt" in bad.stderr and "Traceback" not in bad.stderr
    assert (tmp_path / "cli.db").read_bytes() == before
    over = fkp(tmp_path, "backup", str(notes), check=False)  # never overwrites a stranger
    assert over.returncode != 0 and notes.read_text() == "bukan cadangan"
    folder = tmp_path / "usb"
    folder.mkdir()
    fkp(tmp_path, "backup", str(folder))
    assert len(list(folder.glob("fkp-*.db"))) == 1


def test_restore_refuses_an_altered_schema_and_shows_staff_accounts_first(tmp_path):
    import sqlite3
    fkp(tmp_path, "create-user", "rina", "--role", "moderator", password="lumbung-padi-9")
    saved = tmp_path / "saved.db"
    fkp(tmp_path, "backup", str(saved))
    before = (tmp_path / "cli.db").read_bytes()
    altered = tmp_path / "altered.db"
    altered.write_bytes(saved.read_bytes())
    with sqlite3.connect(altered) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.close()
    bad = fkp(tmp_path, "restore", str(altered), check=False)
    assert bad.returncode != 0 and "audit_log_no_delete" in bad.stderr and "Traceback" not in bad.stderr
    # An extra admin in the file: shown, and not restored without --yes when nobody can answer.
    with sqlite3.connect(saved) as conn:
        conn.execute("INSERT INTO users (username, password_hash, role, created_utc) "
                     "VALUES ('penyusup', 'scrypt:x', 'admin', '2025-01-01T00:00:00+00:00')")
    conn.close()
    asked = fkp(tmp_path, "restore", str(saved), check=False)
    assert asked.returncode != 0 and "added: penyusup (role admin)" in asked.stdout and "--yes" in asked.stderr
    assert (tmp_path / "cli.db").read_bytes() == before and not (tmp_path / "backups").exists()
    done = fkp(tmp_path, "restore", str(saved), "--yes")
    assert "added: penyusup (role admin)" in done.stdout and "restored" in done.stdout
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT role FROM users WHERE username = 'penyusup'").fetchone() == ("admin",)
    conn.close()


def test_purge_contacts_from_the_command_line(tmp_path):
    import sqlite3
    code = re.search(r"demo forum: (\w{6})", fkp(tmp_path, "demo", "--with-sample-input").stdout).group(1)
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE participants SET contact = '0812'")
        conn.execute("UPDATE forums SET status = 'finalised', finalised_utc = '2025-01-01T00:00:00+00:00'")
    assert f"contact details removed for {code}" in fkp(tmp_path, "purge-contacts").stdout
    assert "nothing to remove" in fkp(tmp_path, "purge-contacts").stdout
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*) FROM participants WHERE contact != ''").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] > 0


def test_a_mistyped_setting_stops_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv("FKP_BACKUP_KEEP", "dua belas")
    out = fkp(tmp_path, "migrate", check=False)
    assert out.returncode != 0 and "FKP_BACKUP_KEEP" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "cli.db").exists()


def test_serve_backs_up_a_live_forum_and_a_restore_waits_for_it_to_stop(live_server, tmp_path):
    import time
    folder = tmp_path / "backups"
    deadline = time.time() + 60
    while not list(folder.glob("auto-*.db")) and time.time() < deadline:
        time.sleep(0.2)  # the first round runs as the server starts
    made = list(folder.glob("auto-*.db"))
    assert made, live_server.output()
    live_server.new_forum()
    before = forum_count(tmp_path / "live.db")
    refused = subprocess.run([sys.executable, "-m", "fkp", "restore", str(made[0])], cwd=ROOT,
                             env=live_server.env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and forum_count(tmp_path / "live.db") == before == 2
    assert not list(folder.glob("before-restore-*"))


def test_served_connections_send_without_waiting_for_acks():
    """Each response goes out at once (TCP_NODELAY), not 40 ms later behind a delayed ACK."""
    import socket

    from fkp.cli import no_delay_handler
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        conn, address = server.accept()
        with client, conn:
            assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            no_delay_handler()(conn, address, None)
            assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_served_requests_are_logged_only_with_an_access_log():
    """Without FKP_ACCESS_LOG no request's log line is even formatted (it cost ~3 % of an input)."""
    from types import SimpleNamespace

    from fkp.cli import no_delay_handler

    def handler(access_log):
        h = object.__new__(no_delay_handler(access_log=access_log))
        lines = []
        h.status, h.format_request = "200 OK", lambda: "GET / 200"
        h.server = SimpleNamespace(logger=SimpleNamespace(info=lines.append),
                                   log=SimpleNamespace(write=lines.append))
        h.log_request()
        return lines
    assert handler(False) == []
    assert any("GET / 200" in line for line in handler(True))


def test_passwords_follow_the_stated_policy_and_the_cli_resets_one(tmp_path):
    """Issue 15, finding 2: `create-user` took a one-character password; nothing could reset one."""
    for weak, why in (("x", "paling sedikit 10 karakter"), ("budibudi2026", "tidak boleh sama dengan nama pengguna"),
                      ("Bismillah123", "pertama kali ditebak"), ("aaaaaaaaaaaa", "pertama kali ditebak")):
        r = fkp(tmp_path, "create-user", "budi", "--role", "moderator", password=weak, check=False)
        assert r.returncode != 0 and why in r.stderr, (weak, r.stderr)
    fkp(tmp_path, "create-user", "budi", "--role", "moderator", password="lumbung padi 7")
    r = fkp(tmp_path, "reset-password", "budi", password="short", check=False)
    assert r.returncode != 0 and "paling sedikit 10 karakter" in r.stderr
    assert "new password set for budi" in fkp(tmp_path, "reset-password", "budi", password="sawah hijau 42").stdout
    assert fkp(tmp_path, "reset-password", "nobody", password="sawah hijau 42", check=False).returncode != 0
    app = create_app({"DATABASE": str(tmp_path / "cli.db"), "SECRET_KEY": "t", "TESTING": True})
    with app.app_context():
        assert users.authenticate(get_db(), "budi", "sawah hijau 42")
        assert not users.authenticate(get_db(), "budi", "lumbung padi 7")  # the old one stops working
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'user.set_password'").fetchone()[0] == 1
        budi = get_db().execute("SELECT id FROM users WHERE username = 'budi'").fetchone()[0]
        tokens = [staff_sessions.start(get_db(), budi, "10.0.0.1", "laptop") for _ in range(2)]
    # a reset on the server ends every session of the account (a copied cookie included)
    assert "2 session(s) ended" in fkp(tmp_path, "reset-password", "budi", password="kebun kopi 77").stdout
    with app.app_context():
        assert [staff_sessions.user_for(get_db(), t) for t in tokens] == [None, None]


def test_a_retired_setting_is_warned_about_not_silently_ignored(tmp_path, monkeypatch):
    """FKP_RATELIMIT_LOGIN_USERNAME locked the real user out (issue 15) and is gone: an office
    that still sets it is told what replaced it."""
    monkeypatch.setenv("FKP_RATELIMIT_LOGIN_USERNAME", "10 per minute")
    out = fkp(tmp_path, "migrate")
    assert "FKP_RATELIMIT_LOGIN_USERNAME is no longer read" in out.stderr and "FKP_LOGIN_FREE_FAILURES" in out.stderr
    monkeypatch.delenv("FKP_RATELIMIT_LOGIN_USERNAME")
    assert "no longer read" not in fkp(tmp_path, "migrate").stderr
