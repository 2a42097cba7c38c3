"""Pages go gzip-compressed to phones on plain HTTP, never over HTTPS (BREACH), and only when
the browser asks for it."""
import gzip

from tests.helpers.app import csrf_token


def _input_page(client, code, **headers):
    client.post(f"/j/{code}", data={"name": "Siti", "institution": "JPPR NTB", "group": "civil_society",
                                    "consent": "y", "csrf_token": csrf_token(client, f"/j/{code}")})
    return client.get(f"/j/{code}/input", headers=headers)


def test_a_page_over_plain_http_is_compressed_for_a_browser_that_accepts_gzip(client, forum):
    plain = _input_page(client, forum["code"]).get_data()
    zipped = client.get(f"/j/{forum['code']}/input", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    body = gzip.decompress(zipped.get_data())
    assert body.startswith(b"<!doctype html>") and len(zipped.get_data()) < len(plain) / 2
    assert client.get(f"/j/{forum['code']}/input").headers.get("Content-Encoding") is None


def test_over_https_a_page_is_never_compressed(client, forum):
    over_http = client.get(f"/j/{forum['code']}", headers={"Accept-Encoding": "gzip"})
    assert over_http.headers["Content-Encoding"] == "gzip"  # the join page is large enough
    r = client.get(f"/j/{forum['code']}", base_url="https://localhost", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers.get("Content-Encoding") is None
    assert r.get_data().startswith(b"<!doctype html>")


def test_what_is_not_a_page_is_left_alone(client, forum):
    r = client.get(f"/api/v1/forums/{forum['code']}", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") is None and r.is_json
    missing = client.get("/j/NOSUCH", headers={"Accept-Encoding": "gzip"})
    assert missing.headers.get("Content-Encoding") is None
