"""Naughty strings and script injection through every form and the API of a real server,
then every view of them in a real browser.

Each line of the Big List of Naughty Strings and each XSS payload of ours (tests/helpers/hostile.py)
goes in through the API (join, submit), the attendee's join and input forms, the
note-taker's check-in, the forum's details, a chat import, responses and conclusions: the
bulk over HTTP, the XSS payloads also typed on a phone while the moderator and the display
watch live. Then every view opens: phone, moderator, display, note-taker, staff pages,
documents, the published results; the PDF documents are read back as text.

It fails when a request answers 5xx or refuses without saying why, when the server logs
an exception, when a script ran or a dialog opened (a tripwire wraps alert, confirm,
prompt and window.__pwned), when a page holds markup no template writes, or when the
browser reports an error: with the Content-Security-Policy, an injection that tries to run
is a CSP violation on the console.

Three forums share the load, so that the pages opened list a few hundred inputs, not
thousands: A has every string in its participants' details and, four to an input, in its
approved input, plus the XSS typed on the phone and spoken; it gets responses and
conclusions and is published. B gets every string alone over the API and through the
attendee forms, the check-in and the forum's details; C the chat.
"""
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

import requests

from fkp.forums import display as screen_state
from fkp.language.text import clean
from tests.helpers.browser import LAPTOP, PHONE, login
from tests.helpers.documents import pdf_text
from tests.helpers.hostile import NAUGHTY, XSS, Eyes
from tests.helpers.live_http import csrf, drained, post_form, staff_session

GROUPS = ["service_user", "expert", "agency", "civil_society", "media"]  # the public may join as these
PERSON = ("name", "institution", "position", "contact")
VALID = {"name": "Peserta", "institution": "Perorangan", "position": "", "contact": "",
         "title": "Forum", "unit": "KPU", "head_name": "", "head_position": "", "place": "Aula",
         "agenda": "", "response": "", "reason": "", "action": "", "pic": "", "note": ""}
CANARY = Path("/tmp/blns.fail")  # BLNS's command-injection lines would create it
SLOW = 120_000  # ms a page with some 600 inputs may take to build on a busy machine


def summary(problems, shown=60):
    """Problems without repeats (the same refusal on many inputs), with how often each came."""
    counts = {}
    for p in problems:
        counts[p[:160]] = counts.get(p[:160], 0) + 1
    lines = [f"{n}× {p}" if n > 1 else p for p, n in counts.items()]
    return f"{len(problems)} problems:\n" + "\n".join(lines[:shown])


def spread(fields):
    """NAUGHTY in groups, one string per field: [{field: string}]."""
    n = len(fields)
    return [dict(zip(fields, NAUGHTY[i:i + n])) for i in range(0, len(NAUGHTY), n)]


class Site:
    """The served forums A, B and C, staff sessions, and every problem a request showed."""

    def __init__(self, server):
        server.cli("create-user", "admin", "--role", "admin", password="admin-pass")
        self.server, self.url, self.a = server, server.url, server.code
        self.moderator = staff_session(self.url, "moderator", "moderator-pass")
        self.admin = staff_session(self.url, "admin", "admin-pass")
        self.b, self.c = self.copy_of_a(), self.copy_of_a()
        self.api, self.problems = requests.Session(), []
        self.structure = {}
        for code in (self.a, self.b):
            forum = self.api.get(f"{self.url}/api/v1/forums/{code}", timeout=30).json()
            self.structure[code] = (forum["date"], [s["id"] for s in forum["services"]],
                                    [a["id"] for a in forum["aspects"]])

    def copy_of_a(self):
        """A new forum like A (the admin's "copy"), opened; its code."""
        r = post_form(self.admin, f"{self.url}/staff/forums/{self.a}/copy")
        code = re.search(r"/staff/forums/(\w+)/edit", r.headers["Location"]).group(1)
        assert post_form(self.admin, f"{self.url}/staff/forums/{code}/lifecycle/open").status_code == 302
        return code

    def pair(self, code, i):
        _date, services, aspects = self.structure[code]
        return services[i % len(services)], aspects[i % len(aspects)]

    def answered(self, r, what):
        """Note a 5xx, or a refusal that does not say why; the response."""
        if r.status_code >= 500:
            self.problems.append(f"{what}: {r.status_code} {r.text[:200]!r}")
        elif 400 <= r.status_code < 500:
            if r.headers.get("Content-Type", "").startswith("application/json"):
                said = r.json().get("error")
            else:
                said = 'class="error"' in r.text or "flash-error" in r.text
            if not said:
                self.problems.append(f"{what}: {r.status_code} without a message")
        return r

    def each(self, groups, send, what):
        """send(values) for each group; a group refused whole is sent again one string at a
        time (the other fields valid), so each string is accepted or refused on its own."""
        results = []
        for n, values in enumerate(groups):
            r = self.answered(send(values), f"{what} #{n}")
            results.append(r)
            if 400 <= r.status_code < 500 and len(values) > 1:
                for field, text in values.items():
                    single = {**{f: VALID[f] for f in values}, field: text}
                    results.append(self.answered(send(single), f"{what} #{n} {field}"))
        return results

    def post(self, session, path, **fields):
        return post_form(drained(session, self.url), self.url + path, **fields)


def oracles_work(contexts, site):
    """The detectors see an injection: a CSP violation and foreign markup on a served page,
    the tripwire where nothing blocks scripts."""
    eyes = Eyes(contexts)
    page = eyes.page()
    eyes.visit(page, f"{site.url}/j/{site.a}", "self-test")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')")
    eyes.inspect(page, "self-test")
    blank = eyes.page()
    blank.set_content(XSS[2])
    eyes.inspect(blank, "self-test")
    seen = "\n".join(eyes.problems)
    assert "Content Security Policy" in seen and "foreign markup <img onerror>" in seen, seen
    assert "script ran: window.__pwned = img-onerror" in seen, seen


def typed_on_a_phone(site, eyes, phone_eyes):
    """Forum A live: a phone joins with XSS payloads and sends each one, the note-taker
    records each, the moderator approves them; the console, the display and the phone
    follow without reloading. Returns the ids of the approved input."""
    url, a = site.url, site.a
    console, display = eyes.page(), eyes.page()
    login(console, url, "moderator", "moderator-pass")
    eyes.visit(console, f"{url}/m/{a}", "moderator console")
    console.wait_for_selector("#live-status.live-ok")
    eyes.visit(display, f"{url}/d/{a}", "display")
    phone = phone_eyes.page()
    phone.goto(f"{url}/j/{a}")
    phone.fill("#name", "   ")  # blank: refused, and what was typed is kept and shown again
    phone.fill("#institution", XSS[3])
    phone.check("input[name=group][value=civil_society]")
    phone.click("button[type=submit]")
    phone.wait_for_selector("#name-error")
    assert phone.input_value("#institution") == XSS[3]
    phone_eyes.inspect(phone, "join form refused")
    for field, text in zip(PERSON, XSS):
        phone.fill(f"#{field}", text)
    phone.check("#consent")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/j/{a}/input**")
    phone.wait_for_selector("#live-status.live-ok")
    phone.fill("#text", " \n ")  # blank: refused with a message (a long one: tests/e2e/test_phone.py)
    phone.click("#send")
    phone.wait_for_selector("#send-error:not([hidden])")
    assert phone.inner_text("#send-error").strip()
    for n, text in enumerate(XSS, start=1):
        phone.fill("#text", text)
        phone.click("#send")
        phone.wait_for_function("n => document.querySelectorAll('#mine li[data-id]').length >= n", arg=n)
    typed = phone.locator("#mine li[data-id]").evaluate_all("els => els.map(e => Number(e.dataset.id))")
    notulis = site.moderator.get(f"{url}/n/{a}", timeout=30).text
    speaker = re.search(r'<option[^>]* value="(\d+)"', notulis).group(1)
    for i, text in enumerate(XSS):
        service, aspect = site.pair(a, i)
        site.answered(site.post(site.moderator, f"/n/{a}/spoken", participant_id=speaker, service_id=service,
                                aspect_id=aspect, kind="criticism", text=text, client_id=f"spoken-{i}"),
                      f"spoken #{i}")
    console.wait_for_function("n => document.querySelectorAll('#inputs li[data-id]').length >= n",
                              arg=2 * len(XSS))
    ids = console.locator("#inputs li[data-id]").evaluate_all("els => els.map(e => Number(e.dataset.id))")
    assert set(typed) <= set(ids) and len(ids) == 2 * len(XSS)
    for comment_id in ids:
        site.answered(site.post(site.moderator, f"/m/{a}/comments/{comment_id}/approve"), f"approve #{comment_id}")
    # the projector's page holds the newest FEED_CARDS of them (it shows about a dozen)
    display.wait_for_function("n => document.querySelectorAll('#shown li[data-id]').length >= n",
                              arg=min(len(ids), screen_state.FEED_CARDS))
    phone.wait_for_function("n => document.querySelectorAll('#shown li[data-id]').length >= n", arg=20)
    for mode, comment_id in (("highlight", typed[0]), ("chart", ""), ("feed", "")):
        site.post(site.moderator, f"/m/{a}/display", mode=mode, comment_id=comment_id)
        display.wait_for_selector(f"#screen[data-mode={mode}]")
        eyes.inspect(display, f"display ({mode}, live)")
    eyes.inspect(console, "moderator console (live)")
    phone_eyes.inspect(phone, "phone (live)")
    texts = console.locator("#inputs .text").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(texts) == sorted(clean(x, multiline=True) for x in XSS + XSS)
    for page in (console, display, phone):
        page.close()  # the bulk that follows needs no audience
    return ids


def through_the_api(site):
    """Every string alone as an input of forum B; as a participant's details in forum A, and
    in fours as A's inputs, all approved; and asked for as a forum code. Returns {id: text}
    of A's approved inputs (four strings each keep A's pages to a few hundred inputs)."""
    url, a, b = site.url, site.a, site.b

    def join(code):
        def send(values):
            return site.api.post(f"{url}/api/v1/forums/{code}/participants", timeout=30, json={
                **values, "group": GROUPS[len(values["name"]) % len(GROUPS)], "consent": True,
                "public_name": True})
        return send

    def submit(code, token, i, text):
        service, aspect = site.pair(code, i)
        return site.answered(site.api.post(f"{url}/api/v1/forums/{code}/comments", timeout=30, json={
            "service_id": service, "aspect_id": aspect, "kind": "suggestion", "text": text,
            "client_id": f"naughty-{i}"}, headers={"Authorization": f"Bearer {token}"}),
            f"API submit to {code} #{i}")
    token = join(b)(dict(zip(PERSON, XSS[8:]))).json()["token"]
    alone = sum(submit(b, token, i, text).status_code == 201 for i, text in enumerate(NAUGHTY))
    assert alone >= len(NAUGHTY) - 10  # only empty, blank or control-only text is refused
    for i, text in enumerate(NAUGHTY):
        site.answered(site.api.get(f"{url}/api/v1/forums/{quote(text, safe='')}", timeout=30), f"code #{i}")
    tokens = [r.json()["token"] for r in site.each(spread(PERSON), join(a), "API join") if r.status_code == 201]
    accepted = {}
    for i in range(0, len(NAUGHTY), 4):
        text = "\n".join(NAUGHTY[i:i + 4])
        r = submit(a, tokens[i // 4 % len(tokens)], i, text)
        if r.status_code == 201:
            accepted[r.json()["id"]] = text
    for comment_id in accepted:
        site.answered(site.post(site.moderator, f"/m/{a}/comments/{comment_id}/approve"), f"approve #{comment_id}")
    return accepted


def through_the_forms(site):
    """Forum B: every string through the join form, the note-taker's check-in and the forum's
    details; then through the input form as one attendee. Returns that attendee's session."""
    url, b = site.url, site.b
    phone = requests.Session()
    token = csrf(phone, f"{url}/j/{b}")

    def join(values):
        return drained(phone, url).post(f"{url}/j/{b}", allow_redirects=False, timeout=30, data={
            "csrf_token": token, **values, "group": "media", "consent": "y"})
    site.each(spread(PERSON), join, "join form")
    site.each(spread(PERSON), lambda values: site.post(site.admin, f"/n/{b}/check-in", **values,
                                                       group="agency", consent="y"), "check-in")
    date = site.structure[b][0]
    details = ("title", "unit", "head_name", "head_position", "place", "agenda")
    site.each(spread(details), lambda values: site.post(site.admin, f"/staff/forums/{b}/edit", date=date,
                                                        mode="hybrid", online_url="https://zoom.example/j/1",
                                                        **values), "forum details")
    assert join(dict(zip(PERSON, XSS[4:]))).status_code == 302
    phone.accepted = []
    for i, text in enumerate(NAUGHTY):
        service, aspect = site.pair(b, i)
        r = site.answered(drained(phone, url).post(f"{url}/j/{b}/input", allow_redirects=False, timeout=30, data={
            "csrf_token": token, "client_id": f"form-{i}", "service_id": service, "aspect_id": aspect,
            "kind": "question", "text": text}), f"input form #{i}")
        if r.status_code == 302:
            phone.accepted.append(text)
    assert len(phone.accepted) >= len(NAUGHTY) - 10
    return phone


def through_a_chat(site):
    """Forum C: a saved chat with every string as a message, its sender named after it."""
    lines = []
    for i, text in enumerate(NAUGHTY):
        sender = " ".join(text.split()) or "Tanpa Nama"
        lines.append(f"10:{i // 60 % 60:02d}:{i % 60:02d} From {sender} to Everyone:\n")
        lines += [f"\t{line}\n" for line in text.splitlines() or [""]]
    site.answered(site.admin.post(f"{site.url}/m/{site.c}/chat", timeout=120, data={
        "csrf_token": site.admin.token}, files={"chat_file": ("meeting_saved_chat.txt",
                                                              "".join(lines).encode())}), "chat import")


def the_record(site, ids):
    """Forum A after it closes: every string in responses and conclusions; hostile details."""
    a = site.a
    site.answered(site.post(site.moderator, f"/staff/forums/{a}/lifecycle/close", confirm="y"), "close")
    decisions = ["accepted", "partly_accepted", "not_accepted", "already_met"]
    fields = ("response", "reason", "action", "pic", "note")
    groups = iter(range(10**6))

    def respond(values):
        cid = ids[next(groups) % len(ids)]
        return site.post(site.moderator, f"/staff/forums/{a}/responses/{cid}", **{
            f"r{cid}-{k}": v for k, v in {**values, "decision": decisions[cid % 4],
                                          "csrf_token": site.moderator.token}.items()})
    site.each(spread(fields), respond, "response")
    targets = ["forum"] + [str(s) for s in site.structure[a][1]]
    for n, target in enumerate(targets):
        text = "\n".join(NAUGHTY[n::len(targets)])
        site.answered(site.post(site.moderator, f"/staff/forums/{a}/conclusions",
                                **{f"k{target}-text": text}),
                      f"conclusion {target}")
    r = site.post(site.admin, f"/staff/forums/{a}/edit", date=site.structure[a][0], mode="hybrid",
                  time_zone="WITA", online_url="https://zoom.example/j/1", title=XSS[0] + XSS[3],
                  unit=XSS[2] + XSS[4], head_name=XSS[7], head_position=XSS[45], place=XSS[25],
                  agenda="\n".join(XSS[:30]))  # an agenda holds at most 30 items
    assert r.status_code == 302, re.findall(r"class=\"error[^>]*>([^<]*)", r.text)


def documents(site):
    """Every DOCX, XLSX and CSV of forum A downloads (or is still being built), and the PDF
    documents, laid out from the same database, hold the strings as text: no image, no link."""
    a = site.a
    for name, fmt in (("berita-acara", "docx"), ("notulen", "docx"), ("matriks", "xlsx"), ("matriks", "csv"),
                      ("daftar-hadir", "xlsx"), ("daftar-hadir-internal", "xlsx"), ("inputs", "csv")):
        r = site.answered(site.moderator.get(f"{site.url}/staff/forums/{a}/documents/{name}.{fmt}", timeout=120),
                          f"{name}.{fmt}")
        assert r.status_code in (200, 202), f"{name}.{fmt}: {r.status_code}"
    from fkp import create_app
    from fkp.exports import registry
    from fkp.forums import forums
    from fkp.record import minutes
    from fkp.store.db import get_db
    app = create_app({"DATABASE": site.server.env["FKP_DATABASE"], "SECRET_KEY": "read-only",
                      "ASYNC_MODE": "threading"})
    with app.app_context():
        models = minutes.models(get_db(), forums.get_by_code(get_db(), a))
        built = {f"{name}.pdf": registry.build(models, name, "pdf")
                 for name in ("berita-acara", "notulen", "matriks", "daftar-hadir", "daftar-hadir-internal")}
    with tempfile.TemporaryDirectory() as folder:
        for where, body in built.items():
            # ReportLab's markup would make <img src> an image and <a href> a link: neither is there.
            assert b"/Subtype /Image" not in body and b"/Annot" not in body and b"/URI" not in body, where
            text = "".join(pdf_text(body, Path(folder)).split())
            assert "".join(XSS[0].split()) in text, where  # the forum's title, as text


def test_naughty_strings_in_every_form_and_every_view(live_server, contexts):
    canary_before = CANARY.exists()
    site = Site(live_server)
    oracles_work(contexts, site)
    # A socket the server dropped under load (missed pings) is reported by the browser with
    # the bytes gevent writes after it; the page reconnects. Transport, not content. A refused
    # form or API call is logged as a failed resource: expected where the test refuses input.
    eyes = Eyes(contexts, ("WebSocket connection to",), **LAPTOP)
    phone_eyes = Eyes(contexts, ("WebSocket connection to", "status of 400"), **PHONE)
    shown = typed_on_a_phone(site, eyes, phone_eyes)

    accepted = through_the_api(site)
    phone = through_the_forms(site)
    through_a_chat(site)
    assert site.problems == [], summary(site.problems)
    assert len(accepted) == len(range(0, len(NAUGHTY), 4))

    url, a, b, c = site.url, site.a, site.b, site.c
    page = eyes.page()
    page.set_default_navigation_timeout(SLOW)
    login(page, url, "admin", "admin-pass")
    texts, next_page = [], f"{url}/m/{a}"
    while next_page:  # the console reads 50 a page: every page is looked at
        eyes.visit(page, next_page, "moderator console")
        texts += page.locator("#inputs .text").evaluate_all("els => els.map(e => e.textContent)")
        older = page.locator("#more-older:not([hidden]) #older-link")
        next_page = url + older.get_attribute("href") if older.count() else None
    missing = [t for t in accepted.values() if clean(t, multiline=True) not in texts]
    assert missing == [], f"inputs not shown as sent: {missing[:5]}"
    for path in (f"/d/{a}", f"/n/{a}", f"/staff/forums/{a}", f"/staff/forums/{a}/attendance",
                 f"/n/{b}", f"/staff/forums/{b}", f"/staff/forums/{b}/attendance",
                 f"/n/{c}", f"/staff/forums/{c}/attendance", "/staff/"):
        eyes.visit(page, url + path, path)
    own = Eyes(contexts, **PHONE)
    own.context.add_cookies([{"name": k, "value": v, "url": url} for k, v in phone.cookies.items()])
    own_page = own.page()
    own_page.set_default_navigation_timeout(SLOW)
    own.visit(own_page, f"{url}/j/{b}/input", "phone with every string as its own input")
    mine = own_page.locator("#mine .text").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(mine) == sorted(clean(t, multiline=True) for t in phone.accepted)

    the_record(site, list(accepted) + shown)
    for path in (f"/staff/forums/{a}/responses", f"/staff/forums/{a}/conclusions",
                 f"/staff/forums/{a}/documents", "/staff/followups/"):
        eyes.visit(page, url + path, path)
    documents(site)
    # Not every input was decided: finalising says so, and staff accept it (the box ticked).
    site.answered(site.post(site.admin, f"/staff/forums/{a}/lifecycle/finalise", accept_open="y", confirm="y"),
                  "finalise")
    site.answered(site.post(site.admin, f"/staff/forums/{a}/lifecycle/publish", confirm="y"), "publish")
    eyes.visit(page, f"{url}/r/{a}", "results")
    public = requests.get(f"{url}/r/{a}.json", timeout=60).json()
    published = {i["text"] for s in public["services"] for i in s["inputs"]}
    missing = [t for t in list(accepted.values()) + XSS if clean(t, multiline=True) not in published]
    assert missing == [], f"approved inputs missing from the results: {missing[:5]}"

    problems = site.problems + eyes.problems + phone_eyes.problems + own.problems
    assert problems == [], summary(problems)
    assert "Traceback" not in live_server.output(), live_server.output()[-3000:]
    assert canary_before or not CANARY.exists(), "a naughty string ran a shell command"
