"""Two `serve` processes share the SQLite file and a Redis message queue (deploy/): input
submitted through one reaches moderators, displays and phones connected to the other."""
import re
import shutil
import subprocess

import pytest
import requests
import socketio

from tests.helpers.app import ROOT, LiveServer, free_port, skip_or_fail
from tests.helpers.realtime import Recorder, join, login, submit, wait_for

pytestmark = pytest.mark.server


@pytest.fixture
def two_workers(tmp_path, redis_url):
    """Workers A and B on one database and one queue, a moderator and the demo forum."""
    a, b = LiveServer(tmp_path), LiveServer(tmp_path)
    b.log = tmp_path / "server-b.log"
    for worker in (a, b):
        worker.env["FKP_MESSAGE_QUEUE"] = redis_url
    a.code = a.new_forum()
    a.cli("create-user", "moderator", "--role", "moderator", "--forum", a.code, password="moderator-pass")
    a.start()
    b.start()
    yield a, b
    for worker in (a, b):
        worker.stop()


def test_input_through_worker_a_reaches_clients_of_worker_b(two_workers):
    a, b = two_workers
    code = a.code
    token = join(a.url, code, "Peserta A")  # joined through A …
    cookies = login(b.url)                   # … the moderator logs in through B
    clients = {
        "mod_a": Recorder(a.url, {"forum": code, "view": "moderator"}, cookies),
        "mod_b": Recorder(b.url, {"forum": code, "view": "moderator"}, cookies),
        "display_b": Recorder(b.url, {"forum": code, "view": "display"}),
        "phone_b": Recorder(b.url, {"forum": code, "view": "attendee", "token": token}),
    }
    try:
        receipt = submit(a.url, code, token, "masukan lewat A")
        assert wait_for(lambda: "comment_submitted" in clients["mod_b"].names()), clients["mod_b"].events
        assert wait_for(lambda: "comment_submitted" in clients["phone_b"].names())
        assert clients["mod_b"].call("approve_comment", {"id": receipt["id"]})["ok"]  # through B
        for who in ("mod_a", "display_b", "phone_b"):
            assert wait_for(lambda: "comment_approved" in clients[who].names()), who
        assert wait_for(lambda: "comment_approved" in clients["mod_b"].names())
        shown = dict(clients["display_b"].events)["comment_approved"]["comment"]
        assert shown["text"] == "masukan lewat A"
        # once each, and the display never saw the unmoderated input
        assert clients["display_b"].names() == ["comment_approved"]
        assert clients["phone_b"].names() == ["comment_submitted", "comment_approved"]
        assert clients["mod_a"].names() == ["comment_submitted", "comment_approved"]
        # either worker answers for the same forum state
        assert requests.get(f"{b.url}/api/v1/forums/{code}/changes?since=0", timeout=10).json()["comments"]
    finally:
        for c in clients.values():
            c.close()


def test_logout_closes_the_console_of_its_process_and_the_other_refuses_the_next_command(two_workers):
    """Issue 15: a staff session ended through worker A closes A's sockets of it at once
    (served under gevent); worker B's socket of it is refused on its next command, and the
    cookie is refused by both, a reconnect too."""
    a, b = two_workers
    browser = requests.Session()
    html = browser.get(f"{a.url}/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert browser.post(f"{a.url}/login", data={"username": "moderator", "password": "moderator-pass",
                                                "csrf_token": token}, timeout=10).status_code == 200
    cookies = browser.cookies.get_dict()
    mod_a = Recorder(a.url, {"forum": a.code, "view": "moderator"}, cookies)
    mod_b = Recorder(b.url, {"forum": a.code, "view": "moderator"}, cookies)
    try:
        html = browser.get(f"{a.url}/staff/", timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        assert browser.post(f"{a.url}/logout", data={"csrf_token": token}, timeout=10,
                            allow_redirects=False).status_code == 302
        assert wait_for(lambda: not mod_a.sio.connected)
        assert mod_b.sio.connected
        assert "error" in mod_b.call("set_display", {"mode": "feed"})
        for url in (a.url, b.url):
            copied = requests.get(f"{url}/staff/", cookies=cookies, timeout=10, allow_redirects=False)
            assert copied.status_code == 302 and "/login" in copied.headers["Location"]
            with pytest.raises(socketio.exceptions.ConnectionError):
                Recorder(url, {"forum": a.code, "view": "moderator"}, cookies)
    finally:
        for c in (mod_a, mod_b):
            if c.sio.connected:
                c.close()


def nginx_in_front(tmp_path, workers):
    """nginx with deploy/nginx-one-machine.conf, pointed at these workers; its URL."""
    binary = shutil.which("nginx")
    if binary is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light)")
    conf = (ROOT / "deploy/nginx-one-machine.conf").read_text()
    servers = "".join(f"server 127.0.0.1:{w.port};\n    " for w in workers)
    conf = re.sub(r"(server 127\.0\.0\.1:50\d\d;\s*)+", servers, conf)
    port = free_port()
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    temp = "".join(f"{name}_temp_path {tmp_path}/{name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}{conf}\n}}\n")
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    assert wait_for(lambda: _listens(port)), (tmp_path / "nginx.log").read_text()
    return process, f"http://127.0.0.1:{port}"


def _listens(port):
    import socket
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def test_through_nginx_sticky_sessions_hold_long_polling_across_two_workers(tmp_path, two_workers):
    """The deployment of deploy/: long-polling (several requests per connection) only works if
    nginx keeps each connection on one worker, as the page's key `c` makes it."""
    nginx, url = nginx_in_front(tmp_path, two_workers)
    code = two_workers[0].code
    clients = []
    try:
        token = join(url, code, "Peserta")
        # Staff log in over HTTPS or on the server itself, never through a plain-HTTP proxy
        # (fkp/web/transport.py): here on worker A itself; the session holds on every worker.
        cookies = login(two_workers[0].url)
        mod = Recorder(url + f"/?forum={code}&view=moderator&c=m1", {"forum": code, "view": "moderator"},
                       cookies, transports=["polling"])
        phones = [Recorder(url + f"/?forum={code}&view=attendee&c=k{n}",
                           {"forum": code, "view": "attendee", "token": token}, transports=["polling"])
                  for n in range(6)]
        clients = [mod, *phones]
        receipt = submit(url, code, token, "lewat nginx")
        assert wait_for(lambda: "comment_submitted" in mod.names())
        assert mod.call("approve_comment", {"id": receipt["id"]})["ok"]
        for phone in phones:
            assert wait_for(lambda: "comment_approved" in phone.names())
            assert phone.names().count("comment_approved") == 1
    finally:
        for c in clients:
            c.close()
        nginx.terminate()
        nginx.wait(10)


def test_every_nginx_config_in_deploy_is_valid(tmp_path):
    binary = shutil.which("nginx")
    if binary is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light)")
    # nginx-compose.conf names compose's services: tests/serve/test_container.py checks it
    configs = sorted(c for c in (ROOT / "deploy").glob("nginx-*.conf") if c.name != "nginx-compose.conf")
    assert len(configs) == 3
    for conf in configs:
        wrapper = tmp_path / f"test-{conf.name}"
        wrapper.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                           f"http {{\naccess_log off;\ninclude {conf};\n}}\n")
        out = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(wrapper)],
                             capture_output=True, text=True)
        assert out.returncode == 0, f"{conf.name}: {out.stderr}"


def test_through_nginx_joins_are_counted_per_phone_not_per_nginx(tmp_path):
    """Behind nginx every request comes from nginx's address; deploy/ sets FKP_TRUSTED_PROXIES=1
    so fkp counts the address nginx passes on. Phones at 127.0.0.2 and 127.0.0.3 (loopback has
    all of 127/8) join through the real nginx: each has its own join limit."""
    import http.client
    import json

    worker = LiveServer(tmp_path)
    worker.env.update(FKP_TRUSTED_PROXIES="1", FKP_RATELIMIT_JOIN="2 per minute")
    code = worker.new_forum()
    worker.start()
    nginx, url = nginx_in_front(tmp_path, [worker])
    port = int(url.rsplit(":", 1)[1])

    def join_from(address, name):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(address, 0))
        try:
            connection.request("POST", f"/api/v1/forums/{code}/participants", headers={
                "Content-Type": "application/json"}, body=json.dumps({
                    "name": name, "institution": "Warga", "group": "service_user", "consent": True}))
            return connection.getresponse().status
        finally:
            connection.close()
    try:
        assert [join_from("127.0.0.2", f"Satu {n}") for n in range(3)] == [201, 201, 429]
        assert join_from("127.0.0.3", "Dua") == 201  # another phone, not held back by the first
    finally:
        nginx.terminate()
        nginx.wait(10)
        worker.stop()
