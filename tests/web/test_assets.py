"""Static files: content-hashed URLs, a year in the browser's cache, gzip on the wire."""
import gzip
import re

from fkp.web import assets


def static_urls(html):
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_every_static_url_on_a_page_carries_the_content_hash(client, forum):
    for page in ("/", f"/j/{forum['code']}", f"/d/{forum['code']}", "/login"):
        urls = static_urls(client.get(page).get_data(as_text=True))
        assert urls, page
        for url in urls:
            assert re.search(r"\?v=[0-9a-f]{12}$", url), url


def test_a_hashed_url_is_cached_for_a_year_and_sent_compressed(client):
    url = static_urls(client.get("/").get_data(as_text=True))[0]  # the stylesheet
    r = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in r.headers["Vary"]
    body = gzip.decompress(r.data)
    assert len(r.data) < len(body) / 2 and b"body" in body
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_without_gzip_or_without_the_current_hash(client):
    plain = client.get("/static/css/app.css")
    assert "Content-Encoding" not in plain.headers and b"body" in plain.data
    assert plain.headers["Cache-Control"] == "no-cache"  # revalidated through the ETag
    old = client.get("/static/css/app.css?v=000000000000", headers={"Accept-Encoding": "gzip"})
    assert old.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/nothing.css").status_code == 404
    assert client.get("/static/../config.py").status_code == 404


def test_the_hash_follows_the_content(tmp_path):
    (tmp_path / "a.css").write_text("body { color: red }" * 40)
    first = assets.load(str(tmp_path), "a.css")
    assert first.gz is not None and gzip.decompress(first.gz) == first.raw
    (tmp_path / "a.css").write_text("body { color: blue }" * 40)
    second = assets.load(str(tmp_path), "a.css")
    assert second.digest != first.digest and b"blue" in second.raw
    (tmp_path / "tiny.css").write_text("p{}")
    assert assets.load(str(tmp_path), "tiny.css").gz is None  # not worth compressing


def test_the_service_worker_is_never_kept_stale(client):
    r = client.get("/j/sw.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-cache"
    assert r.mimetype == "text/javascript" and r.headers["Content-Encoding"] == "gzip"
