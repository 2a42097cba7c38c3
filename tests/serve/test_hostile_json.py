"""JSON nested deeper than Python parses, sent to the API or over the socket, is refused like
any other bad request: no 5xx, no traceback in the log, the server and the socket go on
(issue 15, item 10)."""
import json

import requests

DEEP = "[" * 5000 + "]" * 5000


def test_deep_json_is_refused_without_a_traceback(live_server):
    url, code = live_server.url, live_server.code
    r = requests.post(f"{url}/api/v1/forums/{code}/participants", data=DEEP, timeout=30,
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "Isi permintaan harus berupa objek JSON."

    session = requests.Session()
    poll = f"{url}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(session.get(poll, timeout=30).text[1:])["sid"]
    poll += f"&sid={sid}"
    assert session.post(poll, data="40/live," + json.dumps({"forum": code, "view": "display"}), timeout=30).ok
    assert session.get(poll, timeout=30).text.startswith("40/live,")  # joined
    assert session.post(poll, data=f'42/live,["approve_comment",{DEEP}]', timeout=30).ok
    assert session.post(poll, data="40/other," + DEEP, timeout=30).ok  # a connect as deep
    # the same connection still answers, and the server still serves
    assert session.post(poll, data='42/live,["approve_comment",{"id":1}]', timeout=30).ok
    assert requests.get(f"{url}/d/{code}", timeout=30).status_code == 200
    log = live_server.output()
    assert "Traceback" not in log and "RecursionError" not in log, log[-2000:]
