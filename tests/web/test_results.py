"""The public results page shows nothing that is not public."""
import pytest

from fkp.forums import forums, lifecycle
from fkp.store.db import get_db
from tests.helpers import factories

CONTACTS = [factories.PHONE, factories.EMAIL, "0819-PUBLIK", "hasan@example.org"]
PRIVATE_NAMES = ["Siti Aminah", "Baiq Nurul", "Made Wirawan", "Prof. Hasan", "Pak Lisan", "Nina Staf"]


@pytest.fixture
def published(app):
    with app.app_context():
        db = get_db()
        forum, _inputs = factories.full_record(db)
        assert forum["status"] == "closed"
        code = forum["code"]
        yield_forum = forum
    return app, code, yield_forum


def publish(app, forum):
    with app.app_context():
        db = get_db()
        # Finalised with the input still open, as staff may when they accept it.
        lifecycle.transition(db, forums.get(db, forum["id"]), "finalise", None, accept_open=True)
        lifecycle.transition(db, forums.get(db, forum["id"]), "publish", None)


def test_nothing_is_public_before_publication(client, published):
    app, code, forum = published
    assert client.get(f"/r/{code}").status_code == 404
    assert client.get(f"/r/{code}.json").status_code == 404


def test_results_page_and_json_show_decisions_and_only_consenting_names(client, published):
    app, code, forum = published
    publish(app, forum)
    page = client.get(f"/r/{code}").get_data(as_text=True)
    data = client.get(f"/r/{code}.json").get_json()
    text = page + str(data)
    assert "Rina Publik" in text  # agreed to be named publicly
    assert "Tidak diterima" in page and "Diatur peraturan KPU." in page
    assert "Formulir daring disepakati." in page and "Standar pelayanan disempurnakan" in page
    # Never moderated is still in the record, undecided; hidden never is.
    assert "Masukan yang belum dimoderasi." in page and "Belum diputuskan" in page
    assert "Masukan yang disembunyikan" not in text
    for secret in CONTACTS + PRIVATE_NAMES:
        assert secret not in text, secret
    assert data["services"][0]["inputs"][0]["givers"][0]["name"] == "Peserta"


def test_no_public_route_leaks_contact_details(app, client, published):
    app, code, forum = published
    publish(app, forum)
    seen = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments - {"code"} or rule.rule.startswith(("/static", "/lang")):
            continue
        r = client.get(rule.rule.replace("<code>", code))
        if r.status_code == 200:
            seen += 1
            body = r.get_data(as_text=True)
            for secret in CONTACTS:
                assert secret not in body, (rule.rule, secret)
    assert seen >= 6  # /, /j, /j/CODE, /d/CODE, /d/CODE/qr.svg, /r/CODE, /r/CODE.json, the API…
