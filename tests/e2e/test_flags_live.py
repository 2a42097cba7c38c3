"""A flagged input arriving live on the moderator's console, in a real browser: its card says
which restricted words it has, in words, and the flagged filter keeps it and nothing else."""
import requests

from tests.helpers.browser import ARTIFACTS, login, mark, not_reloaded, watch_errors


def test_a_flagged_input_is_marked_as_it_arrives(live_server, contexts):
    url, code = live_server.url, live_server.code
    errors = []
    moderator = contexts(viewport={"width": 1366, "height": 900}).new_page()
    watch_errors(moderator, errors)
    login(moderator, url, "moderator", "moderator-pass")
    moderator.goto(f"{url}/m/{code}?flagged=1")
    moderator.wait_for_selector("#live-status.live-ok")
    mark(moderator)

    api = f"{url}/api/v1/forums/{code}"
    joined = requests.post(f"{api}/participants", json={
        "name": "Budi", "institution": "Partai A", "group": "service_user", "consent": True}, timeout=30)
    headers = {"Authorization": f"Bearer {joined.json()['token']}"}
    summary = requests.get(api, timeout=30).json()
    pair = {"service_id": summary["services"][0]["id"], "aspect_id": summary["aspects"][0]["id"],
            "kind": "criticism"}
    for n, text in enumerate(("Percepat layanan.", "Petugasnya g0bl0k sekali")):
        r = requests.post(f"{api}/comments", json={**pair, "text": text, "client_id": f"c{n}"},
                          headers=headers, timeout=30)
        assert r.status_code == 201

    card = moderator.locator("#inputs li", has_text="Petugasnya g0bl0k sekali")
    card.wait_for(timeout=10000)
    assert card.locator(".flag-badge").inner_text() == "Kata terlarang: goblok"
    assert card.locator(".flag").is_visible()
    # the filter is "flagged only": the clean input never joins the list
    assert moderator.locator("#inputs li").count() == 1
    assert not_reloaded(moderator)
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "moderator-flagged.png"))
    assert errors == []
