"""The unit's page and its evaluation dossier, through the pages, as staff use them."""
import io
import zipfile

import pytest

from fkp.exports import builds
from fkp.forums import forums
from fkp.people import users
from fkp.store.db import get_db
from tests.helpers import factories


@pytest.fixture
def held(app):
    with app.app_context():
        db = get_db()
        forum, _inputs = factories.full_record(db)
        factories.forum(db, title="Forum unit lain", unit="KPU Kota Bima")
        return forums.get(db, forum["id"])


def test_staff_home_links_the_units_and_the_page_lists_each_year(held, actions):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    assert "/staff/units/" in actions.client.get("/staff/").get_data(as_text=True)
    index = actions.client.get("/staff/units/").get_data(as_text=True)
    assert held["unit"] in index and "KPU Kota Bima" in index
    page = actions.client.get("/staff/units/", query_string={"unit": held["unit"]}).get_data(as_text=True)
    assert "Tahun 2025" in page and held["title"] in page and "Forum unit lain" not in page
    assert "/staff/units/dossier?unit=" in page


def test_a_moderator_sees_only_the_units_of_forums_assigned_to_them(held, actions, app):
    actions.login("moderator", "moderator-pass", role="moderator", assign=False)
    with app.app_context():
        db = get_db()
        users.assign(db, held["id"], db.execute("SELECT id FROM users WHERE username = 'moderator'").fetchone()[0])
    index = actions.client.get("/staff/units/").get_data(as_text=True)
    assert held["unit"] in index and "KPU Kota Bima" not in index
    assert actions.client.get("/staff/units/", query_string={"unit": "KPU Kota Bima"}).status_code == 404
    assert actions.client.get("/staff/units/dossier", query_string={"unit": "KPU Kota Bima",
                                                                    "year": "2025"}).status_code == 404


def test_the_units_pages_need_a_login(held, client):
    assert client.get("/staff/units/").status_code in (302, 303)


@pytest.mark.office
def test_the_dossier_downloads_built_by_the_worker_and_goes_when_a_forum_is_forgotten(held, actions, app):
    assert actions.login("admin", "admin-password", role="admin").status_code == 302
    r = actions.client.get("/staff/units/dossier", query_string={"unit": held["unit"], "year": "2025"})
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == 'attachment; filename="berkas-evaluasi-fkp-2025.zip"'
    assert "00-ringkasan-bukti-fkp.pdf" in zipfile.ZipFile(io.BytesIO(r.data)).namelist()
    folder = builds.folder_beside(app.config["DATABASE"])
    assert [p for p in folder.iterdir() if p.name.startswith("dossier-")]
    builds.Builds(folder).forget(held["code"])
    assert not [p for p in folder.iterdir() if p.name.startswith("dossier-")]
    assert actions.client.get("/staff/units/dossier", query_string={"unit": held["unit"],
                                                                    "year": "1999"}).status_code == 404
