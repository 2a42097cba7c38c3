"""The hall's agreement question in real browsers against a real server: the moderator asks
about the component in focus, two phones answer (one changes its mind), the projector's counts
follow without a reload, and the moderator closes it; the result stays on the screen.
Screenshots land in test-artifacts/ for people to look at."""
from tests.helpers.browser import (
    ARTIFACTS,
    PHONE,
    join_by_hand,
    mark,
    not_reloaded,
    open_console,
    open_display,
    watch_errors,
)


def counts_on(page, root):
    """{answer: (n, "(p%)")} and the total as a page shows them."""
    out = {}
    for answer in ("agree", "agree_with_changes", "disagree"):
        li = page.locator(f"{root} [data-answer={answer}]")
        out[answer] = (li.locator(".agreement-n").inner_text(), li.locator(".agreement-pct").inner_text())
    return out, page.locator(f"{root} .agreement-total-n").inner_text()


def settled(page):
    """Wait for the bars to finish growing (their width eases in)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10000)


def wait_total(page, root, n):
    page.wait_for_function(
        "([root, n]) => document.querySelector(root + ' .agreement-total-n').textContent === String(n)",
        arg=[root, n], timeout=10000)


def test_an_agreement_question_runs_on_phones_and_the_projector(live_server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    url, code = live_server.url, live_server.code
    errors = []
    display = open_display(contexts, url, code, errors)
    display.wait_for_function("() => document.documentElement.dataset.synced !== undefined")
    assert display.locator("#agreement").is_hidden()
    mark(display)

    moderator = open_console(contexts, url, code, errors)
    moderator.wait_for_selector("#agreement-panel.live")
    phones = []
    for name in ("Rina Wulandari", "Ahmad Fauzi"):
        phone = contexts(**PHONE).new_page()
        watch_errors(phone, errors)
        join_by_hand(phone, url, code, name=name)
        phone.wait_for_function("() => document.documentElement.dataset.synced !== undefined")
        assert phone.locator("#agreement").is_hidden()
        mark(phone)
        phones.append(phone)

    moderator.click("form[data-agreement=open] button")
    moderator.wait_for_selector("form[data-agreement=close]:not([hidden])")
    aspect = moderator.locator("#aspect_id option:checked").inner_text().strip()
    service = moderator.locator("#service_id option:checked").inner_text().strip()
    title = f"Setuju dengan rancangan {aspect} untuk {service}?"

    display.locator("#agreement").wait_for(state="visible", timeout=10000)
    assert display.locator("#agreement-title").inner_text() == title
    for phone in phones:
        phone.locator("#agreement").wait_for(state="visible", timeout=10000)
        assert phone.locator("#agreement-title").inner_text() == title
        # three answers as radios, each target at least 44 px tall
        radios = phone.locator("#agreement").get_by_role("radio")
        assert radios.count() == 3
        for label in phone.locator(".agreement-choice").all():
            assert label.bounding_box()["height"] >= 44

    first, second = phones
    first.locator("#agreement").get_by_role("radio", name="Setuju", exact=True).check()
    first.click("#agreement-send")
    first.locator("#agreement-mine", has_text="Jawaban Anda: Setuju").wait_for(timeout=10000)
    wait_total(display, "#agreement", 1)

    second.locator("#agreement").get_by_role("radio", name="Tidak setuju").check()
    second.click("#agreement-send")
    second.locator("#agreement-mine", has_text="Jawaban Anda: Tidak setuju").wait_for(timeout=10000)
    wait_total(display, "#agreement", 2)
    settled(second)
    second.locator("#agreement").screenshot(path=str(ARTIFACTS / "agreement-phone.png"))
    # changes its mind while it is open: still two answers
    second.locator("#agreement").get_by_role("radio", name="Setuju dengan perubahan").check()
    second.click("#agreement-send")
    second.locator("#agreement-mine", has_text="Jawaban Anda: Setuju dengan perubahan").wait_for(timeout=10000)
    display.wait_for_function(
        "() => document.querySelector('#agreement [data-answer=agree_with_changes] .agreement-n').textContent === '1'",
        timeout=10000)
    counts, total = counts_on(display, "#agreement")
    assert counts == {"agree": ("1", "(50%)"), "agree_with_changes": ("1", "(50%)"), "disagree": ("0", "(0%)")}
    assert total == "2"
    assert not_reloaded(display) and all(not_reloaded(p) for p in phones)
    settled(display)
    display.screenshot(path=str(ARTIFACTS / "agreement-display-open.png"))
    wait_total(moderator, "#agreement-current", 2)

    moderator.click("form[data-agreement=close] button")
    display.wait_for_selector("#agreement[data-state=closed]", timeout=10000)
    assert display.locator("#agreement .agreement-state").inner_text().lower() == "ditutup: hasil akhir"
    for phone in phones:
        phone.wait_for_selector("#agreement[data-state=closed]", timeout=10000)
        assert phone.locator("#agreement-form").is_hidden()
        assert phone.locator("#agreement-counts").is_visible()
    assert counts_on(first, "#agreement")[1] == "2"  # the phone that answered first sees the final count
    settled(display)
    display.screenshot(path=str(ARTIFACTS / "agreement-display-closed.png"))
    settled(first)
    first.locator("#agreement").screenshot(path=str(ARTIFACTS / "agreement-phone-closed.png"))
    settled(moderator)
    moderator.locator("#agreement-panel").screenshot(path=str(ARTIFACTS / "agreement-console.png"))
    assert not_reloaded(display)
    assert errors == []
