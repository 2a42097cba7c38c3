"""Uploading a saved Zoom chat at /m/<CODE>/chat, and `python -m fkp import-chat`."""
import html as html_lib
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fkp.forums import lifecycle
from fkp.people import participants
from fkp.store.db import get_db
from fkp.web import uploads
from fkp.web.staff import chat
from tests.helpers.app import csrf_token
from tests.helpers.zoom import CREATED, HOST, HOST_MESSAGES, SKIPPED, ZOOM_CHAT

ROOT = Path(__file__).resolve().parents[3]

CSV_FILE = b"No,Nama,Instansi,Masukan\n1,Rina,JPPR,Percepat layanan\n"
PNG_FILE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def counts_on(html):
    """{created, repeated, host_messages, matched, new_participants, skipped} as the result
    table shows them."""
    return {key: int(n) for key, n in re.findall(
        r'<tr data-count="(\w+)"><th scope="row">[^<]*</th><td>(\d+)</td></tr>', html)}


def upload(client, forum, data, filename="meeting_saved_chat.txt", token=True):
    form = {"chat_file": (io.BytesIO(data), filename)}
    if token:
        form["csrf_token"] = csrf_token(client, f"/m/{forum['code']}/chat")
    return client.post(f"/m/{forum['code']}/chat", data=form, content_type="multipart/form-data")


def ticked(html, name):
    """The values of the checkboxes `name` ticked on the preview page."""
    return [html_lib.unescape(v) for v in re.findall(
        rf'<input type="checkbox" name="{name}" value="([^"]*)" checked>', html)]


def import_chat(client, forum, data, hosts=None, same=None, filename="meeting_saved_chat.txt"):
    """Upload, then import from the preview: with its ticks as they come, or with these."""
    preview = upload(client, forum, data, filename)
    html = preview.get_data(as_text=True)
    if preview.status_code != 200 or 'id="chat-import-form"' not in html:
        return preview
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    form = {"csrf_token": csrf_token(client, f"/m/{forum['code']}/chat"), "token": token,
            "host": ticked(html, "host") if hosts is None else hosts,
            "same": ticked(html, "same") if same is None else same}
    return client.post(f"/m/{forum['code']}/chat/import", data=form)


def online_inputs(app, forum):
    with app.app_context():
        return list(get_db().query(
            "SELECT c.*, p.name, p.channel AS participant_channel FROM comments c "
            "JOIN participants p ON p.id = c.participant_id WHERE c.forum_id = ? ORDER BY c.id",
            [forum["id"]]))


@pytest.fixture
def moderator(actions, forum):
    assert actions.login().status_code == 302
    return actions.client


def test_upload_a_zoom_chat(app, moderator, forum):
    with app.app_context():  # one speaker had joined the forum on a phone already
        participants.join(get_db(), forum, name="Anas Burhan (PKB)", institution="PKB Jombang",
                          group="service_user", consent=True)
    page = moderator.get(f"/m/{forum['code']}/chat").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'accept=".txt,text/plain"' in page

    preview = upload(moderator, forum, ZOOM_CHAT).get_data(as_text=True)
    assert online_inputs(app, forum) == []  # nothing until staff confirm
    assert ticked(preview, "host") == [HOST]  # marked as the host in the chat
    assert ticked(preview, "same") == ["Anas Burhan (PKB)"]

    response = import_chat(moderator, forum, ZOOM_CHAT, hosts=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert counts_on(html) == {"created": CREATED, "repeated": 0, "host_messages": 0, "matched": 1,
                               "new_participants": 3, "skipped": SKIPPED}
    assert f'href="/m/{forum["code"]}' in html  # back to the console, where they wait

    rows = online_inputs(app, forum)
    assert len(rows) == CREATED
    assert {(r["channel"], r["status"], r["service_id"], r["aspect_id"]) for r in rows} == {
        ("online", "pending", None, None)}
    assert rows[1]["text"] == ("PKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n"
                               "Mohon informasi hasil pemilu berbasis IT untuk partai politik.")
    assert rows[1]["participant_channel"] == "phone"  # matched to who had joined, not added again
    assert [r["name"] for r in rows][2:] == ["Novita – WCC Jombang", "Muḥammad ʿAlī"]
    assert not any("daftar hadir" in r["text"] or "Reacted" in r["text"] for r in rows)


def test_the_same_file_again_adds_nothing(app, moderator, forum):
    import_chat(moderator, forum, ZOOM_CHAT)
    response = import_chat(moderator, forum, ZOOM_CHAT)
    assert response.status_code == 200
    created = CREATED - HOST_MESSAGES
    assert counts_on(response.get_data(as_text=True)) == {
        "created": 0, "repeated": created, "host_messages": HOST_MESSAGES, "matched": created,
        "new_participants": 0, "skipped": SKIPPED}
    assert len(online_inputs(app, forum)) == created
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM participants").fetchone()[0] == created


def test_control_characters_in_a_chat_never_reach_the_database(app, moderator, forum):
    """Found by the naughty-strings test: typed input is cleaned (text.clean), chat input was
    not, so terminal colours and bells from a pasted line were stored and shown."""
    chat = ("10:00:00 From Rina to Everyone:\n\tRoses are \x1b[0;31mred\x1b[0m, violets\x07.\n"
            "10:00:05 From Rina to Everyone:\n\t\x07\x08\n").encode()
    response = import_chat(moderator, forum, chat)
    assert counts_on(response.get_data(as_text=True)) == {
        "created": 1, "repeated": 0, "host_messages": 0, "matched": 0, "new_participants": 1,
        "skipped": 1}
    assert [r["text"] for r in online_inputs(app, forum)] == ["Roses are [0;31mred[0m, violets."]


@pytest.mark.parametrize("data, filename", [
    (CSV_FILE, "daftar-hadir.csv"),       # refused by its name
    (CSV_FILE, "daftar-hadir.txt"),       # a CSV renamed: refused by its content
    (PNG_FILE, "meeting_saved_chat.txt"),  # binary
    (b"", "meeting_saved_chat.txt"),
])
def test_a_file_that_is_not_a_chat_imports_nothing(app, moderator, forum, data, filename):
    response = upload(moderator, forum, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="chat_file-error"' in html and counts_on(html) == {}
    assert online_inputs(app, forum) == []
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM participants").fetchone()[0] == 0


def test_a_renamed_csv_gets_the_message_that_says_what_a_chat_file_is(moderator, forum):
    html = upload(moderator, forum, CSV_FILE, "daftar-hadir.txt").get_data(as_text=True)
    assert "Berkas ini bukan obrolan rapat Zoom yang disimpan" in html
    assert "Tidak ada yang diimpor." in html


def test_a_file_over_the_size_limit_gets_a_clear_message(app, moderator, forum):
    big = ZOOM_CHAT * ((chat.MAX_FILE_BYTES + uploads.ENVELOPE) // len(ZOOM_CHAT) + 1)
    response = upload(moderator, forum, big)
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="chat_file-error"' in html and "1 MB" in html  # on the upload page, by the field
    assert online_inputs(app, forum) == []


def test_a_post_without_csrf_is_refused(app, moderator, forum):
    assert upload(moderator, forum, ZOOM_CHAT, token=False).status_code == 400
    assert online_inputs(app, forum) == []


def test_who_may_upload(app, actions, client, forum):
    response = client.get(f"/m/{forum['code']}/chat")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    actions.login("other-moderator", "pw-other-account", role="moderator", assign=False)
    assert client.get(f"/m/{forum['code']}/chat").status_code == 403
    token = csrf_token(client, "/login")
    response = client.post(f"/m/{forum['code']}/chat", content_type="multipart/form-data", data={
        "chat_file": (io.BytesIO(ZOOM_CHAT), "chat.txt"), "csrf_token": token})
    assert response.status_code == 403
    actions.login("notulis", "pw-notulis", role="notulis")  # note-takers record, moderators import
    assert client.get(f"/m/{forum['code']}/chat").status_code == 403
    assert online_inputs(app, forum) == []


def test_after_the_record_is_final_the_page_says_so_and_imports_nothing(app, moderator, forum):
    token = csrf_token(moderator, f"/m/{forum['code']}/chat")
    with app.app_context():
        db = get_db()
        lifecycle.transition(db, forum, "close", None)
        lifecycle.transition(db, {**forum, "status": "closed"}, "finalise", None)
    page = moderator.get(f"/m/{forum['code']}/chat")
    assert page.status_code == 200 and 'id="chat-form"' not in page.get_data(as_text=True)
    response = moderator.post(f"/m/{forum['code']}/chat", content_type="multipart/form-data", data={
        "chat_file": (io.BytesIO(ZOOM_CHAT), "chat.txt"), "csrf_token": token})
    assert response.status_code == 409
    assert online_inputs(app, forum) == []


def fkp_cli(tmp_path, *args):
    env = {**os.environ, "FKP_DATABASE": str(tmp_path / "cli.db"), "FKP_SECRET_KEY": "cli-test"}
    return subprocess.run([sys.executable, "-m", "fkp", *args], check=False, cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.server
def test_cli_import_chat(tmp_path):
    code = re.search(r"demo forum: (\w{6})", fkp_cli(tmp_path, "demo").stdout).group(1)
    not_a_chat = tmp_path / "daftar-hadir.txt"
    not_a_chat.write_bytes(CSV_FILE)
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_bytes(ZOOM_CHAT)

    refused = fkp_cli(tmp_path, "import-chat", code, str(not_a_chat))
    assert refused.returncode != 0 and "Tidak ada yang diimpor." in refused.stderr
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0

    done = fkp_cli(tmp_path, "import-chat", code, str(chat), "--host", HOST)
    assert done.returncode == 0, done.stderr
    created = CREATED - HOST_MESSAGES
    assert (f"created {created} inputs (0 already imported, {created} new participants, "
            f"{SKIPPED} private or reactions, {HOST_MESSAGES} of the hosts left out)") in done.stdout
    again = fkp_cli(tmp_path, "import-chat", code.lower(), str(chat), "--host", HOST)
    assert f"created 0 inputs ({created} already imported" in again.stdout
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT count(*), min(channel), max(channel) FROM comments "
                            "WHERE status = 'pending'").fetchone() == (created, "online", "online")
