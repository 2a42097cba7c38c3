"""The chat import and the attendance list in Chromium against a served app, as a moderator at
a laptop uses them: upload the chat, see who wrote (the host ticked, a known name offered as
the attendee), import; then merge the duplicate a declined name made. No serious axe finding,
no console error, and screenshots to look at."""
from fkp.forums import forums
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.a11y import axe_installed, axe_violations, serve_axe
from tests.helpers.app import make_app, skip_or_fail
from tests.helpers.browser import ARTIFACTS, LAPTOP, login, watch_errors
from tests.helpers.zoom import CREATED, HOST, HOST_MESSAGES, ZOOM_CHAT


def test_import_a_chat_then_merge_a_duplicate(live_server, contexts, tmp_path):
    if not axe_installed():
        skip_or_fail("axe-core is not installed (scripts/test installs it with npm)")
    url, code, errors = live_server.url, live_server.code, []
    ctx = contexts(**LAPTOP)
    serve_axe(ctx)
    page = ctx.new_page()
    watch_errors(page, errors)
    login(page, url, "moderator", "moderator-pass")
    app = make_app(tmp_path, DATABASE=str(tmp_path / "live.db"))
    with app.app_context():  # Anas joined on a phone as "Anas Burhan"; in the chat he is "Anas Burhan (PKB)"
        db = get_db()
        participants.join(db, forums.get_by_code(db, code), name="Anas Burhan", institution="PKB Jombang",
                          group="service_user", consent=True)

    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_bytes(ZOOM_CHAT)
    page.goto(f"{url}/m/{code}/chat")
    page.set_input_files("#chat_file", str(chat))
    page.click("#upload")
    page.wait_for_selector("#chat-import-form")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-import-preview.png"), full_page=True)
    assert page.is_checked(f'input[name=host][value="{HOST}"]')
    assert page.is_checked('input[name=same][value="Anas Burhan (PKB)"]')
    assert axe_violations(page) == []
    page.uncheck('input[name=same][value="Anas Burhan (PKB)"]')  # said to be someone else, by mistake
    page.click("#import")
    page.wait_for_selector("#import-result")
    assert page.inner_text('#import-result tr[data-count="created"] td') == str(CREATED - HOST_MESSAGES)
    assert page.inner_text('#import-result tr[data-count="host_messages"] td') == str(HOST_MESSAGES)

    page.goto(f"{url}/staff/forums/{code}/attendance")
    page.screenshot(path=str(ARTIFACTS / "attendance-duplicates.png"), full_page=True)
    assert axe_violations(page) == []
    page.locator("tr", has=page.locator('input[value="Anas Burhan (PKB)"]')).locator(".merge-participant").click()
    page.wait_for_selector("#merge-form")
    page.screenshot(path=str(ARTIFACTS / "attendance-merge.png"), full_page=True)
    assert axe_violations(page) == []
    page.click("#confirm-merge")  # the likely same person is chosen first
    page.wait_for_selector(".flash-success")
    assert page.locator('input[value="Anas Burhan (PKB)"]').count() == 0
    assert errors == []
