"""HTTPS for `serve` (issue 15): the certificate it makes or is given, and a real server that
speaks HTTPS with it beside plain HTTP, Socket.IO included."""
import hashlib
import re
import socket
import ssl
import stat
from datetime import datetime, timedelta, timezone

import pytest
import requests
import socketio

from fkp.config import ConfigError
from fkp.serve import lan, tls
from tests.helpers.app import ROOT

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)


def der_fingerprint(der):
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def file_fingerprint(path):
    return der_fingerprint(ssl.PEM_cert_to_DER_cert(path.read_text()))


def test_a_generated_certificate_names_the_lan_address_and_this_machine_and_is_owner_only(tmp_path):
    made = tls.generated(tmp_path, "192.168.1.5", NOW)
    assert made.generated and {"192.168.1.5", "127.0.0.1", "localhost"} <= set(made.names)
    assert made.fingerprint == file_fingerprint(made.shown)  # the fingerprint of the file staff may install
    for path in (tmp_path / "tls.pem", tmp_path / "tls-cert.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in made.shown.read_text()
    # a leaf: it cannot sign a certificate for another site
    from cryptography import x509
    leaf = x509.load_pem_x509_certificate(made.shown.read_bytes())
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False


def test_a_generated_certificate_is_kept_until_the_address_changes_or_its_end_nears(tmp_path):
    first = tls.generated(tmp_path, "192.168.1.5", NOW)
    assert tls.generated(tmp_path, "192.168.1.5", NOW + timedelta(days=300)).fingerprint == first.fingerprint
    moved = tls.generated(tmp_path, "10.0.0.7", NOW)  # another venue's network
    assert moved.fingerprint != first.fingerprint and "10.0.0.7" in moved.names
    assert file_fingerprint(tmp_path / "tls-cert.pem") == moved.fingerprint
    assert tls.generated(tmp_path, "10.0.0.7", NOW + timedelta(days=340)).fingerprint != moved.fingerprint


def test_a_damaged_kept_certificate_is_made_anew(tmp_path):
    tls.generated(tmp_path, "192.168.1.5", NOW)
    (tmp_path / "tls.pem").write_text("not a certificate")
    again = tls.generated(tmp_path, "192.168.1.5", NOW)
    assert again.fingerprint == file_fingerprint(tmp_path / "tls-cert.pem")


def test_the_office_certificate_is_served_as_given_and_checked_first(tmp_path):
    made = tls.generated(tmp_path / "office", "10.20.30.40", NOW)
    pem = made.certfile.read_text()
    key = tmp_path / "office.key"
    key.write_text(pem[:pem.index("-----BEGIN CERTIFICATE")])
    given = tls.prepare(str(made.shown), str(key), tmp_path / "instance", "192.168.1.5", NOW)
    assert not given.generated and given.fingerprint == made.fingerprint
    assert not (tmp_path / "instance").exists()  # nothing generated
    with pytest.raises(ConfigError, match="go together"):
        tls.prepare(str(made.shown), "", tmp_path / "instance", "192.168.1.5", NOW)
    other = tls.generated(tmp_path / "other", "10.0.0.1", NOW).certfile.read_text()
    key.write_text(other[:other.index("-----BEGIN CERTIFICATE")])
    with pytest.raises(ConfigError, match="cannot be served"):
        tls.prepare(str(made.shown), str(key), tmp_path / "instance", "192.168.1.5", NOW)


def config(**kwargs):
    return {"PUBLIC_URL": "", "PORT": 5000, "TLS_PORT": 5443, "PHONES_HTTPS": False, **kwargs}


def test_phones_get_plain_http_unless_the_office_chose_https_and_staff_get_https(monkeypatch):
    monkeypatch.setattr(lan, "lan_address", lambda: "192.168.1.5")
    assert lan.phones_base(config()) == "http://192.168.1.5:5000"
    assert lan.staff_base(config()) == "https://192.168.1.5:5443"
    assert lan.phones_base(config(PHONES_HTTPS=True)) == "https://192.168.1.5:5443"
    # a display opened over https on the LAN address still sends phones to plain http
    assert lan.phones_base(config(), "192.168.1.5:5443", "https") == "http://192.168.1.5:5000"
    assert lan.phones_base(config(), "laptop.local:5000", "http") == "http://laptop.local:5000"
    assert lan.phones_base(config(PHONES_HTTPS=True), "[fe80::1]:5000", "http") == "https://[fe80::1]:5443"
    # TLS off (behind nginx): as before, the address the page was opened on
    assert lan.phones_base(config(TLS_PORT=None), "fkp.example", "https") == "http://fkp.example"
    assert lan.staff_base(config(TLS_PORT=None)) == "http://192.168.1.5:5000"
    public = config(PUBLIC_URL="https://fkp.example.go.id")
    assert lan.phones_base(public) == lan.staff_base(public) == "https://fkp.example.go.id"


def trusting(cert):
    """A requests session that trusts only the server's own certificate file."""
    session = requests.Session()
    session.verify = str(cert)
    session.trust_env = False  # else REQUESTS_CA_BUNDLE, when set, wins over verify
    return session


def test_serve_speaks_https_with_its_certificate_beside_plain_http(live_server):
    cert = ROOT / "instance" / "tls-cert.pem"
    printed = re.search(r"SHA-256 fingerprint: ([0-9A-F:]+)", live_server.output()).group(1)
    assert printed == file_fingerprint(cert)
    # the certificate the port presents is that file's, verified with the file as the only CA
    context = ssl.create_default_context(cafile=str(cert))
    with socket.create_connection(("127.0.0.1", live_server.tls_port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as secured:
            assert der_fingerprint(secured.getpeercert(binary_form=True)) == printed

    https, plain = trusting(cert), requests.Session()
    r = https.get(f"{live_server.https_url}/login", timeout=10)
    assert r.status_code == 200 and "; Secure" in r.headers["Set-Cookie"]
    r = plain.get(f"{live_server.url}/login", timeout=10)
    assert r.status_code == 200 and "Secure" not in r.headers["Set-Cookie"]

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      https.get(f"{live_server.https_url}/login", timeout=10).text).group(1)
    r = https.post(f"{live_server.https_url}/login", allow_redirects=False, timeout=10,
                   headers={"Referer": f"{live_server.https_url}/login"},  # as a browser sends it
                   data={"username": "moderator", "password": "moderator-pass", "csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith("/staff/")
    assert "; Secure" in r.headers["Set-Cookie"]
    console = https.get(f"{live_server.https_url}/m/{live_server.code}", timeout=10)
    assert console.status_code == 200 and not console.history  # logged in: no way back to /login

    # Socket.IO over the HTTPS port: the moderator's socket (it needs the Secure cookie) over
    # long-polling then websocket, and a display's over websocket alone
    clients = []
    try:
        for view, transports in (("moderator", ["polling", "websocket"]), ("display", ["websocket"])):
            client = socketio.Client(reconnection=False, http_session=https)
            cookie = "; ".join(f"{k}={v}" for k, v in https.cookies.items())
            client.connect(live_server.https_url, auth={"forum": live_server.code, "view": view},
                           namespaces=["/live"], transports=transports, wait_timeout=10,
                           headers={"Cookie": cookie})
            clients.append(client)
            assert client.connected and client.get_sid("/live")
    finally:
        for client in clients:
            client.disconnect()


def test_an_unknown_certificate_is_refused_by_a_client_that_checks(live_server):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{live_server.https_url}/login", timeout=10)  # the system's CAs only


@pytest.mark.server
def test_with_the_office_certificate_phones_are_sent_to_https(tmp_path):
    from tests.helpers.app import LiveServer
    office = tls.generated(tmp_path / "office", "10.20.30.40", NOW)  # stands in for one the office bought
    pem = office.certfile.read_text()
    key = tmp_path / "office.key"
    key.write_text(pem[:pem.index("-----BEGIN CERTIFICATE")])
    server = LiveServer(tmp_path)
    del server.env["FKP_PUBLIC_URL"]
    server.env.update(FKP_TLS_CERT=str(office.shown), FKP_TLS_KEY=str(key))
    server.start()
    try:
        out = server.output()
        assert f"SHA-256 fingerprint: {office.fingerprint}" in out
        lan_address = lan.lan_address()
        assert re.search(rf"attendees \(phones\): https://{re.escape(lan_address)}:{server.tls_port}/j/\w{{6}}", out)
        assert f"staff: https://{lan_address}:{server.tls_port}/staff/" in out
        assert f"the certificate does not name {lan_address}" in out  # it names 10.20.30.40
        with socket.create_connection(("127.0.0.1", server.tls_port), timeout=10) as raw:
            context = ssl.create_default_context(cafile=str(office.shown))
            with context.wrap_socket(raw, server_hostname="10.20.30.40") as secured:
                assert der_fingerprint(secured.getpeercert(binary_form=True)) == office.fingerprint
    finally:
        server.stop()
