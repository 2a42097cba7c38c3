"""Staff passwords never cross the venue's network in clear (fkp/web/transport.py), and the
session cookie is Secure whenever the request came over HTTPS (fkp/web/sessions.py)."""
import re

import pytest

from fkp.people import users
from fkp.store import migrations
from fkp.store.db import get_db
from tests.helpers.app import make_app

PHONE_ON_WIFI = {"REMOTE_ADDR": "192.168.1.20"}
HTTPS = "https://192.168.1.5:5443"


@pytest.fixture
def staff(app):
    with app.app_context():
        users.create(get_db(), "moderator", "moderator-pass", "moderator")


def token(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_over_plain_http_from_another_machine_the_login_points_to_https_and_takes_no_password(tmp_path):
    app = make_app(tmp_path, LIMIT_LOGIN="2 per minute", LIMIT_LOGIN_USERNAME="2 per minute")
    with app.app_context():
        migrations.migrate(get_db())
        users.create(get_db(), "moderator", "moderator-pass", "moderator")
    laptop = app.test_client()
    laptop.environ_base.update(PHONE_ON_WIFI)
    page = laptop.get("/login?next=/staff/", base_url="http://192.168.1.5:5000")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="password"' not in html
    assert "Petugas masuk melalui koneksi yang aman" in html
    assert 'href="https://192.168.1.5:5443/login?next=/staff/"' in html
    assert "sidik jari SHA-256" in html  # how to check the certificate's warning

    # A password sent anyway (a form kept from before, a script), with a good CSRF token and
    # the right password, is refused unread: not a login, and not a failed one either.
    good = token(laptop.get("/login", base_url=HTTPS).get_data(as_text=True))
    # the same session under the plain cookie's name (fkp/web/sessions.py): a script that copied it
    laptop.set_cookie("session", laptop.get_cookie("__Secure-session", domain="192.168.1.5").value,
                      domain="192.168.1.5")
    for password in ("moderator-pass", "wrong", "wrong", "wrong"):
        r = laptop.post("/login", base_url="http://192.168.1.5:5000",
                        data={"username": "moderator", "password": password, "csrf_token": good})
        assert r.status_code == 403 and "Petugas masuk melalui koneksi yang aman" in r.get_data(as_text=True)
    assert laptop.get("/staff/", base_url="http://192.168.1.5:5000").status_code == 302  # still not in
    # none counted as a failed login (the limit here is 2): over https the password still works
    r = laptop.post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"},
                    data={"username": "moderator", "password": "moderator-pass", "csrf_token": good})
    assert r.status_code == 302


def test_over_https_from_another_machine_staff_log_in_with_a_secure_cookie(app, staff):
    laptop = app.test_client()
    laptop.environ_base.update(PHONE_ON_WIFI)
    page = laptop.get("/login", base_url=HTTPS)
    assert "; Secure" in page.headers["Set-Cookie"]
    r = laptop.post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"},
                    data={"username": "moderator", "password": "moderator-pass",
                          "csrf_token": token(page.get_data(as_text=True))})
    assert r.status_code == 302 and r.headers["Location"].endswith("/staff/")
    assert "; Secure" in r.headers["Set-Cookie"]


def test_on_the_server_machine_itself_plain_http_login_still_works_with_a_plain_cookie(app, actions, staff):
    r = actions.login()  # the test client: 127.0.0.1, http
    assert r.status_code == 302 and "Secure" not in r.headers["Set-Cookie"]


def test_a_proxy_on_the_server_machine_is_not_the_server_machine(app, staff):
    """nginx on the same machine forwards a phone's plain request from 127.0.0.1: refused."""
    proxied = app.test_client()
    page = proxied.get("/login", headers={"X-Forwarded-For": "192.168.1.20"})
    assert 'name="password"' not in page.get_data(as_text=True)


def test_behind_a_trusted_proxy_that_speaks_https_staff_log_in(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1, TLS_PORT=None)
    with app.app_context():
        migrations.migrate(get_db())
        users.create(get_db(), "moderator", "moderator-pass", "moderator")
    nginx = app.test_client()
    forwarded = {"X-Forwarded-For": "192.168.1.20", "X-Forwarded-Proto": "https"}
    page = nginx.get("/login", base_url="http://fkp.example", headers=forwarded)
    assert 'name="password"' in page.get_data(as_text=True) and "; Secure" in page.headers["Set-Cookie"]
    r = nginx.post("/login", base_url="http://fkp.example",
                   headers={**forwarded, "Referer": "https://fkp.example/login"},
                   data={"username": "moderator", "password": "moderator-pass",
                         "csrf_token": token(page.get_data(as_text=True))})
    assert r.status_code == 302
    plain = nginx.get("/login", base_url="http://fkp.example",
                      headers={"X-Forwarded-For": "192.168.1.20", "X-Forwarded-Proto": "http"})
    assert 'name="password"' not in plain.get_data(as_text=True)
    assert "Tanyakan alamat HTTPS server" in plain.get_data(as_text=True)  # TLS off: no https address known


@pytest.mark.parametrize("proto, allowed", [
    ("https,http", True),  # through the front nginx's HTTPS, then the node's nginx
    (",https", True),      # at the node's own nginx, over its HTTPS: fewer proxies than trusted
    ("http,http", False),  # through the front, in clear
    (",http", False),      # at the node's own nginx, in clear
])
def test_in_the_sharded_layout_the_nearest_proxy_says_whether_it_was_https(tmp_path, proto, allowed):
    """Behind two trusted proxies (deploy/nginx-shard-by-forum.conf, FKP_TRUSTED_PROXIES=2),
    as deploy/nginx-one-machine.conf chains X-Forwarded-Proto."""
    app = make_app(tmp_path, TRUSTED_PROXIES=2, TLS_PORT=None)
    page = app.test_client().get("/login", base_url="http://node1.example",
                                 headers={"X-Forwarded-For": "192.168.1.20, 10.0.0.1", "X-Forwarded-Proto": proto})
    assert ('name="password"' in page.get_data(as_text=True)) is allowed
    assert ("; Secure" in page.headers.get("Set-Cookie", "")) is allowed
