"""GET /healthz, what the container's HEALTHCHECK and a load balancer ask: "ok" while the
database answers, 503 when it does not; no personal data, no login, no cookie."""
from tests.helpers.app import make_app


def test_health_is_ok_while_the_database_answers(client, forum):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.get_data(as_text=True) == "ok\n"
    assert r.mimetype == "text/plain"
    assert r.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in r.headers  # a probe every few seconds leaves no session behind
    assert forum["code"] not in r.get_data(as_text=True)


def test_health_is_503_when_the_database_cannot_be_opened(tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    app = make_app(tmp_path, DATABASE=str(tmp_path / "not-a-folder" / "fkp.db"))  # the disk went away
    r = app.test_client().get("/healthz")
    assert r.status_code == 503
    assert r.get_data(as_text=True) == "database unavailable\n"
    assert "not-a-folder" not in r.get_data(as_text=True)  # says nothing of the server's files
