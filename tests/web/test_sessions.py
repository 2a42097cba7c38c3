"""Signed-cookie sessions reuse one serializer per secret key (fkp/web/sessions.py), and a
session still round-trips, and a cookie signed with another key is still refused."""
from tests.helpers.app import make_app


def test_one_serializer_per_key_and_sessions_still_signed(tmp_path):
    app = make_app(tmp_path)
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first

    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    with client.session_transaction() as session:
        assert session["lang"] == "en"

    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    app.secret_key = "another key"
    assert interface.get_signing_serializer(app) is not first
    other = app.test_client()
    other.set_cookie(cookie.key, cookie.value)
    with other.session_transaction() as session:
        assert "lang" not in session
