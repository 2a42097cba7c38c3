"""Documents are built by a worker process, kept, rebuilt when the forum changes, and a
large build never holds up the live forum."""
import io
import re
import threading
import zipfile
from pathlib import Path

import pytest
import requests

from fkp.exports import builds
from fkp.forums import forums
from fkp.record import minutes, responses
from fkp.store.db import get_db
from tests.helpers import factories

pytestmark = [pytest.mark.server, pytest.mark.office]

pytest.importorskip("fkp.exports.docx.notulen")


def documents_folder(app):
    return Path(app.config["DATABASE"]).parent / "documents"


def kept(app):
    return sorted(p.name for p in documents_folder(app).glob("*"))


@pytest.fixture
def scenario(app):
    """The shared scenario; a test client request must not run inside the db fixture's app
    context (they would share `g`), so this one closes its own."""
    with app.app_context():
        return factories.scenario(get_db())


def test_a_document_is_built_once_then_rebuilt_after_a_change(app, scenario, actions):
    forum, inputs = scenario
    actions.login("notulis", "notulis-password", role="notulis")
    url = f"/staff/forums/{forum['code']}/documents/berita-acara.docx"
    first = actions.client.get(url)
    assert first.status_code == 200 and first.data[:2] == b"PK"
    (name,) = kept(app)
    assert name.startswith(f"berita-acara-{forum['code']}.docx.")
    built_at = (documents_folder(app) / name).stat().st_mtime_ns
    again = actions.client.get(url)
    assert again.data == first.data
    assert (documents_folder(app) / name).stat().st_mtime_ns == built_at  # kept, not rebuilt
    with app.app_context():
        db = get_db()
        responses.save_response(db, forums.get(db, forum["id"]), inputs["approved_info"]["id"], None,
                                response="Jawaban yang baru.", decision="accepted")
    changed = actions.client.get(url)
    assert changed.status_code == 200 and changed.data != first.data
    (newer,) = kept(app)  # the old build is gone, only the newest is kept
    assert newer != name


def test_a_long_build_answers_with_a_page_that_reloads(app, scenario, actions):
    app.config["DOCUMENT_WAIT_S"] = 0
    forum, _inputs = scenario
    actions.login("notulis", "notulis-password", role="notulis")
    url = f"/staff/forums/{forum['code']}/documents/notulen.docx"
    r = actions.client.get(url)
    assert r.status_code == 202
    html = r.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in html and "Dokumen sedang disiapkan" in html
    app.config["DOCUMENT_WAIT_S"] = 60
    done = actions.client.get(url)  # joins the build already running, or finds it kept
    assert done.status_code == 200 and done.data[:2] == b"PK"


def test_a_failed_build_is_reported_and_retried(tmp_path):
    broken = builds.Job("ABC123", "berita-acara", "docx", b"not a pickle", "0" * 32)
    shop = builds.Builds(tmp_path / "documents")
    result = shop.get(broken, wait_s=120)
    assert result.state == "failed" and "UnpicklingError" in result.message
    assert not list((tmp_path / "documents").glob("*"))


def test_forget_removes_a_forums_documents(app, db):
    forum, _inputs = factories.scenario(db)
    other = factories.forum(db, title="Forum lain")
    shop = builds.Builds(documents_folder(app))
    for f in (forum, other):
        f = forums.get(db, f["id"])
        job = builds.job(f["code"], "matriks", "csv", minutes.models(db, f))
        assert shop.get(job, wait_s=120).state == "ready"
    shop.forget(forum["code"])
    (left,) = kept(app)
    assert other["code"] in left


def test_the_evidence_pack_is_built_by_the_worker(app, scenario, actions):
    forum, _inputs = scenario
    actions.login("notulis", "notulis-password", role="notulis")
    r = actions.client.get(f"/staff/forums/{forum['code']}/documents/evidence.zip")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == f'attachment; filename="evidence-{forum["code"]}.zip"'
    assert len(zipfile.ZipFile(io.BytesIO(r.data)).namelist()) == 10  # nine documents and their list


def test_the_live_forum_is_answered_while_documents_are_built(live_server):
    """Under the real gevent server: while the evidence pack (nine documents) is being built,
    other requests are answered; before, the build held the server until it was done."""
    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      session.get(f"{live_server.url}/login").text).group(1)
    session.post(f"{live_server.url}/login", data={"username": "moderator", "password": "moderator-pass",
                                                   "csrf_token": token})
    finished = threading.Event()
    statuses = []

    def download():
        statuses.append(session.get(f"{live_server.url}/staff/forums/{live_server.code}/documents/"
                                    "evidence.zip", timeout=300).status_code)
        finished.set()
    worker = threading.Thread(target=download)
    worker.start()
    answered_during_build = 0
    while not finished.is_set():
        if requests.get(f"{live_server.url}/d/{live_server.code}", timeout=300).status_code == 200 \
                and not finished.is_set():
            answered_during_build += 1
    worker.join()
    assert statuses == [200]
    assert answered_during_build >= 3
