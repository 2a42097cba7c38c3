"""The responses page of an online forum with ~300 inputs, in Chromium against a served app, as
a note-taker works through it: filter to the appreciation not yet decided, answer the whole
page at once, then answer input after input from the keyboard (Ctrl+Enter saves and moves the
focus to the next input's first field). No serious axe finding, no CSP error, a warning
before leaving unsaved edits, and screenshots at a phone's and a laptop's width to look at."""
from types import SimpleNamespace

import pytest

from fkp.record import responses, worklist
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.a11y import axe_installed, axe_violations, serve_axe
from tests.helpers.app import LiveServer, skip_or_fail
from tests.helpers.browser import ARTIFACTS, login, watch_errors


@pytest.fixture
def site(tmp_path):
    if not axe_installed():
        skip_or_fail("axe-core is not installed (scripts/test installs it with npm)")
    server = LiveServer(tmp_path)
    (forum, rows), app = server.seed(lambda db, _demo: factories.answering_forum(db, n=340, chats=5))
    server.add_notetaker(forum["code"], "notulis", "notulis-pass")
    server.start()
    yield SimpleNamespace(url=server.url, code=forum["code"], forum_id=forum["id"], rows=rows, app=app)
    server.stop()

FOCUSED = "id => document.activeElement && document.activeElement.id === id"


def ids(site, **filters):
    with site.app.app_context():
        return worklist.ids(get_db(), site.forum_id, filters)


def response(site, comment_id):
    with site.app.app_context():
        return responses.response_of(get_db(), comment_id)


def test_filter_answer_a_page_at_once_then_save_and_next_from_the_keyboard(site, contexts):
    errors, dialogs = [], []
    ctx = contexts(viewport={"width": 1280, "height": 900})
    serve_axe(ctx)
    page = ctx.new_page()
    watch_errors(page, errors)
    login(page, site.url, "notulis", "notulis-pass")
    base = f"{site.url}/staff/forums/{site.code}/responses"
    page.goto(base)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "responses-1280.png"), full_page=True)
    assert page.locator("li.response-card").count() == 25

    # Filter: appreciation not yet decided, through the form (a GET: the view is a URL).
    page.select_option("#kind", "appreciation")
    page.select_option("#decision", "none")
    page.click(".response-filters button[type=submit]")
    page.wait_for_url("**kind=appreciation**")
    praise = ids(site, kind="appreciation", decision="none")
    assert page.locator("li.response-card").count() == min(25, len(praise))
    assert f"{len(praise)} masukan sesuai filter" in page.inner_text(".progress")

    # Answer the whole page at once.
    page.click("#bulk-panel summary")
    page.check("#bulk-all")
    assert page.inner_text("#bulk-count") == f"Masukan dicentang: {min(25, len(praise))}"
    page.fill("#bulk-response", "Terima kasih atas apresiasinya.")
    page.select_option("#bulk-decision", "already_met")
    page.screenshot(path=str(ARTIFACTS / "responses-bulk-1280.png"))
    page.click("#bulk button[type=submit]")
    page.wait_for_load_state()
    assert "Tersimpan: 25 masukan." in page.inner_text(".flashes")
    assert {response(site, i)["decision"] for i in praise[:25]} == {"already_met"}
    assert "kind=appreciation" in page.url and "decision=none" in page.url  # the filter kept
    assert ids(site, kind="appreciation", decision="none") == praise[25:]

    # Input after input from the keyboard: what is not decided yet, of every kind.
    page.goto(f"{base}?decision=none")
    todo = ids(site, decision="none")
    first = page.locator(f"#r{todo[0]}-response")
    first.focus()
    page.keyboard.type("Akan kami kaji bersama bagian teknis.")
    page.keyboard.press("Tab")
    page.select_option(f"#r{todo[0]}-decision", "accepted")
    page.fill(f"#r{todo[0]}-pic", "Subbag Teknis")
    first.focus()
    assert page.is_visible("#shortcut-hint")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**#c{todo[1]}")
    page.wait_for_function(FOCUSED, arg=f"r{todo[1]}-response")
    saved = response(site, todo[0])
    assert (saved["decision"], saved["pic"]) == ("accepted", "Subbag Teknis")
    page.wait_for_function("t => document.getElementById('announce').textContent.includes(t)", arg="Tersimpan")
    # the focused field takes the next answer straight away
    page.keyboard.type("Sudah sesuai standar.")
    page.select_option(f"#r{todo[1]}-decision", "already_met")
    page.focus(f"#r{todo[1]}-response")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**#c{todo[2]}")
    page.wait_for_function(FOCUSED, arg=f"r{todo[2]}-response")
    assert response(site, todo[1])["decision"] == "already_met"

    # Refused: "not accepted" without a reason comes back with the text and the error by it.
    page.keyboard.type("Tidak dapat kami penuhi.")
    page.select_option(f"#r{todo[2]}-decision", "not_accepted")
    page.click(f"#c{todo[2]} button[name=next]")
    page.wait_for_selector("#error-summary")
    assert page.input_value(f"#r{todo[2]}-response") == "Tidak dapat kami penuhi."
    assert page.get_attribute(f"#r{todo[2]}-reason", "aria-invalid") == "true"
    assert page.is_visible(f"#r{todo[2]}-reason-error")
    page.screenshot(path=str(ARTIFACTS / "responses-refused-1280.png"))
    found = axe_violations(page)

    # Unsaved edits: leaving the page asks first.
    leave = []  # True: leave the page when asked; else stay

    def asked(dialog):
        dialogs.append(dialog.type)
        dialog.accept() if leave else dialog.dismiss()
    page.on("dialog", asked)
    page.fill(f"#r{todo[3]}-response", "Belum disimpan.")
    page.click(".pager a[rel=next]")
    assert dialogs == ["beforeunload"]

    # The conclusions page: one form, one button; leaving with edits asks first too.
    leave.append(True)
    page.goto(f"{site.url}/staff/forums/{site.code}/conclusions")
    assert dialogs == ["beforeunload"] * 2 and response(site, todo[3]) is None  # left without saving
    leave.clear()
    assert page.locator("main form").count() == 1 and page.locator("main button[type=submit]").count() == 1
    page.fill("#kforum-text", "Standar pelayanan disempurnakan sesuai masukan.")
    page.fill(".conclusions-form textarea >> nth=1", "Formulir permohonan tersedia daring.")
    page.click(".forum-status-line a")  # away to the forum page: the warning, dismissed
    assert dialogs == ["beforeunload"] * 3 and "/conclusions" in page.url
    page.click(".conclusions-form button[type=submit]")
    page.wait_for_selector(".flash-success")
    with site.app.app_context():
        written = responses.conclusions(get_db(), site.forum_id)
    assert written[None] == "Standar pelayanan disempurnakan sesuai masukan."
    assert "Formulir permohonan tersedia daring." in written.values()
    page.screenshot(path=str(ARTIFACTS / "conclusions-1280.png"), full_page=True)
    found += axe_violations(page)

    phone = contexts(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                     has_touch=True)
    serve_axe(phone)
    small = phone.new_page()
    watch_errors(small, errors)
    login(small, site.url, "notulis", "notulis-pass")
    small.goto(base)
    assert small.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sideways
    small.screenshot(path=str(ARTIFACTS / "responses-390.png"), full_page=True)
    small.screenshot(path=str(ARTIFACTS / "responses-390-top.png"))
    found += axe_violations(small)
    assert found == []
    # the refused save is a 400 on purpose (the page shown again); nothing else went wrong
    assert [e for e in errors if f"/responses/{todo[2]}?" not in e or "status of 400" not in e] == []
