"""Every page works for people with disabilities, proven in Chromium against a served app:
axe-core finds nothing serious on any page in Indonesian or English; the moderator's whole
flow works from the keyboard with a visible focus; screen readers hear new input and status
changes, and errors are tied to their fields; the phone pages reflow at 320 px and at 200 %
text with 44 px targets; the projector's text is at least 32 px at 1080p, and it has a
high-contrast mode that meets WCAG's enhanced (7:1) contrast."""
import re
from types import SimpleNamespace

import pytest

from fkp.forums import display as screen
from fkp.forums import forums, lifecycle
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.a11y import (
    axe_installed,
    axe_violations,
    focus_problem,
    horizontal_overflow,
    serve_axe,
    small_targets,
    small_text,
)
from tests.helpers.app import LiveServer, make_app, skip_or_fail
from tests.helpers.browser import PHONE, join_by_hand, login, watch_errors

LONG_WORD = "https://contoh.example.go.id/formulir/permohonan-informasi-publik-penyandang-disabilitas"
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One served app for this module's tests (each one leaves it usable by the next): the demo
    forum with input in every state, a moderator and an admin, a draft and a published forum."""
    if not axe_installed():
        skip_or_fail("axe-core is not installed (scripts/test installs it with npm)")
    tmp = tmp_path_factory.mktemp("a11y")
    server = LiveServer(tmp)
    server.code = server.new_forum()
    server.cli("create-user", "moderator", "--role", "moderator", "--forum", server.code,
               password="moderator-pass")
    server.cli("create-user", "admin", "--role", "admin", password="admin-pass")
    app = make_app(tmp, DATABASE=str(tmp / "live.db"))
    with app.app_context():
        db = get_db()
        demo = forums.get_by_code(db, server.code)
        svc, asp = forums.services(db, demo["id"]), forums.aspects(db, demo["id"])
        people = [factories.join(db, demo, name, group, institution) for name, group, institution in [
            ("Ni Luh Ayu Sri Wahyuningsih", "civil_society", "Pertuni NTB"),
            ("Lalu Muhammad Zainul", "service_user", "DPW Partai A NTB"), ("Baiq Rina", "media", "Lombok Post")]]
        said = [factories.say(db, demo, people[0], svc[0], asp[0], "Formulir perlu tersedia dalam huruf Braille.",
                              status="pending"),
                factories.say(db, demo, people[1], svc[1], asp[2], "Jangka waktu lima hari terlalu lama.",
                              kind="criticism", status="pending"),
                factories.say(db, demo, people[2], svc[2], asp[1], "Sediakan tautan " + LONG_WORD),
                factories.say(db, demo, people[0], svc[0], asp[3], "Masukan yang disembunyikan.", status="hidden")]
        moderation.pin(db, demo, said[2]["id"], True)
        moderation.mark_answered(db, demo, said[2]["id"], True, None)
        draft = factories.forum(db, status="draft")
        published, _ = factories.full_record(db)
        lifecycle.transition(db, forums.get(db, published["id"]), "finalise", None, accept_open=True)
        lifecycle.transition(db, forums.get(db, published["id"]), "publish", None)
    server.start()
    yield SimpleNamespace(url=server.url, code=server.code, app=app, demo_id=demo["id"],
                          published=published["code"], draft=draft["code"],
                          inputs=[c["id"] for c in said], services=svc, aspects=asp)
    server.stop()


def set_display(site, mode, comment_id=None):
    with site.app.app_context():
        db = get_db()
        screen.set_mode(db, forums.get(db, site.demo_id), mode, comment_id)


def comment(site, comment_id):
    with site.app.app_context():
        return comments.get(get_db(), comment_id)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_serious_or_critical_axe_violation_on_any_page(site, contexts, lang):
    url, code, found, errors = site.url, site.code, [], []

    def check(page, path=None, expect=200):
        if path:
            response = page.goto(url + path)
            assert response.status == expect, f"{path}: {response.status}"
        found.extend(axe_violations(page))

    def new_page(**options):
        ctx = contexts(**options)
        ctx.add_cookies([{"name": "lang", "value": lang, "url": url}])
        serve_axe(ctx)
        page = ctx.new_page()
        watch_errors(page, errors)
        return page

    phone = new_page(**PHONE)
    check(phone, "/")
    check(phone, f"/r/{site.published}")
    check(phone, f"/j/{code}")
    assert phone.locator("html").get_attribute("lang") == lang
    phone.click("button[type=submit]")  # nothing filled in: every error shown
    phone.wait_for_selector("#error-summary")
    check(phone)
    join_by_hand(phone, url, code)
    phone.fill("#text", "Mohon informasi jadwal layanan dalam bahasa isyarat.")
    phone.click("#send")
    phone.wait_for_selector("#mine li")  # own input, waiting for the moderator
    check(phone)
    phone.click("#send")  # empty: the error tied to the text box
    phone.wait_for_selector("#send-error:not([hidden])")
    check(phone)
    receipt = phone.locator("#mine li .receipt a").first
    receipt.wait_for()
    tracked = receipt.get_attribute("href")
    check(phone, "/t")  # the tracker (issue 17): the form, a found code, an unknown one
    check(phone, tracked)
    check(phone, "/t/WXYZ-2345", expect=404)

    display = new_page(**PROJECTOR)
    for mode in screen.MODES:
        set_display(site, mode, site.inputs[2] if mode == "highlight" else None)
        check(display, f"/d/{code}")
    check(display, f"/d/{code}?contrast=high")
    set_display(site, "feed")

    staff = new_page(viewport={"width": 1366, "height": 900})
    check(staff, "/login")
    staff.click("button[type=submit]")
    staff.wait_for_selector("#error-summary")
    check(staff)
    login(staff, url, "admin", "admin-pass")
    staff.goto(f"{url}/m/{code}")
    staff.wait_for_selector("#display-controls.live")
    check(staff)
    staff.goto(f"{url}/n/{code}")
    staff.wait_for_selector("#live-status.live-ok")
    check(staff)
    pub, draft = site.published, site.draft
    admin_pages = ["/staff/", f"/staff/forums/{pub}", "/staff/forums/new", "/staff/users/"]
    if lang == "id":  # the rest of the staff pages, once: built of the same macros and styles
        admin_pages += [f"/staff/forums/{code}", f"/staff/forums/{draft}/edit",
                        f"/staff/forums/{draft}/structure", f"/staff/forums/{draft}/drafts",
                        f"/staff/forums/{draft}/delete",
                        "/staff/forums/import", "/staff/library/", "/staff/followups/", "/staff/restricted-words/",
                        f"/staff/forums/{pub}/attendance", f"/staff/forums/{pub}/responses",
                        f"/staff/forums/{pub}/conclusions", f"/staff/forums/{pub}/documents",
                        "/staff/users/password", "/staff/users/2/access"]  # 2: the admin, with a session
    for path in admin_pages:
        check(staff, path)

    assert found == [], "\n".join(found)
    # axe came in as a same-origin script: the pages' CSP stayed on and nothing broke it
    assert [e for e in errors if "Failed to load resource" not in e] == []


def tab_to(page, selector, problems, limit=200):
    """Press Tab until the element is focused, noting every focus that is not clearly visible."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        problem = focus_problem(page)
        # past the last control the focus leaves the page for the browser, then comes back
        if problem and not page.evaluate("document.activeElement === document.body"):
            problems.append(f"on the way to {selector}: {problem}")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_keyboard(page, select, value, key):
    """Change the focused <select> with the arrow keys until it holds value."""
    for _ in range(20):
        if page.locator(select).input_value() == value:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{select} never reached {value!r}")


def focused(page, selector):
    return page.locator(selector).evaluate("el => el === document.activeElement")


def test_moderator_works_by_keyboard_alone_with_a_visible_focus(site, contexts):
    url, code = site.url, site.code
    a, b = site.inputs[0], site.inputs[1]
    problems = []
    set_display(site, "feed")
    display = contexts(**PROJECTOR).new_page()
    display.goto(f"{url}/d/{code}")
    display.wait_for_selector("#screen[data-mode=feed]")

    page = contexts(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{url}/login")
    tab_to(page, "#username", problems)
    page.keyboard.type("moderator")
    page.keyboard.press("Tab")
    page.keyboard.type("moderator-pass")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: "/login" not in u)
    page.goto(f"{url}/m/{code}")
    page.wait_for_selector("#display-controls.live")

    # the first Tab reaches the skip link, shown on screen; Enter jumps to the content
    page.keyboard.press("Tab")
    assert focused(page, "a.skip") and page.locator("a.skip").bounding_box()["x"] >= 0
    assert focus_problem(page) is None
    page.keyboard.press("Enter")
    assert focused(page, "#main")

    # filter: only what waits for moderation
    tab_to(page, "#filters select[name=status]", problems)
    choose_by_keyboard(page, "#filters select[name=status]", "pending", "ArrowDown")
    tab_to(page, "#filters button", problems)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=pending"))
    page.wait_for_selector("#display-controls.live")
    assert page.locator(f"#inputs li[data-id='{a}']").count() == 1
    assert page.locator("#inputs li:not(.status-pending)").count() == 0

    # approve: the card leaves the filtered list, the focus goes to the next card, not the page
    tab_to(page, f"#inputs li[data-id='{a}'] form[data-action=approve] button", problems)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#inputs li[data-id='{a}']", state="detached")
    assert focus_problem(page) is None
    assert page.evaluate("document.getElementById('inputs').contains(document.activeElement)")
    display.locator("#shown li", has_text="huruf Braille").wait_for()
    assert comment(site, a)["status"] == "approved"

    # back to every input
    tab_to(page, "#filters select[name=status]", problems)
    choose_by_keyboard(page, "#filters select[name=status]", "", "ArrowUp")
    tab_to(page, "#filters button", problems)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=(&|#|$)"))
    page.wait_for_selector("#display-controls.live")

    # pin: the Pin button gives way to Unpin, which takes the focus
    tab_to(page, f"#inputs li[data-id='{a}'] form[data-action=pin] button", problems)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#inputs li[data-id='{a}'].pinned")
    assert focus_problem(page) is None
    assert focused(page, f"#inputs li[data-id='{a}'] form[data-action=unpin] button")
    assert comment(site, a)["pinned"]

    # hide, with the space bar this time: the focus stays in the card
    tab_to(page, f"#inputs li[data-id='{b}'] form[data-action=hide] button", problems)
    page.keyboard.press(" ")
    page.wait_for_selector(f"#inputs li[data-id='{b}'].status-hidden")
    assert focus_problem(page) is None
    assert page.evaluate(f"document.querySelector(\"#inputs li[data-id='{b}']\").contains(document.activeElement)")
    assert comment(site, b)["status"] == "hidden"

    # set the forum's focus: the next service, its third aspect
    tab_to(page, "#focus-form #service_id", problems)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused(page, "#focus-form #aspect_id")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    service = site.services[1]["name"]
    display.locator("#focus-title", has_text=service).wait_for()
    assert display.locator("#focus-aspect").inner_text() == site.aspects[2]["label"]

    assert problems == [], "\n".join(problems)


def announced(page):
    return page.locator("#announce").text_content()


def test_screen_readers_hear_new_input_status_changes_and_errors(site, contexts):
    url, code = site.url, site.code
    moderator = contexts(viewport={"width": 1366, "height": 900}).new_page()
    login(moderator, url, "moderator", "moderator-pass")
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#display-controls.live")
    # polite live regions, there before anything is said; the list itself is not one (each
    # redrawn card would be read out)
    assert moderator.locator("#announce").get_attribute("role") == "status"
    assert moderator.locator("#inputs").get_attribute("aria-live") is None

    phone = contexts(**PHONE).new_page()
    phone.goto(f"{url}/j/{code}")
    phone.click("button[type=submit]")
    # join errors: a summary takes the focus (autofocus is applied at the next rendering step, after
    # the page loaded, so wait for it); each field is marked and described by its error
    phone.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'",
                            timeout=5000)
    for field in ["#name", "#institution", "#consent", "#group-0", "#group-4"]:
        el = phone.locator(field)
        assert el.get_attribute("aria-invalid") == "true", field
        described = el.get_attribute("aria-describedby").split()
        texts = [phone.locator(f"#{i}").text_content().strip() for i in described]
        assert any(t and phone.locator(f"#{i}").get_attribute("class") == "error"
                   for i, t in zip(described, texts)), (field, described)
    join_by_hand(phone, url, code)
    assert phone.locator("#announce").get_attribute("role") == "status"
    phone.locator("#send").click()  # nothing written
    text_box = phone.locator("#text")
    assert text_box.get_attribute("aria-invalid") == "true"
    assert "send-error" in text_box.get_attribute("aria-describedby").split()
    assert phone.evaluate("document.activeElement.id") == "text"
    text = "Loket khusus penyandang disabilitas di lantai satu."
    text_box.fill(text)
    # issue 14: the error goes as soon as the field is put right, not only when sent again
    assert text_box.get_attribute("aria-invalid") is None
    assert "send-error" not in text_box.get_attribute("aria-describedby").split()
    assert phone.locator("#send-error").is_hidden()
    phone.locator("#send").click()
    phone.wait_for_selector("#mine li")
    assert text_box.get_attribute("aria-invalid") is None

    # the moderator hears the new input: who and what
    moderator.wait_for_function("t => document.getElementById('announce').textContent.includes(t)", arg=text)
    assert "Rina Wulandari" in announced(moderator)
    card = moderator.locator("#inputs li", has_text=text)
    card.locator("form[data-action=approve] button").click()
    # "Input #N: Shown" (the sentence waits for its translation; the state is Indonesian already)
    moderator.wait_for_function("s => document.getElementById('announce').textContent.includes(s)",
                                arg=f"#{card.get_attribute('data-id')}: Ditampilkan")
    # and the attendee hears that the input is now shown
    phone.wait_for_function("t => document.getElementById('announce').textContent.includes(t)", arg=text)
    assert "Ditampilkan" in announced(phone)


def attendee_pages(site, page):
    """(name, path) of each attendee page, the input page with own, shown and waiting input."""
    yield "code", "/"
    yield "join", f"/j/{site.code}"
    join_by_hand(page, site.url, site.code)
    page.fill("#text", "Mohon " + LONG_WORD)
    page.click("#send")
    page.wait_for_selector("#mine li .receipt a")
    tracked = page.locator("#mine li .receipt a").first.get_attribute("href")
    yield "input", None
    yield "tracker", tracked
    yield "tracker-form", "/t"
    yield "results", f"/r/{site.published}"


@pytest.mark.parametrize("width,text_zoom", [(320, 1), (360, 2)], ids=["320px", "200%-text"])
def test_phone_pages_reflow_with_large_targets_and_visible_focus(site, contexts, width, text_zoom):
    page = contexts(**{**PHONE, "viewport": {"width": width, "height": 740}}).new_page()
    problems = []
    for name, path in attendee_pages(site, page):
        if path:
            page.goto(site.url + path)
        if text_zoom != 1:
            # as a browser's text size setting does: the default font, hence every rem and em
            page.evaluate(f"document.documentElement.style.fontSize = '{100 * text_zoom}%'")
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
        problems += horizontal_overflow(page)
        problems += small_targets(page)
        if name in ("join", "input"):
            # every control in turn, by keyboard: its focus ring is shown and contrasts
            page.evaluate("document.activeElement && document.activeElement.blur()")
            count = page.evaluate("document.querySelectorAll('a[href], button:not([disabled]), "
                                  "input:not([type=hidden]), select, textarea, summary').length")
            for _ in range(count):
                page.keyboard.press("Tab")
                problem = focus_problem(page)
                if problem and not page.evaluate("document.activeElement === document.body"):
                    problems.append(f"{name}: {problem}")
    assert problems == [], "\n".join(problems)


def test_projector_text_is_32px_at_1080p_and_high_contrast_is_remembered(site, contexts):
    url, code = site.url, site.code
    with site.app.app_context():
        db = get_db()
        forum = forums.get(db, site.demo_id)
        speaker = participants.join(db, forum, name="Ketua Pertuni NTB", institution="Pertuni NTB",
                                    group="civil_society", consent=True)[0]
        braille = "Penyandang disabilitas netra memerlukan dokumen dalam huruf Braille. "
        long_input = factories.say(db, forum, speaker, site.services[0], site.aspects[0], (braille * 15)[:1000])
    ctx = contexts(**PROJECTOR)
    serve_axe(ctx)
    page = ctx.new_page()
    problems = []
    for contrast in ("", "?contrast=high"):
        for mode in screen.MODES:
            set_display(site, mode, long_input["id"] if mode == "highlight" else None)
            page.goto(f"{url}/d/{code}{contrast}")
            page.wait_for_function("document.querySelector('.qr').complete")
            problems += [f"{mode}{contrast}: {p}" for p in small_text(page, 32)]
            if mode == "highlight":  # a whole 1,000-character input fits at 32 px or more
                assert page.evaluate("(c => c.scrollHeight <= c.clientHeight + 1)"
                                     "(document.getElementById('highlight-card'))")
            if contrast:
                assert page.locator("body.contrast-high").count() == 1
                problems += axe_violations(page, rules=["color-contrast-enhanced"])  # 7:1
    assert problems == [], "\n".join(problems)

    # chosen once on the projector's browser, kept for this display until switched off
    page.goto(f"{url}/d/{code}")
    page.wait_for_selector("body.contrast-high")
    page.goto(f"{url}/d/{code}?contrast=normal")
    page.goto(f"{url}/d/{code}")
    page.wait_for_selector("#screen[data-mode]")
    assert page.locator("body.contrast-high").count() == 0
    set_display(site, "feed")
